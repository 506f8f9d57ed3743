/// Everything that determines a training run, recorded in full in its result file.
public struct TrainingConfiguration: Encodable, Equatable, Sendable {
    public var dataset: Dataset
    /// The directory the IDX files were read from.
    public var dataDirectory: String
    /// Hidden layer sizes; the network is `inputs-hidden…-10`.
    public var hiddenLayers: [Int]
    public var epochs: Int
    /// Samples per update: 1 is online learning; B > 1 updates once per B samples with the
    /// batch's mean gradient (see `AccumulatedUpdate` for how devices receive it).
    public var batchSize: Int
    /// Train on the first N training images (all when nil).
    public var trainLimit: Int?
    /// Test on the first N test images (all when nil).
    public var testLimit: Int?
    /// η, the same for every layer and rule unless `layerLearningRates` is set.
    public var learningRate: Double
    /// η of each layer, input layer first, in place of `learningRate`; nil uses `learningRate`
    /// in every layer. NeuroSim's MNIST setting uses 0.4 and 0.2.
    public var layerLearningRates: [Double]?
    /// Crop and binarisation applied to every image before training and testing.
    public var inputTransform: InputTransform
    /// Bits of the hidden activations that the next layer receives in the forward pass; nil passes
    /// the analog sigmoid. The backward pass always uses the analog value (see `MultilayerPerceptron`).
    public var hiddenActivationBits: Int?
    /// The rounds schedule: `rounds` rounds of `roundSize` training images drawn at random with
    /// replacement, with a test after each round, in place of `epochs`. Nil trains by epochs.
    public var schedule: RoundSchedule?
    public var loss: LossFunction
    public var rule: LearningRule
    public var seed: UInt64
    /// Wmax: device weights lie in [−Wmax, Wmax]. Software weights are not clipped.
    public var weightRange: Double
    /// Settings of learning on devices (ignored by the software rule).
    public var hardware: HardwareUpdateSettings
    /// The distribution of the initial weights and biases.
    public var weightInitialization: WeightInitialization
    /// Whether every layer has a digital bias trained by SGD; false keeps `z = W·x` (NeuroSim's network).
    public var learnsBiases: Bool
    /// Bits of NeuroSim's reference-column ADC that reads each device layer's forward pass
    /// (`ReferenceColumnReadout`); nil reads `W·x` exactly.
    public var readoutADCBits: Int?
    /// The way device layers program their initial weights.
    public var initialWrite: InitialWrite
    /// How initial weights are drawn and written, in words.
    public var initialWeights: String { weightInitialization.summary }

    /// The default η. It was chosen on MNIST 784-100-10 so that, with squared error on sigmoid
    /// outputs, the hidden-layer requests of a 97-level device are mostly above half a step;
    /// `docs/choosing-defaults.md` has the measurements.
    public static let defaultLearningRate = 0.5
    public static let defaultLoss = LossFunction.meanSquaredError
    public static let defaultHiddenLayers = [100]
    public static let defaultWeightRange = 1.0

    public init(
        dataset: Dataset = .fashionMnist, dataDirectory: String = "", hiddenLayers: [Int] = defaultHiddenLayers,
        epochs: Int = 1, batchSize: Int = 1, trainLimit: Int? = nil, testLimit: Int? = nil,
        learningRate: Double = defaultLearningRate, loss: LossFunction = defaultLoss,
        rule: LearningRule = .software, seed: UInt64 = 1, weightRange: Double = defaultWeightRange,
        hardware: HardwareUpdateSettings = HardwareUpdateSettings(), weightInitialization: WeightInitialization = .glorotUniform,
        layerLearningRates: [Double]? = nil, inputTransform: InputTransform = InputTransform(),
        hiddenActivationBits: Int? = nil, schedule: RoundSchedule? = nil, learnsBiases: Bool = true,
        readoutADCBits: Int? = nil, initialWrite: InitialWrite = .exact
    ) {
        self.dataset = dataset
        self.dataDirectory = dataDirectory
        self.hiddenLayers = hiddenLayers
        self.epochs = epochs
        self.batchSize = batchSize
        self.trainLimit = trainLimit
        self.testLimit = testLimit
        self.learningRate = learningRate
        self.loss = loss
        self.rule = rule
        self.seed = seed
        self.weightRange = weightRange
        self.hardware = hardware
        self.weightInitialization = weightInitialization
        self.layerLearningRates = layerLearningRates
        self.inputTransform = inputTransform
        self.hiddenActivationBits = hiddenActivationBits
        self.schedule = schedule
        self.learnsBiases = learnsBiases
        self.readoutADCBits = readoutADCBits
        self.initialWrite = initialWrite
    }

    /// η of each of the `layerCount` layers.
    public func learningRates(layerCount: Int) -> [Double] {
        layerLearningRates ?? Array(repeating: learningRate, count: layerCount)
    }
}

/// The way a device layer programs its initial weights, always by a direct write without noise.
public enum InitialWrite: String, CaseIterable, Codable, Sendable {
    /// `G = Gmin + ĝ·(Gmax − Gmin)`: the device stores the drawn weight.
    case exact
    /// NeuroSim V3.0's ideal write, `G = ĝ·(Gmax − Gmin)` clipped to [Gmin, Gmax]: it leaves out
    /// Gmin, so each weight starts `2·Wmax·Gmin/(Gmax − Gmin)` below the drawn one (at least −Wmax).
    /// The shift grows as the on/off ratio falls: 0.04 at 50, 0.58 at 4.43.
    case neurosim
}

/// A training schedule of rounds: each round trains on `roundSize` images drawn uniformly at
/// random, with replacement, from the training set, then tests. NeuroSim's MNIST benchmark
/// runs 125 rounds of 8000 images.
public struct RoundSchedule: Codable, Equatable, Sendable {
    public var rounds: Int
    public var roundSize: Int

    public init(rounds: Int, roundSize: Int) {
        self.rounds = rounds
        self.roundSize = roundSize
    }
}

extension TrainingConfiguration {
    private enum CodingKeys: String, CodingKey {
        case dataset, dataDirectory, hiddenLayers, epochs, batchSize, trainLimit, testLimit, learningRate, loss, rule, seed
        case weightRange, hardware, weightInitialization, initialWeights
        case layerLearningRates, inputTransform, hiddenActivationBits, schedule, learnsBiases
        case readoutADCBits, initialWrite
    }

    /// Writes every setting, with `null` for the limits when all images are used, so that a
    /// result file lists each setting even at its default.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dataset, forKey: .dataset)
        try container.encode(dataDirectory, forKey: .dataDirectory)
        try container.encode(hiddenLayers, forKey: .hiddenLayers)
        try container.encode(epochs, forKey: .epochs)
        try container.encode(batchSize, forKey: .batchSize)
        try container.encode(trainLimit, forKey: .trainLimit)
        try container.encode(testLimit, forKey: .testLimit)
        try container.encode(learningRate, forKey: .learningRate)
        try container.encode(loss, forKey: .loss)
        try container.encode(rule, forKey: .rule)
        try container.encode(seed, forKey: .seed)
        try container.encode(weightRange, forKey: .weightRange)
        try container.encode(hardware, forKey: .hardware)
        try container.encode(weightInitialization, forKey: .weightInitialization)
        try container.encode(initialWeights, forKey: .initialWeights)
        try container.encode(layerLearningRates, forKey: .layerLearningRates)
        try container.encode(inputTransform, forKey: .inputTransform)
        try container.encode(hiddenActivationBits, forKey: .hiddenActivationBits)
        try container.encode(schedule, forKey: .schedule)
        try container.encode(learnsBiases, forKey: .learnsBiases)
        try container.encode(readoutADCBits, forKey: .readoutADCBits)
        try container.encode(initialWrite, forKey: .initialWrite)
    }
}
