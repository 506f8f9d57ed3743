/// The settings of the binary-weight rules (`mean-field-binary`, `metaplastic`, `binarized`)
/// that the command line sets; the rest are the learners' defaults.
public struct BinaryWeightRuleSettings: Codable, Equatable, Sendable {
    /// M of metaplasticity; `binarized` always runs with 0.
    public var metaplasticity: Double
    public var prior: MeanFieldPrior
    public var evaluation: BinaryNetworkEvaluation
    /// The hidden field θ or weight W_h that a device pair stores lies in ±`hiddenRange`.
    public var hiddenRange: Double
    public var deployment: BinaryDeployment

    /// The default hidden range: over the learners' own default (±3) one pulse of a 64-level device
    /// moves θ by about 0.09, so Adam's steps never reach half a pulse and nothing is written.
    public static let defaultHiddenRange = 0.5

    public init(metaplasticity: Double = MetaplasticSettings().metaplasticity, prior: MeanFieldPrior = .streaming,
                evaluation: BinaryNetworkEvaluation = .meanField,
                hiddenRange: Double = defaultHiddenRange, deployment: BinaryDeployment = .pairSign) {
        self.metaplasticity = metaplasticity
        self.prior = prior
        self.evaluation = evaluation
        self.hiddenRange = hiddenRange
        self.deployment = deployment
    }
}

/// Everything that determines a continual run, recorded in full in its result file.
public struct ContinualConfiguration: Equatable, Sendable {
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
    /// The pulses device layers write a requested change with: bidirectional or unidirectional.
    public var deviceRule: LearningRule
    /// Settings of learning on devices (ignored in software).
    public var hardware: HardwareUpdateSettings
    /// Wmax: device weights lie in [−Wmax, Wmax]. Software weights are not clipped.
    public var weightRange: Double
    public var weightInitialization: WeightInitialization
    /// The binary-weight rules' settings: M of metaplasticity (0 for `binarized`), the mean-field
    /// rule's prior and evaluation, and how devices hold the hidden values and the binary weights.
    public var binaryWeights: BinaryWeightRuleSettings

    public static let defaultEWCPenaltyStrength = 5000.0
    public static let defaultHiddenLayers = [100]
    public static let defaultBatchSize = 1

    public init(stream: ContinualStream, rule: ContinualRuleName, epochsPerTask: Int = 1, trainLimit: Int? = nil,
                testLimit: Int? = nil, seed: UInt64 = 1, hiddenLayers: [Int] = defaultHiddenLayers,
                batchSize: Int = defaultBatchSize, learningRate: Double? = nil,
                ewcPenaltyStrength: Double = defaultEWCPenaltyStrength, classp: CLASSPSettings = CLASSPSettings(),
                mnistDirectory: String = "", fashionDirectory: String? = nil, usesDevices: Bool = false,
                deviceRule: LearningRule = .bidirectional, hardware: HardwareUpdateSettings = HardwareUpdateSettings(),
                weightRange: Double = 1, weightInitialization: WeightInitialization = .glorotUniform,
                binaryWeights: BinaryWeightRuleSettings = BinaryWeightRuleSettings()) {
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
        self.binaryWeights = binaryWeights
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

extension ContinualConfiguration: Encodable {
    private enum CodingKeys: String, CodingKey {
        case stream, rule, epochsPerTask, trainLimit, testLimit, seed, hiddenLayers, batchSize, learningRate
        case ewcPenaltyStrength, classp, mnistDirectory, fashionDirectory, usesDevices, deviceRule, hardware
        case weightRange, weightInitialization, binaryWeights
    }

    /// Writes every setting, with `null` for the limits and the Fashion-MNIST directory when
    /// they do not apply, so that a result file lists each setting even at its default.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stream, forKey: .stream)
        try container.encode(rule, forKey: .rule)
        try container.encode(epochsPerTask, forKey: .epochsPerTask)
        try container.encode(trainLimit, forKey: .trainLimit)
        try container.encode(testLimit, forKey: .testLimit)
        try container.encode(seed, forKey: .seed)
        try container.encode(hiddenLayers, forKey: .hiddenLayers)
        try container.encode(batchSize, forKey: .batchSize)
        try container.encode(learningRate, forKey: .learningRate)
        try container.encode(ewcPenaltyStrength, forKey: .ewcPenaltyStrength)
        // AdaGrad runs CLASSP's step with p 2 and τ 0; the other rules have no CLASSP settings.
        let classpRuns = rule == .classp || rule == .adagrad
        try container.encode(classpRuns ? effectiveCLASSPSettings : nil, forKey: .classp)
        try container.encode(mnistDirectory, forKey: .mnistDirectory)
        try container.encode(fashionDirectory, forKey: .fashionDirectory)
        try container.encode(usesDevices, forKey: .usesDevices)
        try container.encode(deviceRule, forKey: .deviceRule)
        try container.encode(hardware, forKey: .hardware)
        try container.encode(weightRange, forKey: .weightRange)
        try container.encode(weightInitialization, forKey: .weightInitialization)
        try container.encode(rule.hasBinaryWeights ? binaryWeights : nil, forKey: .binaryWeights)
    }
}
