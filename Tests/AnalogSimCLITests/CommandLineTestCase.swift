import XCTest
import AnalogSim
import AnalogSimCLI
import AnalogSimTestSupport

/// Runs the command-line tool in-process against the repository's profiles and a tiny IDX
/// dataset written for the test.
class CommandLineTestCase: XCTestCase {
    struct Outcome {
        let status: Int32
        let output: String
        let errors: String
    }

    /// A directory holding a tiny MNIST-format dataset (8×8 images, 300 training, 100 test).
    static let tinyDataset: String = {
        let directory = RepositoryPaths.temporaryDirectory("tiny-dataset")
        IDXFixtures.writeDataset(SyntheticImages.split(trainingCount: 300, testCount: 100), to: directory)
        return directory
    }()

    func run(_ arguments: [String]) -> Outcome {
        let output = BufferSink()
        let errors = BufferSink()
        let status = CommandLineTool.run(arguments: arguments, output: output, errors: errors,
                                         library: RepositoryPaths.profileLibrary)
        return Outcome(status: status, output: output.text, errors: errors.text)
    }

    /// Options that point a training command at the tiny dataset with a small network.
    var tinyTraining: [String] {
        ["--dataset", "mnist", "--data-dir", Self.tinyDataset, "--hidden", "16", "--epochs", "2"]
    }

    /// Parses a result file and removes every `timing` member, the only part that may differ
    /// between runs with the same seed.
    func resultWithoutTimings(_ path: String) throws -> JSONValue {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        return Self.removingTimings(try JSONParser.parse(bytes: bytes))
    }

    static func removingTimings(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.filter { $0.key != "timing" }.map { (key: $0.key, value: removingTimings($0.value)) })
        case .array(let elements):
            return .array(elements.map(removingTimings))
        default:
            return value
        }
    }

    func member(_ value: JSONValue, _ path: String...) -> JSONValue? {
        var current = value
        for key in path {
            guard case .object(let members) = current, let next = members.first(where: { $0.key == key }) else { return nil }
            current = next.value
        }
        return current
    }
}
