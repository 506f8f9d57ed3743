/// The result file of `analogsim continual`.
public struct ContinualResult: Encodable, Sendable {
    public var tool = "analogsim"
    public var version = AnalogSimVersion.current
    public var command = "continual"
    public var configuration: ContinualConfiguration
    /// The device profile; nil in software.
    public var profile: DeviceProfileRecord?
    /// The learner's rule and settings in words.
    public var learner: String
    public var network: [Int]
    /// Values the rule keeps per weight besides the weight itself; nil for learners that do not report it.
    public var storedValuesPerWeight: Int?
    public var tasks: [TaskRecord]
    /// The accuracy matrix and its summary (average accuracy, backward transfer, forgetting).
    public var metrics: ContinualMetrics
    /// `accuracyOverSequence[j][i]`: task j's test accuracy after training task i.
    public var accuracyOverSequence: [[Double]]
    /// One record per epoch of the stream.
    public var epochs: [EpochRecord]
    /// Pulses of the whole run; nil in software.
    public var pulses: ContinualPulseCounts?
    /// The pulses CLASSP's (or AdaGrad's) gate saved, estimated from the nominal pulse step
    /// (see `CLASSPStep.estimatedSavedPulses`); nil in software and for other rules.
    public var estimatedGatedPulses: Int?
    /// The device layers' full counts (requests, drops, refreshes); nil in software.
    public var pulseStatistics: PulseStatistics?
    public var timing: RunTiming

    /// One task of the stream as it was run.
    public struct TaskRecord: Codable, Equatable, Sendable {
        public var name: String
        public var classes: [Int]
        public var trainingImages: Int
        public var testImages: Int
    }

    /// The measurements of one epoch.
    public struct EpochRecord: Codable, Equatable, Sendable {
        /// The task, from 0.
        public var task: Int
        /// The epoch within the task, from 1.
        public var epoch: Int
        /// The test accuracy on the task under way after the epoch.
        public var taskTestAccuracy: Double
        public var timing: RunTiming
    }

    /// Wall-clock seconds: the only part of a result that differs between runs with the same seed.
    public struct RunTiming: Codable, Equatable, Sendable {
        public var seconds: Double
    }
}
