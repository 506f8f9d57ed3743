import XCTest
import AnalogSim
import AnalogSimTestSupport

final class BenchCommandTests: CommandLineTestCase {
    /// A dataset of MNIST's shape (28 × 28), small enough for a test.
    static let mnistShapedDataset: String = {
        let directory = RepositoryPaths.temporaryDirectory("bench-dataset")
        IDXFixtures.writeDataset(SyntheticImages.split(trainingCount: 200, testCount: 50, side: 28), to: directory)
        return directory
    }()

    func testReferenceWorkloadReportsItsFigures() throws {
        let path = RepositoryPaths.temporaryDirectory("bench-output") + "/bench.json"
        let outcome = run(["bench", "--workload", "aihwkit-reference", "--data-dir", Self.mnistShapedDataset,
                           "--train-limit", "100", "--output", path])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertTrue(outcome.output.contains("aihwkit-reference"), outcome.output)
        XCTAssertTrue(outcome.output.contains("images/s"), outcome.output)

        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let report = try JSONParser.parse(bytes: bytes)
        guard case .number(let imagesPerSecond)? = member(report, "imagesPerSecond"),
              case .number(let accuracy)? = member(report, "testAccuracy"),
              case .number(let evaluationSeconds)? = member(report, "evaluationSeconds"),
              case .array(let workloads)? = member(report, "workloads"), workloads.count == 1
        else { return XCTFail("missing top-level figures") }
        XCTAssertGreaterThan(imagesPerSecond, 0)
        XCTAssertGreaterThan(evaluationSeconds, 0)
        XCTAssertTrue((0...1).contains(accuracy))
        XCTAssertEqual(member(workloads[0], "result", "configuration", "hardware", "weightMapping"), .string("fixed-reference"))
        XCTAssertEqual(member(workloads[0], "result", "configuration", "hardware", "scheme"), .string("stochastic"))
        XCTAssertEqual(member(workloads[0], "result", "trainingImages"), .number(100))
        XCTAssertEqual(member(workloads[0], "synapses"), .number(784 * 256 + 256 * 10))
        if case .number(let peak)? = member(report, "peakResidentBytes") {
            XCTAssertGreaterThan(peak, 1_000_000)
        }
    }

    /// A limit above the training set trains on all of it with a note, and the setup time is reported.
    func testLimitAboveTrainingSetIsNoted() throws {
        let path = RepositoryPaths.temporaryDirectory("bench-limit") + "/bench.json"
        let outcome = run(["bench", "--workload", "aihwkit-reference", "--data-dir", Self.mnistShapedDataset,
                           "--train-limit", "5000", "--output", path])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertTrue(outcome.errors.contains("note: --train-limit 5000 is more than the 200 training images"), outcome.errors)
        XCTAssertTrue(outcome.output.contains("setup s"), outcome.output)

        let report = try JSONParser.parse(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        guard case .array(let workloads)? = member(report, "workloads"),
              case .number(let setupSeconds)? = member(workloads[0], "setupSeconds")
        else { return XCTFail("missing setupSeconds") }
        XCTAssertGreaterThanOrEqual(setupSeconds, 0)
        XCTAssertEqual(member(workloads[0], "result", "trainingImages"), .number(200))
    }

    func testBadWorkloadAndDataAreNamed() {
        let unknown = run(["bench", "--workload", "aihwkit", "--data-dir", Self.mnistShapedDataset])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.errors.contains("--workload 'aihwkit'"), unknown.errors)
        XCTAssertTrue(unknown.errors.contains("aihwkit-reference"), unknown.errors)

        let wrongShape = run(["bench", "--workload", "aihwkit-reference", "--data-dir", Self.tinyDataset, "--train-limit", "10"])
        XCTAssertEqual(wrongShape.status, 65)
        XCTAssertTrue(wrongShape.errors.contains("784"), wrongShape.errors)

        if ProcessInfo.processInfo.environment["ANALOGSIM_MNIST_DIR"] == nil {
            let missing = run(["bench", "--workload", "aihwkit-reference"])
            XCTAssertEqual(missing.status, 64)
            XCTAssertTrue(missing.errors.contains("--data-dir"), missing.errors)
        }
    }

    func testFixedReferenceRejectsWritesOnBothDevices() {
        let outcome = run(["train", "--rule", "bidirectional", "--profile", "ideal-linear", "--weight-mapping", "fixed-reference",
                           "--pair-writes", "both"] + tinyTraining)
        XCTAssertEqual(outcome.status, 64)
        XCTAssertTrue(outcome.errors.contains("--pair-writes both"), outcome.errors)

        let unidirectional = run(["train", "--rule", "unidirectional", "--profile", "ideal-linear", "--weight-mapping", "fixed-reference"]
                                 + tinyTraining)
        XCTAssertEqual(unidirectional.status, 0, unidirectional.errors)
        XCTAssertTrue(unidirectional.errors.contains("--weight-mapping applies only to --rule bidirectional"), unidirectional.errors)
    }
}
