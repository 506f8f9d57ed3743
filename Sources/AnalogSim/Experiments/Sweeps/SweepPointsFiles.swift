import Foundation

/// `points.jsonl` and `points.csv` of a sweep directory, appended one whole line at a time.
///
/// Each line goes to the file in one `write()` followed by `fsync`, so a killed sweep leaves at
/// most one incomplete last line per file. Opening the files removes such a line, and keeps only
/// the points present in both files, so a point written to one file but not yet to the other
/// runs again.
public final class SweepPointsFiles: @unchecked Sendable {
    public static let jsonFileName = "points.jsonl"
    public static let csvFileName = "points.csv"

    /// The indices of the points already in both files.
    public private(set) var finishedIndices: Set<Int>
    private let jsonPath: String
    private let csvPath: String
    private let jsonDescriptor: Int32
    private let csvDescriptor: Int32
    private let lock = NSLock()

    /// Opens (or creates) the files in `directory`, repairs them, and writes the CSV header to a
    /// new file. `pointCount` bounds the indices accepted from existing lines.
    public init(directory: String, csvHeader: String, pointCount: Int) throws {
        jsonPath = (directory as NSString).appendingPathComponent(Self.jsonFileName)
        csvPath = (directory as NSString).appendingPathComponent(Self.csvFileName)

        var jsonLines = try Self.completeLines(of: jsonPath)
        var csvLines = try Self.completeLines(of: csvPath)
        if let header = csvLines.first, header + "\n" == csvHeader {
            csvLines.removeFirst()
        } else if !csvLines.isEmpty {
            throw SweepError.corruptPointsFile(path: csvPath, line: 1, reason: "the header differs from \(csvHeader.dropLast())")
        }
        let jsonIndices = try Self.indices(of: jsonLines, path: jsonPath, pointCount: pointCount, field: Self.jsonIndex)
        let csvIndices = try Self.indices(of: csvLines, path: csvPath, pointCount: pointCount, field: Self.csvIndex)
        let finished = Set(jsonIndices).intersection(csvIndices)

        // Rewrite the files when a point is in only one of them or in one twice.
        if jsonIndices.count != finished.count || csvIndices.count != finished.count {
            jsonLines = Self.keepingFirst(jsonLines, indices: jsonIndices, of: finished)
            csvLines = Self.keepingFirst(csvLines, indices: csvIndices, of: finished)
            try Self.replace(jsonPath, lines: jsonLines)
            try Self.replace(csvPath, lines: [String(csvHeader.dropLast())] + csvLines)
        }
        finishedIndices = finished

        jsonDescriptor = open(jsonPath, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        csvDescriptor = open(csvPath, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard jsonDescriptor >= 0, csvDescriptor >= 0 else {
            throw SweepError.fileFailure(path: jsonDescriptor < 0 ? jsonPath : csvPath, reason: String(cString: strerror(errno)))
        }
        if lseek(csvDescriptor, 0, SEEK_END) == 0 {
            try Self.writeLine(csvHeader, to: csvDescriptor, path: csvPath)
        }
    }

    deinit {
        close(jsonDescriptor)
        close(csvDescriptor)
    }

    /// Appends one point to both files: the JSON line first, then the CSV row.
    public func append(jsonLine: String, csvLine: String, index: Int) throws {
        lock.lock()
        defer { lock.unlock() }
        try Self.writeLine(jsonLine, to: jsonDescriptor, path: jsonPath)
        try Self.writeLine(csvLine, to: csvDescriptor, path: csvPath)
        finishedIndices.insert(index)
    }

    /// Writes `line` with one `write()` call and flushes it to disk. A regular file takes the
    /// whole buffer in one call unless the disk is full, which is reported as a failure.
    private static func writeLine(_ line: String, to descriptor: Int32, path: String) throws {
        let bytes = Array(line.utf8)
        var written = -1
        repeat {
            written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
        } while written < 0 && errno == EINTR
        guard written == bytes.count else {
            let reason = written < 0 ? String(cString: strerror(errno)) : "only \(written) of \(bytes.count) bytes were written"
            throw SweepError.fileFailure(path: path, reason: reason)
        }
        guard fsync(descriptor) == 0 else {
            throw SweepError.fileFailure(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Returns the lines of `path` that end in a newline, without it. A last line without a newline was
    /// cut by an interruption, so it is truncated away on disk. A missing file has no lines.
    static func completeLines(of path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return [] }
        let completeLength = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        if completeLength < data.count {
            guard truncate(path, off_t(completeLength)) == 0 else {
                throw SweepError.fileFailure(path: path, reason: String(cString: strerror(errno)))
            }
        }
        return String(decoding: data.prefix(completeLength), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Returns the lines of `path` that end in a newline, without it, leaving the file as it is.
    public static func completeLinesWithoutRepair(of path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return [] }
        let completeLength = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        return String(decoding: data.prefix(completeLength), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    private static func indices(of lines: [String], path: String, pointCount: Int,
                                field: (String) -> Int?) throws -> [Int] {
        try lines.enumerated().map { number, line in
            guard let index = field(line), (0..<pointCount).contains(index) else {
                throw SweepError.corruptPointsFile(path: path, line: number + 1, reason: "no point index from 0 to \(pointCount - 1)")
            }
            return index
        }
    }

    /// Returns the `index` member of a JSON line.
    public static func jsonIndex(_ line: String) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        return object["index"] as? Int
    }

    /// Returns the first cell of a CSV row as an index.
    public static func csvIndex(_ line: String) -> Int? {
        Int(line.prefix { $0 != "," })
    }

    private static func keepingFirst(_ lines: [String], indices: [Int], of kept: Set<Int>) -> [String] {
        var seen: Set<Int> = []
        return zip(lines, indices).compactMap { line, index in
            kept.contains(index) && seen.insert(index).inserted ? line : nil
        }
    }

    private static func replace(_ path: String, lines: [String]) throws {
        let text = lines.map { $0 + "\n" }.joined()
        do {
            try ResultFileWriter.writeAtomically(Data(text.utf8), to: path)
        } catch let error as UserFacingError {
            throw SweepError.fileFailure(path: path, reason: error.message)
        }
    }
}
