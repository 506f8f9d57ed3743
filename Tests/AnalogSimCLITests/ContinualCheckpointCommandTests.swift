import Foundation
import XCTest
import AnalogSim
import AnalogSimTestSupport

/// `continual` with checkpoints: a signal saves the run, `--resume` finishes it with the
/// uninterrupted result, and the checkpoint options are checked before any data is read.
extension CheckpointCommandTests {
    var continualArguments: [String] {
        ["continual", "--stream", "permuted-mnist:3", "--epochs-per-task", "2", "--data-dir", Self.largerDataset,
         "--hidden", "16", "--seed", "4"]
    }

    func testContinualSignalSavesACheckpointThatResumes() throws {
        let tool = try toolPath()
        let commands: [(name: String, arguments: [String], signal: Int32, status: Int32)] = [
            ("classp in software", ["--rule", "classp", "--profile", "software"], SIGTERM, 143),
            ("sgd on a noisy device", ["--rule", "sgd", "--profile", Self.noisyProfile, "--learning-rate", "0.2"], SIGINT, 130),
            ("metaplastic on a noisy device", ["--rule", "metaplastic", "--profile", Self.noisyProfile, "--batch-size", "20"],
             SIGTERM, 143),
        ]
        for command in commands {
            let arguments = continualArguments + command.arguments
            let directory = RepositoryPaths.temporaryDirectory("continual-signal")
            let referencePath = directory + "/reference.json"
            let reference = try runTool(arguments + ["--output", referencePath])
            XCTAssertEqual(reference.status, 0, "\(command.name): \(reference.errors)")

            let output = directory + "/interrupted.json"
            let process = try ToolProcess(tool: tool, arguments: arguments + ["--output", output])
            XCTAssertTrue(process.waitFor("after task 1 ("), "\(command.name): \(process.errors)")
            kill(process.process.processIdentifier, command.signal)
            let status = process.finish()
            XCTAssertEqual(status, command.status, "\(command.name): \(process.errors)")
            XCTAssertTrue(process.errors.contains("its state was saved to \(output).checkpoint"), process.errors)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), "\(command.name): no result file after a signal")

            let resumed = try runTool(arguments + ["--output", output, "--resume"])
            XCTAssertEqual(resumed.status, 0, "\(command.name): \(resumed.errors)")
            XCTAssertTrue(resumed.errors.contains("resuming from \(output).checkpoint"), resumed.errors)
            XCTAssertEqual(try resultWithoutTimings(output), try resultWithoutTimings(referencePath), command.name)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output + ".checkpoint"), "a finished run deletes its checkpoint")
        }
    }

    func testContinualCheckpointOptionErrors() throws {
        let checkpoint = RepositoryPaths.temporaryDirectory("continual-checkpoint-options") + "/run.checkpoint"
        let software = continualArguments + ["--rule", "sgd", "--profile", "software", "--checkpoint", checkpoint]

        let missing = run(software + ["--resume"])
        XCTAssertEqual(missing.status, 66, missing.errors)
        XCTAssertTrue(missing.errors.contains("checkpoint \(checkpoint) does not exist"), missing.errors)

        XCTAssertTrue(FileManager.default.createFile(atPath: checkpoint, contents: Data("old".utf8)))
        let existing = run(software)
        XCTAssertEqual(existing.status, 64, existing.errors)
        XCTAssertTrue(existing.errors.contains("checkpoint \(checkpoint) already exists from an earlier run"), existing.errors)

        let scheduled = run(software + ["--checkpoint-every", "1", "--force"])
        XCTAssertEqual(scheduled.status, 0, scheduled.errors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: checkpoint), "a finished run deletes its checkpoint")
    }
}
