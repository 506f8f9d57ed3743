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
struct StochasticPulseTrains {
    /// The largest bit length the masks hold.
    static let maximumBitLength = 64

    /// Bits of each row (error), and of each active input in the order of `activeIndices`.
    private(set) var rowMasks: [UInt64]
    private(set) var columnMasks: [UInt64]
    /// The bit length used by the last `generate`.
    private(set) var bitLength = 0

    init(rowCount: Int, columnCount: Int) {
        rowMasks = [UInt64](repeating: 0, count: rowCount)
        columnMasks = [UInt64](repeating: 0, count: columnCount)
    }

    /// Draws the trains of one update. Returns false, with every mask cleared, when no input or
    /// no error is non-zero.
    mutating func generate(input: SparseInput, errors: UnsafePointer<Float>, rowCount: Int, learningRate: Float,
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

        for (position, column) in input.activeIndices.enumerated() {
            columnMasks[position] = Self.drawMask(probability: abs(input.values[Int(column)]) * inputScale,
                                                  slots: slots, random: random)
        }
        for row in 0..<rowCount {
            rowMasks[row] = Self.drawMask(probability: abs(errors[row]) * errorScale, slots: slots, random: random)
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

    private mutating func clear(rowCount: Int, activeCount: Int) {
        for row in 0..<rowCount { rowMasks[row] = 0 }
        for position in 0..<activeCount { columnMasks[position] = 0 }
    }
}
