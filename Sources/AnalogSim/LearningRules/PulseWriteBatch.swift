/// The writes of one crossbar row, collected by a kernel so that each population applies them
/// with one call (`DevicePopulation.applyPulses(_:toDevices:noise:)`) and the kernel then records
/// them in the order they were collected. That gives the weights and counts of one-by-one writes
/// only when no write draws noise (`writesDrawNoise`), because noise draws would change order.
///
/// The buffers hold a full row and are allocated once.
final class PulseWriteBatch {
    /// The number of writes collected since `removeAll`.
    private(set) var count = 0

    /// The synapse of each write (its device in both populations).
    var synapses: UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(rebasing: synapseStorage[0..<count])
    }
    /// The pulses each write sends to G⁺ and to G⁻ (positive: potentiation, 0: none).
    var positivePulseCounts: UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(rebasing: positivePulseStorage[0..<count])
    }
    var negativePulseCounts: UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(rebasing: negativePulseStorage[0..<count])
    }
    /// The conductances of G⁺ and G⁻ before the writes, which the kernel fills in.
    var positiveConductancesBefore: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: positiveBeforeStorage[0..<count])
    }
    var negativeConductancesBefore: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: negativeBeforeStorage[0..<count])
    }

    private let synapseStorage: UnsafeMutableBufferPointer<Int32>
    private let positivePulseStorage: UnsafeMutableBufferPointer<Int32>
    private let negativePulseStorage: UnsafeMutableBufferPointer<Int32>
    private let positiveBeforeStorage: UnsafeMutableBufferPointer<Float>
    private let negativeBeforeStorage: UnsafeMutableBufferPointer<Float>

    /// Creates a batch for rows of `columnCount` synapses in a crossbar of `synapseCount`.
    init(columnCount: Int, synapseCount: Int) {
        precondition(synapseCount <= Int(Int32.max), "a write batch numbers synapses with 32-bit indices")
        synapseStorage = .allocate(capacity: columnCount)
        synapseStorage.initialize(repeating: 0)
        positivePulseStorage = .allocate(capacity: columnCount)
        positivePulseStorage.initialize(repeating: 0)
        negativePulseStorage = .allocate(capacity: columnCount)
        negativePulseStorage.initialize(repeating: 0)
        positiveBeforeStorage = .allocate(capacity: columnCount)
        positiveBeforeStorage.initialize(repeating: 0)
        negativeBeforeStorage = .allocate(capacity: columnCount)
        negativeBeforeStorage.initialize(repeating: 0)
    }

    deinit {
        synapseStorage.deallocate()
        positivePulseStorage.deallocate()
        negativePulseStorage.deallocate()
        positiveBeforeStorage.deallocate()
        negativeBeforeStorage.deallocate()
    }

    func removeAll() {
        count = 0
    }

    /// Adds a write when `isWrite` is true. Otherwise it only fills the slot past the end, which
    /// spares the caller a branch on a random condition. A row holds at most one write per
    /// synapse, and the slot past the end exists while fewer than `columnCount` writes are held.
    @inline(__always)
    func append(synapse: Int, positivePulses: Int, negativePulses: Int, isWrite: Bool) {
        synapseStorage[count] = Int32(truncatingIfNeeded: synapse)
        positivePulseStorage[count] = Int32(truncatingIfNeeded: positivePulses)
        negativePulseStorage[count] = Int32(truncatingIfNeeded: negativePulses)
        count += isWrite ? 1 : 0
    }
}
