import XCTest
import AnalogSim
import AnalogSimTestSupport

/// `analogsim device fit`: the shipped example, output of `device show`, and bad input.
final class DeviceFitCommandTests: CommandLineTestCase {
    static let example = RepositoryPaths.root + "/examples/fitting/ag-a-si-measured.csv"

    func readProfile(_ path: String) throws -> DeviceProfile {
        try DeviceProfileReader.read(path: path)
    }

    /// Every model that describes the example is fitted, and its profile trains a few images.
    func testExampleFitsLoadAndTrain() throws {
        let directory = RepositoryPaths.temporaryDirectory("fit-example")
        for model in ["nonlinear", "soft-bounds", "piecewise"] {
            let profilePath = directory + "/\(model).json"
            let fit = run(["device", "fit", Self.example, "--model", model, "--output", profilePath])
            XCTAssertEqual(fit.status, 0, "\(model): \(fit.errors)")
            XCTAssertTrue(fit.output.hasPrefix("\(model) model ("), fit.output)
            XCTAssertTrue(fit.output.contains("fitted to \(Self.example): 198 readings"), fit.output)
            XCTAssertTrue(fit.output.contains("residual RMS "), fit.output)
            XCTAssertTrue(fit.output.hasSuffix("profile ag-a-si-measured written to \(profilePath)\n"), fit.output)

            let profile = try readProfile(profilePath)
            XCTAssertTrue(profile.source.hasPrefix("fitted to \(Self.example) with 'analogsim device fit \(Self.example) --model \(model)"),
                          profile.source)
            let train = run(["train", "--profile", profilePath, "--rule", "unidirectional", "--train-limit", "50", "--test-limit", "50",
                             "--output", directory + "/\(model)-run.json"] + tinyTraining)
            XCTAssertEqual(train.status, 0, "\(model): \(train.errors)")
        }
    }

    func testNonlinearReportsEveryQuantity() throws {
        let path = RepositoryPaths.temporaryDirectory("fit-quantities") + "/fitted.json"
        let fit = run(["device", "fit", Self.example, "--model", "nonlinear", "--output", path, "--name", "ag-a-si-fit"])
        XCTAssertEqual(fit.status, 0, fit.errors)
        for row in ["Gmin ", "Gmax ", "A (potentiation) ", "A (depression) ", "NL (potentiation) ", "NL (depression) ",
                    "levels (potentiation)  97", "levels (depression)    100"] {
            XCTAssertTrue(fit.output.contains("\n" + row), "\(row): \(fit.output)")
        }
        XCTAssertEqual(try readProfile(path).name, "ag-a-si-fit")
    }

    /// `device show --format csv` output is fitted as it is, and gives back the profile.
    func testDeviceShowOutputFitsDirectly() throws {
        let directory = RepositoryPaths.temporaryDirectory("fit-show")
        let csvPath = directory + "/pcmo.csv"
        let show = run(["device", "show", "pcmo", "--format", "csv"])
        XCTAssertEqual(show.status, 0, show.errors)
        try show.output.write(toFile: csvPath, atomically: true, encoding: .utf8)

        let fit = run(["device", "fit", csvPath, "--model", "nonlinear", "--output", directory + "/fitted.json"])
        XCTAssertEqual(fit.status, 0, fit.errors)
        guard case .pulsePosition(let fitted) = try readProfile(directory + "/fitted.json").parameters else {
            return XCTFail("not a pulse-position profile")
        }
        XCTAssertEqual(fitted.potentiation.levels, 50)
        XCTAssertEqual(fitted.depression.levels, 50)
        XCTAssertEqual(fitted.potentiation.nonlinearity, 3.68, accuracy: 0.05 * 3.68)
        XCTAssertEqual(fitted.depression.nonlinearity, -6.76, accuracy: 0.05 * 6.76)
        XCTAssertEqual(fitted.maximumConductance, 5e-6, accuracy: 0.05 * 5e-6)
    }

    func testMicrosiemensColumn() throws {
        let directory = RepositoryPaths.temporaryDirectory("fit-units")
        let parameters = PulsePositionParameters(minimumConductance: 1e-6, maximumConductance: 1e-5,
                                                 potentiation: .init(levels: 40, nonlinearity: 1), depression: .init(levels: 40, nonlinearity: -1))
        try PulseTrainFixtures.csv(PulseTrainFixtures.readings(of: parameters), unit: .microsiemens)
            .write(toFile: directory + "/train.csv", atomically: true, encoding: .utf8)
        let fit = run(["device", "fit", directory + "/train.csv", "--model", "nonlinear", "--units", "uS", "--output", directory + "/fitted.json"])
        XCTAssertEqual(fit.status, 0, fit.errors)
        XCTAssertTrue(fit.output.contains(" µS "), fit.output)
        guard case .pulsePosition(let fitted) = try readProfile(directory + "/fitted.json").parameters else {
            return XCTFail("not a pulse-position profile")
        }
        XCTAssertEqual(fitted.maximumConductance, 1e-5, accuracy: 1e-9)
    }

    /// Bad files stop with exit 65, a message that names the file and line, and no profile.
    func testBadFilesRejectedWithoutOutput() throws {
        let directory = RepositoryPaths.temporaryDirectory("fit-bad")
        let header = "pulse,polarity,conductance\n"
        let cases: [(name: String, text: String, message: String)] = [
            ("missing-column", "pulse,polarity\n0,0\n",
             " line 1: the header has no 'conductance' column (it has 'pulse', 'polarity')."),
            ("non-numeric", header + "0,0,1e-8\n1,+,2e-8\n2,+,n/a\n", " line 4: conductance 'n/a' is not a number."),
            ("out-of-order", header + "0,0,1e-8\n2,+,2e-8\n1,+,3e-8\n", " line 4: pulse 1 does not follow pulse 2 of line 3."),
            ("single-row", header + "0,0,1e-8\n", ": only 1 reading (line 2)."),
            ("unknown-polarity", header + "0,0,1e-8\n1,LTP,2e-8\n", " line 3: polarity 'LTP' is not valid."),
        ]
        for testCase in cases {
            let csvPath = directory + "/\(testCase.name).csv"
            let profilePath = directory + "/\(testCase.name).json"
            try testCase.text.write(toFile: csvPath, atomically: true, encoding: .utf8)
            let outcome = run(["device", "fit", csvPath, "--model", "nonlinear", "--output", profilePath])
            XCTAssertEqual(outcome.status, 65, testCase.name)
            XCTAssertTrue(outcome.errors.hasPrefix("error: \(csvPath)\(testCase.message)"), "\(testCase.name): \(outcome.errors)")
            XCTAssertEqual(outcome.output, "", testCase.name)
            XCTAssertFalse(FileManager.default.fileExists(atPath: profilePath), testCase.name)
        }
    }

    /// A model that cannot describe the example stops with exit 65 and the reason.
    func testExponentialStepOnExampleIsExplained() {
        let profilePath = RepositoryPaths.temporaryDirectory("fit-exp") + "/fitted.json"
        let outcome = run(["device", "fit", Self.example, "--model", "exp-step", "--output", profilePath])
        XCTAssertEqual(outcome.status, 65)
        XCTAssertTrue(outcome.errors.hasPrefix("error: \(Self.example): the exp-step fit gives dw_min "), outcome.errors)
        XCTAssertTrue(outcome.errors.contains("--model soft-bounds describes steps that change linearly"), outcome.errors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: profilePath))
    }

    func testBadCommandLines() throws {
        let directory = RepositoryPaths.temporaryDirectory("fit-usage")
        let output = directory + "/fitted.json"
        let existing = directory + "/existing.json"
        try "{}".write(toFile: existing, atomically: true, encoding: .utf8)
        let example = Self.example
        let cases: [(arguments: [String], status: Int32, message: String)] = [
            ([example, "--model", "nonlinear", "--output", output, "--units", "mS"], 64,
             "device fit: --units 'mS' is not valid. Did you mean 'S'? Valid values: S, uS."),
            ([example, "--model", "soft-bound", "--output", output], 64,
             "device fit: --model 'soft-bound' is not valid. Did you mean 'soft-bounds'? Valid values: nonlinear, soft-bounds, exp-step, piecewise."),
            ([example, "--output", output], 64, "device fit: --model is required; valid values: nonlinear, soft-bounds, exp-step, piecewise."),
            ([example, "--model", "nonlinear"], 64,
             "device fit: --output is required; give the path of the profile to write, for example --output fitted.json."),
            (["--model", "nonlinear", "--output", output], 64,
             "device fit: name the CSV file of a measured train, for example 'analogsim device fit data.csv --model nonlinear --output fitted.json'."),
            ([example, "--model", "nonlinear", "--output", output, "--nodes", "4"], 64,
             "device fit: --nodes applies only to --model piecewise; leave it out for --model nonlinear."),
            ([example, "--model", "piecewise", "--output", output, "--nodes", "1"], 64,
             "device fit: --nodes must be a whole number from 2 to 50, but it is '1'."),
            ([example, "--model", "nonlinear", "--output", output, "--name", "my device"], 64,
             "device fit: --name 'my device' cannot name a profile: it may contain only letters, digits, '.', '_' and '-' and must start with a letter or digit."),
            ([example, "--model", "nonlinear", "--output", existing], 64,
             "\(existing) already exists. Choose another --output path, or pass --force to replace it."),
            ([example, "--model", "nonlinear", "--output", directory + "/missing/fitted.json"], 64,
             "cannot write \(directory)/missing/fitted.json: directory \(directory)/missing does not exist. Create it or choose another --output path."),
            ([directory + "/absent.csv", "--model", "nonlinear", "--output", output], 66,
             "\(directory)/absent.csv: file not found. Pass the CSV file of a measured potentiation and depression train (docs/fitting.md)."),
        ]
        for testCase in cases {
            let outcome = run(["device", "fit"] + testCase.arguments)
            XCTAssertEqual(outcome.status, testCase.status, testCase.message)
            XCTAssertEqual(outcome.errors, "error: \(testCase.message)\n")
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), testCase.message)
        }
        XCTAssertEqual(try String(contentsOfFile: existing, encoding: .utf8), "{}", "the existing file is kept")
    }

    func testForceReplacesProfile() throws {
        let path = RepositoryPaths.temporaryDirectory("fit-force") + "/fitted.json"
        try "{}".write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = run(["device", "fit", Self.example, "--model", "soft-bounds", "--output", path, "--force"])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertEqual(try readProfile(path).parameters.modelName, "soft-bounds")
    }

    func testHelp() {
        let outcome = run(["device", "fit", "--help"])
        XCTAssertEqual(outcome.status, 0)
        XCTAssertTrue(outcome.output.hasPrefix("Usage: analogsim device fit DATA.csv --model"), outcome.output)
        XCTAssertTrue(outcome.output.contains("--nodes N"), outcome.output)
        XCTAssertTrue(run(["device", "bogus"]).errors.contains("'convert' (analogsim device convert P --to MODEL) and 'fit' (analogsim device fit DATA.csv)"))
    }
}
