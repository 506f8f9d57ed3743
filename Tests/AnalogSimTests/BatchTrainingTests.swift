import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class BatchTrainingTests: XCTestCase {
    static func randomRows(_ count: Int, _ width: Int, seed: UInt64, zeroFraction: Double = 0) -> [Float] {
        var generator = SplitMix64(state: seed)
        return (0..<(count * width)).map { _ in
            generator.nextFraction() < zeroFraction ? 0 : Float(2 * generator.nextFraction() - 1)
        }
    }

    /// The batch passes of a software layer agree with plain loops over the samples.
    func testSoftwareBatchPassesMatchLoops() {
        let (inputCount, outputCount, count) = (7, 5, 4)
        let weights = Self.randomRows(outputCount, inputCount, seed: 1)
        let inputs = Self.randomRows(count, inputCount, seed: 2, zeroFraction: 0.3)
        let errors = Self.randomRows(count, outputCount, seed: 3)
        let layer = SoftwareLayer(inputCount: inputCount, outputCount: outputCount)
        layer.setInitialWeights(weights, biases: [Float](repeating: 0, count: outputCount))

        var outputs = [Float](repeating: 0, count: count * outputCount)
        layer.forwardBatch(inputs: inputs, count: count, outputs: &outputs)
        var inputErrors = [Float](repeating: 0, count: count * inputCount)
        layer.backwardBatch(errors: errors, count: count, inputErrors: &inputErrors)
        for sample in 0..<count {
            for row in 0..<outputCount {
                let expected = (0..<inputCount).reduce(Float(0)) { $0 + weights[row * inputCount + $1] * inputs[sample * inputCount + $1] }
                XCTAssertEqual(outputs[sample * outputCount + row], expected, accuracy: 1e-5)
            }
            for column in 0..<inputCount {
                let expected = (0..<outputCount).reduce(Float(0)) { $0 + weights[$1 * inputCount + column] * errors[sample * outputCount + $1] }
                XCTAssertEqual(inputErrors[sample * inputCount + column], expected, accuracy: 1e-5)
            }
        }

        let learningRate: Float = 0.3
        layer.updateBatch(inputs: inputs, errors: errors, count: count, learningRate: learningRate)
        let updated = layer.currentWeights()
        for row in 0..<outputCount {
            for column in 0..<inputCount {
                let gradient = (0..<count).reduce(Float(0)) { $0 + errors[$1 * outputCount + row] * inputs[$1 * inputCount + column] }
                XCTAssertEqual(updated[row * inputCount + column], weights[row * inputCount + column] - learningRate / Float(count) * gradient,
                               accuracy: 1e-5)
            }
        }
    }

    /// A device layer reads the same matrix for a batch as for single samples.
    func testDeviceBatchForwardMatchesSingleSamples() throws {
        let configuration = TrainingConfiguration(hiddenLayers: [6], rule: .unidirectional)
        let profile = try RepositoryPaths.profileLibrary.load("ag-a-si").profile
        let network = NetworkFactory.makeNetwork(configuration: configuration, profile: profile, inputCount: 9, classCount: 10)
        let layer = network.layers[0]
        let inputs = Self.randomRows(3, 9, seed: 4)
        var batchOutputs = [Float](repeating: 0, count: 3 * 6)
        layer.forwardBatch(inputs: inputs, count: 3, outputs: &batchOutputs)
        for sample in 0..<3 {
            var single = [Float](repeating: 0, count: 6)
            // Every input is passed as active, so the forward pass is the dense BLAS product.
            let allIndices = (0..<9).map(Int32.init)
            Array(inputs[(sample * 9)..<((sample + 1) * 9)]).withUnsafeBufferPointer { input in
                allIndices.withUnsafeBufferPointer { active in
                    layer.forward(input: input.baseAddress!, activeIndices: active, output: &single)
                }
            }
            for row in 0..<6 {
                XCTAssertEqual(batchOutputs[sample * 6 + row], single[row], accuracy: 1e-5)
            }
        }
    }

    /// On an ideal linear device (1024 levels, no noise) one accumulated write moves every weight
    /// by its requested change to within half a step, with either rule.
    func testAccumulatedWriteReachesRequest() throws {
        let profile = try RepositoryPaths.profileLibrary.load("ideal-linear").profile
        guard case .pulsePosition(let parameters) = profile.parameters else { return XCTFail("ideal-linear is a pulse-position profile") }
        for rule in [LearningRule.bidirectional, .unidirectional] {
            let configuration = TrainingConfiguration(hiddenLayers: [4], rule: rule)
            let network = NetworkFactory.makeNetwork(configuration: configuration, profile: profile, inputCount: 12, classCount: 10)
            guard let layer = network.layers[0] as? DeviceLayer<PulsePositionDevices> else { return XCTFail("not a device layer") }
            let before = layer.currentWeights()
            let inputs = Self.randomRows(5, 12, seed: 6)
            let errors = Self.randomRows(5, 4, seed: 7)
            let learningRate: Float = 0.5
            layer.updateBatch(inputs: inputs, errors: errors, count: 5, learningRate: learningRate)

            let after = layer.currentWeights()
            let pairSteps: Float = rule == .bidirectional ? 2 : 1
            let step = pairSteps * Float(parameters.maximumConductance - parameters.minimumConductance) / Float(parameters.potentiation.levels)
                * layer.crossbar.weightPerConductance
            var moved = 0
            for row in 0..<4 {
                for column in 0..<12 {
                    let gradient = (0..<5).reduce(Float(0)) { $0 + errors[$1 * 4 + row] * inputs[$1 * 12 + column] }
                    let requested = -learningRate / 5 * gradient
                    let change = after[row * 12 + column] - before[row * 12 + column]
                    XCTAssertLessThanOrEqual(abs(change - requested), 0.5 * step * 1.001, "\(rule) synapse \(row),\(column)")
                    moved += change != 0 ? 1 : 0
                }
            }
            XCTAssertGreaterThan(moved, 24, "\(rule): most requests exceed half a step")
        }
    }

    /// Mini-batches learn the synthetic set with every rule and update scheme.
    func testBatchesLearnSyntheticImages() throws {
        let data = SyntheticImages.split()
        let idealLinear = try RepositoryPaths.profileLibrary.load("ideal-linear")
        let record = DeviceProfileRecord(path: idealLinear.path, content: idealLinear.profile)
        let cases: [(LearningRule, UpdateScheme)] = [(.software, .deterministic), (.bidirectional, .deterministic),
                                                     (.unidirectional, .deterministic), (.bidirectional, .stochastic),
                                                     (.unidirectional, .expected)]
        for (rule, scheme) in cases {
            var configuration = TrainingConfiguration(hiddenLayers: [32], epochs: 3, batchSize: 8, learningRate: 2,
                                                      loss: .crossEntropy, rule: rule)
            configuration.dataset = data.dataset
            configuration.hardware.scheme = scheme
            let result = try TrainingRun(configuration: configuration, profile: rule.usesDevices ? record : nil,
                                         training: data.training, test: data.test).run()
            XCTAssertGreaterThan(result.testAccuracy, 0.8, "\(rule) \(scheme)")
        }
    }

    /// A batch of one copy of a sample takes the same step as online learning on that sample.
    func testSingleSampleBatchMatchesOnlineStep() {
        let configuration = TrainingConfiguration(hiddenLayers: [8], rule: .software)
        let online = NetworkFactory.makeNetwork(configuration: configuration, profile: nil, inputCount: 10, classCount: 10)
        let batched = NetworkFactory.makeNetwork(configuration: configuration, profile: nil, inputCount: 10, classCount: 10)
        batched.prepareBatch(capacity: 4)
        let input = Self.randomRows(1, 10, seed: 8).map(abs)
        for index in 0..<10 {
            online.input[index] = input[index]
            batched.batchInput(sample: 0)[index] = input[index]
        }
        let onlineOutcome = online.trainStep(label: 3)
        let batchOutcome = batched.trainBatch(labels: [3])
        XCTAssertEqual(onlineOutcome.loss, batchOutcome.lossSum, accuracy: 1e-5)
        for (onlineLayer, batchLayer) in zip(online.layers, batched.layers) {
            for (a, b) in zip(onlineLayer.currentWeights(), batchLayer.currentWeights()) {
                XCTAssertEqual(a, b, accuracy: 1e-6)
            }
        }
    }
}
