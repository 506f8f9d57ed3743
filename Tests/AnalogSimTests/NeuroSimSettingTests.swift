import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// The parts of NeuroSim's MNIST setting: input transform, per-layer η, quantized hidden
/// activations and the rounds schedule.
final class NeuroSimSettingTests: XCTestCase {
    /// Returns a 5×4 image whose pixel at (row, column) is `10·row + column`, to check the crop's
    /// placement, and a second image of 127s and 128s, to check the threshold's rounding.
    func knownImages() -> LabeledImages {
        let first = (0..<5).flatMap { row in (0..<4).map { column in UInt8(10 * row + column) } }
        let second = (0..<20).map { UInt8($0 % 2 == 0 ? 127 : 128) }
        return LabeledImages(rowCount: 5, columnCount: 4, pixels: first + second, labels: [3, 8])
    }

    func testCropKeepsCentralPixels() {
        let cropped = InputTransform(cropSize: 2).apply(to: knownImages())
        XCTAssertEqual(cropped.rowCount, 2)
        XCTAssertEqual(cropped.columnCount, 2)
        // Offsets (5 − 2)/2 = 1 row and (4 − 2)/2 = 1 column.
        XCTAssertEqual(Array(cropped.pixels[0..<4]), [11, 12, 21, 22])
        XCTAssertEqual(cropped.labels, [3, 8])
    }

    func testBinarizeThresholdIsInclusive() {
        let binarized = InputTransform(binarizeThreshold: 0.5).apply(to: knownImages())
        XCTAssertEqual(binarized.rowCount, 5)
        XCTAssertEqual(binarized.columnCount, 4)
        // 127/255 is below 0.5 and 128/255 above it.
        XCTAssertEqual(Array(binarized.pixels[20..<24]), [0, 255, 0, 255])
        XCTAssertTrue(binarized.pixels[0..<20].allSatisfy { $0 == 0 })
    }

    func testCropThenBinarize() {
        let transformed = InputTransform(cropSize: 2, binarizeThreshold: 0.08).apply(to: knownImages())
        // 11/255 and 12/255 are below 0.08 (20.4/255); 21 and 22 are above it.
        XCTAssertEqual(Array(transformed.pixels[0..<4]), [0, 0, 255, 255])
        XCTAssertEqual(transformed.pixels.count, 8)
    }

    func testIdentityTransformKeepsImages() {
        let images = knownImages()
        XCTAssertEqual(InputTransform().apply(to: images).pixels, images.pixels)
    }

    /// A 1-2-2 software network with set weights and no biases.
    func smallNetwork(hiddenActivationBits: Int?, learningRates: [Float]) -> MultilayerPerceptron {
        let hidden = SoftwareLayer(inputCount: 1, outputCount: 2)
        hidden.setInitialWeights([0.5, -0.5], biases: [0, 0])
        let output = SoftwareLayer(inputCount: 2, outputCount: 2)
        output.setInitialWeights([1, 2, 3, 4], biases: [0, 0])
        let network = MultilayerPerceptron(layers: [hidden, output], loss: .meanSquaredError,
                                           hiddenActivationBits: hiddenActivationBits)
        network.layerLearningRates = learningRates
        network.input[0] = 1
        return network
    }

    func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    /// One step with 1-bit hidden activations: the output layer's forward pass sees h = [1, 0],
    /// while its update and the hidden layer's δ use the analog sigmoid outputs.
    func testOneBitForwardAnalogBackward() {
        let (rate1, rate2) = (0.4, 0.2)
        let network = smallNetwork(hiddenActivationBits: 1, learningRates: [Float(rate1), Float(rate2)])
        _ = network.trainStep(label: 0)

        let analog = [sigmoid(0.5), sigmoid(-0.5)]
        let quantized = [1.0, 0.0]
        let outputs = [sigmoid(1 * quantized[0] + 2 * quantized[1]), sigmoid(3 * quantized[0] + 4 * quantized[1])]
        let outputErrors = [(outputs[0] - 1) * outputs[0] * (1 - outputs[0]), outputs[1] * outputs[1] * (1 - outputs[1])]
        let hiddenErrors = [(1 * outputErrors[0] + 3 * outputErrors[1]) * analog[0] * (1 - analog[0]),
                            (2 * outputErrors[0] + 4 * outputErrors[1]) * analog[1] * (1 - analog[1])]
        let expectedHidden = [0.5 - rate1 * hiddenErrors[0], -0.5 - rate1 * hiddenErrors[1]]
        let expectedOutput = [1 - rate2 * outputErrors[0] * analog[0], 2 - rate2 * outputErrors[0] * analog[1],
                              3 - rate2 * outputErrors[1] * analog[0], 4 - rate2 * outputErrors[1] * analog[1]]

        for (actual, expected) in zip(network.layers[0].currentWeights(), expectedHidden) {
            XCTAssertEqual(Double(actual), expected, accuracy: 1e-6)
        }
        for (actual, expected) in zip(network.layers[1].currentWeights(), expectedOutput) {
            XCTAssertEqual(Double(actual), expected, accuracy: 1e-6)
        }
        XCTAssertNotEqual(network.layers[1].currentWeights()[1], 2, "a unit that did not fire still learns from its analog value")
    }

    func testQuantizedForwardOutput() {
        let network = smallNetwork(hiddenActivationBits: 1, learningRates: [0.4, 0.2])
        _ = network.predict()
        XCTAssertEqual(Double(network.output[0]), sigmoid(1), accuracy: 1e-6)
        XCTAssertEqual(Double(network.output[1]), sigmoid(3), accuracy: 1e-6)

        let twoBits = smallNetwork(hiddenActivationBits: 2, learningRates: [0.4, 0.2])
        _ = twoBits.predict()
        // σ(0.5) = 0.62 rounds to 2/3 and σ(−0.5) = 0.38 to 1/3 on the levels 0, 1/3, 2/3, 1.
        XCTAssertEqual(Double(twoBits.output[0]), sigmoid(1 * 2.0 / 3 + 2 * 1.0 / 3), accuracy: 1e-6)
    }

    /// Each layer's change scales with its own η: the step at [0.4, 0.2] is 0.4 and 0.2 times
    /// the step at [1, 1] from the same weights.
    func testLayerLearningRatesReachTheirLayers() {
        let reference = smallNetwork(hiddenActivationBits: nil, learningRates: [1, 1])
        let scaled = smallNetwork(hiddenActivationBits: nil, learningRates: [0.4, 0.2])
        let initial = [[Float(0.5), -0.5], [1, 2, 3, 4]]
        _ = reference.trainStep(label: 1)
        _ = scaled.trainStep(label: 1)

        for (layer, rate) in [(0, Float(0.4)), (1, Float(0.2))] {
            let referenceWeights = reference.layers[layer].currentWeights()
            let scaledWeights = scaled.layers[layer].currentWeights()
            for index in 0..<initial[layer].count {
                let referenceChange = referenceWeights[index] - initial[layer][index]
                let scaledChange = scaledWeights[index] - initial[layer][index]
                XCTAssertNotEqual(referenceChange, 0, "layer \(layer) weight \(index)")
                XCTAssertEqual(scaledChange, rate * referenceChange, accuracy: 1e-6, "layer \(layer) weight \(index)")
            }
        }
    }

    func testFactorySetsLayerLearningRates() {
        var configuration = TrainingConfiguration(hiddenLayers: [4], learningRate: 0.4, rule: .software)
        XCTAssertEqual(NetworkFactory.makeNetwork(configuration: configuration, profile: nil, inputCount: 9, classCount: 10)
            .layerLearningRates, [0.4, 0.4])
        configuration.layerLearningRates = [0.4, 0.2]
        XCTAssertEqual(NetworkFactory.makeNetwork(configuration: configuration, profile: nil, inputCount: 9, classCount: 10)
            .layerLearningRates, [0.4, 0.2])
    }

    func testRoundDrawsWithReplacement() {
        let first = TrainingRun.drawRound(size: 500, trainingCount: 50, source: RandomSource(seed: 3, stream: .dataOrder))
        let second = TrainingRun.drawRound(size: 500, trainingCount: 50, source: RandomSource(seed: 3, stream: .dataOrder))
        XCTAssertEqual(first.count, 500)
        XCTAssertTrue(first.allSatisfy { (0..<50).contains($0) })
        XCTAssertEqual(first, second)
        // 500 draws from 50 images must repeat some, and with this many draws reach nearly all.
        XCTAssertGreaterThan(Set(first).count, 45)
    }

    /// The NeuroSim setting on synthetic 8×8 images: crop 6, binarise, 1-bit hidden, η per layer, rounds.
    func neuroSimConfiguration(rule: LearningRule, seed: UInt64 = 2) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(
            dataset: .mnist, hiddenLayers: [16], learningRate: 0.4, loss: .meanSquaredError, rule: rule, seed: seed)
        configuration.layerLearningRates = [0.4, 0.2]
        configuration.inputTransform = InputTransform(cropSize: 6, binarizeThreshold: 0.5)
        configuration.hiddenActivationBits = 1
        configuration.schedule = RoundSchedule(rounds: 4, roundSize: 150)
        configuration.hardware.weightMapping = .fixedReference
        configuration.hardware.pairWrites = .positiveOnly
        return configuration
    }

    final class RecordingObserver: TrainingObserver, @unchecked Sendable {
        var sampleCounts: Set<Int> = []
        var finished: [(round: Int, count: Int)] = []
        func trainingProgress(run: String, epoch: Int, samplesDone: Int, sampleCount: Int) {
            sampleCounts.insert(sampleCount)
        }
        func epochFinished(run: String, record: EpochRecord, epochCount: Int) {
            finished.append((record.epoch, epochCount))
        }
    }

    func testRoundsScheduleTestsAfterEachRound() throws {
        let data = SyntheticImages.split(trainingCount: 300, testCount: 100)
        let observer = RecordingObserver()
        let run = TrainingRun(configuration: neuroSimConfiguration(rule: .software), profile: nil,
                              training: data.training, test: data.test)
        let result = try run.run(observer: observer)

        XCTAssertEqual(run.training.pixelsPerImage, 36)
        XCTAssertEqual(result.network, [36, 16, 10])
        XCTAssertEqual(result.epochs.map(\.epoch), [1, 2, 3, 4])
        XCTAssertEqual(observer.sampleCounts, [150])
        XCTAssertEqual(observer.finished.map(\.round), [1, 2, 3, 4])
        XCTAssertTrue(observer.finished.allSatisfy { $0.count == 4 })
        XCTAssertGreaterThan(result.testAccuracy, 0.5)
    }

    func testNeuroSimSettingSameSeedSameResult() throws {
        let data = SyntheticImages.split(trainingCount: 300, testCount: 100)
        let loaded = try RepositoryPaths.profileLibrary.load("epiram")
        let profile = DeviceProfileRecord(path: loaded.path, content: loaded.profile)
        func run(seed: UInt64) throws -> TrainingResult {
            try TrainingRun(configuration: neuroSimConfiguration(rule: .bidirectional, seed: seed), profile: profile,
                            training: data.training, test: data.test).run()
        }
        let first = try run(seed: 2)
        let second = try run(seed: 2)
        let other = try run(seed: 3)

        XCTAssertEqual(first.epochs.map(\.trainLoss), second.epochs.map(\.trainLoss))
        XCTAssertEqual(first.epochs.map(\.testAccuracy), second.epochs.map(\.testAccuracy))
        XCTAssertEqual(first.pulses, second.pulses)
        XCTAssertGreaterThan(first.pulses.totalPulses, 0)
        XCTAssertNotEqual(first.epochs.map(\.trainLoss), other.epochs.map(\.trainLoss))
    }

    func testOpenLoopCountRoundsNominalSteps() {
        let steps: (potentiation: Float, depression: Float) = (2, 4)
        let cases: [(change: Float, pulses: Int)] = [
            (0.99, 0), (1, 1), (2.9, 1), (3, 2), (-1.9, 0), (-2, -1), (-5.9, -1), (-6, -2), (0, 0),
        ]
        for (change, pulses) in cases {
            XCTAssertEqual(BidirectionalUpdate.openLoopPulseCount(forChange: change, steps: steps), pulses, "change \(change)")
        }
    }

    /// The open-loop scheme trains, repeats with the seed, and sends other pulses than the
    /// closed-loop count on a nonlinear device.
    func testOpenLoopSchemeRunsAndDiffers() throws {
        let data = SyntheticImages.split(trainingCount: 300, testCount: 100)
        let loaded = try RepositoryPaths.profileLibrary.load("gst-pcm")
        let profile = DeviceProfileRecord(path: loaded.path, content: loaded.profile)
        func run(_ scheme: UpdateScheme) throws -> TrainingResult {
            var configuration = neuroSimConfiguration(rule: .bidirectional)
            configuration.hardware.scheme = scheme
            return try TrainingRun(configuration: configuration, profile: profile, training: data.training, test: data.test).run()
        }
        let first = try run(.openLoop)
        let second = try run(.openLoop)
        let closedLoop = try run(.deterministic)

        XCTAssertEqual(first.epochs.map(\.trainLoss), second.epochs.map(\.trainLoss))
        XCTAssertEqual(first.pulses, second.pulses)
        XCTAssertGreaterThan(first.pulses.totalPulses, 0)
        XCTAssertNotEqual(first.pulses, closedLoop.pulses)
        XCTAssertGreaterThan(first.testAccuracy, 0.3)
    }
}
