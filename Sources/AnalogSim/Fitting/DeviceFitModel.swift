/// The models `analogsim device fit` fits to a measured pulse train (`--model`).
public enum DeviceFitModel: String, CaseIterable, Equatable, Sendable {
    /// The pulse-position model with exponential saturation (`PulsePositionFit`).
    case nonlinear
    /// aihwkit's soft-bounds step model (`SoftBoundsShape`).
    case softBounds = "soft-bounds"
    /// aihwkit's exponential step model (`ExponentialStepShape`).
    case exponentialStep = "exp-step"
    /// aihwkit's piecewise step model (`PiecewiseStepShape`).
    case piecewise

    /// The node count of the piecewise model when `--nodes` is not given: nodes at w = −1, −0.5,
    /// 0, 0.5 and 1, enough for the saturating curves of the bundled devices with 9 parameters.
    public static let defaultNodeCount = 5
    /// The node counts `--nodes` accepts.
    public static let nodeCounts = 2...50

    /// The `model` key of the profile a fit writes.
    public var profileModelName: String {
        switch self {
        case .nonlinear: return PulsePositionParameters.modelName
        case .softBounds: return SoftBoundsStep.modelName
        case .exponentialStep: return ExponentialStep.modelName
        case .piecewise: return PiecewiseStep.modelName
        }
    }
}
