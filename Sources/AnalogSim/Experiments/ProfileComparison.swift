import Dispatch
import Foundation

/// Runs software once per seed, and bidirectional and unidirectional once per device profile and
/// seed, in parallel, and tabulates every profile's device rules against software.
///
/// Software training does not use a device profile, so one software run per seed serves every
/// profile. Each (profile, rule, seed) run is the run that `Comparison` makes for that profile and
/// seed, so its result equals the one from a one-profile comparison.
public final class ProfileComparison {
    /// The result file of `analogsim compare` with several profiles.
    public struct Result: Encodable, Sendable {
        public var tool = "analogsim"
        public var version = AnalogSimVersion.current
        public var command = "compare"
        /// The shared configuration, with the first seed. Each run's own configuration, with its
        /// rule and seed, is in `runs`.
        public var configuration: TrainingConfiguration
        /// The profiles in command-line order, each with its path and content.
        public var profiles: [DeviceProfileRecord]
        /// The seeds of the runs, in order.
        public var seeds: [UInt64]
        /// The software row, shared by every profile.
        public var software: Comparison.Row
        /// One row per profile, in the order of `profiles`.
        public var table: [ProfileRow]
        /// Software runs in seed order, then every profile's device runs: by profile, then by
        /// seed, then as in `ProfileComparison.deviceRules`.
        public var runs: [TrainingResult]
        public var timing: Timing
    }

    /// One profile's row of the table: its device rules against the shared software row.
    public struct ProfileRow: Codable, Equatable, Sendable {
        /// The profile's name, as in its content.
        public var profile: String
        /// One entry per rule in `ProfileComparison.deviceRules`, as means over seeds.
        public var rules: [Comparison.Row]
    }

    public static let deviceRules: [LearningRule] = [.bidirectional, .unidirectional]

    public let configuration: TrainingConfiguration
    public let profiles: [DeviceProfileRecord]
    public let data: DatasetSplit
    /// `configuration.seed` and the seeds that follow it.
    public let seeds: [UInt64]

    /// Prepares a comparison of `profiles` over `seedCount` seeds from `configuration.seed` on.
    /// The last seed must not exceed `UInt64.max`.
    public init(configuration: TrainingConfiguration, profiles: [DeviceProfileRecord], data: DatasetSplit, seedCount: Int = 1) {
        precondition(!profiles.isEmpty, "a profile comparison needs at least one profile")
        precondition(Comparison.lastSeed(from: configuration.seed, count: seedCount) != nil,
                     "the last seed must not exceed UInt64.max")
        self.configuration = configuration
        self.profiles = profiles
        self.data = data
        seeds = (0..<UInt64(seedCount)).map { configuration.seed + $0 }
    }

    /// The number of training runs: one software run per seed and one run per device rule,
    /// profile and seed.
    public var runCount: Int {
        seeds.count * (1 + profiles.count * ProfileComparison.deviceRules.count)
    }

    /// Runs everything, at most `parallelRuns` at a time. The results do not depend on
    /// `parallelRuns`.
    public func run(parallelRuns: Int, observer: TrainingObserver?) throws -> Result {
        let start = Date()
        let outcomes = RunOutcomeStore(count: runCount)
        let queue = DispatchQueue(label: "analogsim.compare-profiles", attributes: .concurrent)
        let slots = DispatchSemaphore(value: max(1, parallelRuns))
        let group = DispatchGroup()

        for job in scheduledJobs() {
            let run = makeRun(job)
            slots.wait()
            queue.async(group: group) {
                defer { slots.signal() }
                outcomes.store(index: job.resultIndex, outcome: Swift.Result { try run.run(observer: observer) })
            }
        }
        group.wait()

        let results = try outcomes.all()
        let seconds = Date().timeIntervalSince(start)
        let imageCount = Double(data.training.count * configuration.epochs * results.count)
        let (software, table) = summarize(results)
        return Result(configuration: configuration, profiles: profiles, seeds: seeds, software: software,
                      table: table, runs: results,
                      timing: Timing(seconds: seconds, imagesPerSecond: imageCount / max(seconds, 1e-9)))
    }

    /// One training run: a rule, a seed, the profile for device rules, and the run's place in
    /// `Result.runs`.
    private struct Job {
        var rule: LearningRule
        var profileIndex: Int?
        var seedIndex: Int
        var resultIndex: Int
    }

    /// Returns every run in start order. Device runs start first (unidirectional, then
    /// bidirectional) and software last, because device runs take several times longer; a slot
    /// freed late by a short run would otherwise leave a core idle while a long run finishes.
    private func scheduledJobs() -> [Job] {
        let rules = ProfileComparison.deviceRules
        var jobs: [Job] = []
        for ruleIndex in rules.indices.reversed() {
            for profileIndex in profiles.indices {
                for seedIndex in seeds.indices {
                    let resultIndex = seeds.count + (profileIndex * seeds.count + seedIndex) * rules.count + ruleIndex
                    jobs.append(Job(rule: rules[ruleIndex], profileIndex: profileIndex, seedIndex: seedIndex, resultIndex: resultIndex))
                }
            }
        }
        for seedIndex in seeds.indices {
            jobs.append(Job(rule: .software, profileIndex: nil, seedIndex: seedIndex, resultIndex: seedIndex))
        }
        return jobs
    }

    /// Builds the run of `job`. Its progress lines name the profile, and the seed when there are
    /// several.
    private func makeRun(_ job: Job) -> TrainingRun {
        var runConfiguration = configuration
        runConfiguration.rule = job.rule
        runConfiguration.seed = seeds[job.seedIndex]
        let profile = job.profileIndex.map { profiles[$0] }
        var name = profile.map { "\($0.content.name) \(job.rule.rawValue)" } ?? job.rule.rawValue
        if seeds.count > 1 {
            name += " seed \(seeds[job.seedIndex])"
        }
        return TrainingRun(configuration: runConfiguration, profile: profile,
                           training: data.training, test: data.test, name: name)
    }

    /// Returns the software row and one row per profile from `results`, ordered as `Result.runs`.
    private func summarize(_ results: [TrainingResult]) -> (software: Comparison.Row, table: [ProfileRow]) {
        let rules = ProfileComparison.deviceRules
        let software = Comparison.Row(rule: .software, runs: Array(results[0..<seeds.count]), softwareTestAccuracy: 0)
        let table = profiles.indices.map { profileIndex in
            let first = seeds.count + profileIndex * seeds.count * rules.count
            let profileRuns = Array(results[first..<(first + seeds.count * rules.count)])
            let rows = rules.indices.map { ruleIndex in
                Comparison.Row(rule: rules[ruleIndex],
                               runs: stride(from: ruleIndex, to: profileRuns.count, by: rules.count).map { profileRuns[$0] },
                               softwareTestAccuracy: software.testAccuracy)
            }
            return ProfileRow(profile: profiles[profileIndex].content.name, rules: rows)
        }
        return (software, table)
    }
}

/// The outcomes of parallel runs, stored under a lock.
private final class RunOutcomeStore: @unchecked Sendable {
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
