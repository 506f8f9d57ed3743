import Foundation

/// The power-step device (aihwkit `PowStepDevice`): with `R = b⁺_i − b⁻_i`,
///
///     up step   = s⁺·((b⁺_i − w)/R)^γ⁺_i,     down step = s⁻·((w − b⁻_i)/R)^γ⁻_i.
///
/// Per device `g = 1 + σ_γ·ξ₁`, `r = σ_β·ξ₂`, and with the exponent asymmetry β split like the
/// step asymmetry (the larger side keeps γ), `γ⁺_i = |(β⁺ + g + r)·γ|`, `γ⁻_i = |(β⁻ + g − r)·γ|`.
/// γ = 1 is soft bounds measured from the opposite bound; larger γ saturates sooner.
public struct PowerStep: Equatable, Sendable {
    public static let modelName = "pow-step"

    /// γ, the exponent [`pow_gamma`].
    public var gamma: Double
    /// β, the up/down asymmetry of the exponent [`pow_up_down`].
    public var upDownAsymmetry: Double
    /// Relative device-to-device spread of γ and absolute spread of β [`pow_gamma_dtod`, `pow_up_down_dtod`].
    public var gammaDeviceToDevice: Double
    public var upDownAsymmetryDeviceToDevice: Double

    public init(gamma: Double, upDownAsymmetry: Double = 0, gammaDeviceToDevice: Double = 0, upDownAsymmetryDeviceToDevice: Double = 0) {
        self.gamma = gamma
        self.upDownAsymmetry = upDownAsymmetry
        self.gammaDeviceToDevice = gammaDeviceToDevice
        self.upDownAsymmetryDeviceToDevice = upDownAsymmetryDeviceToDevice
    }
}
