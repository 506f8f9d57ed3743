/// A floating-point fault of a training step that leaves its loss without meaning, so the step
/// changes no weight and the run stops.
public enum NumericalFault: String, Equatable, Sendable {
    /// The loss is NaN or infinite.
    case nonFiniteLoss
    /// An output's weighted sum z lies where `e^|z|` overflows single precision (|z| > ln(Float.greatestFiniteMagnitude) ≈ 88.7),
    /// seen as a sigmoid output of exactly 0 or a softmax probability of the label of exactly 0.
    /// The first has no gradient left; the second has the loss −ln 0 = ∞, which the loss function
    /// clamps to a finite value.
    case overflowedOutput

    /// The cause, worded to end a sentence of an error message.
    public var explanation: String {
        switch self {
        case .nonFiniteLoss:
            return "the loss became NaN or infinite"
        case .overflowedOutput:
            return "an output's weighted sum overflowed single precision (e^|z| is infinite), so the loss is infinite or has no gradient left"
        }
    }
}
