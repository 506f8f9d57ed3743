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

    /// The weight change of one nominal pulse, `(Gmax − Gmin)/levels` in weight units averaged
    /// over the two polarities; nil for a software layer. It converts a request into an
    /// estimated pulse count.
    var weightChangePerPulse: Float? { get }
}
