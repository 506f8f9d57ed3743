import Foundation

/// CLASSP's step on one tensor, with one accumulator S per parameter (see `CLASSPSettings` for
/// the rule).
///
/// On devices, S lives in digital periphery next to the array, the gate is a dead-zone on the
/// pulse request (a gated weight receives a request of 0 and so no pulse), and the scaled step
/// `−α·g/(ε + S)^(1/p)` is the request that the update scheme turns into a pulse count.
public final class CLASSPStep: ParameterStep {
    public let settings: CLASSPSettings
    public let parameterCount: Int
    /// S, one per parameter.
    public private(set) var accumulators: [Float]
    public var storedValuesPerParameter: Int { 1 }
    /// The weight change of one pulse, set for device layers; with it, the step estimates the
    /// pulses its gate saves.
    public var weightChangePerPulse: Float?
    /// The pulses the gated requests would have sent, as an estimate: each gated weight's step
    /// `α·|g|/(ε + S + |g|^p)^(1/p)` divided by `weightChangePerPulse` and rounded, whatever the
    /// device's position on its curve. 0 without `weightChangePerPulse`.
    public private(set) var estimatedSavedPulses = 0

    public init(settings: CLASSPSettings, parameterCount: Int) {
        self.settings = settings
        self.parameterCount = parameterCount
        accumulators = [Float](repeating: 0, count: parameterCount)
    }

    public func requestChanges(gradients: UnsafePointer<Float>, values: UnsafePointer<Float>,
                               changes: UnsafeMutablePointer<Float>) -> Int {
        settings.compatibilityMode
            ? compatibleChanges(gradients: gradients, changes: changes)
            : paperChanges(gradients: gradients, changes: changes)
    }

    /// Applies the rule of Ludwig's CLASSP paper (2024): a gate per weight on `g² > τ`, `S += |g|^p`.
    private func paperChanges(gradients: UnsafePointer<Float>, changes: UnsafeMutablePointer<Float>) -> Int {
        let (alpha, tau, epsilon, power) = (Float(settings.learningRate), Float(settings.threshold),
                                            Float(settings.epsilon), Float(settings.power))
        var gatedCount = 0
        accumulators.withUnsafeMutableBufferPointer { accumulator in
            for index in 0..<parameterCount {
                let g = gradients[index]
                guard g * g > tau else {
                    changes[index] = 0
                    guard g != 0 else { continue }
                    gatedCount += 1
                    if let weightChangePerPulse {
                        let skippedSum = accumulator[index] + Self.magnitudePower(abs(g), power: power)
                        let skippedStep = alpha * abs(g) / Self.root(epsilon + skippedSum, power: power)
                        estimatedSavedPulses += Int((skippedStep / weightChangePerPulse).rounded())
                    }
                    continue
                }
                accumulator[index] += Self.magnitudePower(abs(g), power: power)
                changes[index] = -alpha * g / Self.root(epsilon + accumulator[index], power: power)
            }
        }
        return gatedCount
    }

    /// Applies the rule of the authors' code: the tensor's gate passes all weights when τ < 1
    /// and none otherwise, and `S += |g|` whatever p.
    private func compatibleChanges(gradients: UnsafePointer<Float>, changes: UnsafeMutablePointer<Float>) -> Int {
        let (alpha, epsilon, power) = (Float(settings.learningRate), Float(settings.epsilon), Float(settings.power))
        guard settings.threshold < 1 else {
            var gatedCount = 0
            for index in 0..<parameterCount {
                changes[index] = 0
                gatedCount += gradients[index] != 0 ? 1 : 0
            }
            return gatedCount
        }
        accumulators.withUnsafeMutableBufferPointer { accumulator in
            for index in 0..<parameterCount {
                let g = gradients[index]
                accumulator[index] += abs(g)
                changes[index] = -alpha * g / Self.root(epsilon + accumulator[index], power: power)
            }
        }
        return 0
    }

    /// Appends S and the estimate of saved pulses.
    public func encodeState(into encoder: inout StateEncoder) {
        encoder.write(floats: accumulators)
        encoder.write(estimatedSavedPulses)
    }

    public func restoreState(from decoder: inout StateDecoder) throws {
        let restored = try decoder.readFloats("CLASSP accumulators", count: parameterCount)
        guard restored.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw StateDecoder.Failure.invalid("a CLASSP accumulator is negative or not finite")
        }
        accumulators = restored
        estimatedSavedPulses = try decoder.readInt("CLASSP estimated saved pulses", in: 0...Int.max)
    }

    /// Returns `x^p`; p = 1 and p = 2 avoid `pow`.
    @inline(__always)
    static func magnitudePower(_ x: Float, power: Float) -> Float {
        if power == 1 { return x }
        if power == 2 { return x * x }
        return pow(x, power)
    }

    /// Returns `x^(1/p)`; p = 1 and p = 2 avoid `pow`.
    @inline(__always)
    static func root(_ x: Float, power: Float) -> Float {
        if power == 1 { return x }
        if power == 2 { return x.squareRoot() }
        return pow(x, 1 / power)
    }
}
