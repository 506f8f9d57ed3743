import Foundation

/// Settings of mean-field variational learning with binary weights (`MeanFieldBinaryLearner`).
/// The defaults are those of Li, Huang, Zou and Huang (2023) for 5-task permuted MNIST.
public struct MeanFieldBinarySettings: Codable, Equatable, Sendable {
    /// Units of each hidden layer (ReLU), from the input side.
    public var hiddenLayers: [Int]
    /// Adam on the fields θ: η = 0.01, β₁ = 0.9, β₂ = 0.99.
    public var adam: AdamSettings
    /// Images per mini-batch; the field gradient sums the cross-entropy over the batch.
    public var batchSize: Int
    /// The prior θ′ of the KL term.
    public var prior: MeanFieldPrior
    /// The evaluation `testAccuracy` reports; `accuracies(on:)` returns both.
    public var evaluation: BinaryNetworkEvaluation
    /// λ, the weight of the KL term in the gradient: `λ·β²·(1 − m²)·(θ − θ′)` per mini-batch with
    /// the streaming prior. With the frozen prior it is `λ·(B/N)·β²·(1 − m²)·(θ − θ′)`, because
    /// that KL belongs to the whole task of N images and is shared by its N/B mini-batches. λ = 1
    /// is the variational objective with the summed cross-entropy.
    public var priorWeight: Double
    /// The standard deviation of the initial fields, drawn θ ~ N(0, σ²).
    public var initialFieldDeviation: Double
    /// The inverse temperature β over the global epoch e of E in all:
    /// `β = betaScale·tanh(betaOffset + betaGrowth·(e + 1)/E)`.
    public var betaScale: Double
    public var betaOffset: Double
    public var betaGrowth: Double

    public init(hiddenLayers: [Int] = [512, 512],
                adam: AdamSettings = AdamSettings(learningRate: 0.01, secondMomentDecay: 0.99),
                batchSize: Int = 64, prior: MeanFieldPrior = .streaming, evaluation: BinaryNetworkEvaluation = .meanField,
                priorWeight: Double = 1, initialFieldDeviation: Double = 1,
                betaScale: Double = 10, betaOffset: Double = 0.1, betaGrowth: Double = 2) {
        self.hiddenLayers = hiddenLayers
        self.adam = adam
        self.batchSize = batchSize
        self.prior = prior
        self.evaluation = evaluation
        self.priorWeight = priorWeight
        self.initialFieldDeviation = initialFieldDeviation
        self.betaScale = betaScale
        self.betaOffset = betaOffset
        self.betaGrowth = betaGrowth
    }

    /// β at global epoch `epoch` of `totalEpochs`.
    public func beta(epoch: Int, totalEpochs: Int) -> Double {
        betaScale * tanh(betaOffset + betaGrowth * Double(epoch + 1) / Double(max(totalEpochs, 1)))
    }

    /// Throws when a setting cannot run.
    func validate() throws {
        let rule = "mean-field-binary"
        guard hiddenLayers.allSatisfy({ $0 > 0 }) else {
            throw BinaryLearnerSettingsError.emptyHiddenLayer(rule: rule, sizes: hiddenLayers)
        }
        guard batchSize > 0 else { throw BinaryLearnerSettingsError.notPositive(rule: rule, setting: "batchSize", value: Double(batchSize)) }
        guard adam.learningRate > 0 else {
            throw BinaryLearnerSettingsError.notPositive(rule: rule, setting: "learningRate", value: adam.learningRate)
        }
        guard betaScale > 0 else { throw BinaryLearnerSettingsError.notPositive(rule: rule, setting: "betaScale", value: betaScale) }
        guard initialFieldDeviation > 0 else {
            throw BinaryLearnerSettingsError.notPositive(rule: rule, setting: "initialFieldDeviation", value: initialFieldDeviation)
        }
    }
}

/// The prior θ′ of the mean-field rule's KL term, the posterior it keeps from the past.
public enum MeanFieldPrior: String, CaseIterable, Codable, Sendable {
    /// θ′ is θ before the present step, as in the authors' code: the KL term damps each step's
    /// change by `β²·(1 − m²)·Δθ_previous`.
    case streaming
    /// θ′ is θ at the end of the last finished task, held fixed through the next task. There is
    /// no KL term during the first task, and each mini-batch carries B/N of the task's KL term.
    case frozen
}
