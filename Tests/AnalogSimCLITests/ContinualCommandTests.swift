import XCTest
import AnalogSim
import AnalogSimTestSupport

/// `continual` on the tiny 8×8 dataset, which replaces both MNIST and Fashion-MNIST.
final class ContinualCommandTests: CommandLineTestCase {
    var tinyStream: [String] {
        ["--data-dir", Self.tinyDataset, "--fashion-data-dir", Self.tinyDataset, "--hidden", "16"]
    }

    func testSoftwareRunPrintsMatrixAndWritesResult() throws {
        let directory = RepositoryPaths.temporaryDirectory("continual-software")
        let outcome = run(["continual", "--stream", "permuted-mnist:3", "--rule", "classp", "--profile", "software",
                           "--epochs-per-task", "2", "--output", directory + "/run.json", "--plot", directory + "/run.svg"] + tinyStream)
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertTrue(outcome.errors.contains("task 2 (permutation 2) epoch 2/2"), outcome.errors)
        XCTAssertTrue(outcome.errors.contains("after task 3 (permutation 3)"), outcome.errors)
        XCTAssertTrue(outcome.output.contains("accuracy matrix R"), outcome.output)
        XCTAssertTrue(outcome.output.contains("3 (permutation 3)"), outcome.output)
        XCTAssertTrue(outcome.output.contains("average accuracy  backward transfer  forgetting"), outcome.output)
        XCTAssertTrue(outcome.output.contains("plot written to"), outcome.output)

        let result = try resultWithoutTimings(directory + "/run.json")
        XCTAssertEqual(member(result, "command"), .string("continual"))
        XCTAssertEqual(member(result, "version"), .string(AnalogSimVersion.current))
        XCTAssertEqual(member(result, "configuration", "stream"), .string("permuted-mnist:3"))
        XCTAssertEqual(member(result, "configuration", "rule"), .string("classp"))
        XCTAssertEqual(member(result, "configuration", "classp", "threshold"), .number(0.5))
        XCTAssertEqual(member(result, "storedValuesPerWeight"), .number(1))
        XCTAssertEqual(member(result, "configuration", "trainLimit"), .null)
        XCTAssertEqual(member(result, "configuration", "fashionDirectory"), .null)
        XCTAssertNil(member(result, "profile"))
        guard case .array(let rows) = member(result, "metrics", "accuracyMatrix") else { return XCTFail("no matrix") }
        XCTAssertEqual(rows.count, 3)
        guard case .array(let epochs) = member(result, "epochs") else { return XCTFail("no epochs") }
        XCTAssertEqual(epochs.count, 6)
        let svg = try String(contentsOfFile: directory + "/run.svg", encoding: .utf8)
        XCTAssertTrue(svg.contains("<svg"))
    }

    func testSameSeedSameResult() throws {
        let directory = RepositoryPaths.temporaryDirectory("continual-seed")
        for name in ["first", "second"] {
            let outcome = run(["continual", "--stream", "split-mnist", "--rule", "ewc", "--profile", "gst-pcm", "--seed", "3",
                               "--learning-rate", "0.2", "--output", "\(directory)/\(name).json"] + tinyStream)
            XCTAssertEqual(outcome.status, 0, outcome.errors)
        }
        let first = try resultWithoutTimings(directory + "/first.json")
        XCTAssertEqual(first, try resultWithoutTimings(directory + "/second.json"))
        XCTAssertEqual(member(first, "profile", "content", "name"), .string("gst-pcm"))
        guard case .number(let pulses)? = member(first, "pulses", "potentiation") else { return XCTFail("no pulses") }
        XCTAssertGreaterThan(pulses, 0)
    }

    func testDeviceRunCountsGatedRequests() throws {
        let outcome = run(["continual", "--stream", "mnist-fashion", "--rule", "classp", "--profile", "epiram"] + tinyStream)
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertTrue(outcome.output.contains("pulses  gated requests"), outcome.output)
        XCTAssertTrue(outcome.output.contains("2 (Fashion-MNIST)"), outcome.output)
    }

    func testExistingOutputNeedsForce() throws {
        let path = RepositoryPaths.temporaryDirectory("continual-force") + "/run.json"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("{}".utf8)))
        let arguments = ["continual", "--stream", "permuted-mnist:1", "--rule", "sgd", "--profile", "software", "--output", path] + tinyStream
        let refused = run(arguments)
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.errors.contains("already exists"), refused.errors)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "{}")
        XCTAssertEqual(run(arguments + ["--force"]).status, 0)
    }

    func testUsageErrors() {
        let cases: [(arguments: [String], message: String)] = [
            (["--rule", "sgd", "--profile", "software"], "--stream is required"),
            (["--stream", "permuted-mnist:0", "--rule", "sgd", "--profile", "software"], "--stream 'permuted-mnist:0' is not valid"),
            (["--stream", "split-mnist", "--profile", "software"], "--rule is required"),
            (["--stream", "split-mnist", "--rule", "clasp", "--profile", "software"], "Did you mean 'classp'?"),
            (["--stream", "split-mnist", "--rule", "sgd"], "--profile is required"),
            (["--stream", "split-mnist", "--rule", "sgd", "--profile", "epiram", "--update-scheme", "stochastic"], "--update-scheme stochastic cannot run continual rules"),
            (["--stream", "split-mnist", "--rule", "sgd", "--profile", "epiram", "--update-scheme", "open-loop"], "--update-scheme open-loop cannot run"),
            (["--stream", "split-mnist", "--rule", "metaplastic", "--profile", "software", "--metaplasticity", "-1"], "--metaplasticity"),
            (["--stream", "split-mnist", "--rule", "mean-field-binary", "--profile", "software", "--prior", "fixed"], "--prior 'fixed' is not valid"),
            (["--stream", "split-mnist", "--rule", "mean-field-binary", "--profile", "epiram", "--update-scheme", "stochastic"], "--update-scheme stochastic cannot run continual rules"),
            (["--stream", "split-mnist", "--rule", "classp", "--profile", "software", "--classp-power", "0.5"], "--classp-power must be a number ≥ 1"),
        ]
        for (arguments, message) in cases {
            let outcome = run(["continual"] + arguments + tinyStream)
            XCTAssertEqual(outcome.status, 64, "\(arguments): \(outcome.errors)")
            XCTAssertTrue(outcome.errors.contains(message), "\(arguments): \(outcome.errors)")
        }
    }

    /// The binary-weight rules run end to end on the tiny stream, in software and on devices,
    /// and record their settings.
    func testBinaryRulesRun() throws {
        let directory = RepositoryPaths.temporaryDirectory("continual-binary")
        let runs: [(name: String, arguments: [String])] = [
            ("mean-field", ["--rule", "mean-field-binary", "--profile", "software", "--prior", "frozen"]),
            ("metaplastic", ["--rule", "metaplastic", "--profile", "software", "--metaplasticity", "1.5"]),
            ("binarized-devices", ["--rule", "binarized", "--profile", "epiram", "--deployment", "binary-devices"]),
        ]
        for (name, arguments) in runs {
            let path = "\(directory)/\(name).json"
            let outcome = run(["continual", "--stream", "permuted-mnist:2", "--batch-size", "10",
                               "--output", path] + arguments + tinyStream)
            XCTAssertEqual(outcome.status, 0, "\(name): \(outcome.errors)")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertTrue(text.contains("\"binaryWeights\""), name)
        }
        let metaplastic = try String(contentsOfFile: "\(directory)/metaplastic.json", encoding: .utf8)
        XCTAssertTrue(metaplastic.contains("\"metaplasticity\":1.5") || metaplastic.contains("\"metaplasticity\" : 1.5"), metaplastic)
    }

    func testDivergingRunStopsWithoutResult() {
        let path = RepositoryPaths.temporaryDirectory("continual-diverge") + "/run.json"
        let outcome = run(["continual", "--stream", "permuted-mnist:2", "--rule", "sgd", "--profile", "software",
                           "--learning-rate", "1e30", "--output", path] + tinyStream)
        XCTAssertEqual(outcome.status, 1, outcome.errors)
        XCTAssertTrue(outcome.errors.contains("training diverged: after task 1"), outcome.errors)
        XCTAssertTrue(outcome.errors.contains("Try a smaller --learning-rate"), outcome.errors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "no result after a diverged run")
    }

    func testMissingDataDirectory() {
        let outcome = run(["continual", "--stream", "split-mnist", "--rule", "sgd", "--profile", "software"])
        XCTAssertEqual(outcome.status, 64)
        XCTAssertTrue(outcome.errors.contains("--data-dir is required"), outcome.errors)
    }

    func testHelpListsOptions() {
        let outcome = run(["continual", "--help"])
        XCTAssertEqual(outcome.status, 0)
        for flag in ["--stream", "--rule", "--classp-compatibility", "--ewc-lambda", "--fashion-data-dir", "--epochs-per-task"] {
            XCTAssertTrue(outcome.output.contains(flag), flag)
        }
    }
}
