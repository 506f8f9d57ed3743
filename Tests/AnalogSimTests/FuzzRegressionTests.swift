import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// Every input that crashed a fuzz target, kept in `Tests/Fixtures/fuzz/TARGET/`, checked against
/// the target's property (docs/fuzzing.md), so that a fixed crash stays fixed. The IDX seeds of
/// `fuzz/seeds/idx-reader/` run too. A new crash file is tested without a new test.
final class FuzzRegressionTests: XCTestCase {
    func files(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted().map { directory + "/" + $0 }
    }

    func testProfileInputs() throws {
        let inputs = try files(in: RepositoryPaths.root + "/Tests/Fixtures/fuzz/profile-parser")
        XCTAssertFalse(inputs.isEmpty)
        for path in inputs {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let profile: DeviceProfile
            do {
                profile = try DeviceProfileReader.parse(bytes: bytes, path: path)
            } catch {
                XCTAssertTrue(error is DeviceProfileError, "\(path): \(error)")
                continue
            }
            checkDevicesStayInBounds(profile.model, label: path)
        }
    }

    /// The exponential-step profile the profile fuzz target found: A_up < 0 and a = 61 make
    /// e^(γ_up·z) overflow near the upper bound, which turned the step into NaN.
    func testOverflowingExponentialStepEndsAtBound() throws {
        let path = RepositoryPaths.root + "/Tests/Fixtures/fuzz/profile-parser/exp-step-overflow.json"
        let profile = try DeviceProfileReader.parse(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: path))), path: path)
        guard case .step(let parameters) = profile.parameters else { return XCTFail("not a step profile") }
        let devices = parameters.makePopulation(count: 8, variation: RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0)))
        let noise = RandomSource(seed: 2, stream: .cycleToCycle(layer: 0))
        for device in 0..<devices.count {
            // Without noise, the capped step ends at the upper bound.
            devices.applyPulsesWithoutNoise(200, toDevice: device)
            XCTAssertEqual(devices.conductances[device], devices.maximumConductance(ofDevice: device), "device \(device)")

            // With noise proportional to a step of the whole range, the weight may land anywhere
            // in the range, but it stays a number inside it.
            for _ in 0..<50 {
                devices.applyPulses(3, toDevice: device, noise: noise)
                XCTAssertNil(devices.invariantViolation(device: device), "device \(device)")
            }
        }
    }

    func testIDXInputs() throws {
        let crashes = RepositoryPaths.root + "/Tests/Fixtures/fuzz/idx-reader"
        let inputs = try files(in: RepositoryPaths.root + "/fuzz/seeds/idx-reader")
            + (FileManager.default.fileExists(atPath: crashes) ? try files(in: crashes) : [])
        XCTAssertFalse(inputs.isEmpty)
        for path in inputs {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            do {
                let images = try IDXReader.parseImages(bytes: bytes, path: path)
                XCTAssertEqual(images.pixels.count, images.count * images.rowCount * images.columnCount, path)
            } catch {
                XCTAssertTrue(error is DatasetError, "\(path): \(error)")
            }
            do {
                let labels = try IDXReader.parseLabels(bytes: bytes, path: path)
                XCTAssertTrue(labels.allSatisfy { $0 <= 9 }, path)
            } catch {
                XCTAssertTrue(error is DatasetError, "\(path): \(error)")
            }
        }
    }

    /// Checks the profile target's property: drawn devices stay finite and inside their own bounds
    /// through full trains (at most 2 000 pulses each), single pulses and closed-loop counts.
    private func checkDevicesStayInBounds<Model: DeviceModel>(_ model: Model, label: String) {
        let devices = model.makePopulation(count: 4, variation: RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0)))
        let noise = RandomSource(seed: 2, stream: .cycleToCycle(layer: 0))
        let trains = model.fullTrainPulseCounts
        let range = devices.nominalMaximumConductance - devices.nominalMinimumConductance
        for device in 0..<devices.count {
            devices.applyPulses(min(trains.potentiation, 2_000), toDevice: device, noise: noise)
            XCTAssertNil(devices.invariantViolation(device: device), "\(label): device \(device) after potentiation")
            devices.applyPulses(-min(trains.depression, 2_000), toDevice: device, noise: noise)
            XCTAssertNil(devices.invariantViolation(device: device), "\(label): device \(device) after depression")
            for change in [range / 7, -range / 3, range] {
                devices.applyPulses(devices.roundedPulseCount(forChange: change, device: device), toDevice: device, noise: noise)
                XCTAssertNil(devices.invariantViolation(device: device), "\(label): device \(device) after a change of \(change)")
            }
        }
    }
}
