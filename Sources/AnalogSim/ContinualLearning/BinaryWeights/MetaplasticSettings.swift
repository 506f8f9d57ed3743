/// Settings of the metaplastic binarized network (`MetaplasticLearner`).
public struct MetaplasticSettings: Codable, Equatable, Sendable {
    /// Units of each hidden layer (sign activations), from the input side.
    public var hiddenLayers: [Int]
    /// Adam on the hidden weights and on the digital gains and biases.
    public var adam: AdamSettings
    /// Images per mini-batch; the gradient is that of the batch's mean cross-entropy.
    public var batchSize: Int
    /// M, the metaplasticity: a step that shrinks |W_h| is multiplied by `1 − tanh²(M·|W_h|)`.
    /// About 1.35 for permuted MNIST and 1.5 for MNIST then Fashion-MNIST; 0 is the plain
    /// binarized network.
    public var metaplasticity: Double
    /// Initial hidden weights are drawn from U(−l, l) with l = `initialWeightScale/√N` for fan-in N.
    public var initialWeightScale: Double
    /// Whether the digital gain γ and bias b of each unit learn (plain Adam) or stay at 1 and 0.
    /// They are not metaplastic, so a later task may move them freely.
    public var learnsGainsAndBiases: Bool

    public init(hiddenLayers: [Int] = [512, 512], adam: AdamSettings = AdamSettings(learningRate: 0.005),
                batchSize: Int = 100, metaplasticity: Double = 1.35, initialWeightScale: Double = 1,
                learnsGainsAndBiases: Bool = true) {
        self.hiddenLayers = hiddenLayers
        self.adam = adam
        self.batchSize = batchSize
        self.metaplasticity = metaplasticity
        self.initialWeightScale = initialWeightScale
        self.learnsGainsAndBiases = learnsGainsAndBiases
    }

    /// Returns the settings of the plain binarized network (M = 0).
    public static func binarized(hiddenLayers: [Int] = [512, 512]) -> MetaplasticSettings {
        MetaplasticSettings(hiddenLayers: hiddenLayers, metaplasticity: 0)
    }

    /// The rule's name in tables: `binarized` for M = 0, else `metaplastic`.
    public var ruleName: String { metaplasticity == 0 ? "binarized" : "metaplastic" }

    /// Throws when a setting cannot run.
    func validate() throws {
        guard hiddenLayers.allSatisfy({ $0 > 0 }) else {
            throw BinaryLearnerSettingsError.emptyHiddenLayer(rule: ruleName, sizes: hiddenLayers)
        }
        guard batchSize > 0 else {
            throw BinaryLearnerSettingsError.notPositive(rule: ruleName, setting: "batchSize", value: Double(batchSize))
        }
        guard adam.learningRate > 0 else {
            throw BinaryLearnerSettingsError.notPositive(rule: ruleName, setting: "learningRate", value: adam.learningRate)
        }
        guard metaplasticity >= 0 else { throw BinaryLearnerSettingsError.negativeMetaplasticity(value: metaplasticity) }
        guard initialWeightScale > 0 else {
            throw BinaryLearnerSettingsError.notPositive(rule: ruleName, setting: "initialWeightScale", value: initialWeightScale)
        }
    }
}
