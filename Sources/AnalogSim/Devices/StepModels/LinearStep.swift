/// The linear-step device (aihwkit `LinearStepDevice`): the step shrinks linearly with the
/// weight,
///
///     up step   = s⁺·(1 − γ⁺_i·w/w_ref⁺),     down step = s⁻·(1 − γ⁻_i·w/w_ref⁻),
///
/// with `γ±_i = |γ± + σ_γ±·ξ|` drawn per device (without the absolute value when increasing
/// steps are allowed) and the reference bounds `w_ref⁺ = w_max`,
/// `w_ref⁻ = w_min` (the mean bounds) or, with `meanBoundReference` off, the device's own
/// bounds. With multiplicative noise the whole step is scaled by `1 + σ_c·ξ`; otherwise the noise
/// `s±·σ_c·ξ` is added to it. γ = 1 with the device's own bounds is the soft-bounds device.
public struct LinearStep: Equatable, Sendable {
    public static let modelName = "linear-step"

    /// γ⁺ and γ⁻ (dimensionless) [`gamma_up`, `gamma_down`].
    public var slopeUp: Double
    public var slopeDown: Double
    /// Absolute device-to-device spreads of γ± [`gamma_up_dtod`, `gamma_down_dtod`].
    public var slopeUpDeviceToDevice: Double
    public var slopeDownDeviceToDevice: Double
    /// Whether the slopes refer to the mean bounds (true) or each device's own [`mean_bound_reference`].
    public var meanBoundReference: Bool
    /// Whether the cycle-to-cycle noise scales the whole step [`mult_noise`].
    public var multiplicativeNoise: Bool
    /// Whether negative slopes (steps that grow towards the bound) are kept instead of being made
    /// positive [`allow_increasing`].
    public var allowIncreasing: Bool

    public init(slopeUp: Double, slopeDown: Double, slopeUpDeviceToDevice: Double = 0, slopeDownDeviceToDevice: Double = 0,
                meanBoundReference: Bool = true, multiplicativeNoise: Bool = true, allowIncreasing: Bool = false) {
        self.allowIncreasing = allowIncreasing
        self.slopeUp = slopeUp
        self.slopeDown = slopeDown
        self.slopeUpDeviceToDevice = slopeUpDeviceToDevice
        self.slopeDownDeviceToDevice = slopeDownDeviceToDevice
        self.meanBoundReference = meanBoundReference
        self.multiplicativeNoise = multiplicativeNoise
    }
}
