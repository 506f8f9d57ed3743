import AnalogSim
import Foundation

/// `--checkpoint`, `--checkpoint-every` and `--resume` of `train` and `compare`, and the checks
/// on the checkpoint path that run before any data is read.
struct CheckpointOptions {
    static let specifications = [
        OptionSpecification(name: "--checkpoint-every", valueName: "N", help: "save the whole training state after every N epochs (rounds with --rounds) to the --checkpoint file, replacing the previous one atomically (default: save only when stopped by SIGINT or SIGTERM)"),
        OptionSpecification(name: "--checkpoint", valueName: "FILE", help: "the checkpoint file (default: the --output path with .checkpoint appended; for train without --output, train-RULE[-PROFILE]-seedS.checkpoint in the current directory); it is deleted when the run finishes"),
        OptionSpecification(name: "--resume", valueName: nil, help: "continue the run saved in the --checkpoint file; the options must be those that started it, and the result equals an uninterrupted run's apart from timings"),
    ]

    static let fileOption = ResultFileWriter.FileOption(flag: "--checkpoint", fileKind: "a checkpoint file", exampleFileName: "run.checkpoint")

    /// Epochs (or rounds) between saves; nil saves only when stopped.
    let interval: Int?
    let path: String
    let resumes: Bool

    /// Reads the options; `defaultPath` is used without `--checkpoint`.
    init(_ arguments: ParsedArguments, defaultPath: String) throws {
        interval = try arguments.integer("--checkpoint-every", in: 1...Int(Int32.max))
        path = arguments.string("--checkpoint") ?? defaultPath
        resumes = arguments.isSet("--resume")
    }

    /// Checks that the checkpoint can be written and, for a new run, that it would not replace
    /// the checkpoint of an earlier one unless `overwrite` (`--force`) is set.
    func check(overwrite: Bool) throws {
        try ResultFileWriter.checkWritable(path: path, overwrite: true, option: Self.fileOption)
        if resumes {
            guard FileManager.default.fileExists(atPath: path) else { throw CheckpointError.missing(path: path) }
        } else if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw CheckpointError.alreadyExists(path: path)
        }
    }

    /// Deletes the checkpoint after the run's result is safe.
    func removeFile() {
        unlink(path)
    }

    /// Rethrows `error`, naming the checkpoint in a stop by signal, and as a `CheckpointError`
    /// when a checkpoint's network state does not fit the network being restored.
    func translate(_ error: Error) -> Error {
        if var interruption = error as? TrainingInterruption {
            interruption.checkpointPath = path
            return interruption
        }
        if let failure = error as? StateDecoder.Failure {
            return CheckpointError.malformed(path: path, detail: failure.detail)
        }
        return error
    }
}
