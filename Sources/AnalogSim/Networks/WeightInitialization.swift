/// The distribution of a network's initial weights and biases, drawn per layer from the seed's
/// weight-initialization stream and clipped to ±Wmax.
///
/// - `glorotUniform`: `W ~ U(−l, l)` with `l = √(6/(fanIn + fanOut))`, biases 0 (AnalogSim's default).
/// - `fanInUniform`: `W ~ U(−l, l)` and `b ~ U(−l, l)` with `l = 1/√fanIn`, the default of
///   PyTorch's `nn.Linear`, which aihwkit's analog layers keep; the aihwkit comparison uses it.
/// - `sevenLevels`: `W = k/3·Wmax` with k drawn uniformly from {−3, …, 3}, biases 0, whatever the
///   layer size. NeuroSim V3.0's MLP trainer starts from these seven values (`(rand() % 7 − 3)/3`).
///   The weights are large, so the hidden units start saturated and differ from one another.
public enum WeightInitialization: String, CaseIterable, Codable, Sendable {
    case glorotUniform = "glorot-uniform"
    case fanInUniform = "fan-in-uniform"
    case sevenLevels = "seven-levels"

    /// The half-width l of the distribution of a layer's weights, in units of Wmax for `sevenLevels`.
    public func limit(fanIn: Int, fanOut: Int) -> Double {
        switch self {
        case .glorotUniform: return (6.0 / Double(fanIn + fanOut)).squareRoot()
        case .fanInUniform: return 1 / Double(fanIn).squareRoot()
        case .sevenLevels: return 1
        }
    }

    /// Whether biases are drawn from the same distribution (otherwise they start at 0).
    public var drawsBiases: Bool {
        self == .fanInUniform
    }

    /// The distribution in words, for result files.
    public var summary: String {
        switch self {
        case .glorotUniform:
            return "uniform in ±√(6/(fanIn + fanOut)) per layer, clipped to ±weightRange, biases 0; "
                + "device layers are programmed by an ideal direct write"
        case .fanInUniform:
            return "weights and biases uniform in ±1/√fanIn per layer (PyTorch's nn.Linear default), weights clipped to "
                + "±weightRange; device layers are programmed by an ideal direct write"
        case .sevenLevels:
            return "weights drawn uniformly from the seven values k/3·weightRange, k = −3…3 (NeuroSim V3.0's start), "
                + "biases 0; device layers are programmed by an ideal direct write"
        }
    }
}
