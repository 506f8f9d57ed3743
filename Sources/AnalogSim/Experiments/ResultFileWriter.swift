import Foundation

/// Writes result files atomically: the JSON goes to a temporary file in the same directory,
/// which is flushed to disk and then renamed over the target, so a reader never sees a partial
/// file and an interrupted run leaves no half-written result.
public enum ResultFileWriter {
    /// The command-line option that names a file, for the messages of `Failure`.
    public struct FileOption: Equatable, Sendable {
        /// The flag, for example `--output`.
        public var flag: String
        /// The kind of file the option takes, for example `a JSON file`.
        public var fileKind: String
        /// A file name that messages suggest, for example `result.json`.
        public var exampleFileName: String

        public init(flag: String, fileKind: String, exampleFileName: String) {
            self.flag = flag
            self.fileKind = fileKind
            self.exampleFileName = exampleFileName
        }

        /// `--output`, the JSON result of `train` and `compare`.
        public static let output = FileOption(flag: "--output", fileKind: "a JSON file", exampleFileName: "result.json")
    }

    /// Why a result file could not be written.
    public enum Failure: Error, Equatable, UserFacingError {
        case emptyPath(option: FileOption)
        case isDirectory(path: String, option: FileOption)
        case directoryMissing(path: String, directory: String, option: FileOption)
        case directoryNotWritable(path: String, directory: String, option: FileOption)
        case alreadyExists(path: String, option: FileOption, overwriteFlag: String)
        case writeFailed(path: String, reason: String)

        public var kind: FailureKind {
            switch self {
            case .emptyPath, .isDirectory, .directoryMissing, .directoryNotWritable, .alreadyExists: return .usage
            case .writeFailed: return .runtime
            }
        }

        public var message: String {
            switch self {
            case .emptyPath(let option):
                return "\(option.flag) is empty; give the path of \(option.fileKind), for example \(option.flag) \(option.exampleFileName)."
            case .isDirectory(let path, let option):
                return "\(option.flag) \(path) is a directory; give a file path inside it, for example \((path as NSString).appendingPathComponent(option.exampleFileName))."
            case .directoryMissing(let path, let directory, let option):
                return "cannot write \(path): directory \(directory) does not exist. Create it or choose another \(option.flag) path."
            case .directoryNotWritable(let path, let directory, let option):
                return "cannot write \(path): directory \(directory) is not writable. Choose another \(option.flag) path or change the directory's permissions."
            case .alreadyExists(let path, let option, let overwriteFlag):
                return "\(path) already exists. Choose another \(option.flag) path, or pass \(overwriteFlag) to replace it."
            case .writeFailed(let path, let reason):
                return "cannot write \(path): \(reason). Check free disk space and the directory's permissions; no partial file was left."
            }
        }
    }

    /// Checks, before any work starts, that `path` can be written: its directory exists and is
    /// writable, and the file does not exist unless `overwrite` is set. Messages name `option`.
    public static func checkWritable(path: String, overwrite: Bool, option: FileOption = .output,
                                     overwriteFlag: String = "--force") throws {
        guard !path.isEmpty else { throw Failure.emptyPath(option: option) }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw Failure.isDirectory(path: path, option: option)
        }
        let directory = directoryOf(path)
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure.directoryMissing(path: path, directory: directory, option: option)
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw Failure.directoryNotWritable(path: path, directory: directory, option: option)
        }
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw Failure.alreadyExists(path: path, option: option, overwriteFlag: overwriteFlag)
        }
    }

    /// Encodes `value` as pretty-printed JSON with sorted keys and writes it atomically. Without
    /// `overwrite`, a file that appeared at `path` since `checkWritable` is kept and the write fails.
    public static func writeJSON<Value: Encodable>(_ value: Value, to path: String, overwrite: Bool = true) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw Failure.writeFailed(path: path, reason: "the result could not be encoded as JSON (\(error))")
        }
        try writeAtomically(data + Data("\n".utf8), to: path, overwrite: overwrite)
    }

    /// Writes `data` to `path` through a temporary file in the same directory, `fsync`, `rename`
    /// (or, without `overwrite`, `link`, which fails when `path` exists) and `fsync` of the
    /// directory. On any failure the temporary file is removed, so neither a partial result nor a
    /// stray temporary file is left, and `path` keeps its earlier content.
    ///
    /// `writeBytes` is `write(2)`; tests pass one that fails as a full disk does.
    public static func writeAtomically(_ data: Data, to path: String, overwrite: Bool = true,
                                       writeBytes: (Int32, UnsafeRawPointer, Int) -> Int = { write($0, $1, $2) }) throws {
        let directory = directoryOf(path)
        let temporaryPath = (directory as NSString).appendingPathComponent(
            ".\((path as NSString).lastPathComponent).\(getpid()).tmp")
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw Failure.writeFailed(path: path, reason: String(cString: strerror(errno)))
        }

        var failure = writeAll(data, to: descriptor, using: writeBytes)
        if failure == nil && fsync(descriptor) != 0 {
            failure = String(cString: strerror(errno))
        }
        close(descriptor)
        if failure == nil {
            failure = overwrite ? renameOver(temporaryPath, path) : linkWithoutReplacing(temporaryPath, path)
        }
        if let failure {
            unlink(temporaryPath)
            if failure == existsReason {
                throw Failure.alreadyExists(path: path, option: .output, overwriteFlag: "--force")
            }
            throw Failure.writeFailed(path: path, reason: failure)
        }

        // Flush the directory entry too, so the rename survives a power loss.
        let directoryDescriptor = open(directory, O_RDONLY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Writes all of `data`, retrying after `EINTR`; returns the reason of a failure.
    private static func writeAll(_ data: Data, to descriptor: Int32,
                                 using writeBytes: (Int32, UnsafeRawPointer, Int) -> Int) -> String? {
        data.withUnsafeBytes { buffer -> String? in
            var offset = 0
            while offset < buffer.count {
                let written = writeBytes(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
    }

    /// The failure reason that stands for "the target exists", which becomes `alreadyExists`.
    private static let existsReason = "the file exists"

    private static func renameOver(_ temporaryPath: String, _ path: String) -> String? {
        rename(temporaryPath, path) == 0 ? nil : String(cString: strerror(errno))
    }

    /// Gives the temporary file the name `path` unless that exists, then removes the temporary
    /// name. A file system without hard links falls back to a check and `rename`.
    private static func linkWithoutReplacing(_ temporaryPath: String, _ path: String) -> String? {
        if link(temporaryPath, path) == 0 {
            unlink(temporaryPath)
            return nil
        }
        if errno == EEXIST { return existsReason }
        if FileManager.default.fileExists(atPath: path) { return existsReason }
        return renameOver(temporaryPath, path)
    }

    private static func directoryOf(_ path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }
}
