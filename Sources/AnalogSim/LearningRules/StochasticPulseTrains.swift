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
/// Each slot's bits are drawn independently, inputs first, and stored as one bit mask per input
/// and per error (BL ≤ 64), so the coincidences of a synapse are `popcount(rowMask & columnMask)`
/// and their expected number is `BL·p_j·q_i = η·|x_j·δ_i|/g` (when no probability is clipped).
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
                  granularity: Float, settings: PulseTrainSettings, random: RandomSource) -> Bool {
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
            slots = min(Int(expectedLargestCount.rounded(.up)), slots)
            slots = max(slots, 1)
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

        firingInputCount = 0
        smallestFiringInputMagnitude = .infinity
        for (position, column) in input.activeIndices.enumerated() {
            let value = input.values[Int(column)]
            let mask = Self.drawMask(probability: abs(value) * inputScale, slots: slots, random: random)
            columnMaskStorage[position] = mask
            guard mask != 0 else { continue }

            firingColumnStorage[firingInputCount] = column
            firingMaskStorage[firingInputCount] = mask
            firingValueStorage[firingInputCount] = value
            firingNegativeStorage[firingInputCount] = value < 0
            smallestFiringInputMagnitude = min(smallestFiringInputMagnitude, abs(value))
            firingInputCount += 1
        }

        firingRowCount = 0
        for row in 0..<rowCount {
            let mask = Self.drawMask(probability: abs(errors[row]) * errorScale, slots: slots, random: random)
            rowMaskStorage[row] = mask
            guard mask != 0 else { continue }

            firingRowStorage[firingRowCount] = Int32(row)
            firingRowCount += 1
        }
        return true
    }

    /// A mask with bit t set when slot t fires: `p > U` for a fresh uniform U per slot.
    private static func drawMask(probability: Float, slots: Int, random: RandomSource) -> UInt64 {
        guard probability > 0 else { return 0 }
        var mask: UInt64 = 0
        for slot in 0..<slots where Double(probability) > random.uniform() {
            mask |= 1 << UInt64(slot)
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
