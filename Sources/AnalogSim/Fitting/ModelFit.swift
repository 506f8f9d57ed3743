/// The result of one model's fit, for `DeviceFitter`: the profile parameters and the quantities
/// to report. Conductances in `quantities` are in the measurement's unit.
struct ModelFit {
    var parameters: DeviceParameters
    var quantities: [DeviceFitResult.Quantity]
    var parameterCount: Int
    /// The root mean square of the residuals (S).
    var residualRootMeanSquare: Double
    var iterations: Int
    /// A phrase for the profile's description, such as how weights map to conductances.
    var descriptionDetail: String
}
