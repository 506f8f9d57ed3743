import Synchronization

/// A request to stop training at the next sample boundary, set from a signal handler's queue
/// and read by training runs between samples. Reading it is one relaxed atomic load.
public final class StopRequest: Sendable {
    private let signalNumber = Atomic<Int32>(0)

    public init() {}

    /// Requests a stop because of signal `signal` (for example `SIGINT`); the first request wins.
    public func request(signal: Int32) {
        _ = signalNumber.compareExchange(expected: 0, desired: signal, ordering: .relaxed)
    }

    /// The signal that requested the stop, or nil while none has.
    public var signal: Int32? {
        let value = signalNumber.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    @inline(__always)
    public var isRequested: Bool {
        signalNumber.load(ordering: .relaxed) != 0
    }
}
