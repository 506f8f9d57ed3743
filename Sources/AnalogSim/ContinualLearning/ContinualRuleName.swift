/// The learning rules of `analogsim continual`.
public enum ContinualRuleName: String, CaseIterable, Codable, Sendable {
    /// Plain SGD: `Δw = −η·g`.
    case sgd
    /// AdaGrad, as CLASSP's limit p = 2, τ = 0: `S += g²`, `Δw = −α·g/√(ε + S)`.
    case adagrad
    /// SGD with elastic weight consolidation (see `EWCStep`).
    case ewc
    /// CLASSP (see `CLASSPSettings`).
    case classp
    /// Mean-field variational learning of binary weights (Li, Huang, Zou, Huang 2023).
    case meanFieldBinary = "mean-field-binary"
    /// A binarised network with metaplastic hidden weights (Laborieux et al. 2021).
    case metaplastic
    /// A plain binarised network: metaplasticity with M = 0.
    case binarized

    /// Whether the rule's deployed weights are binary (the rules with a hidden field or weight).
    public var hasBinaryWeights: Bool {
        switch self {
        case .sgd, .adagrad, .ewc, .classp: return false
        case .meanFieldBinary, .metaplastic, .binarized: return true
        }
    }

    /// The default η (SGD, EWC) or α (AdaGrad, CLASSP). For SGD, EWC and AdaGrad it is 0.01,
    /// which learned MNIST 784-100-10 best at batch size 1 among 0.01, 0.05 and 0.1 (one epoch
    /// of 10 000 images, seed 1); CLASSP keeps the paper's α.
    public var defaultLearningRate: Double {
        switch self {
        case .sgd, .ewc, .adagrad: return 0.01
        case .classp: return CLASSPSettings.defaultLearningRate
        case .meanFieldBinary: return MeanFieldBinarySettings().adam.learningRate
        case .metaplastic, .binarized: return MetaplasticSettings().adam.learningRate
        }
    }

    /// Values a binary-weight rule keeps per weight besides the deployed ±1: the hidden value (θ or
    /// W_h) and Adam's two moments. Nil for the gradient rules, whose count depends on the step.
    public var binaryRuleStoredValuesPerWeight: Int? {
        hasBinaryWeights ? 3 : nil
    }

    /// The default images per step: 1 for the gradient rules (online learning), the binary-weight
    /// learners' own mini-batches otherwise.
    public var defaultBatchSize: Int {
        switch self {
        case .sgd, .adagrad, .ewc, .classp: return ContinualConfiguration.defaultBatchSize
        case .meanFieldBinary: return MeanFieldBinarySettings().batchSize
        case .metaplastic, .binarized: return MetaplasticSettings().batchSize
        }
    }

    /// The default hidden layers: 784-100-10 for the gradient rules, 784-512-512-10 for the
    /// binary-weight rules, as their papers use.
    public var defaultHiddenLayers: [Int] {
        switch self {
        case .sgd, .adagrad, .ewc, .classp: return ContinualConfiguration.defaultHiddenLayers
        case .meanFieldBinary: return MeanFieldBinarySettings().hiddenLayers
        case .metaplastic, .binarized: return MetaplasticSettings().hiddenLayers
        }
    }
}
