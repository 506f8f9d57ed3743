import XCTest
import AnalogSim
import AnalogSimTestSupport

final class CLASSPStepTests: XCTestCase {
    /// Gradients in [−2, 2) from a fixed generator.
    func randomGradients(count: Int, generator: inout SplitMix64) -> [Float] {
        (0..<count).map { _ in Float(generator.nextFraction() * 4 - 2) }
    }

    /// Applies `steps` steps of random gradients to `weights` and returns the trajectory.
    func trajectory(_ step: CLASSPStep, weights initial: [Float], steps: Int, seed: UInt64) -> [[Float]] {
        var generator = SplitMix64(state: seed)
        var weights = initial
        var changes = [Float](repeating: 0, count: weights.count)
        var trajectory: [[Float]] = []
        for _ in 0..<steps {
            let gradients = randomGradients(count: weights.count, generator: &generator)
            _ = step.requestChanges(gradients: gradients, values: weights, changes: &changes)
            for index in weights.indices {
                weights[index] += changes[index]
            }
            trajectory.append(weights)
        }
        return trajectory
    }

    func testGatedWeightsAndAccumulatorsUnchanged() {
        let step = CLASSPStep(settings: CLASSPSettings(), parameterCount: 6)
        var changes = [Float](repeating: 0, count: 6)
        let weights: [Float] = [0.1, -0.2, 0.3, 0.4, -0.5, 0.6]
        _ = step.requestChanges(gradients: [1.5, -2, 1, -1.2, 0.9, 3], values: weights, changes: &changes)
        let accumulatorsBefore = step.accumulators

        // g² of 0.7071² ≈ 0.49999, 0.49, 0 and 0.09 is at most τ = 0.5; −0.8 and 1.1 pass.
        let gradients: [Float] = [0.7071, -0.7, 0, 0.3, -0.8, 1.1]
        let gated = step.requestChanges(gradients: gradients, values: weights, changes: &changes)

        for index in [0, 1, 2, 3] {
            XCTAssertLessThanOrEqual(gradients[index] * gradients[index], 0.5)
            XCTAssertEqual(changes[index].bitPattern, Float(0).bitPattern, "weight \(index) moved")
            XCTAssertEqual(step.accumulators[index].bitPattern, accumulatorsBefore[index].bitPattern, "accumulator \(index) changed")
        }
        for index in [4, 5] {
            XCTAssertNotEqual(changes[index], 0)
            XCTAssertEqual(step.accumulators[index], accumulatorsBefore[index] + abs(gradients[index]), accuracy: 1e-6)
        }
        XCTAssertEqual(gated, 3, "three gated weights had a non-zero gradient")
    }

    func testSavedPulsesEstimateFromGatedStep() {
        let step = CLASSPStep(settings: CLASSPSettings(), parameterCount: 2)
        step.weightChangePerPulse = 0.01
        var changes: [Float] = [0, 0]
        // Weight 0 passes; weight 1 (g 0.5, S 0) would have stepped 0.2·0.5/(1e−5 + 0.5) ≈ 0.2: 20 pulses.
        _ = step.requestChanges(gradients: [1, 0.5], values: [0, 0], changes: &changes)
        XCTAssertEqual(step.estimatedSavedPulses, 20)
        XCTAssertEqual(changes[1], 0)
    }

    func testPaperStepForPowerOne() {
        let settings = CLASSPSettings(learningRate: 0.2, threshold: 0.5, epsilon: 1e-5, power: 1)
        let step = CLASSPStep(settings: settings, parameterCount: 1)
        var changes: [Float] = [0]
        _ = step.requestChanges(gradients: [2], values: [0], changes: &changes)
        XCTAssertEqual(changes[0], -0.2 * 2 / (1e-5 + 2), accuracy: 1e-7)
        _ = step.requestChanges(gradients: [-1], values: [0], changes: &changes)
        XCTAssertEqual(changes[0], 0.2 * 1 / (1e-5 + 3), accuracy: 1e-7)
    }

    func testPowerTwoWithoutGateIsAdaGrad() {
        let (alpha, epsilon): (Float, Float) = (0.05, 1e-5)
        let settings = CLASSPSettings(learningRate: Double(alpha), threshold: 0, epsilon: Double(epsilon), power: 2)
        let initial: [Float] = (0..<32).map { Float($0) / 32 - 0.5 }
        let classp = trajectory(CLASSPStep(settings: settings, parameterCount: initial.count), weights: initial, steps: 40, seed: 3)

        // AdaGrad written out: G += g², w −= α·g/√(ε + G).
        var generator = SplitMix64(state: 3)
        var weights = initial
        var sums = [Float](repeating: 0, count: initial.count)
        for stepIndex in 0..<40 {
            let gradients = randomGradients(count: weights.count, generator: &generator)
            for index in weights.indices {
                sums[index] += gradients[index] * gradients[index]
                weights[index] -= alpha * gradients[index] / (epsilon + sums[index]).squareRoot()
            }
            for index in weights.indices {
                XCTAssertEqual(classp[stepIndex][index], weights[index], accuracy: 1e-6, "step \(stepIndex), weight \(index)")
            }
        }
    }

    func testAdaGradSettingsAreTheLimit() {
        let settings = CLASSPSettings.adaGrad(learningRate: 0.05)
        XCTAssertEqual(settings.power, 2)
        XCTAssertEqual(settings.threshold, 0)
        XCTAssertFalse(settings.compatibilityMode)
    }

    func testCompatibilityIgnoresThresholdBelowOne() {
        let initial: [Float] = (0..<16).map { Float($0) / 16 }
        let runs = [0, 0.99].map { threshold in
            trajectory(CLASSPStep(settings: CLASSPSettings(threshold: threshold, compatibilityMode: true), parameterCount: 16),
                       weights: initial, steps: 30, seed: 11)
        }
        for (step, (first, second)) in zip(runs[0], runs[1]).enumerated() {
            XCTAssertEqual(first.map(\.bitPattern), second.map(\.bitPattern), "trajectories differ at step \(step)")
        }
        let paper = trajectory(CLASSPStep(settings: CLASSPSettings(threshold: 0.99), parameterCount: 16),
                               weights: initial, steps: 30, seed: 11)
        XCTAssertNotEqual(paper.last, runs[1].last, "the paper's gate at τ 0.99 should hold some weights back")
    }

    func testCompatibilityAccumulatesMagnitudeWhateverPower() {
        let step = CLASSPStep(settings: CLASSPSettings(power: 2, compatibilityMode: true), parameterCount: 1)
        var changes: [Float] = [0]
        _ = step.requestChanges(gradients: [0.5], values: [0], changes: &changes)
        XCTAssertEqual(step.accumulators[0], 0.5)
        XCTAssertEqual(changes[0], -0.2 * 0.5 / (1e-5 + 0.5).squareRoot(), accuracy: 1e-7)
    }

    func testCompatibilityGateClosedFromOne() {
        let step = CLASSPStep(settings: CLASSPSettings(threshold: 1, compatibilityMode: true), parameterCount: 3)
        var changes: [Float] = [1, 1, 1]
        let gated = step.requestChanges(gradients: [5, 0, -3], values: [0, 0, 0], changes: &changes)
        XCTAssertEqual(changes, [0, 0, 0])
        XCTAssertEqual(step.accumulators, [0, 0, 0])
        XCTAssertEqual(gated, 2)
    }
}
