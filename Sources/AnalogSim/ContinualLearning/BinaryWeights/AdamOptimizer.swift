import Foundation

/// Settings of the Adam optimiser (Kingma and Ba 2015).
public struct AdamSettings: Codable, Equatable, Sendable {
    /// η, the step size.
    public var learningRate: Double
    /// β₁, the decay of the first moment (the running mean of the gradient).
    public var firstMomentDecay: Double
    /// β₂, the decay of the second moment (the running mean of the squared gradient).
    public var secondMomentDecay: Double
    /// ε, added to √v̂ so that a parameter with no gradient history takes no huge step.
    public var epsilon: Double

    public init(learningRate: Double, firstMomentDecay: Double = 0.9, secondMomentDecay: Double = 0.999,
                epsilon: Double = 1e-8) {
        self.learningRate = learningRate
        self.firstMomentDecay = firstMomentDecay
        self.secondMomentDecay = secondMomentDecay
        self.epsilon = epsilon
    }
}

/// Adam's moments for one buffer of parameters, which turn gradients into proposed changes:
///
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²,   t ← t + 1
///     Δ = −η·m̂/(√v̂ + ε),      m̂ = m/(1 − β₁ᵗ),   v̂ = v/(1 − β₂ᵗ)
///
/// The optimiser proposes Δ and does not apply it, because a rule may change it first (the
/// metaplastic attenuation) and a device may realise it only approximately.
final class AdamOptimizer {
    let settings: AdamSettings
    let count: Int
    /// m, the first moment of every parameter.
    let firstMoments: UnsafeMutableBufferPointer<Float>
    /// v, the second moment of every parameter.
    let secondMoments: UnsafeMutableBufferPointer<Float>
    /// t, the number of steps taken.
    private(set) var stepCount = 0

    init(count: Int, settings: AdamSettings) {
        self.count = count
        self.settings = settings
        firstMoments = .allocate(capacity: count)
        firstMoments.initialize(repeating: 0)
        secondMoments = .allocate(capacity: count)
        secondMoments.initialize(repeating: 0)
    }

    deinit {
        firstMoments.deallocate()
        secondMoments.deallocate()
    }

    /// Updates the moments with `gradients` and writes the proposed change Δ of every parameter
    /// into `changes`.
    func step(gradients: UnsafePointer<Float>, changes: UnsafeMutablePointer<Float>) {
        stepCount += 1
        let firstDecay = Float(settings.firstMomentDecay)
        let secondDecay = Float(settings.secondMomentDecay)
        let firstCorrection = 1 - Float(Foundation.pow(settings.firstMomentDecay, Double(stepCount)))
        let secondCorrection = 1 - Float(Foundation.pow(settings.secondMomentDecay, Double(stepCount)))
        let stepSize = Float(settings.learningRate) / firstCorrection
        let epsilon = Float(settings.epsilon)

        for index in 0..<count {
            let gradient = gradients[index]
            let first = firstDecay * firstMoments[index] + (1 - firstDecay) * gradient
            let second = secondDecay * secondMoments[index] + (1 - secondDecay) * gradient * gradient
            firstMoments[index] = first
            secondMoments[index] = second
            changes[index] = -stepSize * first / ((second / secondCorrection).squareRoot() + epsilon)
        }
    }

    /// Appends m, v and t.
    func encodeState(into encoder: inout StateEncoder) {
        encoder.write(buffer: UnsafeBufferPointer(firstMoments))
        encoder.write(buffer: UnsafeBufferPointer(secondMoments))
        encoder.write(stepCount)
    }

    /// Replaces m, v and t by what `encodeState` wrote.
    func restoreState(from decoder: inout StateDecoder) throws {
        try decoder.read(into: firstMoments, "Adam first moments")
        try decoder.read(into: secondMoments, "Adam second moments")
        guard firstMoments.allSatisfy(\.isFinite), secondMoments.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw StateDecoder.Failure.invalid("an Adam moment is not finite, or a second moment is negative")
        }
        stepCount = try decoder.readInt("Adam step count", in: 0...Int.max)
    }
}
