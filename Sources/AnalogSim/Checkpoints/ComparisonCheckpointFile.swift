import Foundation

/// The checkpoint of `analogsim compare`: the container of `CheckpointFile` whose body is the
/// number of runs and, for each run in result order (by seed, then as in `Comparison.rules`), a
/// flag and, when set, its `TrainingSnapshot`. A run without a snapshot starts from the beginning
/// when resumed; a run whose snapshot is past its last epoch is finished.
public enum ComparisonCheckpointFile {
    public static let command = "compare"

    /// The configuration part of a comparison's identity: the shared configuration and the seeds.
    private struct Identity: Encodable {
        var configuration: TrainingConfiguration
        var seeds: [UInt64]
    }

    public static func identity(of comparison: Comparison) -> CheckpointFile.Identity {
        CheckpointFile.Identity(command: command,
                                configuration: Identity(configuration: comparison.configuration, seeds: comparison.seeds),
                                profile: comparison.profile.content)
    }

    /// Writes the snapshots of `comparison`'s runs (nil for a run not started) to `path` atomically.
    public static func write(_ snapshots: [TrainingSnapshot?], of comparison: Comparison, to path: String) throws {
        var body = StateEncoder()
        body.write(snapshots.count)
        for snapshot in snapshots {
            body.write(snapshot != nil)
            snapshot?.encode(into: &body)
        }
        try CheckpointFile.write(identity: identity(of: comparison), body: body.bytes, to: path)
    }

    /// Reads the snapshots at `path` and checks that they belong to `comparison`.
    public static func read(path: String, for comparison: Comparison) throws -> [TrainingSnapshot?] {
        var decoder = try CheckpointFile.read(path: path, expected: identity(of: comparison))
        let configuration = comparison.configuration
        let runCount = Comparison.rules.count * comparison.seeds.count
        do {
            _ = try decoder.readInt("run count", in: runCount...runCount)
            let snapshots = try (0..<runCount).map { _ -> TrainingSnapshot? in
                guard try decoder.readBool("run flag") else { return nil }
                return try TrainingSnapshot(from: &decoder, epochCount: configuration.schedule?.rounds ?? configuration.epochs,
                                            trainingCount: comparison.data.training.count,
                                            roundSize: configuration.schedule?.roundSize)
            }
            guard decoder.remainingCount == 0 else {
                throw StateDecoder.Failure.invalid("\(decoder.remainingCount) bytes follow the comparison state")
            }
            return snapshots
        } catch let failure as StateDecoder.Failure {
            throw CheckpointError.malformed(path: path, detail: failure.detail)
        }
    }
}

/// The checkpoint settings of a comparison: the file, the interval, the stop request and the
/// snapshots to resume from.
public struct ComparisonCheckpointing: Sendable {
    public var path: String
    /// Epochs (or rounds) between scheduled saves; nil saves only when stopped.
    public var interval: Int?
    public var stopRequest: StopRequest
    /// The snapshot of each run to resume from, in result order; nil entries start from the beginning.
    public var resumed: [TrainingSnapshot?]?

    public init(path: String, interval: Int?, stopRequest: StopRequest, resumed: [TrainingSnapshot?]?) {
        self.path = path
        self.interval = interval
        self.stopRequest = stopRequest
        self.resumed = resumed
    }
}

/// The latest snapshot of every run of a comparison, shared by the runs' threads. Each save
/// writes all of them, under the lock, so the file always holds a consistent set.
final class ComparisonSnapshots: @unchecked Sendable {
    private var snapshots: [TrainingSnapshot?]
    private let lock = NSLock()

    init(_ snapshots: [TrainingSnapshot?]) {
        self.snapshots = snapshots
    }

    func snapshot(_ index: Int) -> TrainingSnapshot? {
        lock.lock()
        defer { lock.unlock() }
        return snapshots[index]
    }

    /// Stores `snapshot` as run `index`'s latest and, when `path` is given, writes all of them.
    func store(_ snapshot: TrainingSnapshot, index: Int, comparison: Comparison, writingTo path: String?) throws {
        lock.lock()
        defer { lock.unlock() }
        snapshots[index] = snapshot
        if let path {
            try ComparisonCheckpointFile.write(snapshots, of: comparison, to: path)
        }
    }

    func write(comparison: Comparison, to path: String) throws {
        lock.lock()
        defer { lock.unlock() }
        try ComparisonCheckpointFile.write(snapshots, of: comparison, to: path)
    }
}
