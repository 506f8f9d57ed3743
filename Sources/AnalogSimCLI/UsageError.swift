import AnalogSim

/// A wrong flag, value or argument on the command line (exit 64).
public struct UsageError: Error, Equatable, UserFacingError {
    public let message: String
    public var kind: FailureKind { .usage }

    public init(_ message: String) {
        self.message = message
    }
}
