/// A layer that also takes a whole matrix of requested weight changes, for learning rules whose
/// per-synapse change is not the outer product `−η·δ·xᵀ` (EWC's penalty, CLASSP's scaled step,
/// AdaGrad).
///
/// A software layer adds the request to its floating-point weights. A device layer turns each
/// synapse's request into pulses with its rule's kernel, as its mini-batch update does, so a
/// request below half a device step sends nothing.
public protocol RequestedChangeLayer: TrainableLayer {
    /// Applies `weightChanges` (row-major, `outputCount × inputCount`) to the weights and adds
    /// `biasChanges` (`outputCount`) to the digital biases.
    func applyRequestedChanges(weightChanges: UnsafePointer<Float>, biasChanges: UnsafePointer<Float>)

    /// Copies the present weights, as read exactly, into `weights` (row-major,
    /// `outputCount × inputCount`) without allocating.
    func copyWeights(into weights: UnsafeMutablePointer<Float>)
}
