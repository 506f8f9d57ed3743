/// Plain stochastic gradient descent: `Δw = −η·g`, with no state.
public final class SGDStep: ParameterStep {
    public let learningRate: Float
    public let parameterCount: Int
    public var storedValuesPerParameter: Int { 0 }

    public init(learningRate: Float, parameterCount: Int) {
        self.learningRate = learningRate
        self.parameterCount = parameterCount
    }

    public func requestChanges(gradients: UnsafePointer<Float>, values: UnsafePointer<Float>,
                               changes: UnsafeMutablePointer<Float>) -> Int {
        for index in 0..<parameterCount {
            changes[index] = -learningRate * gradients[index]
        }
        return 0
    }
}
