import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class TrainingRunTests: XCTestCase {
    func agASi() throws -> DeviceProfileRecord {
        let loaded = try RepositoryPaths.profileLibrary.load("ag-a-si")
        return DeviceProfileRecord(path: loaded.path, content: loaded.profile)
    }

    func idealLinear() throws -> DeviceProfileRecord {
        let loaded = try RepositoryPaths.profileLibrary.load("ideal-linear")
        return DeviceProfileRecord(path: loaded.path, content: loaded.profile)
    }

    func run(_ rule: LearningRule, profile: DeviceProfileRecord?, data: DatasetSplit, seed: UInt64 = 1,
             epochs: Int = 3, hidden: [Int] = [32]) throws -> TrainingResult {
        var configuration = TrainingConfiguration(hiddenLayers: hidden, epochs: epochs, rule: rule, seed: seed)
        configuration.dataset = data.dataset
        return try TrainingRun(configuration: configuration, profile: rule.usesDevices ? profile : nil,
                               training: data.training, test: data.test).run()
    }

    /// On the synthetic set every rule learns far above chance (10 %).
    func testEveryRuleLearnsSyntheticImages() throws {
        let data = SyntheticImages.split()
        let software = try run(.software, profile: nil, data: data)
        XCTAssertGreaterThan(software.testAccuracy, 0.9)
        XCTAssertEqual(software.pulses.totalPulses, 0)
        for rule in [LearningRule.bidirectional, .unidirectional] {
            let result = try run(rule, profile: try idealLinear(), data: data)
            XCTAssertGreaterThan(result.testAccuracy, 0.8, rule.rawValue)
            XCTAssertGreaterThan(result.pulses.totalPulses, 0, rule.rawValue)
        }
        let unidirectional = try run(.unidirectional, profile: try agASi(), data: data)
        XCTAssertGreaterThan(unidirectional.testAccuracy, 0.5)
        XCTAssertEqual(unidirectional.pulses.depressionPulses, 0)
    }

    /// Every rule starts from the same weights: before any update the networks agree.
    func testRulesShareInitialWeights() throws {
        var configuration = TrainingConfiguration(hiddenLayers: [16], rule: .software, seed: 9)
        let software = NetworkFactory.makeNetwork(configuration: configuration, profile: nil, inputCount: 64, classCount: 10)
        configuration.rule = .unidirectional
        let device = NetworkFactory.makeNetwork(configuration: configuration, profile: try agASi().content, inputCount: 64, classCount: 10)
        for (softwareLayer, deviceLayer) in zip(software.layers, device.layers) {
            let expected = softwareLayer.currentWeights()
            let programmed = deviceLayer.currentWeights()
            XCTAssertEqual(expected.count, programmed.count)
            for (a, b) in zip(expected, programmed) {
                XCTAssertEqual(a, b, accuracy: 1e-5)
            }
        }
    }

    func testSameSeedSameResultOtherSeedDifferent() throws {
        let data = SyntheticImages.split(trainingCount: 200, testCount: 100)
        let first = try run(.unidirectional, profile: try agASi(), data: data, seed: 4, epochs: 2)
        let second = try run(.unidirectional, profile: try agASi(), data: data, seed: 4, epochs: 2)
        let other = try run(.unidirectional, profile: try agASi(), data: data, seed: 5, epochs: 2)
        XCTAssertEqual(first.epochs.map(\.trainLoss), second.epochs.map(\.trainLoss))
        XCTAssertEqual(first.pulses, second.pulses)
        XCTAssertNotEqual(first.epochs.map(\.trainLoss), other.epochs.map(\.trainLoss))
    }

    func testDivergingLossStopsWithMessage() throws {
        let data = SyntheticImages.split(trainingCount: 200, testCount: 50)
        var configuration = TrainingConfiguration(hiddenLayers: [16], rule: .software)
        configuration.loss = .crossEntropy
        // Large enough that the weights overflow single precision within the first samples.
        configuration.learningRate = 3e38
        XCTAssertThrowsError(try TrainingRun(configuration: configuration, profile: nil, training: data.training, test: data.test).run()) { error in
            guard case .nonFiniteLoss(_, "epoch", 1, _, [3e38], _) = error as? TrainingError else { return XCTFail("\(error)") }
        }
    }

    /// The acceptance runs on MNIST: 784-100-10, one epoch over the first 10 000 training
    /// images, seed 1, all 10 000 test images, the default learning rate and loss.
    func testMnistAcceptance() throws {
        guard let directory = RepositoryPaths.mnistDirectory else {
            throw XCTSkip("MNIST not found beside the repository; set ANALOGSIM_MNIST_DIR to run this test")
        }
        let full = try DatasetLoader.load(.mnist, directory: directory)
        let data = DatasetSplit(dataset: .mnist, directory: directory, training: full.training.prefix(10_000), test: full.test)
        let software = try run(.software, profile: nil, data: data, epochs: 1, hidden: [100])
        let idealBidirectional = try run(.bidirectional, profile: try idealLinear(), data: data, epochs: 1, hidden: [100])
        let agBidirectional = try run(.bidirectional, profile: try agASi(), data: data, epochs: 1, hidden: [100])
        let agUnidirectional = try run(.unidirectional, profile: try agASi(), data: data, epochs: 1, hidden: [100])
        print("MNIST acceptance: software \(software.testAccuracy), ideal-linear bidirectional \(idealBidirectional.testAccuracy), "
              + "ag-a-si bidirectional \(agBidirectional.testAccuracy), ag-a-si unidirectional \(agUnidirectional.testAccuracy)")

        XCTAssertGreaterThanOrEqual(software.testAccuracy, 0.88)
        XCTAssertLessThanOrEqual(software.testAccuracy - idealBidirectional.testAccuracy, 0.02)
        XCTAssertGreaterThan(agUnidirectional.testAccuracy, agBidirectional.testAccuracy)
    }
}
