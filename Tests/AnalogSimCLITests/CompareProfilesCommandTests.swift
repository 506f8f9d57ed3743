import XCTest
import AnalogSim
@testable import AnalogSimCLI
import AnalogSimTestSupport

/// `analogsim compare --profile A,B`: each profile's runs equal a one-profile comparison, software
/// runs once per seed, and invalid profile lists are rejected before training.
final class CompareProfilesCommandTests: CommandLineTestCase {
    func compare(_ profiles: String, _ options: [String], directory: String, name: String) throws -> (outcome: Outcome, result: JSONValue) {
        let path = "\(directory)/\(name).json"
        let outcome = run(["compare", "--profile", profiles, "--output", path] + options + tinyTraining)
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

    func testProfileRunsEqualOneProfileCompares() throws {
        let directory = RepositoryPaths.temporaryDirectory("compare-profiles-single")
        let (outcome, both) = try compare("ag-a-si,taox-hfox", ["--seed", "2", "--jobs", "2"], directory: directory, name: "both")
        let bothRuns = elements(member(both, "runs"))
        XCTAssertEqual(bothRuns.count, 5)
        XCTAssertEqual(bothRuns.filter { member($0, "configuration", "rule") == .string("software") }.count, 1, "software runs once")
        let profiles = elements(member(both, "profiles"))
        XCTAssertEqual(profiles.count, 2)
        XCTAssertEqual(profiles.map { member($0, "content", "name") }, [.string("ag-a-si"), .string("taox-hfox")])
        XCTAssertEqual(elements(member(both, "table")).count, 2)

        for (profileIndex, profile) in ["ag-a-si", "taox-hfox"].enumerated() {
            let singleRuns = elements(member(try compare(profile, ["--seed", "2"], directory: directory, name: profile).result, "runs"))
            XCTAssertEqual(bothRuns[0], singleRuns[0], "software")
            for (ruleIndex, rule) in ["bidirectional", "unidirectional"].enumerated() {
                let fromBoth = bothRuns[1 + profileIndex * 2 + ruleIndex]
                let single = singleRuns[1 + ruleIndex]
                let label = "\(profile), \(rule)"
                XCTAssertEqual(member(fromBoth, "configuration", "rule"), .string(rule), label)
                XCTAssertEqual(member(fromBoth, "testAccuracy"), member(single, "testAccuracy"), label)
                XCTAssertEqual(member(fromBoth, "pulses"), member(single, "pulses"), label)
                XCTAssertEqual(fromBoth, single, label)
            }
        }

        let lines = outcome.output.split(separator: "\n")
        XCTAssertTrue(lines[0].hasPrefix("software test accuracy "), outcome.output)
        XCTAssertTrue(lines[1].hasPrefix("profile    bidirectional  gap to software  unidirectional  gap to software"), outcome.output)
        XCTAssertTrue(lines[2].hasPrefix("ag-a-si "), outcome.output)
        XCTAssertTrue(lines[3].hasPrefix("taox-hfox "), outcome.output)
        XCTAssertTrue(outcome.errors.contains("[taox-hfox unidirectional] epoch 2/2"), outcome.errors)
    }

    func testProfilesResultIndependentOfJobs() throws {
        let directory = RepositoryPaths.temporaryDirectory("compare-profiles-jobs")
        let serial = try compare("ag-a-si,gst-pcm", ["--seeds", "2", "--jobs", "1"], directory: directory, name: "jobs1")
        let parallel = try compare("ag-a-si,gst-pcm", ["--seeds", "2", "--jobs", "2"], directory: directory, name: "jobs2")
        XCTAssertEqual(member(serial.result, "table"), member(parallel.result, "table"))
        XCTAssertEqual(serial.result, parallel.result)
        XCTAssertEqual(serial.outcome.output.replacingOccurrences(of: "jobs1", with: "jobs2"), parallel.outcome.output)
        XCTAssertEqual(elements(member(serial.result, "runs")).count, 2 + 2 * 2 * 2)
        XCTAssertTrue(serial.outcome.output.contains("means over the 2 seeds 1–2"), serial.outcome.output)
    }

    func testDefaultOutputNameJoinsProfiles() {
        XCTAssertEqual(CompareCommand.defaultOutputPath(profileNames: ["ag-a-si", "taox-hfox"], firstSeed: 1, lastSeed: 1),
                       "compare-ag-a-si+taox-hfox-seed1.json")
        XCTAssertEqual(CompareCommand.defaultOutputPath(profileNames: ["a/b", "c d"], firstSeed: 3, lastSeed: 7),
                       "compare-a_b+c_d-seeds3-7.json")
    }

    func testProfileListErrorsNameProfile() {
        let directory = RepositoryPaths.temporaryDirectory("compare-profiles-errors")
        let output = ["--output", "\(directory)/never.json"]
        let cases: [(name: String, arguments: [String], status: Int32, message: String)] = [
            ("unknown name", ["--profile", "ag-a-si,no-such-device"], 64, "no bundled profile is named 'no-such-device'"),
            ("missing file", ["--profile", "ag-a-si,/nonexistent/profile.json"], 66, "profile /nonexistent/profile.json: file not found."),
            ("duplicate name", ["--profile", "ag-a-si,taox-hfox,ag-a-si"], 64, "compare: --profile lists 'ag-a-si' twice; give each profile once."),
            ("duplicate path", ["--profile", "ag-a-si,\(RepositoryPaths.root)/device-profiles/ag-a-si.json"], 64, "twice, as 'ag-a-si' and as '\(RepositoryPaths.root)/device-profiles/ag-a-si.json'; give each profile once."),
            ("empty name", ["--profile", "ag-a-si,"], 64, "compare: --profile 'ag-a-si,' contains an empty name"),
        ]
        for testCase in cases {
            let outcome = run(["compare"] + testCase.arguments + output + tinyTraining)
            XCTAssertEqual(outcome.status, testCase.status, testCase.name)
            XCTAssertTrue(outcome.errors.contains(testCase.message), "\(testCase.name): \(outcome.errors)")
            XCTAssertFalse(outcome.errors.contains("epoch"), "\(testCase.name): nothing trains")
            XCTAssertFalse(FileManager.default.fileExists(atPath: "\(directory)/never.json"), testCase.name)
        }
    }
}
