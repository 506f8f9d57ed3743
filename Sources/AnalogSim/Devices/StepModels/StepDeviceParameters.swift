/// Parameters of a step device in aihwkit's terms, shared by all devices of a profile: the device
/// state is a weight w in `[b⁻, b⁺]` (dimensionless, aihwkit's normalised units), and every pulse
/// moves it by a step whose size depends on the model (`StepResponse`) and on w.
///
/// Per device `i` the construction draws (aihwkit's `PulsedDevice` semantics):
///
///     b⁺_i = w_max·(1 + σ_b⁺·ξ),   b⁻_i = w_min·(1 + σ_b⁻·ξ)              (relative spreads)
///     g_i  = 1 + σ_dw·ξ   (or e^(σ_dw·ξ) with the log-normal option)
///     r_i  = σ_ud·ξ
///     s⁺_i = |(β⁺ + g_i + r_i)·dw_min|,  s⁻_i = |(β⁻ + g_i − r_i)·dw_min|
///
/// with `β⁺ = 0, β⁻ = −β` for an up/down asymmetry `β > 0` and `β⁺ = β, β⁻ = 0` otherwise, so
/// the larger side keeps dw_min. Bounds that cross are swapped, then `b⁺ = |b⁺|`, `b⁻ = −|b⁻|`.
/// Every pulse draws its cycle-to-cycle noise `ξ` afresh, and the result is clipped to
/// `[b⁻_i, b⁺_i]`.
public struct StepDeviceParameters: Equatable, Sendable {
    /// The model and its own parameters.
    public var response: StepResponse
    /// dw_min: the step of one pulse at the reference point (weight units) [aihwkit `dw_min`].
    public var minimumStep: Double
    /// σ_dw: device-to-device spread of dw_min, relative [`dw_min_dtod`].
    public var minimumStepDeviceToDevice: Double
    /// Draws the spread log-normally, `e^(σ_dw·ξ)`, instead of `1 + σ_dw·ξ` [`dw_min_dtod_log_normal`].
    public var minimumStepLogNormal: Bool
    /// σ_c: cycle-to-cycle spread of each step, relative to the step [`dw_min_std`].
    public var cycleToCycle: Double
    /// β: up/down asymmetry of the steps [`up_down`].
    public var upDownAsymmetry: Double
    /// σ_ud: device-to-device spread of the asymmetry, in units of dw_min [`up_down_dtod`].
    public var upDownAsymmetryDeviceToDevice: Double
    /// w_min ≤ 0 and w_max ≥ 0: the mean bounds (weight units) [`w_min`, `w_max`].
    public var minimumWeight: Double
    public var maximumWeight: Double
    /// Relative device-to-device spreads of the bounds [`w_min_dtod`, `w_max_dtod`].
    public var minimumWeightDeviceToDevice: Double
    public var maximumWeightDeviceToDevice: Double
    /// Write noise in units of dw_min: after each pulse the weight read is the pulsed (hidden)
    /// weight plus `writeNoise·dw_min·ξ` [`write_noise_std`]; 0 turns it off.
    public var writeNoise: Double
    /// The weight a reset sets: its mean and absolute device-to-device spread [`reset`,
    /// `reset_dtod`]; nil resets to the device's own lower bound.
    public var resetWeight: Double?
    public var resetWeightDeviceToDevice: Double
    /// Retention: once per training sample every weight relaxes towards its reset weight,
    /// `w ← (w − reset)·(1 − 1/t_i) + reset`, with `t_i = lifetime·(1 + σ·ξ)` in samples
    /// [`lifetime`, `lifetime_dtod`]; 0 turns it off.
    public var lifetime: Double
    public var lifetimeDeviceToDevice: Double

    public init(response: StepResponse, minimumStep: Double, minimumStepDeviceToDevice: Double = 0,
                minimumStepLogNormal: Bool = false, cycleToCycle: Double = 0, upDownAsymmetry: Double = 0,
                upDownAsymmetryDeviceToDevice: Double = 0, minimumWeight: Double = -1, maximumWeight: Double = 1,
                minimumWeightDeviceToDevice: Double = 0, maximumWeightDeviceToDevice: Double = 0, writeNoise: Double = 0,
                resetWeight: Double? = nil, resetWeightDeviceToDevice: Double = 0, lifetime: Double = 0,
                lifetimeDeviceToDevice: Double = 0) {
        self.response = response
        self.minimumStep = minimumStep
        self.minimumStepDeviceToDevice = minimumStepDeviceToDevice
        self.minimumStepLogNormal = minimumStepLogNormal
        self.cycleToCycle = cycleToCycle
        self.upDownAsymmetry = upDownAsymmetry
        self.upDownAsymmetryDeviceToDevice = upDownAsymmetryDeviceToDevice
        self.minimumWeight = minimumWeight
        self.maximumWeight = maximumWeight
        self.minimumWeightDeviceToDevice = minimumWeightDeviceToDevice
        self.maximumWeightDeviceToDevice = maximumWeightDeviceToDevice
        self.writeNoise = writeNoise
        self.resetWeight = resetWeight
        self.resetWeightDeviceToDevice = resetWeightDeviceToDevice
        self.lifetime = lifetime
        self.lifetimeDeviceToDevice = lifetimeDeviceToDevice
    }

    /// β⁺ and β⁻ of the asymmetry: the smaller side is reduced, the larger keeps dw_min.
    static func asymmetryBiases(_ asymmetry: Double) -> (up: Double, down: Double) {
        asymmetry > 0 ? (0, -asymmetry) : (asymmetry, 0)
    }
}

/// The step models, each with its own parameters; one file per model has its equation.
public enum StepResponse: Equatable, Sendable {
    case constant
    case linear(LinearStep)
    case softBounds(SoftBoundsStep)
    case exponential(ExponentialStep)
    case power(PowerStep)
    case piecewise(PiecewiseStep)

    /// The value of a profile's `model` key.
    public var modelName: String {
        switch self {
        case .constant: return ConstantStep.modelName
        case .linear: return LinearStep.modelName
        case .softBounds: return SoftBoundsStep.modelName
        case .exponential: return ExponentialStep.modelName
        case .power: return PowerStep.modelName
        case .piecewise: return PiecewiseStep.modelName
        }
    }

    /// The models' names, for messages.
    public static let modelNames = [
        ConstantStep.modelName, LinearStep.modelName, SoftBoundsStep.modelName,
        ExponentialStep.modelName, PowerStep.modelName, PiecewiseStep.modelName,
    ]
}
