/// The settings of CLASSP (Ludwig 2024), with the paper's defaults.
///
/// Per weight an accumulator S starts at 0. At each step with gradient g: if `g² > τ`, then
/// `S ← S + |g|^p` and `w ← w − α·g/(ε + S)^(1/p)`; otherwise neither S nor w changes. The gate
/// keeps small gradients from moving a weight (adjustment suppression), and the growing S shrinks
/// the steps of weights that have moved much, which protects what earlier tasks learned.
/// With p = 2 and τ = 0 the rule is AdaGrad.
public struct CLASSPSettings: Codable, Equatable, Sendable {
    /// α, the step size (weight units).
    public var learningRate: Double
    /// τ, the gate on the squared gradient.
    public var threshold: Double
    /// ε, added to S before the root, so that the first step is finite.
    public var epsilon: Double
    /// p, the power of the accumulated gradient magnitudes and of the root.
    public var power: Double
    /// Behave like the authors' published code instead of the paper's equations: the gate acts on
    /// a whole tensor and passes every weight when τ < 1 (and none when τ ≥ 1), and S adds |g|
    /// whatever p is. The step is still `α·g/(ε + S)^(1/p)`.
    public var compatibilityMode: Bool

    public static let defaultLearningRate = 0.2
    public static let defaultThreshold = 0.5
    public static let defaultEpsilon = 1e-5
    public static let defaultPower = 1.0

    public init(learningRate: Double = defaultLearningRate, threshold: Double = defaultThreshold,
                epsilon: Double = defaultEpsilon, power: Double = defaultPower, compatibilityMode: Bool = false) {
        self.learningRate = learningRate
        self.threshold = threshold
        self.epsilon = epsilon
        self.power = power
        self.compatibilityMode = compatibilityMode
    }

    /// AdaGrad as the limit of CLASSP: p = 2, τ = 0, step size `learningRate`.
    public static func adaGrad(learningRate: Double, epsilon: Double = defaultEpsilon) -> CLASSPSettings {
        CLASSPSettings(learningRate: learningRate, threshold: 0, epsilon: epsilon, power: 2)
    }
}
