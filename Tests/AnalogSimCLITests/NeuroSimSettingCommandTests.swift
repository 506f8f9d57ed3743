import XCTest
import AnalogSim
import AnalogSimTestSupport

/// `train` and `compare` with the options of NeuroSim's MNIST setting, on the tiny 8×8 dataset.
final class NeuroSimSettingCommandTests: CommandLineTestCase {
    /// NeuroSim's options scaled to the tiny set: a 6×6 crop and rounds of 50 images.
    let setting = ["--dataset", "mnist", "--hidden", "16", "--crop", "6", "--binarize", "0.5",
                   "--learning-rate", "0.4,0.2", "--hidden-activation-bits", "1", "--rounds", "3",
                   "--round-size", "50", "--loss", "sse"]

    func testResultRecordsEverySetting() throws {
        let output = RepositoryPaths.temporaryDirectory("neurosim-train") + "/run.json"
        let outcome = run(["train", "--rule", "bidirectional", "--profile", "epiram", "--pair-writes", "positive-only",
                           "--weight-mapping", "fixed-reference", "--data-dir", Self.tinyDataset, "--output", output] + setting)
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertTrue(outcome.errors.contains("network 36-16-10 on epiram; central 6×6 crop, binarised at 0.5, 1-bit hidden activations, 3 rounds of 50 images, η 0.4,0.2"), outcome.errors)
        XCTAssertTrue(outcome.errors.contains("[bidirectional] round 3/3  train loss"), outcome.errors)

        let result = try resultWithoutTimings(output)
        XCTAssertEqual(member(result, "network"), .array([.number(36), .number(16), .number(10)]))
        XCTAssertEqual(member(result, "configuration", "inputTransform", "cropSize"), .number(6))
        XCTAssertEqual(member(result, "configuration", "inputTransform", "binarizeThreshold"), .number(0.5))
        XCTAssertEqual(member(result, "configuration", "layerLearningRates"), .array([.number(0.4), .number(0.2)]))
        XCTAssertEqual(member(result, "configuration", "learningRate"), .number(0.4))
        XCTAssertEqual(member(result, "configuration", "hiddenActivationBits"), .number(1))
        XCTAssertEqual(member(result, "configuration", "schedule", "rounds"), .number(3))
        XCTAssertEqual(member(result, "configuration", "schedule", "roundSize"), .number(50))
        XCTAssertEqual(member(result, "configuration", "loss"), .string("sse"))
        XCTAssertEqual(member(result, "configuration", "hardware", "weightMapping"), .string("fixed-reference"))
        guard case .array(let rounds) = member(result, "epochs") else { return XCTFail("no rounds") }
        XCTAssertEqual(rounds.count, 3)
    }

    func testDefaultsRecordedAsNull() throws {
        let output = RepositoryPaths.temporaryDirectory("neurosim-defaults") + "/run.json"
        let outcome = run(["train", "--rule", "software", "--output", output] + tinyTraining)
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        let result = try resultWithoutTimings(output)
        XCTAssertEqual(member(result, "configuration", "inputTransform", "cropSize"), .null)
        XCTAssertEqual(member(result, "configuration", "inputTransform", "binarizeThreshold"), .null)
        XCTAssertEqual(member(result, "configuration", "layerLearningRates"), .null)
        XCTAssertEqual(member(result, "configuration", "hiddenActivationBits"), .null)
        XCTAssertEqual(member(result, "configuration", "schedule"), .null)
    }

    func testCompareSameSeedSameResult() throws {
        let directory = RepositoryPaths.temporaryDirectory("neurosim-compare")
        for name in ["first", "second"] {
            let outcome = run(["compare", "--profile", "gst-pcm", "--seed", "5", "--data-dir", Self.tinyDataset,
                               "--output", "\(directory)/\(name).json", "--force"] + setting)
            XCTAssertEqual(outcome.status, 0, outcome.errors)
        }
        XCTAssertEqual(try resultWithoutTimings(directory + "/first.json"), try resultWithoutTimings(directory + "/second.json"))
    }
}
