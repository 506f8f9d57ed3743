/// A network and learning rule that meets tasks one after another (software or pulsed devices).
///
/// A continual run calls, for each task in order, `beginTask`, then `trainEpoch` once per epoch,
/// then `endTask`. After each task it calls `testAccuracy` on every task of the stream to fill the
/// accuracy matrix `R[i][j]`. All randomness comes from the learner's own seeded streams, so the
/// same seed and inputs give the same numbers.
public protocol ContinualLearner: AnyObject {
    /// The rule and the settings that make it up, as recorded in result files.
    var summary: String { get }

    /// Prepares for `task` (the `taskIndex`-th of the stream, from 0). A run resumed in the middle
    /// of a task does not call it again, so what it prepares must be part of `encodeState`.
    func beginTask(_ task: ContinualTask, taskIndex: Int)

    /// Trains one pass over `task`'s training images in a seeded random order. `globalEpoch`
    /// counts epochs over the whole stream from 0 and `totalEpochs` is their number, for
    /// schedules such as the mean-field rule's β annealing.
    func trainEpoch(on task: ContinualTask, globalEpoch: Int, totalEpochs: Int)

    /// Finishes `task`: the place for a Fisher estimate, a frozen prior or a consolidation.
    func endTask(_ task: ContinualTask, taskIndex: Int)

    /// The fraction of `task`'s test images classified correctly. Split MNIST's tasks are scored
    /// among their own classes (the task is known at test time); other streams use all ten outputs.
    func testAccuracy(on task: ContinualTask) -> Double

    /// Pulses sent to devices so far, with the requests a gate or dead-zone skipped; nil for
    /// software learners.
    var pulseCounts: ContinualPulseCounts? { get }

    /// Whether a learned value (a weight, bias or hidden value) has become NaN or infinite, which
    /// ends a run. The runner checks it after every task.
    var hasNonFiniteState: Bool { get }

    /// Appends everything that training has changed or will draw from: the network, the rule's
    /// per-weight state and the learner's random streams. Called between epochs only.
    func encodeState(into encoder: inout StateEncoder)

    /// Replaces the learner's state by what `encodeState` wrote. The learner must be built from
    /// the same configuration and profile; throws `StateDecoder.Failure` when the data does not fit.
    func restoreState(from decoder: inout StateDecoder) throws
}

/// Pulses of a continual run on devices, counted since the learner was created.
public struct ContinualPulseCounts: Codable, Equatable, Sendable {
    public var potentiation: Int
    public var depression: Int
    /// Synapse updates that a rule's gate or dead-zone kept from sending any pulse (CLASSP's gate).
    public var gatedRequests: Int

    public init(potentiation: Int = 0, depression: Int = 0, gatedRequests: Int = 0) {
        self.potentiation = potentiation
        self.depression = depression
        self.gatedRequests = gatedRequests
    }

    public var total: Int { potentiation + depression }

    /// Adds the counts of two sets of devices, for learners with several device arrays.
    public static func + (left: ContinualPulseCounts, right: ContinualPulseCounts) -> ContinualPulseCounts {
        ContinualPulseCounts(potentiation: left.potentiation + right.potentiation,
                             depression: left.depression + right.depression,
                             gatedRequests: left.gatedRequests + right.gatedRequests)
    }
}
