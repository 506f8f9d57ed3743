import XCTest
import AnalogSim
import AnalogSimCLI
import AnalogSimTestSupport

/// A learning rate far too large stops training with a message that names the step and the fix,
/// exit 1, and no result file.
final class NumericalFaultCommandTests: CommandLineTestCase {
    func testHugeLearningRateStopsWithMessage() {
        let cases: [(name: String, arguments: [String], words: [String])] = [
            ("software", ["train", "--rule", "software"], ["software: training stopped at epoch 1, sample "]),
            ("device", ["train", "--rule", "bidirectional", "--profile", "ag-a-si"], ["bidirectional: training stopped at epoch 1, sample "]),
            ("step device", ["train", "--rule", "unidirectional", "--profile", "aihwkit-ecram"], ["unidirectional: training stopped at epoch 1, sample "]),
            ("cross-entropy", ["train", "--rule", "software", "--loss", "cross-entropy"], ["software: training stopped at epoch 1, sample "]),
            ("batches", ["train", "--rule", "software", "--batch-size", "8"], ["software: training stopped at epoch 1, the batch of samples "]),
            ("rounds", ["train", "--rule", "software", "--rounds", "3", "--round-size", "50"], ["software: training stopped at round 1, sample "]),
            ("compare", ["compare", "--profile", "ag-a-si"], ["training stopped at epoch 1, sample "]),
        ]
        for testCase in cases {
            let output = RepositoryPaths.temporaryDirectory("non-finite") + "/result.json"
            var training = tinyTraining
            if testCase.arguments.contains("--rounds"), let epochs = training.firstIndex(of: "--epochs") {
                training.removeSubrange(epochs...(epochs + 1))
            }
            let arguments = testCase.arguments + ["--learning-rate", "1e6", "--output", output] + training

            let outcome = run(arguments)

            XCTAssertEqual(outcome.status, 1, "\(testCase.name): \(outcome.errors)")
            for word in testCase.words + ["overflowed single precision", "The learning rate 1e+06 is too large for this network; try a smaller --learning-rate, for example 100000."] {
                XCTAssertTrue(outcome.errors.contains(word), "\(testCase.name): '\(word)' is missing from: \(outcome.errors)")
            }
            XCTAssertFalse(outcome.errors.contains("result written"), testCase.name)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), "\(testCase.name): a result was written")
        }
    }

    func testPerLayerRatesAreSuggestedSmaller() {
        let output = RepositoryPaths.temporaryDirectory("non-finite") + "/result.json"
        let outcome = run(["train", "--rule", "software", "--learning-rate", "1e6,2e5", "--output", output] + tinyTraining)
        XCTAssertEqual(outcome.status, 1, outcome.errors)
        XCTAssertTrue(outcome.errors.contains("The learning rate 1e+06,200000 is too large for this network; try a smaller --learning-rate, for example 100000,20000."),
                      outcome.errors)
    }

    /// An ordinary rate trains to the end with finite numbers, and the result counts no skipped update.
    func testOrdinaryRateReportsNoFault() throws {
        let output = RepositoryPaths.temporaryDirectory("non-finite") + "/result.json"
        let outcome = run(["train", "--rule", "bidirectional", "--profile", "ag-a-si", "--output", output] + tinyTraining)
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertFalse(outcome.errors.contains("NaN"), outcome.errors)
        let result = try resultWithoutTimings(output)
        XCTAssertEqual(member(result, "pulses", "nonFiniteUpdates"), .number(0))
    }
}
