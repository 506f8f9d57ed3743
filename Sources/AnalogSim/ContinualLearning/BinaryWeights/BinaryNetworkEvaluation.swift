/// The evaluation mode of a network of binary weights.
public enum BinaryNetworkEvaluation: String, CaseIterable, Codable, Sendable {
    /// The mean-field network: every weight replaced by its mean m = tanh(βθ), no sampling noise
    /// (ξ = 0), so each pre-activation is its mean μ. The metaplastic learner has no mean field
    /// and always evaluates `binary`.
    case meanField = "mean-field"
    /// The deployed network of binary weights w = sign(θ) (or sign(W_h)), read from the devices
    /// when the learner runs on hardware.
    case binary
}

/// The accuracy of one task under both evaluations.
public struct BinaryNetworkAccuracies: Codable, Equatable, Sendable {
    /// Fraction correct of the mean-field network (ξ = 0).
    public var meanField: Double
    /// Fraction correct of the deployed binary network.
    public var binary: Double

    public init(meanField: Double, binary: Double) {
        self.meanField = meanField
        self.binary = binary
    }
}
