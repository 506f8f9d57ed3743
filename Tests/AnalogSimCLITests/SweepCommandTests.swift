import XCTest
import AnalogSim
@testable import AnalogSimCLI
import AnalogSimTestSupport

/// `analogsim sweep` and `sweep merge` on the tiny dataset: the grid from flags equals the grid
/// from a specification file, and the rows, sorted by index without timings, do not depend on
/// --jobs, interruptions, resumes or shards.
final class SweepCommandTests: CommandLineTestCase {
    /// A 4-point grid: two level counts and two seeds.
    let grid = ["--profile", "ag-a-si", "--rule", "bidirectional", "--vary", "levels=16,32", "--vary", "seed=1,2"]

    func sweep(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) {
        let outcome = run(["sweep"] + arguments)
        XCTAssertEqual(outcome.status, 0, outcome.errors, file: file, line: line)
    }

    /// Returns the rows of `directory/points.jsonl` without timings, sorted by point index.
    func sortedRows(_ directory: String) throws -> [JSONValue] {
        let text = try String(contentsOfFile: "\(directory)/points.jsonl", encoding: .utf8)
        let rows = try text.split(separator: "\n").map { Self.removingTimings(try JSONParser.parse(bytes: Array($0.utf8))) }
        return rows.sorted { index($0) < index($1) }
    }

    /// Returns the CSV rows of `directory/points.csv` without the seconds column, the header
    /// first and the rows sorted by index.
    func sortedCSV(_ directory: String) throws -> [String] {
        let lines = try String(contentsOfFile: "\(directory)/points.csv", encoding: .utf8).split(separator: "\n")
        let withoutSeconds = lines.map { String($0[..<$0.lastIndex(of: ",")!]) }
        return [withoutSeconds[0]] + withoutSeconds.dropFirst().sorted { Int($0.prefix { $0 != "," })! < Int($1.prefix { $0 != "," })! }
    }

    func index(_ row: JSONValue) -> Int {
        guard case .number(let number) = member(row, "index") else { return -1 }
        return Int(number)
    }

    /// The uninterrupted 4-point sweep that the other tests compare with.
    lazy var reference: (rows: [JSONValue], csv: [String], directory: String) = {
        let directory = RepositoryPaths.temporaryDirectory("sweep-reference")
        sweep(grid + tinyTraining + ["--jobs", "1", "--output-dir", directory])
        return (try! sortedRows(directory), try! sortedCSV(directory), directory)
    }()

    func testReferenceHasEveryPoint() throws {
        XCTAssertEqual(reference.rows.map(index), [0, 1, 2, 3])
        XCTAssertEqual(member(reference.rows[1], "key"), .string("levels=16,seed=2"))
        XCTAssertEqual(member(reference.rows[2], "profile", "potentiation", "levels"), .number(32))
        XCTAssertEqual(member(reference.rows[2], "profile", "depression", "levels"), .number(32))
        XCTAssertEqual(member(reference.rows[1], "configuration", "seed"), .number(2))
        XCTAssertEqual(reference.csv.first, "index,key,levels,seed,rule,testAccuracy,pulses,potentiationPulses,depressionPulses,refreshes")
        XCTAssertEqual(reference.csv.count, 5)
    }

    func testSpecificationFileEqualsFlags() throws {
        let directory = RepositoryPaths.temporaryDirectory("sweep-spec-file")
        let specificationPath = "\(directory)/spec-input.json"
        let specification = """
            {"profile": "ag-a-si",
             "vary": [{"parameter": "levels", "values": [16, 32]}, {"parameter": "seed", "values": ["1", 2]}],
             "options": {"rule": "bidirectional", "dataset": "mnist", "data-dir": "\(Self.tinyDataset)", "hidden": 16, "epochs": 2}}
            """
        try specification.write(toFile: specificationPath, atomically: true, encoding: .utf8)
        XCTAssertEqual(try SweepSpecificationFile.arguments(path: specificationPath),
                       ["--profile", "ag-a-si", "--vary", "levels=16,32", "--vary", "seed=1,2", "--rule", "bidirectional",
                        "--dataset", "mnist", "--data-dir", Self.tinyDataset, "--hidden", "16", "--epochs", "2"])

        sweep([specificationPath, "--jobs", "2", "--output-dir", "\(directory)/out"])
        XCTAssertEqual(try String(contentsOfFile: "\(directory)/out/spec.json", encoding: .utf8),
                       try String(contentsOfFile: "\(reference.directory)/spec.json", encoding: .utf8))
        XCTAssertEqual(try sortedRows("\(directory)/out"), reference.rows)
    }

    func testRowsIndependentOfJobs() throws {
        let directory = RepositoryPaths.temporaryDirectory("sweep-jobs")
        let outcome = run(["sweep"] + grid + tinyTraining + ["--jobs", "2", "--output-dir", directory])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertEqual(try sortedRows(directory), reference.rows)
        XCTAssertEqual(try sortedCSV(directory), reference.csv)
        XCTAssertTrue(outcome.errors.contains("sweep: 4 points; 0 finished before, 4 to run, 2 at a time"), outcome.errors)
        XCTAssertTrue(outcome.errors.contains("sweep: 4/4 done, 0 running, 0 left to start, about 0 s remaining"), outcome.errors)
    }

    func testResumeAfterPointLimit() throws {
        let directory = RepositoryPaths.temporaryDirectory("sweep-point-limit")
        sweep(grid + tinyTraining + ["--jobs", "2", "--point-limit", "3", "--output-dir", directory])
        XCTAssertEqual(try sortedRows(directory).count, 3)

        let resumed = run(["sweep"] + grid + tinyTraining + ["--jobs", "2", "--output-dir", directory])
        XCTAssertEqual(resumed.status, 0, resumed.errors)
        XCTAssertTrue(resumed.errors.contains("3 finished before, 1 to run"), resumed.errors)
        XCTAssertEqual(try sortedRows(directory), reference.rows)
        XCTAssertEqual(try sortedCSV(directory), reference.csv)
    }

    /// Cuts the files as a kill between writes can leave them. points.jsonl keeps two rows and half
    /// of a third, and points.csv one row and half of a second. The second point is then only in
    /// points.jsonl and must run again.
    func testResumeAfterTruncatedLines() throws {
        let directory = RepositoryPaths.temporaryDirectory("sweep-truncated")
        sweep(grid + tinyTraining + ["--jobs", "1", "--output-dir", directory])
        let jsonLines = try String(contentsOfFile: "\(directory)/points.jsonl", encoding: .utf8).split(separator: "\n")
        let csvLines = try String(contentsOfFile: "\(directory)/points.csv", encoding: .utf8).split(separator: "\n")
        let cutJSON = jsonLines[0] + "\n" + jsonLines[1] + "\n" + jsonLines[2].prefix(jsonLines[2].count / 2)
        let cutCSV = csvLines[0] + "\n" + csvLines[1] + "\n" + csvLines[2].prefix(5)
        try String(cutJSON).write(toFile: "\(directory)/points.jsonl", atomically: true, encoding: .utf8)
        try String(cutCSV).write(toFile: "\(directory)/points.csv", atomically: true, encoding: .utf8)

        let resumed = run(["sweep"] + grid + tinyTraining + ["--jobs", "2", "--output-dir", directory])
        XCTAssertEqual(resumed.status, 0, resumed.errors)
        XCTAssertTrue(resumed.errors.contains("1 finished before, 3 to run"), resumed.errors)
        XCTAssertEqual(try sortedRows(directory), reference.rows)
        XCTAssertEqual(try sortedCSV(directory), reference.csv)
    }

    func testResumeDropsRepeatedPoints() throws {
        let directory = RepositoryPaths.temporaryDirectory("sweep-repeated")
        sweep(grid + tinyTraining + ["--point-limit", "2", "--output-dir", directory])
        for name in ["points.jsonl", "points.csv"] {
            let path = "\(directory)/\(name)"
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            try (lines + [lines[1]]).map { $0 + "\n" }.joined().write(toFile: path, atomically: true, encoding: .utf8)
        }

        sweep(grid + tinyTraining + ["--output-dir", directory])
        XCTAssertEqual(try sortedRows(directory), reference.rows)
        XCTAssertEqual(try sortedCSV(directory), reference.csv)
    }

    func testResumeRejectsCorruptLine() throws {
        let directory = RepositoryPaths.temporaryDirectory("sweep-corrupt")
        sweep(grid + tinyTraining + ["--point-limit", "1", "--output-dir", directory])
        let path = "\(directory)/points.jsonl"
        try (String(contentsOfFile: path, encoding: .utf8) + "not json\n").write(toFile: path, atomically: true, encoding: .utf8)

        let outcome = run(["sweep"] + grid + tinyTraining + ["--output-dir", directory])
        XCTAssertEqual(outcome.status, 65)
        XCTAssertTrue(outcome.errors.contains("\(path) line 2 is not a point of this sweep (no point index from 0 to 3)"), outcome.errors)
    }

    func testShardsMergeToUnshardedSweep() throws {
        let directory = RepositoryPaths.temporaryDirectory("sweep-shards")
        let shards = (1...3).map { "\(directory)/shard\($0)" }
        for (number, shard) in shards.enumerated() {
            sweep(grid + tinyTraining + ["--shard", "\(number + 1)/3", "--output-dir", shard])
        }
        XCTAssertEqual(try sortedRows(shards[0]).map(index), [0, 3])

        // A shard run on another machine records other paths for the profile and the data.
        let movedPath = "\(shards[2])/spec.json"
        let moved = try String(contentsOfFile: movedPath, encoding: .utf8)
            .replacingOccurrences(of: RepositoryPaths.deviceProfiles, with: "/elsewhere/device-profiles")
            .replacingOccurrences(of: Self.tinyDataset, with: "/elsewhere/data")
        try moved.write(toFile: movedPath, atomically: true, encoding: .utf8)

        let merged = run(["sweep", "merge"] + shards + ["--output-dir", "\(directory)/merged"])
        XCTAssertEqual(merged.status, 0, merged.errors)
        XCTAssertEqual(try sortedRows("\(directory)/merged"), reference.rows)
        XCTAssertEqual(try sortedCSV("\(directory)/merged"), reference.csv)
        XCTAssertEqual(try String(contentsOfFile: "\(directory)/merged/points.jsonl", encoding: .utf8).split(separator: "\n")
            .map { Self.removingTimings(try JSONParser.parse(bytes: Array($0.utf8))) }, reference.rows,
            "merged rows are sorted by index")

        let missing = run(["sweep", "merge", shards[0], shards[1], "--output-dir", "\(directory)/missing"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.errors.contains("1 of the 4 points are missing (indices 2)"), missing.errors)
        let overlap = run(["sweep", "merge", shards[0], shards[1], shards[2], shards[0], "--output-dir", "\(directory)/overlap"])
        XCTAssertEqual(overlap.status, 64)
        XCTAssertTrue(overlap.errors.contains("point 0 is in more than one directory"), overlap.errors)
    }

    func testMergeRejectsOtherSpecification() throws {
        let directory = RepositoryPaths.temporaryDirectory("sweep-merge-mismatch")
        sweep(grid + tinyTraining + ["--shard", "1/2", "--output-dir", "\(directory)/a"])
        sweep(grid + tinyTraining + ["--learning-rate", "0.2", "--shard", "2/2", "--output-dir", "\(directory)/b"])
        let merged = run(["sweep", "merge", "\(directory)/a", "\(directory)/b", "--output-dir", "\(directory)/merged"])
        XCTAssertEqual(merged.status, 64)
        XCTAssertTrue(merged.errors.contains("\(directory)/b/spec.json records another sweep (it differs in: configuration)"), merged.errors)
    }

    func testResumeRejectsOtherSpecification() throws {
        let directory = RepositoryPaths.temporaryDirectory("sweep-resume-mismatch")
        sweep(grid + tinyTraining + ["--point-limit", "1", "--output-dir", directory])
        let other = ["--profile", "ag-a-si", "--rule", "bidirectional", "--vary", "levels=16,64", "--vary", "seed=1,2"]
        let outcome = run(["sweep"] + other + tinyTraining + ["--output-dir", directory])
        XCTAssertEqual(outcome.status, 64)
        XCTAssertTrue(outcome.errors.contains("records another sweep (it differs in: axes)"), outcome.errors)
    }

    func testBadGridsExitWithUsageStatus() {
        let cases: [(name: String, vary: [String], message: String)] = [
            ("missing equals sign", ["levels"], "--vary 'levels' is not valid; write NAME=V1,V2,…"),
            ("empty value", ["levels=16,"], "--vary 'levels=16,' is not valid"),
            ("unknown parameter", ["levls=16"], "unknown parameter 'levls'. Did you mean 'levels'?"),
            ("parameter twice", ["seed=1", "seed=2"], "parameter 'seed' is varied twice"),
            ("value twice", ["seed=1,1"], "seed lists the value '1' twice"),
            ("text for a number", ["potentiation.nonlinearity=high"], "potentiation.nonlinearity value 'high' is not valid"),
            ("unknown rule", ["rule=hebbian"], "rule value 'hebbian' is not valid; it must be one of software, bidirectional, unidirectional"),
            ("on/off ratio below 1", ["onOffRatio=0.5"], "onOffRatio value '0.5' is not valid; it must be a number above 1"),
            ("too few levels", ["levels=1"], "levels=1 gives an invalid profile: profile"),
            ("noise out of range", ["cycleToCycleSigma=5"], "cycleToCycleSigma=5 gives an invalid profile"),
            ("spread out of range", ["deviceToDevice.levelsSigma=0.9"], "deviceToDevice.levelsSigma=0.9 gives an invalid profile"),
        ]
        for (name, vary, message) in cases {
            let arguments = ["sweep", "--profile", "ag-a-si", "--rule", "bidirectional", "--output-dir", "/nonexistent/sweep"]
                + vary.flatMap { ["--vary", $0] }
            let outcome = run(arguments)
            XCTAssertEqual(outcome.status, 64, name)
            XCTAssertTrue(outcome.errors.contains(message), "\(name): \(outcome.errors)")
        }
    }

    func testFlagAndAxisForOneSettingRejected() {
        let cases: [(flag: [String], vary: String, message: String)] = [
            (["--rule", "software"], "rule=software,bidirectional", "--rule and --vary rule=… are both given"),
            (["--seed", "3"], "seed=1,2", "--seed and --vary seed=… are both given"),
            (["--update-scheme", "stochastic"], "update-scheme=deterministic,stochastic", "--update-scheme and --vary update-scheme=… are both given"),
        ]
        for (flag, vary, message) in cases {
            let outcome = run(["sweep", "--profile", "ag-a-si", "--output-dir", "/nonexistent/sweep", "--vary", vary] + flag)
            XCTAssertEqual(outcome.status, 64, vary)
            XCTAssertTrue(outcome.errors.contains(message), "\(vary): \(outcome.errors)")
        }
    }

    func testBadSpecificationFiles() throws {
        let directory = RepositoryPaths.temporaryDirectory("sweep-bad-spec")
        let cases: [(name: String, text: String, status: Int32, message: String)] = [
            ("not an object", "[1, 2]", 65, "it is not a JSON object"),
            ("unknown key", #"{"profile": "ag-a-si", "varry": []}"#, 65, "unknown key 'varry' (did you mean 'vary'?)"),
            ("axis without values", #"{"profile": "ag-a-si", "vary": [{"parameter": "seed"}]}"#, 65, "each entry of 'vary' must be"),
            ("option with dashes", #"{"profile": "ag-a-si", "options": {"--rule": "software"}}"#, 65, "option '--rule' must be written without '--'"),
            ("unknown parameter", #"{"profile": "ag-a-si", "vary": [{"parameter": "level", "values": [16]}], "options": {"rule": "bidirectional"}}"#,
             65, "unknown parameter 'level'. Did you mean 'levels'?"),
            ("unknown option", #"{"profile": "ag-a-si", "options": {"rules": "software"}}"#, 65, "unknown option '--rules'. Did you mean --rule?"),
        ]
        for (number, testCase) in cases.enumerated() {
            let path = "\(directory)/spec\(number).json"
            try testCase.text.write(toFile: path, atomically: true, encoding: .utf8)
            let outcome = run(["sweep", path, "--output-dir", "\(directory)/out"])
            XCTAssertEqual(outcome.status, testCase.status, testCase.name)
            XCTAssertTrue(outcome.errors.contains(testCase.message), "\(testCase.name): \(outcome.errors)")
        }
    }

    func testProfileParameterNeedsPulsePositionProfile() {
        let outcome = run(["sweep", "--profile", "aihwkit-idealized", "--rule", "bidirectional", "--vary", "levels=16",
                           "--output-dir", "/nonexistent/sweep"])
        XCTAssertEqual(outcome.status, 64)
        XCTAssertTrue(outcome.errors.contains("levels is a parameter of the pulse-position model"), outcome.errors)
    }

    func testGridExpansionIsRowMajor() throws {
        let grid = try SweepGrid(axes: [SweepAxis.parse("levels=16,32,64"), SweepAxis.parse("rule=software,unidirectional")])
        XCTAssertEqual(grid.pointCount, 6)
        XCTAssertEqual(grid.settings(at: 3).map(\.value), ["32", "unidirectional"])
        let profile = try RepositoryPaths.profileLibrary.load("ag-a-si")
        let points = try grid.points(base: TrainingConfiguration(), profile: DeviceProfileRecord(path: profile.path, content: profile.profile))
        XCTAssertEqual(points.map(\.key).last, "levels=64,rule=unidirectional")
        XCTAssertNil(points[0].profile, "software points carry no profile")
        XCTAssertEqual(points[5].configuration.rule, .unidirectional)
    }

    func testProfileParametersReachPointProfiles() throws {
        let axes = try ["onOffRatio=10", "potentiation.levels=50", "depression.nonlinearity=-2", "cycleToCycleSigma=0.01",
                        "deviceToDevice.nonlinearitySigma=0.5", "deviceToDevice.conductanceRangeSigma=0.02",
                        "deviceToDevice.levelsSigma=0.1", "readNoiseSigma=0.03", "update-scheme=stochastic"].map(SweepAxis.parse)
        let loaded = try RepositoryPaths.profileLibrary.load("ag-a-si")
        var base = TrainingConfiguration()
        base.rule = .bidirectional
        let point = try XCTUnwrap(try SweepGrid(axes: axes)
            .points(base: base, profile: DeviceProfileRecord(path: loaded.path, content: loaded.profile)).first)
        guard case .pulsePosition(let original) = loaded.profile.parameters,
              case .pulsePosition(let swept)? = point.profile?.content.parameters
        else { return XCTFail("expected pulse-position profiles") }

        XCTAssertEqual(swept.maximumConductance, original.maximumConductance)
        XCTAssertEqual(swept.minimumConductance, original.maximumConductance / 10, accuracy: 1e-20)
        XCTAssertEqual(swept.potentiation.levels, 50)
        XCTAssertEqual(swept.depression.levels, original.depression.levels)
        XCTAssertEqual(swept.depression.nonlinearity, -2)
        XCTAssertEqual(swept.cycleToCycleSigma, 0.01)
        XCTAssertEqual(swept.deviceToDevice, DeviceToDeviceVariation(nonlinearitySigma: 0.5, conductanceRangeSigma: 0.02, levelsSigma: 0.1))
        XCTAssertEqual(swept.readNoiseSigma, 0.03)
        XCTAssertEqual(point.configuration.hardware.scheme, .stochastic)
    }
}
