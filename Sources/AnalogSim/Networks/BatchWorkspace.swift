/// The buffers of a mini-batch step: the activations and errors of every layer for up to
/// `capacity` samples, each sample a row.
final class BatchWorkspace {
    let capacity: Int
    /// activations[0] contains the inputs, activations[l] the outputs of layer l − 1.
    let activations: [UnsafeMutableBufferPointer<Float>]
    /// errors[l] contains δ of layer l's outputs.
    let errors: [UnsafeMutableBufferPointer<Float>]

    /// Allocates the buffers for a network whose layer widths, inputs first, are `sizes`.
    init(sizes: [Int], capacity: Int) {
        self.capacity = capacity
        func zeroed(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            buffer.initialize(repeating: 0)
            return buffer
        }
        activations = sizes.map { zeroed($0 * capacity) }
        errors = sizes.dropFirst().map { zeroed($0 * capacity) }
    }

    deinit {
        activations.forEach { $0.deallocate() }
        errors.forEach { $0.deallocate() }
    }
}
