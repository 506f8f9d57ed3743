import XCTest
import AnalogSimTestSupport

/// Runs every `analogsim` command shown in a shell block of the README and the docs, pointed at
/// the tiny dataset, so the documentation cannot drift from the tool.
final class DocumentedCommandTests: CommandLineTestCase {
    func documentedCommands() throws -> [(file: String, arguments: [String])] {
        var files = [RepositoryPaths.root + "/README.md"]
        if let enumerator = FileManager.default.enumerator(atPath: RepositoryPaths.root + "/docs") {
            for case let path as String in enumerator where path.hasSuffix(".md") {
                files.append(RepositoryPaths.root + "/docs/" + path)
            }
        }
        var commands: [(String, [String])] = []
        for file in files {
            var inShellBlock = false
            var continued = ""
            for physicalLine in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
                if physicalLine.hasPrefix("```") {
                    inShellBlock = !inShellBlock && physicalLine.hasPrefix("```sh")
                    continued = ""
                    continue
                }

                // A command split over lines with a trailing backslash is joined before it is read.
                if inShellBlock, physicalLine.hasSuffix("\\") {
                    continued += physicalLine.dropLast() + " "
                    continue
                }
                let line = continued + physicalLine
                continued = ""
                guard inShellBlock, let range = line.range(of: "analogsim ", options: .backwards) else { continue }
                // A redirection of the output to a file is left out, so the test writes nothing
                // into the repository.
                let arguments = line[range.upperBound...].split(separator: " ", omittingEmptySubsequences: true).map(String.init).prefix { $0 != ">" }
                commands.append(((file as NSString).lastPathComponent, Array(arguments)))
            }
        }
        return commands
    }

    /// Replaces data and size options with the tiny dataset and a small network, sends any
    /// result file and plot to a temporary directory, and resolves profile and CSV files in the
    /// repository (docs name them relative to its root).
    func rewrite(_ arguments: [String], outputDirectory: String) -> [String] {
        let replaced = ["--dataset": "mnist", "--data-dir": Self.tinyDataset, "--train-limit": "300", "--hidden": "16",
                        "--fashion-data-dir": Self.tinyDataset]
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if let value = replaced[argument] {
                result += [argument, value]
                index += 2
            } else if argument == "--output" {
                result += [argument, outputDirectory + "/documented.json"]
                index += 2
            } else if argument == "--plot", index + 1 < arguments.count {
                let fileExtension = (arguments[index + 1] as NSString).pathExtension
                result += [argument, outputDirectory + "/documented." + fileExtension]
                index += 2
            } else if argument.hasSuffix(".json") || argument.hasSuffix(".csv"), !argument.hasPrefix("/"),
                      FileManager.default.fileExists(atPath: RepositoryPaths.root + "/" + argument) {
                result.append(RepositoryPaths.root + "/" + argument)
                index += 1
            } else {
                result.append(argument)
                index += 1
            }
        }
        if ["train", "compare"].contains(result.first) {
            for (flag, value) in replaced where !result.contains(flag) && flag != "--fashion-data-dir" {
                result += [flag, value]
            }
            if !result.contains("--output") {
                result += ["--output", outputDirectory + "/documented.json"]
            }
        }
        // Continual streams read Fashion-MNIST from the tiny dataset too, which CI has without
        // the Debian package.
        if result.first == "continual", !result.contains("--fashion-data-dir"), result.contains("mnist-fashion") {
            result += ["--fashion-data-dir", Self.tinyDataset]
        }
        return result
    }

    func testDocumentedCommandsRun() throws {
        let commands = try documentedCommands()
        XCTAssertGreaterThanOrEqual(commands.count, 2, "the README shows a train and a compare command")
        for (file, arguments) in commands {
            let directory = RepositoryPaths.temporaryDirectory("documented")
            let rewritten = rewrite(arguments, outputDirectory: directory)
            let outcome = run(rewritten)
            XCTAssertEqual(outcome.status, 0, "\(file): analogsim \(arguments.joined(separator: " ")): \(outcome.errors)")
        }
    }
}
