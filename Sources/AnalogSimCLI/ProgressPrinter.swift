import AnalogSim
import Foundation

/// Prints training progress on standard error: one line per finished epoch, and on a terminal
/// a live line with every run's progress through its epoch, redrawn at most ten times a second.
final class ProgressPrinter: TrainingObserver, @unchecked Sendable {
    private let sink: TextSink
    private let lock = NSLock()
    private var progress: [String: (epoch: Int, done: Int, total: Int)] = [:]
    private var runOrder: [String] = []
    private var lastDraw = Date.distantPast
    private var liveLineShown = false

    /// The update scheme of the runs, which decides whether "dropped" means anything.
    private let scheme: UpdateScheme
    /// "round" for runs with a rounds schedule, else "epoch".
    private let periodName: String

    init(sink: TextSink, scheme: UpdateScheme, usesRounds: Bool = false) {
        self.sink = sink
        self.scheme = scheme
        periodName = usesRounds ? "round" : "epoch"
    }

    func trainingProgress(run: String, epoch: Int, samplesDone: Int, sampleCount: Int) {
        guard sink.isTerminal else { return }
        lock.lock()
        defer { lock.unlock() }
        if progress[run] == nil { runOrder.append(run) }
        progress[run] = (epoch, samplesDone, sampleCount)
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let parts = runOrder.compactMap { name -> String? in
            guard let state = progress[name] else { return nil }
            let percent = 100 * state.done / max(state.total, 1)
            return "\(name) \(periodName) \(state.epoch) \(percent) %"
        }
        sink.write("\r\u{1B}[K" + parts.joined(separator: " | "))
        liveLineShown = true
    }

    func epochFinished(run: String, record: EpochRecord, epochCount: Int) {
        lock.lock()
        defer { lock.unlock() }
        if liveLineShown {
            sink.write("\r\u{1B}[K")
            liveLineShown = false
        }
        let pulses = record.pulses
        let dropped = scheme == .expected ? "n/a" : String(format: "%.1f %%", pulses.droppedFraction * 100)
        let line = String(
            format: "[%@] %@ %d/%d  train loss %.4f  test accuracy %.4f  pulses %d  refreshes %d  dropped %@  %.1f s (%.0f images/s)\n",
            run, periodName, record.epoch, epochCount, record.trainLoss, record.testAccuracy, pulses.totalPulses,
            pulses.refreshes, dropped, record.timing.seconds, record.timing.imagesPerSecond)
        sink.write(line)
        if scheme != .expected && pulses.requestedUpdates > 0 && pulses.appliedUpdates == 0 {
            let reason = scheme == .stochastic
                ? "no input and error pulse trains coincided"
                : "no requested update reached half a device step"
            sink.write("warning: [\(run)] \(reason) in \(periodName) \(record.epoch), so no pulse was sent "
                + "and the weights did not learn. Raise --learning-rate or lower --weight-range.\n")
        }
        if pulses.nonFiniteUpdates > 0 {
            sink.write("warning: [\(run)] \(pulses.nonFiniteUpdates) layer updates of \(periodName) \(record.epoch) changed no weight "
                + "and sent no pulse because an error, an input or a requested change was NaN or infinite "
                + "(nonFiniteUpdates in the result). Lower --learning-rate.\n")
        }
    }
}
