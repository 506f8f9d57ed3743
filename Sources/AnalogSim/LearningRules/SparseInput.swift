/// A layer's input for an update: the activations and the indices of the non-zero ones (most
/// MNIST pixels are 0, and a zero input requests no change in its column).
public struct SparseInput {
    public let values: UnsafePointer<Float>
    public let activeIndices: UnsafeBufferPointer<Int32>

    /// Whether any active input is negative (kernels that pick a device by the sign of the change
    /// need a second pass then).
    public let hasNegativeValues: Bool

    public init(values: UnsafePointer<Float>, activeIndices: UnsafeBufferPointer<Int32>) {
        self.values = values
        self.activeIndices = activeIndices
        hasNegativeValues = activeIndices.contains { values[Int($0)] < 0 }
    }
}
