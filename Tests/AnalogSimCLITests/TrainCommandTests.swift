import XCTest
import AnalogSim
import AnalogSimTestSupport

final class TrainCommandTests: CommandLineTestCase {
    func testTrainWritesCompleteResult() throws {
        let output = RepositoryPaths.temporaryDirectory("train") + "/run.json"
        let outcome = run(["train", "--rule", "unidirectional", "--profile", "ag-a-si", "--output", output] + tinyTraining)
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertTrue(outcome.output.contains("unidirectional"), outcome.output)
        XCTAssertTrue(outcome.errors.contains("[unidirectional] epoch 1/2  train loss"), outcome.errors)
        XCTAssertTrue(outcome.errors.contains("[unidirectional] epoch 2/2  train loss"), outcome.errors)

        let result = try resultWithoutTimings(output)
        XCTAssertEqual(member(result, "version"), .string(AnalogSimVersion.current))
        XCTAssertEqual(member(result, "configuration", "rule"), .string("unidirectional"))
        XCTAssertEqual(member(result, "configuration", "learningRate"), .number(TrainingConfiguration.defaultLearningRate))
        XCTAssertEqual(member(result, "configuration", "seed"), .number(1))
        XCTAssertEqual(member(result, "profile", "content", "name"), .string("ag-a-si"))
        XCTAssertEqual(member(result, "profile", "content", "potentiation", "levels"), .number(97))
        guard case .array(let epochs) = member(result, "epochs") else { return XCTFail("no epochs") }
        XCTAssertEqual(epochs.count, 2)
        guard case .number(let accuracy) = member(result, "testAccuracy") else { return XCTFail("no testAccuracy") }
        XCTAssertTrue((0...1).contains(accuracy))
        XCTAssertGreaterThan(accuracy, 0.3, "the tiny set is learnable")
    }

    func testSameSeedIdenticalOtherSeedDifferent() throws {
        let directory = RepositoryPaths.temporaryDirectory("seed")
        for (name, seed) in [("first", "3"), ("second", "3"), ("other", "4")] {
            let outcome = run(["train", "--rule", "bidirectional", "--profile", "ag-a-si", "--seed", seed,
                               "--output", "\(directory)/\(name).json"] + tinyTraining)
            XCTAssertEqual(outcome.status, 0, outcome.errors)
        }
        let first = try resultWithoutTimings(directory + "/first.json")
        XCTAssertEqual(first, try resultWithoutTimings(directory + "/second.json"))
        XCTAssertNotEqual(first, try resultWithoutTimings(directory + "/other.json"))
    }

    func testSoftwareIgnoresProfileWithNote() {
        let outcome = run(["train", "--rule", "software", "--profile", "ag-a-si"] + tinyTraining)
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertTrue(outcome.errors.contains("note: --profile is not used by --rule software"), outcome.errors)
    }

    func testExistingOutputIsKeptWithoutForce() throws {
        let output = RepositoryPaths.temporaryDirectory("force") + "/run.json"
        try "keep me".write(toFile: output, atomically: true, encoding: .utf8)
        let refused = run(["train", "--rule", "software", "--output", output] + tinyTraining)
        XCTAssertEqual(refused.status, 64)
        XCTAssertEqual(refused.errors, "error: \(output) already exists. Choose another --output path, or pass --force to replace it.\n")
        XCTAssertFalse(refused.errors.contains("epoch"), "nothing may run before the check")
        XCTAssertEqual(try String(contentsOfFile: output, encoding: .utf8), "keep me")

        let forced = run(["train", "--rule", "software", "--output", output, "--force"] + tinyTraining)
        XCTAssertEqual(forced.status, 0, forced.errors)
        XCTAssertNotEqual(try String(contentsOfFile: output, encoding: .utf8), "keep me")
    }

    func testCompareTabulatesThreeRules() throws {
        let output = RepositoryPaths.temporaryDirectory("compare") + "/compare.json"
        let outcome = run(["compare", "--profile", "ideal-linear", "--output", output, "--jobs", "2"] + tinyTraining)
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        let lines = outcome.output.split(separator: "\n")
        XCTAssertTrue(lines[0].hasPrefix("rule            test accuracy  gap to software  pulses"), outcome.output)
        XCTAssertTrue(lines[1].hasPrefix("software"))
        XCTAssertTrue(lines[2].hasPrefix("bidirectional"))
        XCTAssertTrue(lines[3].hasPrefix("unidirectional"))

        let result = try resultWithoutTimings(output)
        guard case .array(let runs) = member(result, "runs"), case .array(let table) = member(result, "table") else {
            return XCTFail("runs or table missing")
        }
        XCTAssertEqual(runs.count, 3)
        XCTAssertEqual(member(table[0], "gapToSoftware"), .number(0))
    }

    /// Runs in parallel give the same results as one at a time.
    func testCompareParallelEqualsSerial() throws {
        let directory = RepositoryPaths.temporaryDirectory("parallel")
        for jobs in ["1", "3"] {
            let outcome = run(["compare", "--profile", "ag-a-si", "--jobs", jobs, "--output", "\(directory)/jobs\(jobs).json"] + tinyTraining)
            XCTAssertEqual(outcome.status, 0, outcome.errors)
        }
        XCTAssertEqual(try resultWithoutTimings(directory + "/jobs1.json"), try resultWithoutTimings(directory + "/jobs3.json"))
    }

    func testProfilesListsEveryBundledProfile() {
        let outcome = run(["profiles"])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        for name in RepositoryPaths.profileLibrary.bundledNames() {
            XCTAssertTrue(outcome.output.contains("\n\(name) "), name)
        }
        XCTAssertTrue(outcome.output.contains("97/100"))
    }

    func testDeviceShowPrintsFullTrains() {
        let outcome = run(["device", "show", "ag-a-si"])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertTrue(outcome.output.contains("97 levels, NL 2.4 (A = 48.42 pulses)"), outcome.output)
        XCTAssertTrue(outcome.output.contains("on/off ratio 12.5"))

        let csv = run(["device", "show", "ag-a-si", "--format", "csv"])
        let rows = csv.output.split(separator: "\n")
        XCTAssertEqual(rows.first, "pulse,polarity,conductance_siemens,normalized")
        XCTAssertEqual(rows.count, 1 + 1 + 97 + 100)
        XCTAssertTrue(rows[98].hasSuffix(",1.000000"), String(rows[98]))
        XCTAssertTrue(rows.last!.hasSuffix(",0.000000"), String(rows.last!))
    }

    func testDeviceShowNoiseDependsOnSeed() {
        let first = run(["device", "show", "taox-hfox", "--noise", "--seed", "1", "--format", "csv"]).output
        XCTAssertEqual(first, run(["device", "show", "taox-hfox", "--noise", "--seed", "1", "--format", "csv"]).output)
        XCTAssertNotEqual(first, run(["device", "show", "taox-hfox", "--noise", "--seed", "2", "--format", "csv"]).output)
        XCTAssertNotEqual(first, run(["device", "show", "taox-hfox", "--format", "csv"]).output)
    }
}
