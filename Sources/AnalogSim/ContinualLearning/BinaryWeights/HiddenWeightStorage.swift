/// The hidden real values of one layer of a binary-weight learner (the fields θ or the hidden
/// weights W_h, `rowCount × columnCount`, row-major) and the deployed binary weights read from
/// them. A learner proposes changes; the storage realises them exactly (floating point) or through
/// pulses (devices), and the learner reads back what was stored.
protocol HiddenWeightStorage: AnyObject {
    var rowCount: Int { get }
    var columnCount: Int { get }
    /// The hidden values as the periphery reads them, row-major. Learners read it and write it
    /// only through `program` and `apply`.
    var values: UnsafeMutableBufferPointer<Float> { get }
    /// The deployed weights, row-major: +1 or −1, or 0 for a binary pair left in equal states by a
    /// failed switch.
    var deployedWeights: UnsafeMutableBufferPointer<Float> { get }
    /// Writes initial values by ideal programming (no pulses counted).
    func program(_ initialValues: [Float])
    /// Applies the requested change of every hidden value, row-major, then refreshes `values` and
    /// `deployedWeights`.
    func apply(changes: UnsafeMutablePointer<Float>)
    /// Pulses sent so far; nil for floating point.
    var pulseCounts: ContinualPulseCounts? { get }
    /// Appends the hidden values, the deployed weights and, on devices, the device state,
    /// counters and random streams.
    func encodeState(into encoder: inout StateEncoder)
    /// Replaces the state by what `encodeState` wrote, on a storage built from the same settings.
    func restoreState(from decoder: inout StateDecoder) throws
}

/// Hidden values in floating point: every change is applied exactly and w = sign(value), with
/// sign(0) = +1.
final class FloatingPointHiddenWeights: HiddenWeightStorage {
    let rowCount: Int
    let columnCount: Int
    let values: UnsafeMutableBufferPointer<Float>
    let deployedWeights: UnsafeMutableBufferPointer<Float>

    init(rowCount: Int, columnCount: Int) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        values = .allocate(capacity: rowCount * columnCount)
        values.initialize(repeating: 0)
        deployedWeights = .allocate(capacity: rowCount * columnCount)
        deployedWeights.initialize(repeating: 1)
    }

    deinit {
        values.deallocate()
        deployedWeights.deallocate()
    }

    func program(_ initialValues: [Float]) {
        precondition(initialValues.count == values.count, "initial values do not match the layer")
        for index in 0..<values.count {
            values[index] = initialValues[index]
            deployedWeights[index] = binarySign(initialValues[index])
        }
    }

    func apply(changes: UnsafeMutablePointer<Float>) {
        for index in 0..<values.count {
            values[index] += changes[index]
            deployedWeights[index] = binarySign(values[index])
        }
    }

    var pulseCounts: ContinualPulseCounts? { nil }

    func encodeState(into encoder: inout StateEncoder) {
        encoder.write(buffer: UnsafeBufferPointer(values))
    }

    func restoreState(from decoder: inout StateDecoder) throws {
        try decoder.read(into: values, "hidden values")
        guard values.allSatisfy(\.isFinite) else {
            throw StateDecoder.Failure.invalid("a saved hidden value is not finite")
        }
        for index in 0..<values.count {
            deployedWeights[index] = binarySign(values[index])
        }
    }
}

/// Returns the sign of a binary weight: +1 for values ≥ 0, −1 below.
@inline(__always)
func binarySign(_ value: Float) -> Float {
    value >= 0 ? 1 : -1
}
