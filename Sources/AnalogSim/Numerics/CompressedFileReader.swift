import CNumerics
import Foundation

/// Reads a whole file through zlib, which passes an uncompressed file through unchanged, so the
/// same call reads `name.gz` and `name`.
public enum CompressedFileReader {
    /// A failure to open or decompress a file.
    public enum Failure: Error, Equatable {
        /// The file does not exist.
        case notFound(path: String)
        /// The file exists but could not be opened (permissions, a directory).
        case unreadable(path: String, reason: String)
        /// zlib reported an error part-way, for example a truncated or corrupt gzip stream.
        case corrupt(path: String, reason: String)
    }

    /// Returns the decompressed bytes of the file at `path`.
    public static func readAll(path: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure.notFound(path: path)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw Failure.unreadable(path: path, reason: "it is a directory")
        }
        guard let file = gzopen(path, "rb") else {
            throw Failure.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { gzclose(file) }

        let chunkSize = 1 << 20
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let readCount = chunk.withUnsafeMutableBytes { buffer in
                gzread(file, buffer.baseAddress, UInt32(chunkSize))
            }
            if readCount < 0 {
                throw Failure.corrupt(path: path, reason: zlibMessage(file, path: path))
            }
            if readCount == 0 { break }
            bytes.append(contentsOf: chunk[0..<Int(readCount)])
        }

        // gzread returns the bytes it could decompress before a truncated stream ends; zlib
        // reports the truncation only through gzerror.
        var code: Int32 = 0
        _ = gzerror(file, &code)
        if code != Z_OK && code != Z_STREAM_END {
            throw Failure.corrupt(path: path, reason: zlibMessage(file, path: path))
        }
        return bytes
    }

    /// zlib's description of the last error, without the path it puts in front.
    private static func zlibMessage(_ file: gzFile, path: String) -> String {
        var code: Int32 = 0
        let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown zlib error"
        return message.hasPrefix(path + ": ") ? String(message.dropFirst(path.count + 2)) : message
    }
}
