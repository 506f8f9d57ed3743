import XCTest
import AnalogSim
import AnalogSimCLI
import AnalogSimTestSupport

final class ProgressOutputTests: CommandLineTestCase {
    /// On a terminal the epoch's progress is redrawn in place, and the epoch line clears it.
    func testTerminalShowsLiveIndicator() {
        let errors = BufferSink(isTerminal: true)
        let status = CommandLineTool.run(
            arguments: ["train", "--rule", "software", "--dataset", "mnist", "--data-dir", Self.tinyDataset,
                        "--hidden", "8"],
            output: BufferSink(), errors: errors, library: RepositoryPaths.profileLibrary)
        XCTAssertEqual(status, 0, errors.text)
        XCTAssertTrue(errors.text.contains("\r\u{1B}[Ksoftware epoch 1 "), errors.text)
        XCTAssertTrue(errors.text.contains("\r\u{1B}[K[software] epoch 1/1"), errors.text)
    }

    /// A pipe or file gets only whole lines.
    func testNonTerminalGetsWholeLines() {
        let outcome = run(["train", "--rule", "software", "--hidden", "8", "--dataset", "mnist", "--data-dir", Self.tinyDataset])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertFalse(outcome.errors.contains("\r"))
        XCTAssertEqual(outcome.errors.split(separator: "\n").count, 2, outcome.errors)
    }
}
