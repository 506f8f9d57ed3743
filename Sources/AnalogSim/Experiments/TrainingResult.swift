/// Wall-clock figures of a run or epoch. They are the only part of a result that differs
/// between two runs with the same seed and inputs.
public struct Timing: Codable, Equatable, Sendable {
    public var seconds: Double
    /// Training images per second (test evaluation excluded).
    public var imagesPerSecond: Double
    /// Seconds spent testing (all test images, every epoch).
    public var evaluationSeconds: Double = 0
}

/// What one epoch of training measured.
public struct EpochRecord: Codable, Equatable, Sendable {
    public var epoch: Int
    /// Mean training loss over the epoch, each sample measured before its update.
    public var trainLoss: Double
    /// Fraction of training samples classified right before their update.
    public var trainAccuracy: Double
    public var testLoss: Double
    /// Fraction of test images classified right after the epoch, in [0, 1].
    public var testAccuracy: Double
    /// Pulses and updates of this epoch, summed over layers.
    public var pulses: PulseStatistics
    public var timing: Timing
}

/// The result file of `analogsim train`.
public struct TrainingResult: Encodable, Sendable {
    public var tool = "analogsim"
    public var version = AnalogSimVersion.current
    public var command = "train"
    public var configuration: TrainingConfiguration
    /// The device profile; nil for the software rule.
    public var profile: DeviceProfileRecord?
    public var network: [Int]
    public var trainingImages: Int
    public var testImages: Int
    public var epochs: [EpochRecord]
    /// Test accuracy after the last epoch, a fraction in [0, 1].
    public var testAccuracy: Double
    /// Pulses and updates of the whole run, summed over layers.
    public var pulses: PulseStatistics
    /// The same per layer, input layer first.
    public var layerPulses: [PulseStatistics]
    /// Estimated write energy and latency of the run and per layer; nil when the profile gives
    /// no write pulses (see `WriteCost`).
    public var writeCost: WriteCost?
    public var layerWriteCosts: [WriteCost]?
    public var timing: Timing
}

/// A profile as recorded in a result: where it was read from and its full content.
public struct DeviceProfileRecord: Encodable, Sendable {
    public var path: String
    public var content: DeviceProfile

    public init(path: String, content: DeviceProfile) {
        self.path = path
        self.content = content
    }
}
