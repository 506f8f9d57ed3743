/// The class of a failure, which a command turns into its exit status (sysexits.h values, or
/// the shell's 128 + signal for an interrupted run).
public enum FailureKind: Equatable, Sendable {
    /// A flag or value on the command line is wrong (exit 64).
    case usage
    /// An input file has wrong content (exit 65).
    case data
    /// An input file does not exist (exit 66).
    case missingInput
    /// Something failed while running, for example a result file could not be written (exit 1).
    case runtime
    /// A signal stopped the run after it saved its state (exit 128 + the signal number: 130
    /// for SIGINT, 143 for SIGTERM, as shells report a process killed by that signal).
    case interrupted(signal: Int32)

    /// The process exit status for this kind.
    public var exitStatus: Int32 {
        switch self {
        case .usage: return 64
        case .data: return 65
        case .missingInput: return 66
        case .runtime: return 1
        case .interrupted(let signal): return 128 + signal
        }
    }
}

/// An error whose message is written for the person running the tool: it names the input, what
/// is wrong with it, and what to do.
public protocol UserFacingError: Error, CustomStringConvertible {
    var kind: FailureKind { get }
    var message: String { get }
}

extension UserFacingError {
    public var description: String { message }
}
