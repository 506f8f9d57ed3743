import XCTest
import AnalogSim
@testable import AnalogSimCLI
import AnalogSimTestSupport

/// `analogsim compare --seeds N`: every (rule, seed) run equals the run of a one-seed comparison,
/// and the table summarizes the seeds.
final class CompareSeedsCommandTests: CommandLineTestCase {
    /// Runs `compare` on the tiny dataset, writes its result to `directory/name.json` and returns
    /// the parsed result without timings.
    func compare(_ options: [String], directory: String, name: String) throws -> (outcome: Outcome, result: JSONValue) {
        let path = "\(directory)/\(name).json"
        let outcome = run(["compare", "--profile", "ag-a-si", "--output", path] + options + tinyTraining)
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        return (outcome, try resultWithoutTimings(path))
    }

    func elements(_ value: JSONValue?, file: StaticString = #filePath, line: UInt = #line) -> [JSONValue] {
        guard case .array(let elements) = value else {
            XCTFail("expected an array, got \(String(describing: value))", file: file, line: line)
            return []
        }
        return elements
    }

    func number(_ value: JSONValue?, file: StaticString = #filePath, line: UInt = #line) -> Double {
        guard case .number(let number) = value else {
            XCTFail("expected a number, got \(String(describing: value))", file: file, line: line)
            return .nan
        }
        return number
    }

    func testSeedsResultIndependentOfJobs() throws {
        let directory = RepositoryPaths.temporaryDirectory("compare-seeds-jobs")
        let serial = try compare(["--seeds", "2", "--jobs", "1"], directory: directory, name: "jobs1").result
        let parallel = try compare(["--seeds", "2", "--jobs", "2"], directory: directory, name: "jobs2").result

        XCTAssertEqual(member(serial, "table"), member(parallel, "table"))
        XCTAssertEqual(member(serial, "runs"), member(parallel, "runs"))
        XCTAssertEqual(serial, parallel)
        XCTAssertEqual(member(serial, "seeds"), .array([.number(1), .number(2)]))
        XCTAssertEqual(elements(member(serial, "runs")).count, 6)
    }

    func testSeedRunsEqualOneSeedComparisons() throws {
        let directory = RepositoryPaths.temporaryDirectory("compare-seeds-single")
        let repeated = elements(member(try compare(["--seed", "1", "--seeds", "2", "--jobs", "2"], directory: directory, name: "seeds1-2").result, "runs"))
        let firstSeed = elements(member(try compare(["--seed", "1"], directory: directory, name: "seed1").result, "runs"))
        let secondSeed = elements(member(try compare(["--seed", "2"], directory: directory, name: "seed2").result, "runs"))
        XCTAssertEqual(repeated.count, 6)
        XCTAssertEqual(firstSeed.count, 3)
        XCTAssertEqual(secondSeed.count, 3)

        for (index, rule) in Comparison.rules.enumerated() {
            for (seed, single) in [(1, firstSeed[index]), (2, secondSeed[index])] {
                let fromRepeated = repeated[(seed - 1) * 3 + index]
                let label = "\(rule.rawValue), seed \(seed)"
                XCTAssertEqual(member(fromRepeated, "configuration", "rule"), .string(rule.rawValue), label)
                XCTAssertEqual(member(fromRepeated, "configuration", "seed"), .number(Double(seed)), label)
                XCTAssertEqual(member(fromRepeated, "testAccuracy"), member(single, "testAccuracy"), label)
                XCTAssertEqual(member(fromRepeated, "pulses"), member(single, "pulses"), label)
                XCTAssertEqual(fromRepeated, single, label)
            }
        }
        XCTAssertNotEqual(member(firstSeed[2], "pulses"), member(secondSeed[2], "pulses"), "the seeds differ")
    }

    func testSeedsTableHoldsMeansAndDeviation() throws {
        let directory = RepositoryPaths.temporaryDirectory("compare-seeds-table")
        let (outcome, result) = try compare(["--seed", "4", "--seeds", "3", "--jobs", "2"], directory: directory, name: "seeds")
        let runs = elements(member(result, "runs"))
        let table = elements(member(result, "table"))
        XCTAssertEqual(runs.count, 9)
        XCTAssertEqual(table.count, 3)
        XCTAssertEqual(member(result, "seeds"), .array([.number(4), .number(5), .number(6)]))
        XCTAssertEqual(member(result, "configuration", "seed"), .number(4))

        let softwareAccuracies = (0..<3).map { number(member(runs[$0 * 3], "testAccuracy")) }
        let softwareMean = softwareAccuracies.reduce(0, +) / 3
        for (index, rule) in Comparison.rules.enumerated() {
            let row = table[index]
            let ruleRuns = (0..<3).map { runs[$0 * 3 + index] }
            let accuracies = ruleRuns.map { number(member($0, "testAccuracy")) }
            let mean = accuracies.reduce(0, +) / 3
            let variance = accuracies.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2
            let pulses = ruleRuns.map { run in
                number(member(run, "pulses", "potentiationPulses")) + number(member(run, "pulses", "depressionPulses"))
                    + number(member(run, "pulses", "refreshPulses"))
            }
            let refreshes = ruleRuns.map { number(member($0, "pulses", "refreshes")) }

            XCTAssertEqual(member(row, "rule"), .string(rule.rawValue))
            XCTAssertEqual(member(row, "seedTestAccuracies"), .array(accuracies.map(JSONValue.number)), rule.rawValue)
            XCTAssertEqual(number(member(row, "testAccuracy")), mean, accuracy: 1e-12, rule.rawValue)
            XCTAssertEqual(number(member(row, "testAccuracyStandardDeviation")), variance.squareRoot(), accuracy: 1e-12, rule.rawValue)
            XCTAssertEqual(number(member(row, "gapToSoftware")), mean - softwareMean, accuracy: 1e-12, rule.rawValue)
            XCTAssertEqual(number(member(row, "pulses")), (pulses.reduce(0, +) / 3).rounded(), rule.rawValue)
            XCTAssertEqual(number(member(row, "refreshes")), (refreshes.reduce(0, +) / 3).rounded(), rule.rawValue)
        }
        XCTAssertGreaterThan(number(member(table[2], "testAccuracyStandardDeviation")), 0, "device runs differ between seeds")

        let lines = outcome.output.split(separator: "\n")
        XCTAssertTrue(lines[0].hasPrefix("rule            test accuracy  sd      gap to software  pulses"), outcome.output)
        XCTAssertTrue(lines[1].hasPrefix("software        \(String(format: "%.4f", softwareMean))"), outcome.output)
        XCTAssertEqual(lines[4], "means over the 3 seeds 4–6; sd is the sample standard deviation of the test accuracy")
        XCTAssertTrue(outcome.errors.contains("[unidirectional seed 6] epoch 2/2"), outcome.errors)
        XCTAssertTrue(outcome.errors.contains("seeds 4–6\n"), outcome.errors)
    }

    func testOneSeedResultHasNoSeedFields() throws {
        let directory = RepositoryPaths.temporaryDirectory("compare-seeds-one")
        let (outcome, result) = try compare(["--seeds", "1"], directory: directory, name: "one")
        XCTAssertNil(member(result, "seeds"))
        for row in elements(member(result, "table")) {
            XCTAssertNil(member(row, "seedTestAccuracies"))
            XCTAssertNil(member(row, "testAccuracyStandardDeviation"))
        }
        XCTAssertFalse(outcome.output.contains("sd"), outcome.output)
        XCTAssertFalse(outcome.output.contains("means over"), outcome.output)
        XCTAssertEqual(result, try compare([], directory: directory, name: "default").result)
    }

    func testDefaultOutputPathNamesSeeds() {
        XCTAssertEqual(CompareCommand.defaultOutputPath(profileName: "ag-a-si", firstSeed: 3, lastSeed: 3), "compare-ag-a-si-seed3.json")
        XCTAssertEqual(CompareCommand.defaultOutputPath(profileName: "ag-a-si", firstSeed: 3, lastSeed: 7), "compare-ag-a-si-seeds3-7.json")
    }

    func testHelpDocumentsSeeds() {
        let help = run(["compare", "--help"]).output
        XCTAssertTrue(help.contains("--seeds N"), help)
        XCTAssertTrue(help.contains("compare-PROFILE-seedsS-E.json"), help)
        XCTAssertTrue(help.contains("its mean over seeds"), help)
    }
}
