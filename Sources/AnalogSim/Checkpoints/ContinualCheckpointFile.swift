/// The checkpoint of `analogsim continual`: the container of `CheckpointFile` whose body is one
/// `ContinualSnapshot`. The identity contains the run's configuration (stream, rule, every rule
/// setting, seed, limits) and the profile's content, so a checkpoint resumes only the run that
/// wrote it.
public enum ContinualCheckpointFile {
    public static let command = "continual"

    /// Returns the identity that a checkpoint of a run with `configuration` and `profile` carries.
    public static func identity(configuration: ContinualConfiguration, profile: DeviceProfile?) -> CheckpointFile.Identity {
        CheckpointFile.Identity(command: command, configuration: configuration, profile: profile)
    }

    /// Writes `snapshot` to `path` atomically.
    public static func write(_ snapshot: ContinualSnapshot, configuration: ContinualConfiguration, profile: DeviceProfile?,
                             to path: String) throws {
        var body = StateEncoder()
        snapshot.encode(into: &body)
        try CheckpointFile.write(identity: identity(configuration: configuration, profile: profile), body: body.bytes, to: path)
    }

    /// Reads the snapshot at `path` and checks that it belongs to the run of `configuration` and
    /// `profile` over `taskCount` tasks.
    public static func read(path: String, configuration: ContinualConfiguration, profile: DeviceProfile?,
                            taskCount: Int) throws -> ContinualSnapshot {
        var decoder = try CheckpointFile.read(path: path, expected: identity(configuration: configuration, profile: profile))
        do {
            let snapshot = try ContinualSnapshot(from: &decoder, taskCount: taskCount, epochsPerTask: configuration.epochsPerTask)
            guard decoder.remainingCount == 0 else {
                throw StateDecoder.Failure.invalid("\(decoder.remainingCount) bytes follow the continual-run state")
            }
            return snapshot
        } catch let failure as StateDecoder.Failure {
            throw CheckpointError.malformed(path: path, detail: failure.detail)
        }
    }
}
