/// A fully connected layer `z = W·x + b` whose weights learn by a rule; the bias is digital
/// (floating point, plain SGD) in every layer kind.
///
/// A training step calls `forward`, then `backward` on every layer (all errors are computed with
/// the weights of the forward pass), then `update`.
public protocol TrainableLayer: AnyObject {
    var inputCount: Int { get }
    var outputCount: Int { get }

    /// Computes `output = W·input + b`. `activeIndices` lists every non-zero entry of `input`,
    /// so that a layer may skip the zero inputs.
    func forward(input: UnsafePointer<Float>, activeIndices: UnsafeBufferPointer<Int32>, output: UnsafeMutablePointer<Float>)

    /// Computes `inputError = Wᵀ·error`.
    func backward(error: UnsafePointer<Float>, inputError: UnsafeMutablePointer<Float>)

    /// Applies the update for `ΔW = −η·error·inputᵀ` and `Δb = −η·error`.
    func update(input: SparseInput, error: UnsafePointer<Float>, learningRate: Float)

    /// Called once after every training sample, for periodic work such as a scheduled refresh.
    func sampleFinished()

    /// Sets the weights (row-major, `outputCount × inputCount`) and zeroes the biases; a device
    /// layer programs them by ideal direct writes.
    func setInitialWeights(_ weights: [Float])

    /// The present weights as read exactly (row-major).
    func currentWeights() -> [Float]

    /// What the layer's updates did so far; all zero for a software layer.
    var statistics: PulseStatistics { get }
}
