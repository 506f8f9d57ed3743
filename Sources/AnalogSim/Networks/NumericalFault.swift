/// A floating-point fault of a training step that leaves its loss without meaning, so the step
/// changes no weight and the run stops.
public enum NumericalFault: String, Equatable, Sendable {
    /// The loss is NaN or infinite.
    case nonFiniteLoss
    /// The label's output has a weighted sum z where `e^|z|` overflows single precision
    /// (|z| > ln(Float.greatestFiniteMagnitude) ≈ 88.7), seen as a sigmoid output of exactly 0 or a
    /// softmax probability of exactly 0. The sigmoid output is then wrong with no gradient left;
    /// the softmax loss is −ln 0 = ∞, which the loss function clamps to a finite value. Another
    /// output at exactly 0 is no fault, because 0 is its target and a network with unbounded weights
    /// reaches it in ordinary training.
    case overflowedOutput

    /// The cause, worded to end a sentence of an error message.
    public var explanation: String {
        switch self {
        case .nonFiniteLoss:
            return "the loss became NaN or infinite"
        case .overflowedOutput:
            return "the label's output has a weighted sum that overflowed single precision (e^|z| is infinite), so the loss is infinite or has no gradient left"
        }
    }
}
