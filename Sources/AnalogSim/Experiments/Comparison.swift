import Dispatch
import Foundation

/// Runs software, bidirectional and unidirectional training with the same seed, data order and
/// initial weights, in parallel (one run per core), and tabulates them against software.
///
/// With several seeds, every rule runs once per seed, and each (rule, seed) run is the run that a
/// comparison of that seed alone makes. The table then contains the means over seeds.
public final class Comparison {
    /// The result file of `analogsim compare`.
    public struct Result: Encodable, Sendable {
        public var tool = "analogsim"
        public var version = AnalogSimVersion.current
        public var command = "compare"
        /// The shared configuration, with the first seed. Each run's own configuration, with its
        /// rule and seed, is in `runs`.
        public var configuration: TrainingConfiguration
        public var profile: DeviceProfileRecord
        /// The seeds of the runs, in order. It is nil with one seed (`configuration.seed`), so a
        /// one-seed result file keeps the layout it had before `--seeds` existed.
        public var seeds: [UInt64]?
        public var table: [Row]
        /// Every run, ordered by seed and, within a seed, as in `Comparison.rules`.
        public var runs: [TrainingResult]
        public var timing: Timing
    }

    public static let rules: [LearningRule] = [.software, .bidirectional, .unidirectional]

    public let configuration: TrainingConfiguration
    public let profile: DeviceProfileRecord
    public let data: DatasetSplit
    /// `configuration.seed` and the seeds that follow it, one per repetition of every rule.
    public let seeds: [UInt64]

    /// Returns the last of `seedCount` consecutive seeds from `firstSeed`, or nil when it would
    /// exceed `UInt64.max`.
    public static func lastSeed(from firstSeed: UInt64, count seedCount: Int) -> UInt64? {
        precondition(seedCount >= 1, "a comparison runs at least one seed")
        let (last, overflow) = firstSeed.addingReportingOverflow(UInt64(seedCount - 1))
        return overflow ? nil : last
    }

    /// Prepares a comparison of `seedCount` seeds from `configuration.seed` on. The last seed must
    /// not exceed `UInt64.max`.
    public init(configuration: TrainingConfiguration, profile: DeviceProfileRecord, data: DatasetSplit, seedCount: Int = 1) {
        precondition(Comparison.lastSeed(from: configuration.seed, count: seedCount) != nil,
                     "the last seed must not exceed UInt64.max")
        self.configuration = configuration
        self.profile = profile
        self.data = data
        seeds = (0..<UInt64(seedCount)).map { configuration.seed + $0 }
    }

    /// Runs the three rules for every seed, at most `parallelRuns` at a time. The results do not
    /// depend on `parallelRuns`.
    ///
    /// With `checkpointing`, every run saves its snapshot into one checkpoint file on schedule and
    /// when it finishes; when the stop request is set, each run stops after its sample in
    /// progress, runs not yet started stay unstarted, the file is written once with all runs, and
    /// the comparison throws `TrainingInterruption`.
    public func run(parallelRuns: Int, observer: TrainingObserver?,
                    checkpointing: ComparisonCheckpointing? = nil) throws -> Result {
        let start = Date()
        let rules = Comparison.rules
        let runCount = rules.count * seeds.count
        let outcomes = RunOutcomes(count: runCount)
        let snapshots = ComparisonSnapshots(checkpointing?.resumed ?? Array(repeating: nil, count: runCount))
        let queue = DispatchQueue(label: "analogsim.compare", attributes: .concurrent)
        let slots = DispatchSemaphore(value: max(1, parallelRuns))
        let group = DispatchGroup()

        // The device runs of every seed start first (unidirectional, then bidirectional) and the
        // software runs last, because device runs take several times longer. A slot freed by a
        // short run late in the comparison would otherwise leave a core idle while a long one
        // finishes.
        for ruleIndex in rules.indices.reversed() {
            for seedIndex in seeds.indices {
                let index = seedIndex * rules.count + ruleIndex
                let run = makeRun(rule: rules[ruleIndex], seed: seeds[seedIndex])
                let runCheckpointing = checkpointing.map { settings in
                    TrainingCheckpointing(interval: settings.interval, stopRequest: settings.stopRequest) { snapshot, occasion in
                        let writes = occasion != .interrupted && settings.interval != nil
                        try snapshots.store(snapshot, index: index, comparison: self, writingTo: writes ? settings.path : nil)
                    }
                }
                slots.wait()
                queue.async(group: group) {
                    defer { slots.signal() }
                    if let stopRequest = checkpointing?.stopRequest, let signal = stopRequest.signal {
                        outcomes.store(index: index, outcome: .failure(TrainingInterruption(signal: signal)))
                        return
                    }
                    outcomes.store(index: index, outcome: Swift.Result {
                        try run.run(observer: observer, checkpointing: runCheckpointing, resumingFrom: snapshots.snapshot(index))
                    })
                }
            }
        }
        group.wait()

        if let checkpointing, let signal = checkpointing.stopRequest.signal {
            try snapshots.write(comparison: self, to: checkpointing.path)
            throw TrainingInterruption(signal: signal)
        }
        let results = try outcomes.all()
        let table = summarize(results)
        let imageCount = Double(data.training.count * configuration.epochs * results.count)
        let seconds = Date().timeIntervalSince(start)
        return Result(configuration: configuration, profile: profile, seeds: seeds.count > 1 ? seeds : nil,
                      table: table, runs: results,
                      timing: Timing(seconds: seconds, imagesPerSecond: imageCount / max(seconds, 1e-9)))
    }

    /// Builds the run of `rule` with `seed`. With several seeds, its progress lines name the seed.
    private func makeRun(rule: LearningRule, seed: UInt64) -> TrainingRun {
        var runConfiguration = configuration
        runConfiguration.rule = rule
        runConfiguration.seed = seed
        let name = seeds.count > 1 ? "\(rule.rawValue) seed \(seed)" : nil
        return TrainingRun(configuration: runConfiguration, profile: rule.usesDevices ? profile : nil,
                           training: data.training, test: data.test, name: name)
    }

    /// Returns one row per rule from `results`, which are ordered by seed and then by rule.
    private func summarize(_ results: [TrainingResult]) -> [Row] {
        let rules = Comparison.rules
        let runsByRule = rules.indices.map { ruleIndex in
            stride(from: ruleIndex, to: results.count, by: rules.count).map { results[$0] }
        }
        let software = Row(rule: .software, runs: runsByRule[0], softwareTestAccuracy: 0)
        return rules.indices.map { ruleIndex in
            Row(rule: rules[ruleIndex], runs: runsByRule[ruleIndex], softwareTestAccuracy: software.testAccuracy)
        }
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
