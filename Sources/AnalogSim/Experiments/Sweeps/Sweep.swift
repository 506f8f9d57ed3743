import Dispatch
import Foundation

/// How far a sweep has come, reported after every finished point.
public struct SweepProgress: Sendable {
    /// Points finished, including those finished before a resume.
    public var done: Int
    public var running: Int
    /// Points of this run not started yet.
    public var waiting: Int
    /// An estimate from the rate at which this run has finished points so far.
    public var estimatedSecondsLeft: Double
}

/// Receives progress of a sweep.
public protocol SweepObserver: AnyObject, Sendable {
    func sweepProgress(_ progress: SweepProgress)
}

/// Runs the points of a sweep, at most `parallelRuns` at a time, each as one single-threaded
/// training run, and hands every finished point to `finish` as soon as it ends. The results do
/// not depend on `parallelRuns`: each point's run depends only on its configuration and profile.
public final class Sweep {
    public let data: DatasetSplit

    public init(data: DatasetSplit) {
        self.data = data
    }

    /// Runs `points` in order of index, starting at most `limit` of them (all when nil), and
    /// throws the first failure after the running points end. `alreadyDone` counts the points
    /// finished before, for progress.
    public func run(points: [SweepPoint], parallelRuns: Int, limit: Int? = nil, alreadyDone: Int,
                    observer: SweepObserver?, finish: @escaping @Sendable (SweepPoint, TrainingResult) throws -> Void) throws {
        let start = Date()
        let started = points.prefix(limit ?? points.count)
        let state = SweepState(waiting: started.count)
        let queue = DispatchQueue(label: "analogsim.sweep", attributes: .concurrent)
        let slots = DispatchSemaphore(value: max(1, parallelRuns))
        let group = DispatchGroup()
        let data = data

        for point in started {
            slots.wait()
            guard state.startNext() else {
                slots.signal()
                break
            }
            queue.async(group: group) {
                defer { slots.signal() }
                let run = TrainingRun(configuration: point.configuration, profile: point.profile,
                                      training: data.training, test: data.test, name: point.key)
                do {
                    try finish(point, try run.run(observer: nil))
                    let progress = state.finishOne(alreadyDone: alreadyDone, elapsed: Date().timeIntervalSince(start))
                    observer?.sweepProgress(progress)
                } catch {
                    state.fail(error)
                }
            }
        }
        group.wait()
        try state.throwFailure()
    }
}

/// Counts of a running sweep and its first failure, under a lock.
private final class SweepState: @unchecked Sendable {
    private var waiting: Int
    private var running = 0
    private var finished = 0
    private var failure: Error?
    private let lock = NSLock()

    init(waiting: Int) {
        self.waiting = waiting
    }

    /// Marks one more point as running; false once a point has failed.
    func startNext() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil else { return false }
        waiting -= 1
        running += 1
        return true
    }

    func finishOne(alreadyDone: Int, elapsed: Double) -> SweepProgress {
        lock.lock()
        defer { lock.unlock() }
        running -= 1
        finished += 1
        let secondsPerPoint = elapsed / Double(finished)
        return SweepProgress(done: alreadyDone + finished, running: running, waiting: waiting,
                             estimatedSecondsLeft: secondsPerPoint * Double(waiting + running))
    }

    func fail(_ error: Error) {
        lock.lock()
        defer { lock.unlock() }
        running -= 1
        if failure == nil { failure = error }
    }

    func throwFailure() throws {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
    }
}
