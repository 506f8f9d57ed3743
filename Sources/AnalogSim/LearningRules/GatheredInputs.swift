/// The values of a sample's active inputs copied into one contiguous buffer, in the order of
/// `SparseInput.activeIndices`, so that the inner loops of the update kernels read value `p`
/// of active input `p` without going through its index.
///
/// It also groups the active inputs by column block (`PulseCountThresholds.blockSize` columns):
/// block entry `b < blockCount` holds the active positions `blockStarts[b]..<blockStarts[b + 1]`
/// and the largest `|x_j|` among them, `blockLargestMagnitudes[b]`. Only blocks with an active
/// input get an entry, in column order, with their block number in `blockColumns`.
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

    /// The column blocks with an active input (see above).
    private(set) var blockCount = 0
    let blockColumns: UnsafeMutablePointer<Int32>
    let blockStarts: UnsafeMutablePointer<Int32>
    let blockLargestMagnitudes: UnsafeMutablePointer<Float>
    /// The active positions `screenRow` found, in rising order.
    let passingPositions: UnsafeMutablePointer<Int32>

    init(capacity: Int) {
        self.capacity = capacity
        values = .allocate(capacity: max(capacity, 1))
        let blockCapacity = capacity / PulseCountThresholds.blockSize + 2
        blockColumns = .allocate(capacity: blockCapacity)
        blockStarts = .allocate(capacity: blockCapacity + 1)
        blockLargestMagnitudes = .allocate(capacity: blockCapacity)
        passingPositions = .allocate(capacity: max(capacity, 1))
    }

    deinit {
        values.deallocate()
        blockColumns.deallocate()
        blockStarts.deallocate()
        blockLargestMagnitudes.deallocate()
        passingPositions.deallocate()
    }

    /// Copies the active values of `input` and groups them by column block. The active indices
    /// must rise, as `SparseInput` lists them.
    @inline(__always)
    func gather(_ input: SparseInput) {
        precondition(input.activeIndices.count <= capacity, "more active inputs than the layer has inputs")
        var largest: Float = 0
        var blocks = 0
        var currentBlock: Int32 = -1
        for (position, index) in input.activeIndices.enumerated() {
            let value = input.values[Int(index)]
            values[position] = value
            largest = max(largest, abs(value))

            let block = index / Int32(PulseCountThresholds.blockSize)
            if block != currentBlock {
                currentBlock = block
                blockColumns[blocks] = block
                blockStarts[blocks] = Int32(position)
                blockLargestMagnitudes[blocks] = 0
                blocks += 1
            }
            blockLargestMagnitudes[blocks - 1] = max(blockLargestMagnitudes[blocks - 1], abs(value))
        }
        blockStarts[blocks] = Int32(input.activeIndices.count)
        count = input.activeIndices.count
        largestMagnitude = largest
        blockCount = blocks
    }

    /// Lists in `passingPositions` the active positions p whose request `rowMagnitude·x_p`
    /// (x_p > 0) reaches the threshold of its device, `rowThresholds[column]`, and returns how
    /// many there are. With `rowBlockMinima` (the block minima of the row, when the row is made of
    /// whole blocks) a block whose largest request is below its minimum is skipped after one
    /// compare. A leaf function, so that its loops keep their values in registers.
    @inline(never)
    func screenRow(rowMagnitude: Float, rowThresholds: TruncatedThresholds, rowBlockMinima: TruncatedThresholds?,
                   activeIndices: UnsafePointer<Int32>) -> Int {
        let values = values
        let blockColumns = blockColumns
        let blockStarts = blockStarts
        let blockLargestMagnitudes = blockLargestMagnitudes
        let passing = passingPositions
        var passingCount = 0

        guard let blockMinima = rowBlockMinima else {
            for position in 0..<count where rowMagnitude * values[position] >= rowThresholds[Int(activeIndices[position])] {
                passing[passingCount] = Int32(truncatingIfNeeded: position)
                passingCount += 1
            }
            return passingCount
        }
        for blockEntry in 0..<blockCount {
            guard rowMagnitude * blockLargestMagnitudes[blockEntry] >= blockMinima[Int(blockColumns[blockEntry])] else { continue }
            for position in Int(blockStarts[blockEntry])..<Int(blockStarts[blockEntry + 1])
            where rowMagnitude * values[position] >= rowThresholds[Int(activeIndices[position])] {
                passing[passingCount] = Int32(truncatingIfNeeded: position)
                passingCount += 1
            }
        }
        return passingCount
    }
}
