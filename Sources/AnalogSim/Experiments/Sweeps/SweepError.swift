import Foundation

/// An error that stops a sweep from being set up, resumed or merged.
public enum SweepError: Error, Equatable, UserFacingError {
    /// A `--vary` value is not `NAME=V1,V2,…`.
    case invalidVarySyntax(text: String)
    case unknownParameter(name: String, suggestion: String?)
    case invalidValue(parameter: String, value: String, requirement: String)
    case repeatedParameter(name: String)
    case repeatedValue(parameter: String, value: String)
    /// A profile parameter is varied on a profile of another model.
    case profileParameterOnOtherModel(parameter: String, model: String)
    /// The profile of one point failed profile validation; `settings` lists the point's
    /// profile parameters.
    case invalidPointProfile(settings: String, reason: String)
    case invalidShard(text: String)
    case invalidSpecification(path: String, reason: String)
    /// The specification file does not exist.
    case specificationNotFound(path: String)
    /// A value in the specification file fails the check that the same flag gets on the command
    /// line; `message` is that check's message without its `sweep: ` prefix.
    case invalidSpecificationValue(path: String, message: String)
    /// An output directory contains a sweep with another specification.
    case specificationMismatch(directory: String, differingEntries: [String])
    /// A line of a points file is not a point of this sweep.
    case corruptPointsFile(path: String, line: Int, reason: String)
    case mergeOverlap(index: Int, directories: [String])
    case mergeMissing(indices: [Int], pointCount: Int)
    case fileFailure(path: String, reason: String)

    public var kind: FailureKind {
        switch self {
        case .invalidVarySyntax, .unknownParameter, .invalidValue, .repeatedParameter, .repeatedValue,
             .profileParameterOnOtherModel, .invalidPointProfile, .invalidShard, .specificationMismatch,
             .mergeOverlap, .mergeMissing:
            return .usage
        case .invalidSpecification, .invalidSpecificationValue, .corruptPointsFile:
            return .data
        case .specificationNotFound:
            return .missingInput
        case .fileFailure:
            return .runtime
        }
    }

    public var message: String {
        switch self {
        case .invalidVarySyntax(let text):
            return "sweep: --vary '\(text)' is not valid; write NAME=V1,V2,… for example --vary levels=16,32,64."
        case .unknownParameter(let name, let suggestion):
            let guess = suggestion.map { " Did you mean '\($0)'?" } ?? ""
            return "sweep: unknown parameter '\(name)'.\(guess) Parameters: \(SweepParameter.allCases.map(\.rawValue).joined(separator: ", "))."
        case .invalidValue(let parameter, let value, let requirement):
            return "sweep: \(parameter) value '\(value)' is not valid; it must be \(requirement)."
        case .repeatedParameter(let name):
            return "sweep: parameter '\(name)' is varied twice; list all its values in one --vary \(name)=V1,V2,…."
        case .repeatedValue(let parameter, let value):
            return "sweep: \(parameter) lists the value '\(value)' twice; give each value once."
        case .profileParameterOnOtherModel(let parameter, let model):
            return "sweep: \(parameter) is a parameter of the pulse-position model, but the profile's model is \(model); choose a pulse-position profile such as ag-a-si."
        case .invalidPointProfile(let settings, let reason):
            return "sweep: \(settings) gives an invalid profile: \(reason)"
        case .invalidShard(let text):
            return "sweep: --shard '\(text)' is not valid; write I/N with 1 ≤ I ≤ N, for example --shard 2/3."
        case .invalidSpecification(let path, let reason):
            return "sweep: specification \(path) is not valid: \(reason). docs/sweeps.md describes the format."
        case .specificationNotFound(let path):
            return "sweep: specification \(path) not found. Check the path, or give the grid as flags (--profile, --vary, --output-dir); docs/sweeps.md describes both."
        case .invalidSpecificationValue(let path, let message):
            return "sweep: specification \(path): \(message) Fix the file; docs/sweeps.md describes the format."
        case .specificationMismatch(let directory, let differingEntries):
            return "sweep: \(directory)/spec.json records another sweep (it differs in: \(differingEntries.joined(separator: ", "))), "
                + "so it cannot be resumed or merged with this one. Choose another --output-dir, or rerun with the recorded specification."
        case .corruptPointsFile(let path, let line, let reason):
            return "sweep: \(path) line \(line) is not a point of this sweep (\(reason)). Remove the line or start in a new --output-dir."
        case .mergeOverlap(let index, let directories):
            return "sweep merge: point \(index) is in more than one directory (\(directories.joined(separator: ", "))); merge each shard once."
        case .mergeMissing(let indices, let pointCount):
            let listed = indices.prefix(10).map(String.init).joined(separator: ", ")
            return "sweep merge: \(indices.count) of the \(pointCount) points are missing (indices \(listed)\(indices.count > 10 ? ", …" : "")); "
                + "finish or add the shards that run them."
        case .fileFailure(let path, let reason):
            return "sweep: cannot write \(path): \(reason). Check free disk space and the directory's permissions."
        }
    }
}
