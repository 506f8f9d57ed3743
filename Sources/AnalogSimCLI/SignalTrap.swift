import AnalogSim
import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into a `StopRequest` while a run trains, so that the run finishes
/// its sample in progress, saves a checkpoint and exits with 130 or 143.
///
/// The signals are delivered to dispatch sources on a global queue, not to a C signal handler, so
/// the code that sets the request runs on an ordinary thread. While the trap is set, the default
/// action (termination) is ignored; `release()` restores it.
final class SignalTrap {
    static let trappedSignals: [Int32] = [SIGINT, SIGTERM]

    let stopRequest = StopRequest()
    private var sources: [DispatchSourceSignal] = []

    init() {
        for number in Self.trappedSignals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [stopRequest] in
                stopRequest.request(signal: number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops trapping and restores the default action of each signal.
    func release() {
        for source in sources {
            source.cancel()
        }
        sources.removeAll()
        for number in Self.trappedSignals {
            signal(number, SIG_DFL)
        }
    }
}
