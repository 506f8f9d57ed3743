import Dispatch
import Foundation

/// Runs software, bidirectional and unidirectional training with the same seed, data order and
/// initial weights, in parallel (one run per core), and tabulates them against software.
public final class Comparison {
    /// One row of the comparison table.
    public struct Row: Codable, Equatable, Sendable {
        public var rule: LearningRule
        public var testAccuracy: Double
        /// testAccuracy − software's testAccuracy, in accuracy fraction (negative: worse).
        public var gapToSoftware: Double
        public var pulses: Int
        public var refreshes: Int
        public var droppedFraction: Double
        /// Estimated write energy and latency; nil without write pulses in the profile.
        public var writeCost: WriteCost?
    }

    /// The result file of `analogsim compare`.
    public struct Result: Encodable, Sendable {
        public var tool = "analogsim"
        public var version = AnalogSimVersion.current
        public var command = "compare"
        /// The shared configuration; each run's own (with its rule) is in `runs`.
        public var configuration: TrainingConfiguration
        public var profile: DeviceProfileRecord
        public var table: [Row]
        public var runs: [TrainingResult]
        public var timing: Timing
    }

    public static let rules: [LearningRule] = [.software, .bidirectional, .unidirectional]

    public let configuration: TrainingConfiguration
    public let profile: DeviceProfileRecord
    public let data: DatasetSplit

    public init(configuration: TrainingConfiguration, profile: DeviceProfileRecord, data: DatasetSplit) {
        self.configuration = configuration
        self.profile = profile
        self.data = data
    }

    /// Runs the three rules, at most `parallelRuns` at a time; results do not depend on it.
    public func run(parallelRuns: Int, observer: TrainingObserver?) throws -> Result {
        let start = Date()
        let outcomes = RunOutcomes(count: Comparison.rules.count)
        let queue = DispatchQueue(label: "analogsim.compare", attributes: .concurrent)
        let slots = DispatchSemaphore(value: max(1, parallelRuns))
        let group = DispatchGroup()

        // The device runs start first: they take longer than software, and a slot freed by a short
        // run late in the comparison would otherwise leave a core idle while a long one finishes.
        for index in Comparison.rules.indices.reversed() {
            let rule = Comparison.rules[index]
            var runConfiguration = configuration
            runConfiguration.rule = rule
            let run = TrainingRun(configuration: runConfiguration, profile: rule.usesDevices ? profile : nil,
                                  training: data.training, test: data.test)
            slots.wait()
            queue.async(group: group) {
                defer { slots.signal() }
                outcomes.store(index: index, outcome: Swift.Result { try run.run(observer: observer) })
            }
        }
        group.wait()

        let results = try outcomes.all()
        let software = results[0].testAccuracy
        let table = results.map { result in
            Row(rule: result.configuration.rule, testAccuracy: result.testAccuracy,
                gapToSoftware: result.testAccuracy - software, pulses: result.pulses.totalPulses,
                refreshes: result.pulses.refreshes, droppedFraction: result.pulses.droppedFraction,
                writeCost: result.writeCost)
        }
        let imageCount = Double(data.training.count * configuration.epochs * results.count)
        let seconds = Date().timeIntervalSince(start)
        return Result(configuration: configuration, profile: profile, table: table, runs: results,
                      timing: Timing(seconds: seconds, imagesPerSecond: imageCount / max(seconds, 1e-9)))
    }
}

/// The outcomes of parallel runs, stored under a lock.
private final class RunOutcomes: @unchecked Sendable {
    private var outcomes: [Result<TrainingResult, Error>?]
    private let lock = NSLock()

    init(count: Int) {
        outcomes = Array(repeating: nil, count: count)
    }

    func store(index: Int, outcome: Result<TrainingResult, Error>) {
        lock.lock()
        outcomes[index] = outcome
        lock.unlock()
    }

    /// The results in order, or the first run's error.
    func all() throws -> [TrainingResult] {
        lock.lock()
        defer { lock.unlock() }
        return try outcomes.map { try $0!.get() }
    }
}
