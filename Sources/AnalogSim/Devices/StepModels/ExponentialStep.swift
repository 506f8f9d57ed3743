import Foundation

/// The exponential-step device (aihwkit `ExpStepDevice`): with
/// `z = 2a·w/(b⁺_i − b⁻_i) + b`,
///
///     up step   = s⁺·max(1 − A_up·e^(γ_up·z), 0),
///     down step = s⁻·max(1 − A_down·e^(−γ_down·z), 0).
///
/// The cycle-to-cycle noise multiplies the step by `1 + σ_c·ξ`, or, when an additive or slope
/// term is set, adds `σ_c·(|Δ| + add + slope·|w|)·ξ` to the step Δ (aihwkit's `dw_min_std_add`
/// and `dw_min_std_slope`, absolute weight units). A, γ, a and b are the same for every device.
public struct ExponentialStep: Equatable, Sendable {
    public static let modelName = "exp-step"

    /// A_up and A_down [`A_up`, `A_down`].
    public var amplitudeUp: Double
    public var amplitudeDown: Double
    /// γ_up and γ_down [`gamma_up`, `gamma_down`].
    public var gammaUp: Double
    public var gammaDown: Double
    /// a and b of z [`a`, `b`].
    public var a: Double
    public var b: Double
    /// The additive and slope terms of the noise [`dw_min_std_add`, `dw_min_std_slope`].
    public var noiseAdditive: Double
    public var noiseSlope: Double

    public init(amplitudeUp: Double, amplitudeDown: Double, gammaUp: Double, gammaDown: Double, a: Double, b: Double,
                noiseAdditive: Double = 0, noiseSlope: Double = 0) {
        self.amplitudeUp = amplitudeUp
        self.amplitudeDown = amplitudeDown
        self.gammaUp = gammaUp
        self.gammaDown = gammaDown
        self.a = a
        self.b = b
        self.noiseAdditive = noiseAdditive
        self.noiseSlope = noiseSlope
    }

    /// The step factors `max(1 − A·e^(±γ·z), 0)` at weight `w` of a device with bounds b⁻, b⁺.
    /// A factor is +∞ where e^(±γ·z) overflows single precision and A < 0; with A = 0 it is 1.
    @inline(__always)
    func factors(weight w: Float, lower: Float, upper: Float) -> (up: Float, down: Float) {
        let z = Float(2 * a) * w / (upper - lower) + Float(b)
        // 0·∞ is NaN, so a zero amplitude skips the exponential.
        let upTerm = amplitudeUp == 0 ? 0 : Float(amplitudeUp) * exp(Float(gammaUp) * z)
        let downTerm = amplitudeDown == 0 ? 0 : Float(amplitudeDown) * exp(-Float(gammaDown) * z)
        return (max(1 - upTerm, 0), max(1 - downTerm, 0))
    }
}
