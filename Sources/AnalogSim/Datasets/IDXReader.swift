import Foundation

/// Reads IDX files (the MNIST format): a magic number `00 00 08 d` (unsigned bytes, d
/// dimensions), d big-endian 32-bit sizes, then the data. Gzipped files are decompressed.
public enum IDXReader {
    /// Reads an image file (d = 3: count, rows, columns).
    public static func readImages(path: String) throws -> (count: Int, rowCount: Int, columnCount: Int, pixels: [UInt8]) {
        try parseImages(bytes: try readBytes(path: path), path: path)
    }

    /// Reads a label file (d = 1) and checks that every label is a class index 0…9.
    public static func readLabels(path: String) throws -> [UInt8] {
        try parseLabels(bytes: try readBytes(path: path), path: path)
    }

    /// Parses the decompressed bytes of an image file; `path` names it in messages. The fuzzing
    /// target calls this directly, so it runs the same checks as a file read from disk.
    public static func parseImages(bytes: [UInt8], path: String) throws -> (count: Int, rowCount: Int, columnCount: Int, pixels: [UInt8]) {
        let sizes = try header(bytes, path: path, dimensions: 3, kind: "image")
        let headerSize = 4 + 4 * 3
        try checkLength(bytes, path: path, headerSize: headerSize, sizes: sizes)
        return (sizes[0], sizes[1], sizes[2], Array(bytes[headerSize...]))
    }

    /// Parses the decompressed bytes of a label file, as `parseImages` does an image file.
    public static func parseLabels(bytes: [UInt8], path: String) throws -> [UInt8] {
        let sizes = try header(bytes, path: path, dimensions: 1, kind: "label")
        let headerSize = 4 + 4
        try checkLength(bytes, path: path, headerSize: headerSize, sizes: sizes)
        let labels = Array(bytes[headerSize...])
        if let index = labels.firstIndex(where: { $0 > 9 }) {
            throw DatasetError.labelOutOfRange(path: path, index: index, value: Int(labels[index]))
        }
        return labels
    }

    /// The product of the sizes, or nil when it overflows (a hostile header).
    private static func product(_ sizes: [Int]) -> Int? {
        var result = 1
        for size in sizes {
            let (value, overflow) = result.multipliedReportingOverflow(by: size)
            if overflow { return nil }
            result = value
        }
        return result
    }

    private static func readBytes(path: String) throws -> [UInt8] {
        do {
            return try CompressedFileReader.readAll(path: path)
        } catch let failure as CompressedFileReader.Failure {
            switch failure {
            case .notFound(let path): throw DatasetError.unreadable(path: path, reason: "file not found")
            case .unreadable(let path, let reason): throw DatasetError.unreadable(path: path, reason: reason)
            case .corrupt(let path, let reason): throw DatasetError.corruptCompression(path: path, reason: reason)
            }
        }
    }

    private static func header(_ bytes: [UInt8], path: String, dimensions: Int, kind: String) throws -> [Int] {
        let headerSize = 4 + 4 * dimensions
        guard bytes.count >= 4 else {
            throw DatasetError.truncated(path: path, expectedBytes: headerSize, actualBytes: bytes.count)
        }
        guard bytes[0] == 0, bytes[1] == 0, bytes[2] == 0x08, Int(bytes[3]) == dimensions else {
            let found = "0x" + bytes[0..<4].map { String(format: "%02X", $0) }.joined()
            throw DatasetError.wrongMagicNumber(path: path, found: found, expected: kind)
        }
        guard bytes.count >= headerSize else {
            throw DatasetError.truncated(path: path, expectedBytes: headerSize, actualBytes: bytes.count)
        }
        return (0..<dimensions).map { dimension in
            let offset = 4 + 4 * dimension
            return bytes[offset..<(offset + 4)].reduce(0) { ($0 << 8) | Int($1) }
        }
    }

    private static func checkLength(_ bytes: [UInt8], path: String, headerSize: Int, sizes: [Int]) throws {
        guard let payload = product(sizes), payload <= Int(Int32.max) * 16 else {
            throw DatasetError.implausibleHeader(path: path, sizes: sizes, actualBytes: bytes.count)
        }
        guard payload > 0 else {
            throw DatasetError.empty(path: path, sizes: sizes)
        }
        let expected = headerSize + payload
        if bytes.count < expected {
            throw DatasetError.truncated(path: path, expectedBytes: expected, actualBytes: bytes.count)
        }
        if bytes.count > expected {
            throw DatasetError.trailingBytes(path: path, extraBytes: bytes.count - expected)
        }
    }
}
