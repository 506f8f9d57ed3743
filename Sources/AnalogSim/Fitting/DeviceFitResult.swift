/// The outcome of `DeviceFitter.fit`: the fitted and derived quantities with their standard
/// uncertainties, the residual, and the profile that describes the fitted device.
public struct DeviceFitResult: Equatable, Sendable {
    /// One reported number.
    public struct Quantity: Equatable, Sendable {
        /// The source of a value.
        public enum Origin: String, Equatable, Sendable {
            /// A parameter of the least-squares fit.
            case fitted
            /// Computed from fitted parameters; its uncertainty is propagated linearly.
            case derived
            /// Set by a convention of the fit, not by the data; it has no uncertainty.
            case fixed
            /// Read from the file, such as the pulses of a train or the lowest conductance; it
            /// has no uncertainty.
            case measured
        }

        public var name: String
        public var value: Double
        /// The standard uncertainty, in the unit of `value`; NaN when the data do not determine
        /// the value, nil for fixed and measured values.
        public var uncertainty: Double?
        /// The unit, for example `S`, `pulses` or `weight units`; empty for a pure number.
        public var unit: String
        public var origin: Origin

        public init(name: String, value: Double, uncertainty: Double?, unit: String, origin: Origin) {
            self.name = name
            self.value = value
            self.uncertainty = uncertainty
            self.unit = unit
            self.origin = origin
        }
    }

    public var model: DeviceFitModel
    /// Every reported quantity, in the order a table lists them.
    public var quantities: [Quantity]
    /// The readings fitted.
    public var pointCount: Int
    /// The parameters of the least-squares fit (the `fitted` quantities).
    public var parameterCount: Int
    /// The root mean square of the residuals between model and readings, in `unit`.
    public var residualRootMeanSquare: Double
    /// The unit of the CSV file's conductance column.
    public var unit: MeasurementUnit
    /// The trust-region iterations of the fit that was kept.
    public var iterations: Int
    /// The fitted profile, with its name, description and source.
    public var profile: DeviceProfile

    public init(model: DeviceFitModel, quantities: [Quantity], pointCount: Int, parameterCount: Int,
                residualRootMeanSquare: Double, unit: MeasurementUnit, iterations: Int, profile: DeviceProfile) {
        self.model = model
        self.quantities = quantities
        self.pointCount = pointCount
        self.parameterCount = parameterCount
        self.residualRootMeanSquare = residualRootMeanSquare
        self.unit = unit
        self.iterations = iterations
        self.profile = profile
    }

    /// Returns the value of the quantity named `name`, or nil when it is not reported.
    public func value(of name: String) -> Double? {
        quantities.first { $0.name == name }?.value
    }
}
