import Foundation

/// The metaplastic attenuation of Laborieux et al. (2021): a proposed change Δ of a hidden weight
/// W_h that would shrink |W_h|, because Adam's first moment m points along sign(W_h)
/// (`sign(W_h)·m > 0`, the step being −η·m̂/…), is scaled by
///
///     f_meta = 1 − tanh²(M·|W_h|)
///
/// so hidden weights far from 0, whose binary sign is well established, hardly move back
/// towards a sign flip. Changes that grow |W_h| pass unchanged. With M = 0, f_meta = 1 and the
/// rule is plain Adam. sign(0) is +1.
enum MetaplasticAttenuation {
    static func apply(to changes: UnsafeMutablePointer<Float>, hiddenWeights: UnsafePointer<Float>,
                      firstMoments: UnsafePointer<Float>, metaplasticity: Float, count: Int) {
        guard metaplasticity != 0 else { return }
        for index in 0..<count {
            let weight = hiddenWeights[index]
            guard binarySign(weight) * firstMoments[index] > 0 else { continue }
            let hyperbolicTangent = tanhf(metaplasticity * abs(weight))
            changes[index] *= 1 - hyperbolicTangent * hyperbolicTangent
        }
    }
}
