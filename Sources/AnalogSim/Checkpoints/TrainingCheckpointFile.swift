/// The checkpoint of `analogsim train`: the container of `CheckpointFile` whose body is one
/// `TrainingSnapshot`.
public enum TrainingCheckpointFile {
    public static let command = "train"

    /// Returns the identity that a checkpoint of `run` carries.
    public static func identity(of run: TrainingRun) -> CheckpointFile.Identity {
        CheckpointFile.Identity(command: command, configuration: run.configuration, profile: run.profile?.content)
    }

    /// Writes `snapshot` of `run` to `path` atomically.
    public static func write(_ snapshot: TrainingSnapshot, of run: TrainingRun, to path: String) throws {
        var body = StateEncoder()
        snapshot.encode(into: &body)
        try CheckpointFile.write(identity: identity(of: run), body: body.bytes, to: path)
    }

    /// Reads the snapshot at `path` and checks that it belongs to `run`.
    public static func read(path: String, for run: TrainingRun) throws -> TrainingSnapshot {
        var decoder = try CheckpointFile.read(path: path, expected: identity(of: run))
        do {
            let snapshot = try TrainingSnapshot(from: &decoder, epochCount: run.epochCount, trainingCount: run.training.count,
                                                roundSize: run.configuration.schedule?.roundSize)
            guard decoder.remainingCount == 0 else {
                throw StateDecoder.Failure.invalid("\(decoder.remainingCount) bytes follow the training state")
            }
            return snapshot
        } catch let failure as StateDecoder.Failure {
            throw CheckpointError.malformed(path: path, detail: failure.detail)
        }
    }
}
