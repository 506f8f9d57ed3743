/// The pulse trains of one stochastic update, as aihwkit generates them for one sample.
///
/// With `xm = max|x_j|`, `dm = max|δ_i|`, g the weight change of one pulse event and
/// `k = η·xm·dm/g`:
///
/// - BL is the configured bit length, or `min(⌈k⌉, BL)` with BL management;
/// - `A = B = √(η/(g·BL))`;
/// - update management first lowers dm to `dm·BL/k` when `k > BL`, then scales
///   `A ← A·√(xm/dm)` and `B ← B·√(dm/xm)`;
/// - input j fires in a slot with probability `p_j = |x_j|·B`, error i with `q_i = |δ_i|·A`
///   (a probability above 1 always fires).
///
/// Each slot's bits are drawn independently, inputs first, from the layer's `Xoshiro256StarStar`
/// stream: a bit fires when a 32-bit uniform integer falls below `⌊p·2³²⌋`, so with probability
/// p to within 2⁻³². The bits are stored as one mask per input and per error (BL ≤ 64), so the
/// coincidences of a synapse are `popcount(rowMask & columnMask)` and their expected number is
/// `BL·p_j·q_i = η·|x_j·δ_i|/g` (when no probability is clipped).
/// The direction of every pulse of synapse (i, j) is that of `−δ_i·x_j`.
///
/// `generate` also lists the rows and the inputs whose mask is not 0, with the inputs' columns,
/// masks and values gathered into contiguous buffers, so that a kernel visits only synapses that
/// can receive pulses. The buffers are allocated once, for the largest row and column counts.
final class StochasticPulseTrains {
    /// The largest bit length the masks hold.
    static let maximumBitLength = 64

    /// Bits of each row (error), and of each active input in the order of `activeIndices`.
    var rowMasks: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(rowMaskStorage) }
    var columnMasks: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(columnMaskStorage) }
    /// The bit length used by the last `generate`.
    private(set) var bitLength = 0

    /// The rows whose mask is not 0, in increasing order.
    var firingRows: UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(rebasing: firingRowStorage[0..<firingRowCount])
    }
    /// The active inputs whose mask is not 0, in the order of `activeIndices`: their columns,
    /// masks, values x_j, and whether x_j < 0.
    var firingColumns: UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(rebasing: firingColumnStorage[0..<firingInputCount])
    }
    var firingInputMasks: UnsafeBufferPointer<UInt64> {
        UnsafeBufferPointer(rebasing: firingMaskStorage[0..<firingInputCount])
    }
    var firingInputValues: UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(rebasing: firingValueStorage[0..<firingInputCount])
    }
    var firingInputIsNegative: UnsafeBufferPointer<Bool> {
        UnsafeBufferPointer(rebasing: firingNegativeStorage[0..<firingInputCount])
    }
    /// The smallest |x_j| of the firing inputs (infinity when none fires).
    private(set) var smallestFiringInputMagnitude = Float.infinity

    private let rowMaskStorage: UnsafeMutableBufferPointer<UInt64>
    private let columnMaskStorage: UnsafeMutableBufferPointer<UInt64>
    private let firingRowStorage: UnsafeMutableBufferPointer<Int32>
    private var firingRowCount = 0
    private let firingColumnStorage: UnsafeMutableBufferPointer<Int32>
    private let firingMaskStorage: UnsafeMutableBufferPointer<UInt64>
    private let firingValueStorage: UnsafeMutableBufferPointer<Float>
    private let firingNegativeStorage: UnsafeMutableBufferPointer<Bool>
    private var firingInputCount = 0

    init(rowCount: Int, columnCount: Int) {
        rowMaskStorage = .allocate(capacity: rowCount)
        rowMaskStorage.initialize(repeating: 0)
        columnMaskStorage = .allocate(capacity: columnCount)
        columnMaskStorage.initialize(repeating: 0)
        firingRowStorage = .allocate(capacity: rowCount)
        firingRowStorage.initialize(repeating: 0)
        firingColumnStorage = .allocate(capacity: columnCount)
        firingColumnStorage.initialize(repeating: 0)
        firingMaskStorage = .allocate(capacity: columnCount)
        firingMaskStorage.initialize(repeating: 0)
        firingValueStorage = .allocate(capacity: columnCount)
        firingValueStorage.initialize(repeating: 0)
        firingNegativeStorage = .allocate(capacity: columnCount)
        firingNegativeStorage.initialize(repeating: false)
    }

    deinit {
        rowMaskStorage.deallocate()
        columnMaskStorage.deallocate()
        firingRowStorage.deallocate()
        firingColumnStorage.deallocate()
        firingMaskStorage.deallocate()
        firingValueStorage.deallocate()
        firingNegativeStorage.deallocate()
    }

    /// Draws the trains of one update and lists the firing rows and inputs. Returns false, with
    /// every mask cleared, when no input or no error is non-zero.
    func generate(input: SparseInput, errors: UnsafePointer<Float>, rowCount: Int, learningRate: Float,
                  granularity: Float, settings: PulseTrainSettings, random: inout Xoshiro256StarStar) -> Bool {
        let largestInput = input.activeIndices.reduce(Float(0)) { max($0, abs(input.values[Int($1)])) }
        var largestError: Float = 0
        for row in 0..<rowCount {
            largestError = max(largestError, abs(errors[row]))
        }
        guard largestInput > 0, largestError > 0, granularity > 0 else {
            clear(rowCount: rowCount, activeCount: input.activeIndices.count)
            return false
        }

        let expectedLargestCount = learningRate * largestInput * largestError / granularity
        var slots = min(settings.bitLength, Self.maximumBitLength)
        if settings.bitLengthManagement {
            // Compared as floats first: a huge learning rate makes the count too large for Int.
            if expectedLargestCount.rounded(.up) < Float(slots) {
                slots = max(Int(expectedLargestCount.rounded(.up)), 1)
            }
        }
        var errorScale = (learningRate / (granularity * Float(slots))).squareRoot()
        var inputScale = errorScale
        if settings.updateManagement || settings.bitLengthManagement {
            var managedError = largestError
            if expectedLargestCount > Float(slots) {
                managedError *= Float(slots) / expectedLargestCount
            }
            errorScale *= (largestInput / managedError).squareRoot()
            inputScale *= (managedError / largestInput).squareRoot()
        }
        bitLength = slots

        // A local copy keeps the generator's state in registers; through `random` it would be
        // reloaded after every store to the buffers, which the compiler cannot tell apart from it.
        var generator = random
        defer { random = generator }

        firingInputCount = 0
        smallestFiringInputMagnitude = .infinity
        // Whether a mask fires is random, so the lists are built without a branch on it: every
        // entry is written at the end of its list, and the list grows only when the mask fires.
        // The entry written past the end stays within the buffer, which holds a full row or column.
        for (position, column) in input.activeIndices.enumerated() {
            let value = input.values[Int(column)]
            let mask = Self.drawMask(probability: abs(value) * inputScale, slots: slots, random: &generator)
            columnMaskStorage[position] = mask

            firingColumnStorage[firingInputCount] = column
            firingMaskStorage[firingInputCount] = mask
            firingValueStorage[firingInputCount] = value
            firingNegativeStorage[firingInputCount] = value < 0
            smallestFiringInputMagnitude = mask != 0 ? min(smallestFiringInputMagnitude, abs(value)) : smallestFiringInputMagnitude
            firingInputCount += mask != 0 ? 1 : 0
        }

        firingRowCount = 0
        for row in 0..<rowCount {
            let mask = Self.drawMask(probability: abs(errors[row]) * errorScale, slots: slots, random: &generator)
            rowMaskStorage[row] = mask

            firingRowStorage[firingRowCount] = Int32(row)
            firingRowCount += mask != 0 ? 1 : 0
        }
        return true
    }

    /// Returns the number of set bits of `mask`, the coincidences of a synapse. Short trains mostly
    /// coincide in at most one slot, which needs no population count.
    @inline(__always)
    static func coincidenceCount(_ mask: UInt64) -> Int {
        mask & (mask &- 1) == 0 ? (mask == 0 ? 0 : 1) : mask.nonzeroBitCount
    }

    /// Returns a mask with bit t set when slot t fires. A slot fires when its 32-bit uniform
    /// integer U is below `T = ⌊p·2³²⌋`, with probability `T/2³²`, which lies in `(p − 2⁻³², p]`.
    /// Each 64-bit draw serves two slots, the low half first. A probability of 1 or more fires
    /// every slot and 0 or less (or NaN) none, without drawing.
    @inline(__always)
    static func drawMask(probability: Float, slots: Int, random: inout Xoshiro256StarStar) -> UInt64 {
        guard probability > 0 else { return 0 }
        guard probability < 1 else { return slots == 64 ? ~0 : (1 << UInt64(slots)) - 1 }

        // Scaling by a power of 2 is exact, and p < 1 keeps p·2³² below 2³², so the conversion
        // truncates it to ⌊p·2³²⌋.
        let threshold = UInt64(Int64(probability * 0x1p32))
        let slotCount = UInt64(slots)
        var mask: UInt64 = 0
        var slot: UInt64 = 0
        while slot + 1 < slotCount {
            let draw = random.next()
            let lowFires: UInt64 = draw & 0xFFFF_FFFF < threshold ? 1 : 0
            let highFires: UInt64 = draw >> 32 < threshold ? 1 : 0
            mask |= lowFires &<< slot | highFires &<< (slot + 1)
            slot += 2
        }
        if slot < slotCount {
            let draw = random.next()
            let lowFires: UInt64 = draw & 0xFFFF_FFFF < threshold ? 1 : 0
            mask |= lowFires &<< slot
        }
        return mask
    }

    private func clear(rowCount: Int, activeCount: Int) {
        for row in 0..<rowCount { rowMaskStorage[row] = 0 }
        for position in 0..<activeCount { columnMaskStorage[position] = 0 }
        firingRowCount = 0
        firingInputCount = 0
        smallestFiringInputMagnitude = .infinity
    }
}
