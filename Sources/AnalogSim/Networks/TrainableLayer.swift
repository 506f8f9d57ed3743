/// A fully connected layer `z = W·x + b` whose weights learn by a rule; the bias is digital
/// (floating point, plain SGD) in every layer kind.
///
/// A training step calls `forward`, then `backward` on every layer (all errors are computed with
/// the weights of the forward pass), then `update`; a mini-batch step calls the batch forms.
public protocol TrainableLayer: AnyObject {
    var inputCount: Int { get }
    var outputCount: Int { get }

    /// Whether `update` and `updateBatch` change the biases. A layer without bias terms (NeuroSim's
    /// network) keeps them at 0 and never updates them.
    var learnsBiases: Bool { get set }

    /// Computes `output = W·input + b`. `activeIndices` lists every non-zero entry of `input`,
    /// so that a layer may skip the zero inputs.
    func forward(input: UnsafePointer<Float>, activeIndices: UnsafeBufferPointer<Int32>, output: UnsafeMutablePointer<Float>)

    /// Computes `inputError = Wᵀ·error`.
    func backward(error: UnsafePointer<Float>, inputError: UnsafeMutablePointer<Float>)

    /// Applies the update for `ΔW = −η·error·inputᵀ` and `Δb = −η·error`.
    func update(input: SparseInput, error: UnsafePointer<Float>, learningRate: Float)

    /// Computes `outputs_b = W·inputs_b + b` for `count` samples stored as consecutive rows.
    func forwardBatch(inputs: UnsafePointer<Float>, count: Int, outputs: UnsafeMutablePointer<Float>)

    /// Computes `inputErrors_b = Wᵀ·errors_b` for `count` samples stored as consecutive rows.
    func backwardBatch(errors: UnsafePointer<Float>, count: Int, inputErrors: UnsafeMutablePointer<Float>)

    /// Applies the update for the batch's mean gradient, `ΔW = −(η/B)·Σ_b errors_b·inputs_bᵀ` and
    /// `Δb = −(η/B)·Σ_b errors_b`, with B = `count` samples stored as consecutive rows.
    func updateBatch(inputs: UnsafePointer<Float>, errors: UnsafePointer<Float>, count: Int, learningRate: Float)

    /// Called once after every training sample, for periodic work such as a scheduled refresh.
    func sampleFinished()

    /// Sets the weights (row-major, `outputCount × inputCount`) and the biases; a device layer
    /// programs the weights by ideal direct writes.
    func setInitialWeights(_ weights: [Float], biases: [Float])

    /// The present weights as read exactly (row-major).
    func currentWeights() -> [Float]

    /// Appends everything that training changes or draws: weights (or conductances and drawn
    /// device parameters), biases, counters and the state of every random stream the layer draws
    /// from. A layer built from the same configuration and restored from it continues exactly as
    /// the saved layer would have.
    func encodeState(into encoder: inout StateEncoder)

    /// Replaces the state by what `encodeState` wrote; throws `StateDecoder.Failure` when the data
    /// does not fit this layer.
    func restoreState(from decoder: inout StateDecoder) throws

    /// What the layer's updates did so far; all zero for a software layer.
    var statistics: PulseStatistics { get }
}
