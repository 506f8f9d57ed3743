/// A learning rule's per-parameter step on one tensor (a layer's weights or its biases): turns
/// the gradient of the step into the change it requests for each parameter.
///
/// The requested change is what a software layer adds and what a device layer turns into pulses,
/// so a step keeps any per-parameter state (an accumulator, a Fisher estimate) in digital
/// memory next to the array.
public protocol ParameterStep: AnyObject {
    /// Values the rule keeps per parameter besides the parameter itself (CLASSP and AdaGrad 1,
    /// EWC 2, SGD 0).
    var storedValuesPerParameter: Int { get }

    /// Writes into `changes` the requested change of each of the tensor's parameters, given
    /// their gradients and present values, and returns how many parameters with a non-zero
    /// gradient the rule kept from changing (CLASSP's gate).
    func requestChanges(gradients: UnsafePointer<Float>, values: UnsafePointer<Float>,
                        changes: UnsafeMutablePointer<Float>) -> Int

    /// Appends the per-parameter state the step keeps between updates (accumulators, Fisher
    /// estimates, anchors), for a checkpoint.
    func encodeState(into encoder: inout StateEncoder)

    /// Replaces the step's state by what `encodeState` wrote; throws `StateDecoder.Failure` when
    /// the data does not fit this step.
    func restoreState(from decoder: inout StateDecoder) throws
}

extension ParameterStep {
    /// Stateless steps (SGD) write nothing.
    public func encodeState(into encoder: inout StateEncoder) {}

    public func restoreState(from decoder: inout StateDecoder) throws {}
}
