/// The values of a sample's active inputs copied into one contiguous buffer, in the order of
/// `SparseInput.activeIndices`, so that the inner loops of the update kernels read value `p`
/// of active input `p` without going through its index.
///
/// A device layer owns one, sized for its inputs, through its `PulseUpdateContext`, so that no
/// update allocates.
final class GatheredInputs {
    /// `values[p] = x[activeIndices[p]]` for `p < count`.
    let values: UnsafeMutablePointer<Float>
    private(set) var count = 0
    /// `max |x_j|` over the active inputs, 0 when there are none.
    private(set) var largestMagnitude: Float = 0
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        values = .allocate(capacity: max(capacity, 1))
    }

    deinit {
        values.deallocate()
    }

    /// Copies the active values of `input`.
    @inline(__always)
    func gather(_ input: SparseInput) {
        precondition(input.activeIndices.count <= capacity, "more active inputs than the layer has inputs")
        var largest: Float = 0
        for (position, index) in input.activeIndices.enumerated() {
            let value = input.values[Int(index)]
            values[position] = value
            largest = max(largest, abs(value))
        }
        count = input.activeIndices.count
        largestMagnitude = largest
    }
}
