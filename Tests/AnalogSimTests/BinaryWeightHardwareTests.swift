import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class BinaryWeightHardwareTests: XCTestCase {
    func profile(_ name: String) throws -> DeviceProfile {
        try RepositoryPaths.profileLibrary.load(name).profile
    }

    /// A requested change moves the value read from the pair by that change, within one pulse of
    /// the device (ideal linear device, 1024 levels: a pulse is 2·Wmax/1024 of weight per device
    /// pair under the expected scheme's exact fractional pulses).
    func testPairRealisesRequestedChange() throws {
        let settings = HiddenWeightHardwareSettings(update: HardwareUpdateSettings(scheme: .expected), hiddenRange: 2)
        let storage = HiddenWeightStorageFactory.make(profile: try profile("ideal-linear"), hardware: settings, layerIndex: 0,
                                                      rowCount: 2, columnCount: 3, seed: 1)
        let initial: [Float] = [-1.5, -0.2, 0, 0.4, 1.9, 3]
        storage.program(initial)
        for (index, expected) in [Float(-1.5), -0.2, 0, 0.4, 1.9, 2].enumerated() {
            XCTAssertEqual(storage.values[index], expected, accuracy: 1e-5, "synapse \(index) programmed, beyond ±2 clipped")
        }

        var changes: [Float] = [0.1, -0.05, 0.3, -0.6, 0.05, -0.25]
        let before = Array(storage.values)
        changes.withUnsafeMutableBufferPointer { storage.apply(changes: $0.baseAddress!) }
        for index in 0..<changes.count {
            let expected = min(max(before[index] + changes[index], -2), 2)
            XCTAssertEqual(storage.values[index], expected, accuracy: 2 * 2 / 1024, "synapse \(index)")
            XCTAssertEqual(storage.deployedWeights[index], storage.values[index] >= 0 ? 1 : -1, "synapse \(index) sign read")
        }
        XCTAssertGreaterThan(storage.pulseCounts!.total, 0)
    }

    func testBinaryDevicesFollowSign() throws {
        for probability in [1.0, 0.5] {
            let settings = HiddenWeightHardwareSettings(hiddenRange: 1, deployment: .binaryDevices, deployedSwitchingProbability: probability)
            let storage = HiddenWeightStorageFactory.make(profile: try profile("ideal-linear"), hardware: settings, layerIndex: 0,
                                                          rowCount: 20, columnCount: 20, seed: 3)
            storage.program((0..<400).map { Float($0 % 2 == 0 ? 0.05 : -0.05) })
            let hiddenPulses = storage.pulseCounts!.total
            XCTAssertEqual(hiddenPulses, 0, "programming sends no counted pulses")

            // Every hidden value changes sign.
            var changes = (0..<400).map { Float($0 % 2 == 0 ? -0.1 : 0.1) }
            changes.withUnsafeMutableBufferPointer { storage.apply(changes: $0.baseAddress!) }
            let agreeing = (0..<400).filter { storage.deployedWeights[$0] == (storage.values[$0] >= 0 ? 1 : -1) }.count
            XCTAssertTrue(storage.deployedWeights.allSatisfy { [-1, 0, 1].contains($0) })
            if probability == 1 {
                XCTAssertEqual(agreeing, 400, "every flip succeeds")
            } else {
                // Both devices must flip: about a quarter of the pairs, with a wide band for 400 draws.
                XCTAssertGreaterThan(agreeing, 50)
                XCTAssertLessThan(agreeing, 160)
            }
            XCTAssertGreaterThanOrEqual(storage.pulseCounts!.total, 800, "two binary pulses per flipped synapse at least")
        }
    }

    func testMeanFieldLearnsOnDevices() throws {
        let task = BinaryWeightTestTasks.synthetic()
        let hardware = HiddenWeightHardwareSettings(hiddenRange: 2)
        let learner = try MeanFieldBinaryLearner(inputCount: 64, settings: MeanFieldBinarySettings(hiddenLayers: [64]),
                                                 profile: try profile("ideal-linear"), hardware: hardware, seed: 2)
        BinaryWeightTestTasks.train(learner, on: [task], epochsPerTask: 8)
        let accuracies = learner.accuracies(on: task)
        XCTAssertGreaterThan(accuracies.meanField, 0.6)
        XCTAssertGreaterThan(accuracies.binary, 0.5)
        XCTAssertGreaterThan(learner.pulseCounts!.total, 0)
        XCTAssertTrue(learner.storages.allSatisfy { $0.values.allSatisfy { abs($0) <= 2 } }, "θ stays within the pair's range")
        XCTAssertTrue(learner.summary.contains("ideal-linear"))
    }

    func testMetaplasticLearnsOnDevices() throws {
        let task = BinaryWeightTestTasks.synthetic()
        for deployment in BinaryDeployment.allCases {
            let hardware = HiddenWeightHardwareSettings(deployment: deployment)
            let learner = try MetaplasticLearner(inputCount: 64, settings: MetaplasticSettings(hiddenLayers: [128]),
                                                 profile: try profile("ideal-linear"), hardware: hardware, seed: 3)
            BinaryWeightTestTasks.train(learner, on: [task], epochsPerTask: 8)
            XCTAssertGreaterThan(learner.testAccuracy(on: task), 0.6, deployment.rawValue)
            XCTAssertGreaterThan(learner.pulseCounts!.total, 0, deployment.rawValue)
        }
    }

    func testRejectsSchemesWithoutSummedWrites() throws {
        for scheme in [UpdateScheme.stochastic, .openLoop] {
            let hardware = HiddenWeightHardwareSettings(update: HardwareUpdateSettings(scheme: scheme))
            XCTAssertThrowsError(try MeanFieldBinaryLearner(inputCount: 4, profile: try profile("ideal-linear"), hardware: hardware, seed: 1)) { error in
                XCTAssertEqual(error as? BinaryLearnerSettingsError, .unsupportedScheme(rule: "mean-field-binary", scheme: scheme))
            }
        }
        let software = HiddenWeightHardwareSettings(rule: .software)
        XCTAssertThrowsError(try MetaplasticLearner(inputCount: 4, profile: try profile("ideal-linear"), hardware: software, seed: 1))
        XCTAssertNoThrow(try MetaplasticLearner(inputCount: 4, settings: MetaplasticSettings(hiddenLayers: [4]), hardware: software, seed: 1),
                         "without a profile the hardware settings are not used")
    }
}
