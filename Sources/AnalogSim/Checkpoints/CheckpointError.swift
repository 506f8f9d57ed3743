/// A failure to read or use a checkpoint. Every message names the checkpoint file.
public enum CheckpointError: Error, Equatable, UserFacingError {
    /// `--resume` was given but the file does not exist.
    case missing(path: String)
    /// A run would replace a checkpoint left by an earlier run.
    case alreadyExists(path: String)
    /// The file does not start with the checkpoint magic number.
    case notACheckpoint(path: String)
    /// The file was written in a format version this build cannot read.
    case unsupportedFormat(path: String, found: UInt32, supported: UInt32)
    /// The file is shorter or longer than its header says.
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// The checksum of the body does not match.
    case corrupted(path: String)
    /// The body passed the checksum but cannot be decoded for this run.
    case malformed(path: String, detail: String)
    /// The checkpoint was written by another command.
    case wrongCommand(path: String, found: String, expected: String)
    /// The checkpoint's version, configuration or profile differs from this run's; each entry
    /// names one difference.
    case mismatch(path: String, differences: [String])

    public var kind: FailureKind {
        switch self {
        case .missing: return .missingInput
        case .alreadyExists: return .usage
        case .notACheckpoint, .unsupportedFormat, .truncated, .corrupted, .malformed, .wrongCommand, .mismatch: return .data
        }
    }

    public var message: String {
        switch self {
        case .missing(let path):
            return "checkpoint \(path) does not exist, so --resume has nothing to continue. "
                + "Check --checkpoint, or run without --resume to start from the beginning."
        case .alreadyExists(let path):
            return "checkpoint \(path) already exists from an earlier run. Pass --resume to continue that run, "
                + "--force to start over and replace it, or choose another --checkpoint path."
        case .notACheckpoint(let path):
            return "\(path) is not an AnalogSim checkpoint (it does not start with the magic number \(CheckpointFile.magicText)). "
                + "Check --checkpoint."
        case .unsupportedFormat(let path, let found, let supported):
            return "checkpoint \(path) has format version \(found), but this build of analogsim reads version \(supported). "
                + "Resume it with the analogsim version that wrote it, or start the run again without --resume."
        case .truncated(let path, let expectedBytes, let actualBytes):
            return "checkpoint \(path) is truncated or has extra bytes: its header promises \(expectedBytes) bytes, "
                + "but the file has \(actualBytes). Start the run again without --resume (add --force to replace the file)."
        case .corrupted(let path):
            return "checkpoint \(path) is corrupted: the checksum of its contents does not match. "
                + "Start the run again without --resume (add --force to replace the file)."
        case .malformed(let path, let detail):
            return "checkpoint \(path) cannot be used: \(detail). "
                + "Start the run again without --resume (add --force to replace the file)."
        case .wrongCommand(let path, let found, let expected):
            return "checkpoint \(path) was written by 'analogsim \(found)', not 'analogsim \(expected)'. "
                + "Resume it with '\(found)', or choose another --checkpoint path."
        case .mismatch(let path, let differences):
            return "checkpoint \(path) was written by a different run, so it cannot be resumed: "
                + differences.joined(separator: "; ")
                + ". Resume with the options that started it, or start a new run without --resume (add --force to replace the file)."
        }
    }
}
