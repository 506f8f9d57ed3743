/// Elastic weight consolidation (Kirkpatrick et al. 2017) on one tensor: SGD on the loss plus
/// the penalty `λ/2·Σ_i F_i·(w_i − w*_i)²`, whose gradient is `λ·F_i·(w_i − w*_i)`.
///
/// F is the diagonal Fisher information, estimated after each task as the mean over that task's
/// training images of the squared per-image gradient (the empirical Fisher, with the true
/// labels), and w* the values at the end of the task. Later tasks add their Fisher to F and move
/// w* to their own end, so the rule keeps two values per parameter however many tasks pass.
///
/// The requested change is `Δw = −η·g − min(η·λ·F, 1)·(w − w*)`. Without the `min`, a weight
/// whose `η·λ·F` exceeds 2 would overshoot w* further at every step and diverge; with it, the
/// penalty moves a weight at most back to w*, which is the penalty's minimum.
public final class EWCStep: ParameterStep {
    public let learningRate: Float
    /// λ, the weight of the penalty.
    public let penaltyStrength: Float
    public let parameterCount: Int
    /// F, summed over the finished tasks.
    public private(set) var fisher: [Float]
    /// w*, the values at the end of the last finished task.
    public private(set) var anchor: [Float]
    public var storedValuesPerParameter: Int { 2 }

    /// The Fisher estimate of the task under way: sums of squared gradients and their count.
    private var fisherSums: [Float]
    private var fisherSampleCount = 0

    public init(learningRate: Float, penaltyStrength: Float, parameterCount: Int) {
        self.learningRate = learningRate
        self.penaltyStrength = penaltyStrength
        self.parameterCount = parameterCount
        fisher = [Float](repeating: 0, count: parameterCount)
        anchor = [Float](repeating: 0, count: parameterCount)
        fisherSums = [Float](repeating: 0, count: parameterCount)
    }

    public func requestChanges(gradients: UnsafePointer<Float>, values: UnsafePointer<Float>,
                               changes: UnsafeMutablePointer<Float>) -> Int {
        let eta = learningRate
        let lambda = penaltyStrength
        fisher.withUnsafeBufferPointer { fisher in
            anchor.withUnsafeBufferPointer { anchor in
                for index in 0..<parameterCount {
                    let pull = min(eta * lambda * fisher[index], 1)
                    changes[index] = -eta * gradients[index] - pull * (values[index] - anchor[index])
                }
            }
        }
        return 0
    }

    /// Writes the penalty's gradient `λ·F_i·(w_i − w*_i)` for `values` into `gradients`.
    public func penaltyGradient(values: UnsafePointer<Float>, into gradients: UnsafeMutablePointer<Float>) {
        for index in 0..<parameterCount {
            gradients[index] = penaltyStrength * fisher[index] * (values[index] - anchor[index])
        }
    }

    /// Adds `sampleCount` images' summed squared gradients to the estimate of the task under way.
    public func accumulateFisher(squaredGradientSums: UnsafePointer<Float>, sampleCount: Int) {
        for index in 0..<parameterCount {
            fisherSums[index] += squaredGradientSums[index]
        }
        fisherSampleCount += sampleCount
    }

    /// Ends a task: adds its mean squared gradients to F, sets w* to `values` and clears the
    /// task's estimate.
    public func consolidate(values: UnsafePointer<Float>) {
        let scale = fisherSampleCount > 0 ? 1 / Float(fisherSampleCount) : 0
        for index in 0..<parameterCount {
            fisher[index] += fisherSums[index] * scale
            anchor[index] = values[index]
            fisherSums[index] = 0
        }
        fisherSampleCount = 0
    }

    /// Appends F, w*, and the Fisher sums and image count of the task under way.
    public func encodeState(into encoder: inout StateEncoder) {
        encoder.write(floats: fisher)
        encoder.write(floats: anchor)
        encoder.write(floats: fisherSums)
        encoder.write(fisherSampleCount)
    }

    public func restoreState(from decoder: inout StateDecoder) throws {
        let restoredFisher = try decoder.readFloats("EWC Fisher information", count: parameterCount)
        let restoredAnchor = try decoder.readFloats("EWC anchor values", count: parameterCount)
        let restoredSums = try decoder.readFloats("EWC Fisher sums", count: parameterCount)
        guard (restoredFisher + restoredAnchor + restoredSums).allSatisfy(\.isFinite) else {
            throw StateDecoder.Failure.invalid("an EWC Fisher value or anchor is not finite")
        }
        fisher = restoredFisher
        anchor = restoredAnchor
        fisherSums = restoredSums
        fisherSampleCount = try decoder.readInt("EWC Fisher image count", in: 0...Int.max)
    }
}
