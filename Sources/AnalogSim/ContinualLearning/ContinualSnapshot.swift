/// The state of a continual run at a task or epoch boundary: where the run is, what it has
/// measured so far, and the learner's state. Runs are saved between epochs only, never inside one.
public struct ContinualSnapshot: Equatable, Sendable {
    /// The task under way, from 0.
    public var taskIndex: Int
    /// Epochs of that task already trained; 0 means the task has not begun.
    public var epochsDone: Int
    /// The rows of the accuracy matrix of the finished tasks.
    public var accuracyRows: [[Double]]
    /// The records of the finished epochs.
    public var epochs: [ContinualResult.EpochRecord]
    /// Wall-clock seconds spent before the snapshot.
    public var elapsedSeconds: Double
    /// The bytes of `ContinualLearner.encodeState`.
    public var learnerState: [UInt8]

    public init(taskIndex: Int, epochsDone: Int, accuracyRows: [[Double]], epochs: [ContinualResult.EpochRecord],
                elapsedSeconds: Double, learnerState: [UInt8]) {
        self.taskIndex = taskIndex
        self.epochsDone = epochsDone
        self.accuracyRows = accuracyRows
        self.epochs = epochs
        self.elapsedSeconds = elapsedSeconds
        self.learnerState = learnerState
    }

    func encode(into encoder: inout StateEncoder) {
        encoder.write(taskIndex)
        encoder.write(epochsDone)
        encoder.write(accuracyRows.count)
        for row in accuracyRows {
            encoder.write(row.count)
            row.forEach { encoder.write($0) }
        }
        encoder.write(epochs.count)
        for record in epochs {
            encoder.write(record.task)
            encoder.write(record.epoch)
            encoder.write(record.taskTestAccuracy)
            encoder.write(record.timing.seconds)
        }
        encoder.write(elapsedSeconds)
        encoder.write(rawBytes: learnerState)
    }

    /// Reads a snapshot of a run of `taskCount` tasks with `epochsPerTask` epochs each, checking
    /// every count and position against them.
    init(from decoder: inout StateDecoder, taskCount: Int, epochsPerTask: Int) throws {
        taskIndex = try decoder.readInt("task index", in: 0...(taskCount - 1))
        epochsDone = try decoder.readInt("epochs done in the task", in: 0...(epochsPerTask - 1))
        _ = try decoder.readInt("accuracy row count", in: taskIndex...taskIndex)
        accuracyRows = try (0..<taskIndex).map { row in
            _ = try decoder.readInt("accuracy row \(row + 1) length", in: taskCount...taskCount)
            return try (0..<taskCount).map { _ in try Self.readFraction(&decoder, "accuracy") }
        }
        let epochCount = taskIndex * epochsPerTask + epochsDone
        _ = try decoder.readInt("epoch record count", in: epochCount...epochCount)
        epochs = try (0..<epochCount).map { index in
            let task = try decoder.readInt("epoch record task", in: (index / epochsPerTask)...(index / epochsPerTask))
            let epoch = try decoder.readInt("epoch record epoch", in: (index % epochsPerTask + 1)...(index % epochsPerTask + 1))
            let accuracy = try Self.readFraction(&decoder, "epoch record accuracy")
            let seconds = try decoder.readDouble("epoch record seconds")
            return ContinualResult.EpochRecord(task: task, epoch: epoch, taskTestAccuracy: accuracy, timing: .init(seconds: seconds))
        }
        elapsedSeconds = try decoder.readDouble("elapsed seconds")
        guard elapsedSeconds.isFinite, elapsedSeconds >= 0 else {
            throw StateDecoder.Failure.invalid("the elapsed time \(elapsedSeconds) s is not a finite, non-negative number")
        }
        learnerState = try decoder.readRawBytes("learner state")
    }

    private static func readFraction(_ decoder: inout StateDecoder, _ field: String) throws -> Double {
        let value = try decoder.readDouble(field)
        guard value >= 0, value <= 1 else {
            throw StateDecoder.Failure.invalid("the \(field) \(value) is not a fraction between 0 and 1")
        }
        return value
    }
}

/// The checkpoint settings of a continual run: it saves after every `interval` epochs (counted
/// over the whole stream) and when `stopRequest` is set, at the next epoch or task boundary.
public struct ContinualCheckpointing {
    /// Epochs between scheduled snapshots; nil saves none on schedule.
    public var interval: Int?
    public var stopRequest: StopRequest?
    public var save: (ContinualSnapshot) throws -> Void

    public init(interval: Int?, stopRequest: StopRequest?, save: @escaping (ContinualSnapshot) throws -> Void) {
        precondition(interval.map { $0 >= 1 } ?? true, "a checkpoint interval is at least one epoch")
        self.interval = interval
        self.stopRequest = stopRequest
        self.save = save
    }
}
