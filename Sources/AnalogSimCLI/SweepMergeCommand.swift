import AnalogSim
import Foundation

/// `analogsim sweep merge DIR… --output-dir OUT`: joins the directories of the shards of one
/// sweep into the directory that the unsharded sweep would have written, rows sorted by index.
enum SweepMergeCommand {
    static let specifications: [OptionSpecification] = [
        OptionSpecification(name: "--output-dir", valueName: "OUT", help: "directory of the merged spec.json, points.jsonl and points.csv (required); it must not contain a sweep yet"),
        TrainingOptions.helpOption,
    ]

    static func run(arguments: [String], output: TextSink) throws {
        let parsed = try ParsedArguments(command: "sweep merge", arguments: arguments, options: specifications, positionalLimit: 10_000)
        if parsed.isSet("--help") {
            output.write(HelpText.sweepMerge)
            return
        }
        let directories = parsed.positionals
        guard !directories.isEmpty else {
            throw UsageError("sweep merge: give the shard directories to merge, for example 'analogsim sweep merge shard1 shard2 shard3 --output-dir all'.")
        }
        guard let target = parsed.string("--output-dir"), !target.isEmpty else {
            throw UsageError("sweep merge: --output-dir OUT is required; it receives the merged spec.json, points.jsonl and points.csv.")
        }
        let targetSpecification = (target as NSString).appendingPathComponent(SweepRecord.fileName)
        guard !FileManager.default.fileExists(atPath: targetSpecification) else {
            throw UsageError("sweep merge: \(targetSpecification) already exists; choose an empty --output-dir.")
        }

        let specification = try commonSpecification(of: directories)
        let pointCount = specification["pointCount"] as? Int ?? 0
        var rows: [Int: (json: String, csv: String, directory: String)] = [:]
        var csvHeader: String?
        for directory in directories {
            let shardRows = try finishedRows(in: directory, pointCount: pointCount)
            csvHeader = csvHeader ?? shardRows.header
            for index in shardRows.rows.keys.sorted() {
                let row = shardRows.rows[index]!
                if let earlier = rows[index] {
                    throw SweepError.mergeOverlap(index: index, directories: [earlier.directory, directory])
                }
                rows[index] = (row.json, row.csv, directory)
            }
        }
        let missing = (0..<pointCount).filter { rows[$0] == nil }
        guard missing.isEmpty else { throw SweepError.mergeMissing(indices: missing, pointCount: pointCount) }

        try write(specification: specification, rows: rows, csvHeader: csvHeader ?? "", to: target)
        output.write("sweep merge: \(pointCount) points from \(directories.count) directories written to \(target)\n")
    }

    /// Checks that every directory records the same sweep and returns the first directory's
    /// specification without its shard.
    private static func commonSpecification(of directories: [String]) throws -> [String: Any] {
        var first: [String: Any]?
        var reference: [String: Any] = [:]
        for directory in directories {
            let path = (directory as NSString).appendingPathComponent(SweepRecord.fileName)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UsageError("sweep merge: \(path) not found; give directories written by 'analogsim sweep --output-dir'.")
            }
            guard var specification = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw SweepError.invalidSpecification(path: path, reason: "it is not a JSON object")
            }
            specification["shard"] = nil
            specification["version"] = nil
            guard first != nil else {
                first = specification
                reference = comparable(specification)
                continue
            }
            let compared = comparable(specification)
            let keys = Set(reference.keys).union(compared.keys)
            let differing = keys.sorted().filter { key in
                guard let left = reference[key], let right = compared[key] else { return true }
                return !SweepRecord.sameJSON(left, right)
            }
            guard differing.isEmpty else {
                throw SweepError.specificationMismatch(directory: directory, differingEntries: differing)
            }
        }
        return first ?? [:]
    }

    /// Removes the profile's path and the data directory, because they differ between machines
    /// that run shards of one sweep. The profile content and the dataset name stay.
    private static func comparable(_ specification: [String: Any]) -> [String: Any] {
        var result = specification
        if var profile = result["profile"] as? [String: Any] {
            profile["path"] = nil
            result["profile"] = profile
        }
        if var configuration = result["configuration"] as? [String: Any] {
            configuration["dataDirectory"] = nil
            result["configuration"] = configuration
        }
        return result
    }

    /// Returns the rows present in both points files of `directory`, by index. It reads the
    /// files without repairing them, so an incomplete last line is skipped.
    private static func finishedRows(in directory: String, pointCount: Int) throws -> (header: String?, rows: [Int: (json: String, csv: String)]) {
        let jsonPath = (directory as NSString).appendingPathComponent(SweepPointsFiles.jsonFileName)
        let csvPath = (directory as NSString).appendingPathComponent(SweepPointsFiles.csvFileName)
        var csvLines = SweepPointsFiles.completeLinesWithoutRepair(of: csvPath)
        let header = csvLines.isEmpty ? nil : csvLines.removeFirst()
        var csvByIndex: [Int: String] = [:]
        for line in csvLines {
            if let index = SweepPointsFiles.csvIndex(line) { csvByIndex[index] = line }
        }
        var rows: [Int: (json: String, csv: String)] = [:]
        for (number, line) in SweepPointsFiles.completeLinesWithoutRepair(of: jsonPath).enumerated() {
            guard let index = SweepPointsFiles.jsonIndex(line), (0..<pointCount).contains(index) else {
                throw SweepError.corruptPointsFile(path: jsonPath, line: number + 1, reason: "no point index from 0 to \(pointCount - 1)")
            }
            if let csv = csvByIndex[index] { rows[index] = (line, csv) }
        }
        return (header, rows)
    }

    private static func write(specification: [String: Any], rows: [Int: (json: String, csv: String, directory: String)],
                              csvHeader: String, to target: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        } catch {
            throw UsageError("sweep merge: cannot create --output-dir \(target) (\(error.localizedDescription)); choose another directory.")
        }
        var merged = specification
        merged["version"] = AnalogSimVersion.current
        let specificationData = try JSONSerialization.data(withJSONObject: merged, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        let sorted = rows.keys.sorted()
        let json = sorted.map { rows[$0]!.json + "\n" }.joined()
        let csv = ([csvHeader] + sorted.map { rows[$0]!.csv }).map { $0 + "\n" }.joined()
        try ResultFileWriter.writeAtomically(Data(json.utf8), to: (target as NSString).appendingPathComponent(SweepPointsFiles.jsonFileName))
        try ResultFileWriter.writeAtomically(Data(csv.utf8), to: (target as NSString).appendingPathComponent(SweepPointsFiles.csvFileName))
        try ResultFileWriter.writeAtomically(specificationData + Data("\n".utf8), to: (target as NSString).appendingPathComponent(SweepRecord.fileName))
    }
}
