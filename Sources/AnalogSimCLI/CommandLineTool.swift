import AnalogSim
import Foundation

/// The `analogsim` command: dispatches to a subcommand and turns errors into messages and exit
/// statuses (64 usage, 65 bad data, 66 missing file, 1 failure at run time).
public enum CommandLineTool {
    static let commands: [(name: String, summary: String)] = [
        ("train", "train a network with one learning rule on a device profile"),
        ("compare", "train software, bidirectional and unidirectional with the same data and initial weights"),
        ("continual", "train one learning rule over a stream of tasks and measure what it forgets"),
        ("sweep", "train once per point of a grid over profile parameters, rules, update schemes and seeds"),
        ("profiles", "list the bundled device profiles"),
        ("bench", "time fixed training workloads on MNIST (images/s, evaluation time, memory)"),
        ("device", "show a profile's response ('device show P'), convert it ('device convert') or fit one to a measured train ('device fit')"),
    ]

    /// Runs the command line `arguments` (without the program name) and returns the exit status.
    public static func run(arguments: [String], output: TextSink, errors: TextSink,
                           library: ProfileLibrary = .standard()) -> Int32 {
        do {
            try dispatch(arguments: arguments, output: output, errors: errors, library: library)
            return 0
        } catch let error as UserFacingError {
            errors.write("error: \(error.message)\n")
            return error.kind.exitStatus
        } catch {
            errors.write("error: \(error)\n")
            return FailureKind.runtime.exitStatus
        }
    }

    private static func dispatch(arguments: [String], output: TextSink, errors: TextSink, library: ProfileLibrary) throws {
        guard let command = arguments.first else {
            errors.write(HelpText.overview)
            throw UsageError("no command given; choose one of the commands above.")
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "--help", "-h", "help":
            if let topic = rest.first {
                try dispatch(arguments: [topic, "--help"], output: output, errors: errors, library: library)
            } else {
                output.write(HelpText.overview)
            }
        case "--version":
            output.write("analogsim \(AnalogSimVersion.current)\n")
        case "train":
            try TrainCommand.run(arguments: rest, output: output, errors: errors, library: library)
        case "compare":
            try CompareCommand.run(arguments: rest, output: output, errors: errors, library: library)
        case "continual":
            try ContinualCommand.run(arguments: rest, output: output, errors: errors, library: library)
        case "sweep":
            try SweepCommand.run(arguments: rest, output: output, errors: errors, library: library)
        case "profiles":
            try ProfilesCommand.run(arguments: rest, output: output, errors: errors, library: library)
        case "bench":
            try BenchCommand.run(arguments: rest, output: output, errors: errors, library: library)
        case "device":
            try DeviceCommand.run(arguments: rest, output: output, errors: errors, library: library)
        default:
            let names = commands.map(\.name)
            let guess = NearestName.suggestion(for: command, among: names).map { " Did you mean '\($0)'?" } ?? ""
            throw UsageError("unknown command '\(command)'.\(guess) Commands: \(names.joined(separator: ", ")). Run 'analogsim --help' for usage.")
        }
    }
}
