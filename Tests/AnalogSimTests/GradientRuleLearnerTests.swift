import XCTest
import AnalogSim
import AnalogSimTestSupport

final class GradientRuleLearnerTests: XCTestCase {
    let tasks = ContinualTaskBuilder.makeTasks(
        stream: .permutedMNIST(taskCount: 2), mnist: SyntheticImages.split(trainingCount: 400, testCount: 200),
        fashion: nil, trainLimit: nil, testLimit: nil, seed: 1)

    func configuration(_ rule: ContinualRuleName) -> ContinualConfiguration {
        ContinualConfiguration(stream: .permutedMNIST(taskCount: 2), rule: rule, hiddenLayers: [16])
    }

    func learner(_ configuration: ContinualConfiguration, profile: DeviceProfile? = nil) throws -> ContinualLearner {
        try ContinualLearnerFactory.makeLearner(configuration: configuration, profile: profile,
                                                inputCount: tasks[0].inputCount, classCount: 10)
    }

    func profile(_ name: String) throws -> DeviceProfile {
        try RepositoryPaths.profileLibrary.load(name).profile
    }

    func testSoftwareRulesLearnFirstTask() throws {
        for rule in [ContinualRuleName.sgd, .adagrad, .ewc, .classp] {
            var settings = configuration(rule)
            // With τ 0.5 few of this small set's gradients pass the gate within one epoch.
            settings.classp.threshold = 0.01
            let learner = try learner(settings)
            let before = learner.testAccuracy(on: tasks[0])
            learner.trainEpoch(on: tasks[0], globalEpoch: 0, totalEpochs: 1)
            let after = learner.testAccuracy(on: tasks[0])
            XCTAssertGreaterThan(after, 0.5, "\(rule) did not learn (before \(before))")
            XCTAssertNil(learner.pulseCounts, "\(rule) in software sends no pulses")
            XCTAssertNil((learner as? GradientRuleLearner)?.estimatedGatedPulses, "\(rule) in software saves no pulses")
        }
    }

    func testSameSeedSameAccuracies() throws {
        let results = try (0..<2).map { _ -> [[Double]] in
            let result = try ContinualRunner.run(learner: try learner(configuration(.ewc)), tasks: tasks,
                                             configuration: configuration(.ewc), profile: nil, observer: nil)
            return result.metrics.accuracyMatrix
        }
        XCTAssertEqual(results[0], results[1])
    }

    func testCompatibilityTrajectoryIndependentOfThreshold() throws {
        let accuracies = try [0, 0.99].map { threshold -> [[Double]] in
            var settings = configuration(.classp)
            settings.classp.threshold = threshold
            settings.classp.compatibilityMode = true
            return try ContinualRunner.run(learner: try learner(settings), tasks: tasks, configuration: settings,
                                       profile: nil, observer: nil).metrics.accuracyMatrix
        }
        XCTAssertEqual(accuracies[0], accuracies[1])
    }

    func testStoredValuesPerWeight() throws {
        let expected: [ContinualRuleName: Int] = [.sgd: 0, .adagrad: 1, .classp: 1, .ewc: 2]
        for (rule, count) in expected {
            let learner = try XCTUnwrap(try learner(configuration(rule)) as? GradientRuleLearner)
            XCTAssertEqual(learner.storedValuesPerWeight, count, "\(rule)")
        }
    }

    func testCLASSPOnDevicesSendsPulsesAndCountsGate() throws {
        var settings = configuration(.classp)
        settings.usesDevices = true
        let learner = try learner(settings, profile: try profile("epiram"))
        learner.trainEpoch(on: tasks[0], globalEpoch: 0, totalEpochs: 1)
        let counts = try XCTUnwrap(learner.pulseCounts)
        XCTAssertGreaterThan(counts.total, 0)
        XCTAssertGreaterThan(counts.potentiation, 0)
        XCTAssertGreaterThan(counts.depression, 0)
        XCTAssertGreaterThan(counts.gatedRequests, 0, "some gradients stay below the gate τ = 0.5")
        let gradientLearner = try XCTUnwrap(learner as? GradientRuleLearner)
        XCTAssertGreaterThan(try XCTUnwrap(gradientLearner.estimatedGatedPulses), 0)
        XCTAssertGreaterThan(learner.testAccuracy(on: tasks[0]), 0.3)
    }

    func testEWCOnDevicesSendsPulses() throws {
        var settings = configuration(.ewc)
        settings.usesDevices = true
        settings.learningRate = 0.2
        let result = try ContinualRunner.run(learner: try learner(settings, profile: try profile("ideal-linear")), tasks: tasks,
                                         configuration: settings, profile: nil, observer: nil)
        XCTAssertGreaterThan(try XCTUnwrap(result.pulses).total, 0)
        XCTAssertEqual(result.pulses?.gatedRequests, 0)
        XCTAssertGreaterThan(result.metrics.accuracyMatrix[0][0], 0.5)
    }

    func testStochasticSchemeRejected() throws {
        var settings = configuration(.classp)
        settings.usesDevices = true
        settings.hardware.scheme = .stochastic
        XCTAssertThrowsError(try learner(settings, profile: try profile("epiram"))) { error in
            XCTAssertEqual(error as? ContinualLearnerError, .schemeNotSupported(scheme: .stochastic))
            XCTAssertEqual((error as? UserFacingError)?.kind.exitStatus, 64)
        }
    }

    func testFactoryBuildsBinaryLearners() throws {
        var settings = configuration(.meanFieldBinary)
        settings.batchSize = 8
        settings.learningRate = 0.02
        settings.binaryWeights.prior = .frozen
        settings.binaryWeights.evaluation = .binary
        let meanField = try XCTUnwrap(try learner(settings) as? MeanFieldBinaryLearner)
        XCTAssertEqual(meanField.settings.hiddenLayers, [16])
        XCTAssertEqual(meanField.settings.batchSize, 8)
        XCTAssertEqual(meanField.settings.adam.learningRate, 0.02)
        XCTAssertEqual(meanField.settings.prior, .frozen)
        XCTAssertEqual(meanField.settings.evaluation, .binary)

        var metaplastic = configuration(.metaplastic)
        metaplastic.binaryWeights.metaplasticity = 1.5
        let built = try XCTUnwrap(try learner(metaplastic) as? MetaplasticLearner)
        XCTAssertEqual(built.settings.metaplasticity, 1.5)
        XCTAssertEqual(built.settings.hiddenLayers, [16])

        var binarized = configuration(.binarized)
        binarized.binaryWeights.metaplasticity = 1.5
        let plain = try XCTUnwrap(try learner(binarized) as? MetaplasticLearner)
        XCTAssertEqual(plain.settings.metaplasticity, 0, "binarized ignores M")
    }

    func testBinaryRuleDefaults() {
        XCTAssertEqual(ContinualRuleName.meanFieldBinary.defaultHiddenLayers, [512, 512])
        XCTAssertEqual(ContinualRuleName.meanFieldBinary.defaultBatchSize, 64)
        XCTAssertEqual(ContinualRuleName.meanFieldBinary.defaultLearningRate, 0.01)
        XCTAssertEqual(ContinualRuleName.metaplastic.defaultBatchSize, 100)
        XCTAssertEqual(ContinualRuleName.sgd.defaultBatchSize, 1)
        XCTAssertEqual(ContinualRuleName.sgd.defaultHiddenLayers, [100])
    }

    func testSplitTasksScoredAmongOwnDigits() throws {
        let splitTasks = ContinualTaskBuilder.makeTasks(
            stream: .splitMNIST, mnist: SyntheticImages.split(trainingCount: 400, testCount: 200),
            fashion: nil, trainLimit: nil, testLimit: nil, seed: 1)
        let settings = ContinualConfiguration(stream: .splitMNIST, rule: .sgd, hiddenLayers: [16])
        let learner = try ContinualLearnerFactory.makeLearner(configuration: settings, profile: nil,
                                                              inputCount: splitTasks[0].inputCount, classCount: 10)
        // Before training, choosing between two digits is right about half the time, never
        // near the one in ten of a ten-way choice.
        let untrained = splitTasks.map { learner.testAccuracy(on: $0) }
        XCTAssertGreaterThan(untrained.reduce(0, +) / 5, 0.25)
        learner.trainEpoch(on: splitTasks[0], globalEpoch: 0, totalEpochs: 5)
        XCTAssertGreaterThan(learner.testAccuracy(on: splitTasks[0]), 0.9)
    }
}
