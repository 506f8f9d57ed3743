import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class MeanFieldBinaryTests: XCTestCase {
    let sizes = [5, 4, 3, 3]

    /// Fields, inputs, labels and noise of a small network, drawn from `seed`.
    func smallProblem(seed: UInt64 = 3, batch: Int = 3)
        -> (fields: [[Double]], inputs: [[Double]], labels: [Int], noise: [[[Double]]]) {
        var generator = SplitMix64(state: seed)
        func normal() -> Double {
            let u = max(generator.nextFraction(), 1e-12)
            return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * generator.nextFraction())
        }
        let fields = (0..<(sizes.count - 1)).map { layer in (0..<(sizes[layer] * sizes[layer + 1])).map { _ in normal() } }
        let inputs = (0..<batch).map { _ in (0..<sizes[0]).map { _ in generator.nextFraction() } }
        let labels = (0..<batch).map { _ in Int(generator.next() % UInt64(sizes.last!)) }
        let noise = (0..<(sizes.count - 1)).map { layer in (0..<batch).map { _ in (0..<sizes[layer + 1]).map { _ in normal() } } }
        return (fields, inputs, labels, noise)
    }

    func testFieldGradientMatchesFiniteDifferences() {
        let problem = smallProblem()
        let beta = 1.7
        let gradients = MeanFieldReference.fieldGradients(fields: problem.fields, sizes: sizes, beta: beta, inputs: problem.inputs,
                                                          labels: problem.labels, noise: problem.noise)
        let step = 1e-5
        var checked = 0
        for layer in 0..<problem.fields.count {
            for index in 0..<problem.fields[layer].count {
                var up = problem.fields
                up[layer][index] += step
                var down = problem.fields
                down[layer][index] -= step
                let lossUp = MeanFieldReference.loss(fields: up, sizes: sizes, beta: beta, inputs: problem.inputs,
                                                     labels: problem.labels, noise: problem.noise)
                let lossDown = MeanFieldReference.loss(fields: down, sizes: sizes, beta: beta, inputs: problem.inputs,
                                                       labels: problem.labels, noise: problem.noise)
                let finiteDifference = (lossUp - lossDown) / (2 * step)
                let analytic = gradients[layer][index]
                let scale = max(abs(analytic), abs(finiteDifference), 1e-3)
                XCTAssertLessThanOrEqual(abs(finiteDifference - analytic) / scale, 1e-5,
                                         "layer \(layer) weight \(index): analytic \(analytic), finite difference \(finiteDifference)")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 5 * 4 + 4 * 3 + 3 * 3)
        XCTAssertGreaterThan(gradients.flatMap { $0 }.map(abs).max()!, 1e-2, "the check must see non-trivial gradients")
    }

    /// The single-precision BLAS kernels of `MeanFieldLayer` against the double reference, with the
    /// noise the kernels drew.
    func testLayerKernelsMatchReference() {
        let problem = smallProblem(seed: 11, batch: 4)
        let beta: Float = 1.3
        let layers = (0..<(sizes.count - 1)).map { MeanFieldLayer(inputCount: sizes[$0], outputCount: sizes[$0 + 1], batchCapacity: 4) }
        let noiseSource = RandomSource(seed: 5, stream: .preactivationNoise)
        let inputRows = problem.inputs.flatMap { $0.map(Float.init) }
        var gradients = layers.map { [Float](repeating: 0, count: $0.inputCount * $0.outputCount) }

        inputRows.withUnsafeBufferPointer { inputs in
            for (index, layer) in layers.enumerated() {
                problem.fields[index].map(Float.init).withUnsafeBufferPointer { layer.setFields($0.baseAddress!, beta: beta) }
                let layerInputs = index == 0 ? inputs.baseAddress! : UnsafePointer(layers[index - 1].activations)
                layer.forward(inputs: layerInputs, count: 4, noiseSource: noiseSource, isOutput: index == layers.count - 1)
            }
            let output = layers.last!
            for sample in 0..<4 {
                for unit in 0..<output.outputCount {
                    let index = sample * output.outputCount + unit
                    output.errors[index] = output.activations[index] - (unit == problem.labels[sample] ? 1 : 0)
                }
            }
            for index in stride(from: layers.count - 1, through: 0, by: -1) {
                let below = index > 0 ? layers[index - 1] : nil
                gradients[index].withUnsafeMutableBufferPointer { buffer in
                    layers[index].backward(inputs: below.map { UnsafePointer($0.activations) } ?? inputs.baseAddress!, count: 4,
                                           beta: beta, gradients: buffer.baseAddress!, inputErrors: below?.errors,
                                           inputPreactivations: below.map { UnsafePointer($0.preactivations) })
                }
            }
        }

        let drawnNoise = layers.map { layer in
            (0..<4).map { sample in (0..<layer.outputCount).map { Double(layer.noise[sample * layer.outputCount + $0]) } }
        }
        let reference = MeanFieldReference.fieldGradients(fields: problem.fields, sizes: sizes, beta: Double(beta),
                                                          inputs: problem.inputs, labels: problem.labels, noise: drawnNoise)
        for layer in 0..<reference.count {
            for index in 0..<reference[layer].count {
                XCTAssertEqual(Double(gradients[layer][index]), reference[layer][index], accuracy: 1e-4 * max(1, abs(reference[layer][index])),
                               "layer \(layer) weight \(index)")
            }
        }
        XCTAssertTrue(drawnNoise.flatMap { $0.flatMap { $0 } }.contains { $0 != 0 }, "training draws noise")
    }

    func testKLGradientFormula() {
        let fields: [Float] = [-1.2, -0.3, 0, 0.05, 0.8, 2.0]
        let priors: [Float] = [-1.0, 0.4, 0.2, 0.05, -0.5, 1.5]
        let beta: Float = 2.5
        let weight: Float = 0.7
        let variances = fields.map { 1 - tanhf(beta * $0) * tanhf(beta * $0) }
        var gradients: [Float] = [0.1, -0.2, 0.3, 0, 0, 1]
        let before = gradients
        gradients.withUnsafeMutableBufferPointer { buffer in
            MeanFieldBinaryLearner.addKLGradient(to: buffer.baseAddress!, fields: fields, priorFields: priors, variances: variances,
                                                 beta: beta, weight: weight, count: fields.count)
        }

        for index in 0..<fields.count {
            let expected = weight * beta * beta * variances[index] * (fields[index] - priors[index])
            XCTAssertEqual(gradients[index] - before[index], expected, accuracy: 1e-6, "weight \(index)")

            // The same term is the derivative of the binary KL divergence.
            let step = 1e-6
            let field = Double(fields[index])
            let prior = Double(priors[index])
            let derivative = (MeanFieldReference.klDivergence(field: field + step, priorField: prior, beta: Double(beta))
                - MeanFieldReference.klDivergence(field: field - step, priorField: prior, beta: Double(beta))) / (2 * step)
            XCTAssertEqual(Double(gradients[index] - before[index]), Double(weight) * derivative, accuracy: 1e-4, "weight \(index) KL")
        }
        XCTAssertEqual(gradients[3], before[3], "θ = θ′ adds nothing")
    }

    func testStreamingPriorIsPreviousStep() throws {
        // 40 images in one batch of 64: one step per epoch.
        let task = BinaryWeightTestTasks.synthetic(trainingCount: 40, testCount: 20)
        let learner = try MeanFieldBinaryLearner(inputCount: 64, settings: MeanFieldBinarySettings(hiddenLayers: [8]), seed: 4)
        learner.beginTask(task, taskIndex: 0)
        XCTAssertFalse(learner.hasPrior)
        learner.trainEpoch(on: task, globalEpoch: 0, totalEpochs: 4)
        let afterFirst = learner.storages.map { Array($0.values) }
        learner.trainEpoch(on: task, globalEpoch: 1, totalEpochs: 4)
        XCTAssertTrue(learner.hasPrior)
        for layer in 0..<afterFirst.count {
            XCTAssertEqual(Array(learner.priorFields[layer]), afterFirst[layer], "layer \(layer): θ′ is θ before the step")
            XCTAssertNotEqual(Array(learner.storages[layer].values), afterFirst[layer], "layer \(layer) moved")
        }
    }

    func testFrozenPriorHoldsTaskEnd() throws {
        let task = BinaryWeightTestTasks.synthetic(trainingCount: 100, testCount: 20)
        let settings = MeanFieldBinarySettings(hiddenLayers: [8], prior: .frozen)
        let learner = try MeanFieldBinaryLearner(inputCount: 64, settings: settings, seed: 4)
        learner.beginTask(task, taskIndex: 0)
        learner.trainEpoch(on: task, globalEpoch: 0, totalEpochs: 2)
        XCTAssertFalse(learner.hasPrior, "no prior during the first task")
        learner.endTask(task, taskIndex: 0)
        let atTaskEnd = learner.storages.map { Array($0.values) }
        XCTAssertTrue(learner.hasPrior)

        learner.beginTask(task, taskIndex: 1)
        learner.trainEpoch(on: task, globalEpoch: 1, totalEpochs: 2)
        for layer in 0..<atTaskEnd.count {
            XCTAssertEqual(Array(learner.priorFields[layer]), atTaskEnd[layer], "layer \(layer): θ′ stays at the task's end")
            XCTAssertNotEqual(Array(learner.storages[layer].values), atTaskEnd[layer], "layer \(layer) moved")
        }
    }

    func testKLWeightPerPrior() throws {
        let task = BinaryWeightTestTasks.synthetic(trainingCount: 256, testCount: 20)
        for prior in MeanFieldPrior.allCases {
            let settings = MeanFieldBinarySettings(hiddenLayers: [4], prior: prior, priorWeight: 0.5)
            let learner = try MeanFieldBinaryLearner(inputCount: 64, settings: settings, seed: 1)
            learner.trainEpoch(on: task, globalEpoch: 0, totalEpochs: 1)
            let expected: Float = prior == .streaming ? 0.5 : 0.5 * 64 / 256
            XCTAssertEqual(learner.klScale, expected, prior.rawValue)
        }
    }

    /// With the KL term weighted 0 the two priors are the same rule, so the prior is their only difference.
    func testPriorsAgreeWithoutKLTerm() throws {
        let tasks = [BinaryWeightTestTasks.synthetic(trainingCount: 200, testCount: 20),
                     BinaryWeightTestTasks.synthetic(trainingCount: 200, testCount: 20, permutation: BinaryWeightTestTasks.reorderedPixels)]
        var fields: [[[Float]]] = []
        for prior in MeanFieldPrior.allCases {
            let settings = MeanFieldBinarySettings(hiddenLayers: [8], prior: prior, priorWeight: 0)
            let learner = try MeanFieldBinaryLearner(inputCount: 64, settings: settings, seed: 9)
            BinaryWeightTestTasks.train(learner, on: tasks, epochsPerTask: 1)
            fields.append(learner.storages.map { Array($0.values) })
        }
        XCTAssertEqual(fields[0], fields[1])

        let weighted = try MeanFieldBinaryLearner(inputCount: 64, settings: MeanFieldBinarySettings(hiddenLayers: [8], prior: .frozen), seed: 9)
        BinaryWeightTestTasks.train(weighted, on: tasks, epochsPerTask: 1)
        XCTAssertNotEqual(weighted.storages.map { Array($0.values) }, fields[1], "the frozen prior acts in the second task")
    }

    func testSameSeedSameFields() throws {
        let task = BinaryWeightTestTasks.synthetic(trainingCount: 200, testCount: 100)
        func run(seed: UInt64) throws -> ([[Float]], Double) {
            let learner = try MeanFieldBinaryLearner(inputCount: 64, settings: MeanFieldBinarySettings(hiddenLayers: [16]), seed: seed)
            BinaryWeightTestTasks.train(learner, on: [task], epochsPerTask: 2)
            return (learner.storages.map { Array($0.values) }, learner.testAccuracy(on: task))
        }
        let first = try run(seed: 21)
        let second = try run(seed: 21)
        XCTAssertEqual(first.0, second.0)
        XCTAssertEqual(first.1, second.1)
        XCTAssertNotEqual(try run(seed: 22).0, first.0)
    }

    func testLearnsSyntheticTask() throws {
        let task = BinaryWeightTestTasks.synthetic()
        let learner = try MeanFieldBinaryLearner(inputCount: 64, settings: MeanFieldBinarySettings(hiddenLayers: [64]), seed: 2)
        let before = learner.accuracies(on: task)
        BinaryWeightTestTasks.train(learner, on: [task], epochsPerTask: 8)
        let after = learner.accuracies(on: task)
        XCTAssertGreaterThan(after.meanField, 0.7, "before training \(before.meanField)")
        XCTAssertGreaterThan(after.binary, 0.6, "before training \(before.binary)")
        XCTAssertEqual(learner.testAccuracy(on: task), after.meanField, "testAccuracy follows the evaluation setting")
        XCTAssertNil(learner.pulseCounts)
    }

    func testBetaSchedule() {
        let settings = MeanFieldBinarySettings()
        XCTAssertEqual(settings.beta(epoch: 0, totalEpochs: 25), 10 * Foundation.tanh(0.1 + 2.0 / 25), accuracy: 1e-12)
        XCTAssertEqual(settings.beta(epoch: 24, totalEpochs: 25), 10 * Foundation.tanh(2.1), accuracy: 1e-12)
    }

    func testRejectsInvalidSettings() {
        XCTAssertThrowsError(try MeanFieldBinaryLearner(inputCount: 4, settings: MeanFieldBinarySettings(hiddenLayers: [0]), seed: 1)) { error in
            XCTAssertEqual(error as? BinaryLearnerSettingsError, .emptyHiddenLayer(rule: "mean-field-binary", sizes: [0]))
        }
        XCTAssertThrowsError(try MeanFieldBinaryLearner(inputCount: 4, settings: MeanFieldBinarySettings(batchSize: 0), seed: 1))
    }
}
