import AnalogSim
import Foundation

/// One-line descriptions of step models for tables.
enum StepModelSummary {
    /// The model's own parameters, for example "γ⁺ 0.5, γ⁻ 0.3, mean bounds".
    static func shape(_ response: StepResponse) -> String {
        switch response {
        case .constant:
            return "constant step"
        case .linear(let linear):
            return String(format: "γ⁺ %.4g, γ⁻ %.4g, %@ bounds as reference, %@ noise", linear.slopeUp, linear.slopeDown,
                          linear.meanBoundReference ? "mean" : "own", linear.multiplicativeNoise ? "multiplicative" : "additive")
        case .softBounds(let softBounds):
            return "soft bounds, \(softBounds.multiplicativeNoise ? "multiplicative" : "additive") noise"
        case .exponential(let exponential):
            return String(format: "A_up %.4g, A_down %.4g, γ_up %.4g, γ_down %.4g, a %.4g, b %.4g", exponential.amplitudeUp,
                          exponential.amplitudeDown, exponential.gammaUp, exponential.gammaDown, exponential.a, exponential.b)
        case .power(let power):
            return String(format: "γ %.4g, exponent asymmetry %.4g", power.gamma, power.upDownAsymmetry)
        case .piecewise(let piecewise):
            return "\(piecewise.upNodes.count) nodes, up \(piecewise.upNodes.map { String(format: "%.3g", $0) }.joined(separator: " ")), "
                + "down \(piecewise.downNodes.map { String(format: "%.3g", $0) }.joined(separator: " "))"
        }
    }
}
