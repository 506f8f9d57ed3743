import XCTest
import AnalogSim
import AnalogSimTestSupport

/// Runs the built `analogsim` executable, kills or interrupts it at chosen moments, and checks
/// that `--resume` ends with the uninterrupted run's result apart from timings.
final class CheckpointCommandTests: CommandLineTestCase {
    /// 1500 training images, enough that an epoch of a debug build lasts long enough to be hit.
    static let largerDataset: String = {
        let directory = RepositoryPaths.temporaryDirectory("checkpoint-dataset")
        IDXFixtures.writeDataset(SyntheticImages.split(trainingCount: 1500, testCount: 100), to: directory)
        return directory
    }()

    /// A pulse-position profile with cycle-to-cycle noise, device-to-device variation and read noise.
    static let noisyProfile: String = {
        let path = RepositoryPaths.temporaryDirectory("checkpoint-profile") + "/noisy.json"
        let text = """
            {"name": "noisy", "source": "test", "model": "pulse-position",
             "minimumConductance": 1e-9, "maximumConductance": 4e-8,
             "potentiation": {"levels": 64, "nonlinearity": 2}, "depression": {"levels": 64, "nonlinearity": -3},
             "cycleToCycleSigma": 0.03, "cycleToCycleNoise": "per-write",
             "deviceToDevice": {"nonlinearitySigma": 0.5, "conductanceRangeSigma": 0.05, "levelsSigma": 0.1},
             "readNoiseSigma": 0.01}
            """
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    /// Returns the executable that `swift build` puts beside the test bundle.
    func toolPath() throws -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("analogsim").path,
            RepositoryPaths.root + "/.build/debug/analogsim",
        ]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            XCTFail("the analogsim executable is not built; looked at \(candidates.joined(separator: ", ")). Run 'swift build' first.")
            throw XCTSkip("no executable")
        }
        return path
    }

    /// A started `analogsim` process whose standard error is collected as it arrives.
    final class ToolProcess: @unchecked Sendable {
        let process = Process()
        private let errorPipe = Pipe()
        private var collected = Data()
        private let lock = NSLock()

        init(tool: String, arguments: [String], prefix: [String] = []) throws {
            process.executableURL = URL(fileURLWithPath: prefix.first ?? tool)
            process.arguments = Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : [tool]) + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errorPipe
            errorPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self else { return }
                self.lock.lock()
                self.collected.append(data)
                self.lock.unlock()
            }
            try process.run()
        }

        var errors: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: collected, as: UTF8.self)
        }

        /// Waits until standard error contains `text`; false when the process ended first or
        /// 60 s passed.
        func waitFor(_ text: String) -> Bool {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                if errors.contains(text) { return true }
                if !process.isRunning { return errors.contains(text) }
                usleep(1_000)
            }
            return false
        }

        func finish() -> Int32 {
            process.waitUntilExit()
            errorPipe.fileHandleForReading.readabilityHandler = nil
            lock.lock()
            collected.append(errorPipe.fileHandleForReading.readDataToEndOfFile())
            lock.unlock()
            return process.terminationStatus
        }
    }

    func runTool(_ arguments: [String]) throws -> (status: Int32, errors: String) {
        let process = try ToolProcess(tool: try toolPath(), arguments: arguments)
        let status = process.finish()
        return (status, process.errors)
    }

    struct Case {
        var name: String
        var arguments: [String]
    }

    var cases: [Case] {
        let data = ["--dataset", "mnist", "--data-dir", Self.largerDataset, "--hidden", "16", "--seed", "5"]
        return [
            Case(name: "software", arguments: ["train", "--rule", "software", "--epochs", "6"] + data),
            Case(name: "noisy pulse-position", arguments: ["train", "--rule", "unidirectional", "--profile", Self.noisyProfile,
                                                          "--refresh-interval", "100", "--epochs", "6", "--train-limit", "600"] + data),
            Case(name: "step model, stochastic", arguments: ["train", "--rule", "bidirectional", "--profile", "aihwkit-reram-es",
                                                            "--update-scheme", "stochastic", "--epochs", "5", "--train-limit", "150"] + data),
        ]
    }

    /// SIGKILL at several moments, each followed by `--resume`: every resumed result equals the
    /// uninterrupted one apart from timings, for software, a noisy pulse-position device and a
    /// step device with the stochastic scheme.
    func testResumeAfterKillEqualsUninterruptedRun() throws {
        let tool = try toolPath()
        var random = Xoshiro256StarStar(seed: 7)
        for testCase in cases {
            let directory = RepositoryPaths.temporaryDirectory("kill")
            let referencePath = directory + "/reference.json"
            let reference = try runTool(testCase.arguments + ["--output", referencePath])
            XCTAssertEqual(reference.status, 0, "\(testCase.name): \(reference.errors)")
            let expected = try resultWithoutTimings(referencePath)
            let epochCount = Int(testCase.arguments[testCase.arguments.firstIndex(of: "--epochs")! + 1])!
            var killedCount = 0

            for killEpoch in 2..<epochCount {
                let output = directory + "/killed-\(killEpoch).json"
                let arguments = testCase.arguments + ["--output", output, "--checkpoint-every", "1"]
                let process = try ToolProcess(tool: tool, arguments: arguments)
                XCTAssertTrue(process.waitFor("epoch \(killEpoch)/"), "\(testCase.name): \(process.errors)")
                usleep(UInt32(random.next() % 40_000))
                kill(process.process.processIdentifier, SIGKILL)
                let killedStatus = process.finish()
                guard !FileManager.default.fileExists(atPath: output) else {
                    // The run finished before the signal arrived; it is then an uninterrupted run.
                    XCTAssertEqual(killedStatus, 0)
                    XCTAssertEqual(try resultWithoutTimings(output), expected, testCase.name)
                    continue
                }
                XCTAssertEqual(process.process.terminationReason, .uncaughtSignal, testCase.name)
                killedCount += 1

                let resumed = try runTool(arguments + ["--resume"])
                XCTAssertEqual(resumed.status, 0, "\(testCase.name), killed in epoch \(killEpoch): \(resumed.errors)")
                XCTAssertTrue(resumed.errors.contains("resuming from \(output).checkpoint"), resumed.errors)
                XCTAssertEqual(try resultWithoutTimings(output), expected, "\(testCase.name), killed in epoch \(killEpoch)")
                XCTAssertFalse(FileManager.default.fileExists(atPath: output + ".checkpoint"), "a finished run deletes its checkpoint")
            }
            XCTAssertGreaterThan(killedCount, 0, "\(testCase.name): every run finished before its SIGKILL")
        }
    }

    /// SIGINT and SIGTERM stop `train` and `compare` after the sample in progress, with exit
    /// status 130 and 143, a message naming the checkpoint, and a checkpoint that resumes to the
    /// uninterrupted result.
    func testSignalsSaveACheckpointThatResumes() throws {
        let tool = try toolPath()
        let data = ["--dataset", "mnist", "--data-dir", Self.largerDataset, "--hidden", "16", "--epochs", "5"]
        let commands: [(arguments: [String], signal: Int32, status: Int32)] = [
            (["train", "--rule", "bidirectional", "--profile", Self.noisyProfile, "--train-limit", "800"] + data, SIGINT, 130),
            (["train", "--rule", "software"] + data, SIGTERM, 143),
            (["compare", "--profile", "ag-a-si", "--train-limit", "800", "--jobs", "3"] + data, SIGTERM, 143),
        ]
        for command in commands {
            let name = "\(command.arguments[0]) with signal \(command.signal)"
            let directory = RepositoryPaths.temporaryDirectory("signal")
            let referencePath = directory + "/reference.json"
            let reference = try runTool(command.arguments + ["--output", referencePath])
            XCTAssertEqual(reference.status, 0, "\(name): \(reference.errors)")

            let output = directory + "/interrupted.json"
            let process = try ToolProcess(tool: tool, arguments: command.arguments + ["--output", output])
            XCTAssertTrue(process.waitFor("epoch 2/"), "\(name): \(process.errors)")
            kill(process.process.processIdentifier, command.signal)
            let status = process.finish()
            XCTAssertEqual(status, command.status, "\(name): \(process.errors)")
            XCTAssertTrue(process.errors.contains("its state was saved to \(output).checkpoint"), process.errors)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), "\(name): no result file after a signal")

            let resumed = try runTool(command.arguments + ["--output", output, "--resume"])
            XCTAssertEqual(resumed.status, 0, "\(name): \(resumed.errors)")
            XCTAssertEqual(try resultWithoutTimings(output), try resultWithoutTimings(referencePath), name)
        }
    }

    func testDamagedCheckpointIsRejected() throws {
        let directory = RepositoryPaths.temporaryDirectory("damaged")
        let checkpoint = directory + "/run.checkpoint"
        let arguments = ["train", "--rule", "software"] + tinyTraining + ["--checkpoint", checkpoint]

        let missing = run(arguments + ["--resume"])
        XCTAssertEqual(missing.status, 66, missing.errors)
        XCTAssertTrue(missing.errors.contains("checkpoint \(checkpoint) does not exist"), missing.errors)

        try Data("ANSIMCKP\u{1}\0\0\0 too short".utf8).write(to: URL(fileURLWithPath: checkpoint))
        let truncated = run(arguments + ["--resume"])
        XCTAssertEqual(truncated.status, 65, truncated.errors)
        XCTAssertTrue(truncated.errors.contains("checkpoint \(checkpoint) is truncated"), truncated.errors)

        try Data("{\"not\": \"a checkpoint\"}".utf8).write(to: URL(fileURLWithPath: checkpoint))
        let foreign = run(arguments + ["--resume"])
        XCTAssertEqual(foreign.status, 65, foreign.errors)
        XCTAssertTrue(foreign.errors.contains("is not an AnalogSim checkpoint"), foreign.errors)

        let fresh = run(arguments)
        XCTAssertEqual(fresh.status, 64, fresh.errors)
        XCTAssertTrue(fresh.errors.contains("checkpoint \(checkpoint) already exists from an earlier run"), fresh.errors)
        let replaced = run(arguments + ["--force"])
        XCTAssertEqual(replaced.status, 0, replaced.errors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: checkpoint), "a finished run deletes its checkpoint")
    }

    /// A checkpoint of one configuration is not resumed with another.
    func testCheckpointOfOtherConfigurationIsRejected() throws {
        let tool = try toolPath()
        let directory = RepositoryPaths.temporaryDirectory("other-configuration")
        let output = directory + "/run.json"
        let arguments = ["train", "--rule", "software", "--dataset", "mnist", "--data-dir", Self.largerDataset,
                         "--hidden", "16", "--epochs", "5", "--output", output]
        let process = try ToolProcess(tool: tool, arguments: arguments)
        XCTAssertTrue(process.waitFor("epoch 2/"), process.errors)
        kill(process.process.processIdentifier, SIGINT)
        XCTAssertEqual(process.finish(), 130, process.errors)

        let other = run(arguments.map { $0 == "16" ? "17" : $0 } + ["--resume"])
        XCTAssertEqual(other.status, 65, other.errors)
        XCTAssertTrue(other.errors.contains("configuration.hiddenLayers is [16] in the checkpoint but [17] in this run"), other.errors)
    }

    /// An output directory without write permission is reported before training, and no file
    /// appears. Root ignores permissions, so as root the tool runs as the unprivileged user 65534 through setpriv.
    func testUnwritableOutputDirectoryLeavesNoFile() throws {
        let directory = RepositoryPaths.temporaryDirectory("unwritable")
        XCTAssertEqual(chmod(directory, 0o555), 0)
        defer { chmod(directory, 0o755) }
        let output = directory + "/result.json"
        let arguments = ["train", "--rule", "software"] + tinyTraining + ["--output", output]

        let status: Int32
        let errors: String
        if geteuid() == 0 {
            let setpriv = "/usr/bin/setpriv"
            guard FileManager.default.isExecutableFile(atPath: setpriv) else {
                throw XCTSkip("running as root without \(setpriv), so a directory cannot be made unwritable")
            }
            let process = try ToolProcess(tool: try toolPath(), arguments: arguments,
                                          prefix: [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"])
            status = process.finish()
            errors = process.errors
        } else {
            let outcome = run(arguments)
            status = outcome.status
            errors = outcome.errors
        }
        XCTAssertEqual(status, 64, errors)
        XCTAssertTrue(errors.contains("cannot write \(output): directory \(directory) is not writable"), errors)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
    }
}
