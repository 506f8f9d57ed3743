import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class MetaplasticTests: XCTestCase {
    /// Cases of (hidden weight, first moment, proposed change, whether the change shrinks |W_h|).
    let attenuationCases: [(weight: Float, moment: Float, change: Float, shrinks: Bool)] = [
        (0.8, 0.2, -0.01, true),     // positive weight, step downwards
        (0.8, -0.2, 0.01, false),    // positive weight, step upwards
        (-1.5, -0.3, 0.01, true),    // negative weight, step towards 0
        (-1.5, 0.3, -0.01, false),   // negative weight, step away from 0
        (0, 0.1, -0.01, true),       // sign(0) = +1, so a downward step counts as shrinking
        (0.3, 0, 0, false),          // no moment, no change
    ]

    func testAttenuationOnlyForShrinkingSteps() {
        let metaplasticity: Float = 1.35
        var changes = attenuationCases.map(\.change)
        let weights = attenuationCases.map(\.weight)
        let moments = attenuationCases.map(\.moment)
        changes.withUnsafeMutableBufferPointer { buffer in
            MetaplasticAttenuation.apply(to: buffer.baseAddress!, hiddenWeights: weights, firstMoments: moments,
                                         metaplasticity: metaplasticity, count: weights.count)
        }
        for (index, testCase) in attenuationCases.enumerated() {
            let factor = 1 - tanhf(metaplasticity * abs(testCase.weight)) * tanhf(metaplasticity * abs(testCase.weight))
            let expected = testCase.shrinks ? testCase.change * factor : testCase.change
            XCTAssertEqual(changes[index], expected, accuracy: 1e-9, "case \(index): \(testCase)")
        }
        XCTAssertLessThan(abs(changes[2]), 0.01 * 0.1, "a large hidden weight hardly shrinks")
    }

    func testZeroMetaplasticityLeavesAdamUnchanged() {
        let original = attenuationCases.map(\.change)
        var changes = original
        changes.withUnsafeMutableBufferPointer { buffer in
            MetaplasticAttenuation.apply(to: buffer.baseAddress!, hiddenWeights: attenuationCases.map(\.weight),
                                         firstMoments: attenuationCases.map(\.moment), metaplasticity: 0, count: original.count)
        }
        XCTAssertEqual(changes, original)
    }

    /// Adam's proposed change against its equations, computed here in double precision.
    func testAdamStep() {
        let optimizer = AdamOptimizer(count: 2, settings: AdamSettings(learningRate: 0.1, secondMomentDecay: 0.99))
        var changes: [Float] = [0, 0]
        let steps: [[Float]] = [[0.5, -2], [0.1, 1]]
        var first = [0.0, 0.0]
        var second = [0.0, 0.0]
        for (stepIndex, gradients) in steps.enumerated() {
            changes.withUnsafeMutableBufferPointer { optimizer.step(gradients: gradients, changes: $0.baseAddress!) }
            let t = Double(stepIndex + 1)
            for index in 0..<2 {
                let g = Double(gradients[index])
                first[index] = 0.9 * first[index] + 0.1 * g
                second[index] = 0.99 * second[index] + 0.01 * g * g
                let expected = -0.1 * (first[index] / (1 - Foundation.pow(0.9, t)))
                    / ((second[index] / (1 - Foundation.pow(0.99, t))).squareRoot() + 1e-8)
                XCTAssertEqual(Double(changes[index]), expected, accuracy: 1e-6, "step \(stepIndex) parameter \(index)")
            }
        }
    }

    func testLearnsSyntheticTask() throws {
        let task = BinaryWeightTestTasks.synthetic()
        for settings in [MetaplasticSettings(hiddenLayers: [128]), MetaplasticSettings.binarized(hiddenLayers: [128])] {
            let learner = try MetaplasticLearner(inputCount: 64, settings: settings, seed: 3)
            BinaryWeightTestTasks.train(learner, on: [task], epochsPerTask: 8)
            XCTAssertGreaterThan(learner.testAccuracy(on: task), 0.6, settings.ruleName)
            XCTAssertNil(learner.pulseCounts)
        }
    }

    func testSameSeedSameWeights() throws {
        let task = BinaryWeightTestTasks.synthetic(trainingCount: 200, testCount: 100)
        func run(seed: UInt64) throws -> [[Float]] {
            let learner = try MetaplasticLearner(inputCount: 64, settings: MetaplasticSettings(hiddenLayers: [16]), seed: seed)
            BinaryWeightTestTasks.train(learner, on: [task], epochsPerTask: 2)
            return learner.storages.map { Array($0.values) }
        }
        let first = try run(seed: 5)
        XCTAssertEqual(try run(seed: 5), first)
        XCTAssertNotEqual(try run(seed: 6), first)
    }

    /// After a second task on reordered pixels, the metaplastic network keeps more of the first
    /// task than the binarized one.
    func testMetaplasticityKeepsMoreOfFirstTask() throws {
        let tasks = [BinaryWeightTestTasks.synthetic(),
                     BinaryWeightTestTasks.synthetic(name: "reordered", permutation: BinaryWeightTestTasks.reorderedPixels)]
        var firstTaskAccuracy: [String: Double] = [:]
        for metaplasticity in [3.0, 0] {
            let settings = MetaplasticSettings(hiddenLayers: [32], batchSize: 20, metaplasticity: metaplasticity)
            let learner = try MetaplasticLearner(inputCount: 64, settings: settings, seed: 8)
            BinaryWeightTestTasks.train(learner, on: tasks, epochsPerTask: 6)
            firstTaskAccuracy[settings.ruleName] = learner.testAccuracy(on: tasks[0])
        }
        XCTAssertGreaterThan(firstTaskAccuracy["metaplastic"]!, firstTaskAccuracy["binarized"]! + 0.05, "\(firstTaskAccuracy)")
    }

    func testGainsAndBiasesCanStayFixed() throws {
        let task = BinaryWeightTestTasks.synthetic(trainingCount: 200, testCount: 20)
        for learns in [true, false] {
            let settings = MetaplasticSettings(hiddenLayers: [16], learnsGainsAndBiases: learns)
            let learner = try MetaplasticLearner(inputCount: 64, settings: settings, seed: 2)
            BinaryWeightTestTasks.train(learner, on: [task], epochsPerTask: 1)
            let parameters = learner.layers.map { Array($0.unitParameters) }
            let initial = learner.layers.map { layer in
                (0..<(2 * layer.outputCount)).map { Float($0 < layer.outputCount ? 1 : 0) }
            }
            if learns {
                XCTAssertNotEqual(parameters, initial, "γ and b learn")
            } else {
                XCTAssertEqual(parameters, initial, "γ stays 1 and b stays 0")
            }
        }
    }

    func testRejectsNegativeMetaplasticity() {
        XCTAssertThrowsError(try MetaplasticLearner(inputCount: 4, settings: MetaplasticSettings(metaplasticity: -1), seed: 1)) { error in
            XCTAssertEqual(error as? BinaryLearnerSettingsError, .negativeMetaplasticity(value: -1))
            XCTAssertEqual((error as? UserFacingError)?.kind.exitStatus, 64)
        }
    }
}
