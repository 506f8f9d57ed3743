/// Everything that determines a continual run, recorded in full in its result file.
public struct ContinualConfiguration: Codable, Equatable, Sendable {
    public var stream: ContinualStream
    public var rule: ContinualRuleName
    public var epochsPerTask: Int
    /// Train on the first N training images of each task (all when nil).
    public var trainLimit: Int?
    /// Test on the first N test images of each task (all when nil).
    public var testLimit: Int?
    public var seed: UInt64
    /// Hidden layer sizes (ReLU units); the network is `784-hidden…-10`.
    public var hiddenLayers: [Int]
    /// Images per step; the gradient of a step is the batch's mean gradient.
    public var batchSize: Int
    /// η of SGD and EWC, α of AdaGrad and CLASSP.
    public var learningRate: Double
    /// λ of EWC's penalty.
    public var ewcPenaltyStrength: Double
    /// CLASSP's settings; its `learningRate` equals `learningRate` for CLASSP and AdaGrad.
    public var classp: CLASSPSettings
    /// The directory MNIST was read from.
    public var mnistDirectory: String
    /// The directory Fashion-MNIST was read from; nil for streams without it.
    public var fashionDirectory: String?
    /// Whether the weights are device pairs (`--profile P`) or floating point (`software`).
    public var usesDevices: Bool
    /// How device layers write a requested change: bidirectional or unidirectional pulses.
    public var deviceRule: LearningRule
    /// Settings of learning on devices (ignored in software).
    public var hardware: HardwareUpdateSettings
    /// Wmax: device weights lie in [−Wmax, Wmax]. Software weights are not clipped.
    public var weightRange: Double
    public var weightInitialization: WeightInitialization

    public static let defaultEWCPenaltyStrength = 5000.0
    public static let defaultHiddenLayers = [100]
    public static let defaultBatchSize = 1

    public init(stream: ContinualStream, rule: ContinualRuleName, epochsPerTask: Int = 1, trainLimit: Int? = nil,
                testLimit: Int? = nil, seed: UInt64 = 1, hiddenLayers: [Int] = defaultHiddenLayers,
                batchSize: Int = defaultBatchSize, learningRate: Double? = nil,
                ewcPenaltyStrength: Double = defaultEWCPenaltyStrength, classp: CLASSPSettings = CLASSPSettings(),
                mnistDirectory: String = "", fashionDirectory: String? = nil, usesDevices: Bool = false,
                deviceRule: LearningRule = .bidirectional, hardware: HardwareUpdateSettings = HardwareUpdateSettings(),
                weightRange: Double = 1, weightInitialization: WeightInitialization = .glorotUniform) {
        self.stream = stream
        self.rule = rule
        self.epochsPerTask = epochsPerTask
        self.trainLimit = trainLimit
        self.testLimit = testLimit
        self.seed = seed
        self.hiddenLayers = hiddenLayers
        self.batchSize = batchSize
        self.learningRate = learningRate ?? rule.defaultLearningRate
        self.ewcPenaltyStrength = ewcPenaltyStrength
        self.classp = classp
        self.mnistDirectory = mnistDirectory
        self.fashionDirectory = fashionDirectory
        self.usesDevices = usesDevices
        self.deviceRule = deviceRule
        self.hardware = hardware
        self.weightRange = weightRange
        self.weightInitialization = weightInitialization
    }

    /// The settings of the CLASSP step that `rule` runs: CLASSP's own with α = `learningRate`,
    /// or AdaGrad's limit for `adagrad`.
    public var effectiveCLASSPSettings: CLASSPSettings {
        if rule == .adagrad {
            return .adaGrad(learningRate: learningRate, epsilon: classp.epsilon)
        }
        var settings = classp
        settings.learningRate = learningRate
        return settings
    }
}
