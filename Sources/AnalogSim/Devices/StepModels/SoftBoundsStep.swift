/// The soft-bounds device (aihwkit `SoftBoundsDevice`): the step falls linearly to zero at the
/// device's own bound in the direction of the pulse,
///
///     up step = s⁺·(1 − w/b⁺_i),     down step = s⁻·(1 − w/b⁻_i),
///
/// the linear-step device with `γ = 1` and each device's own bounds as references. With
/// multiplicative noise the step is scaled by `1 + σ_c·ξ`; otherwise `s±·σ_c·ξ` is added to it
/// (the form of aihwkit's ReRAM-SB preset).
public struct SoftBoundsStep: Equatable, Sendable {
    public static let modelName = "soft-bounds"

    /// Whether the cycle-to-cycle noise scales the whole step [`mult_noise`].
    public var multiplicativeNoise: Bool

    public init(multiplicativeNoise: Bool = true) {
        self.multiplicativeNoise = multiplicativeNoise
    }
}
