/// The checkpoint settings of a `TrainingRun`: it saves its state every `interval` epochs (or
/// rounds), when `stopRequest` is set, and when it finishes. The run calls `save` at those moments
/// only, never inside an update, so checkpointing adds one atomic load per sample to the loop.
public struct TrainingCheckpointing: Sendable {
    /// The reason a snapshot is saved.
    public enum Occasion: Sendable {
        /// At the start of an epoch after every `interval` finished epochs.
        case scheduled
        /// Because a stop was requested; the run throws `TrainingInterruption` after saving.
        case interrupted
        /// After the last epoch's test.
        case finished
    }

    /// Epochs (or rounds) between scheduled snapshots; nil saves none on schedule.
    public var interval: Int?
    public var stopRequest: StopRequest?
    public var save: @Sendable (TrainingSnapshot, Occasion) throws -> Void

    public init(interval: Int?, stopRequest: StopRequest?, save: @escaping @Sendable (TrainingSnapshot, Occasion) throws -> Void) {
        precondition(interval.map { $0 >= 1 } ?? true, "a checkpoint interval is at least one epoch")
        self.interval = interval
        self.stopRequest = stopRequest
        self.save = save
    }
}

/// A run stopped by a signal after saving its state.
public struct TrainingInterruption: Error, UserFacingError, Equatable {
    /// The signal that stopped the run (`SIGINT` 2, `SIGTERM` 15).
    public var signal: Int32
    /// The checkpoint file that holds the saved state, for the message. The command line sets it.
    public var checkpointPath: String?

    public init(signal: Int32, checkpointPath: String? = nil) {
        self.signal = signal
        self.checkpointPath = checkpointPath
    }

    public var kind: FailureKind { .interrupted(signal: signal) }

    /// The conventional name of the signal.
    public var signalName: String {
        switch signal {
        case 2: return "SIGINT"
        case 15: return "SIGTERM"
        default: return "signal \(signal)"
        }
    }

    public var message: String {
        guard let checkpointPath else { return "training stopped by \(signalName)." }
        return "training stopped by \(signalName); its state was saved to \(checkpointPath). "
            + "Run the same command with --resume to continue it."
    }
}
