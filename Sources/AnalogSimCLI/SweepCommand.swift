import AnalogSim
import Foundation

/// `analogsim sweep`: train once per point of a grid over profile parameters, rules, update
/// schemes and seeds, appending each finished point to `points.jsonl` and `points.csv`.
/// `sweep merge` and `sweep plot` are handled by their own commands.
enum SweepCommand {
    static let specifications: [OptionSpecification] = [
        OptionSpecification(name: "--profile", valueName: "NAME|PATH", help: "base device profile (required): a bundled name (see 'analogsim profiles') or the path of a JSON file"),
        OptionSpecification(name: "--rule", valueName: "NAME", help: "software, bidirectional or unidirectional for every point (required unless --vary rule=…)"),
        OptionSpecification(name: "--vary", valueName: "NAME=V1,V2,…", help: "a parameter and its values; repeat for more parameters. The grid is the product, the last --vary changing fastest. Parameters: \(SweepParameter.allCases.map(\.rawValue).joined(separator: ", "))", isRepeatable: true),
    ] + TrainingOptions.sharedSpecifications + [
        OptionSpecification(name: "--output-dir", valueName: "DIR", help: "directory of spec.json, points.jsonl and points.csv (required); created if missing. Rerunning with the same DIR resumes the sweep"),
        OptionSpecification(name: "--jobs", valueName: "N", help: "points at a time, each on one thread (default: the number of cores); results do not depend on it"),
        OptionSpecification(name: "--shard", valueName: "I/N", help: "run only the points whose index modulo N is I − 1 (default: all); join the shard directories with 'analogsim sweep merge'"),
        OptionSpecification(name: "--point-limit", valueName: "N", help: "start at most N of the remaining points, then stop; a later run resumes (default: no limit)"),
        TrainingOptions.helpOption,
    ]

    static func run(arguments: [String], output: TextSink, errors: TextSink, library: ProfileLibrary) throws {
        if arguments.first == "merge" {
            try SweepMergeCommand.run(arguments: Array(arguments.dropFirst()), output: output)
            return
        }
        if arguments.first == "plot" {
            try SweepPlotCommand.run(arguments: Array(arguments.dropFirst()), output: output)
            return
        }
        var parsed = try ParsedArguments(command: "sweep", arguments: arguments, options: specifications, positionalLimit: 1)
        if parsed.isSet("--help") {
            output.write(HelpText.sweep)
            return
        }
        guard let specificationPath = parsed.positionals.first else {
            var sweep = try PreparedSweep(parsed, library: library)
            try sweep.run(output: output, errors: errors)
            return
        }

        let fileArguments = try SweepSpecificationFile.arguments(path: specificationPath)
        var sweep: PreparedSweep
        do {
            parsed = try ParsedArguments(command: "sweep", arguments: fileArguments + arguments.filter { $0 != specificationPath },
                                         options: specifications)
            sweep = try PreparedSweep(parsed, library: library)
        } catch let error as UserFacingError where error.kind == .usage {
            // The flag or value came from the file (or a flag given with it), so the message
            // names the file, and the exit status is that of bad data.
            let message = error.message.hasPrefix("sweep: ") ? String(error.message.dropFirst("sweep: ".count)) : error.message
            throw SweepError.invalidSpecificationValue(path: specificationPath, message: message)
        }
        try sweep.run(output: output, errors: errors)
    }
}

/// A sweep with every flag, the grid and every point's profile validated, before data is read.
struct PreparedSweep {
    var options: TrainingOptions
    let grid: SweepGrid
    let profile: DeviceProfileRecord
    let directory: String
    let jobs: Int
    let shard: SweepShard?
    let pointLimit: Int?
    /// The rules that the points use, in the order of `LearningRule.allCases`.
    let rules: [LearningRule]

    init(_ parsed: ParsedArguments, library: ProfileLibrary) throws {
        options = try TrainingOptions(parsed)
        grid = try SweepGrid(axes: parsed.strings("--vary").map(SweepAxis.parse))
        for (parameter, flag) in [(SweepParameter.seed, "--seed"), (.updateScheme, "--update-scheme")]
        where grid.varies(parameter) && parsed.string(flag) != nil {
            throw UsageError("sweep: \(flag) and --vary \(parameter.rawValue)=… are both given; give one of them.")
        }
        let rule = try parsed.choice("--rule", of: LearningRule.self)
        switch (rule, grid.varies(.rule)) {
        case (nil, false):
            throw UsageError("sweep: --rule is required unless the grid varies it (--vary rule=software,bidirectional,unidirectional); valid rules: \(LearningRule.allCases.map(\.rawValue).joined(separator: ", ")).")
        case (.some, true):
            throw UsageError("sweep: --rule and --vary rule=… are both given; give one of them.")
        case (let rule?, false):
            options.configuration.rule = rule
        case (nil, true):
            // Every point sets its own rule, so the base rule recorded in spec.json is unused.
            options.configuration.rule = .bidirectional
        }
        guard let profileName = options.profileName else {
            throw UsageError("sweep: --profile NAME|PATH is required; run 'analogsim profiles' to list the bundled profiles.")
        }
        let loaded = try library.load(profileName)
        profile = DeviceProfileRecord(path: loaded.path, content: loaded.profile)
        guard let directory = parsed.string("--output-dir"), !directory.isEmpty else {
            throw UsageError("sweep: --output-dir DIR is required; it receives spec.json, points.jsonl and points.csv.")
        }
        self.directory = directory
        jobs = try parsed.integer("--jobs", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount
        shard = try parsed.string("--shard").map(SweepShard.parse)
        pointLimit = try parsed.integer("--point-limit", in: 1...Int(Int32.max))

        // Building the points validates every point's profile; `run` builds them again once the
        // data directory is known.
        let points = try grid.points(base: options.configuration, profile: profile)
        rules = LearningRule.allCases.filter { rule in points.contains { $0.configuration.rule == rule } }
    }

    /// The record of `spec.json`, with the base configuration as it is after the data is loaded.
    var record: SweepRecord {
        SweepRecord(profile: profile, axes: grid.axes, configuration: options.configuration, pointCount: grid.pointCount, shard: shard)
    }

    mutating func run(output: TextSink, errors: TextSink) throws {
        for note in options.ignoredOptionNotes(rules: rules) {
            errors.write("note: \(note)\n")
        }
        try createDirectory()
        BLAS.setThreadCount(1)
        let data = try options.loadData()
        let points = try grid.points(base: options.configuration, profile: profile)
        // Unidirectional runs hold the most state, so the check uses one when the grid has one.
        let heaviest = points.first { $0.configuration.rule == .unidirectional } ?? points.first
        try MemoryCheck.check(configuration: heaviest?.configuration ?? options.configuration, inputCount: data.training.pixelsPerImage,
                              concurrentRuns: min(jobs, points.count))

        let files = try openDirectory()
        let inShard = points.filter { shard?.contains(index: $0.index) ?? true }
        let pending = inShard.filter { !files.finishedIndices.contains($0.index) }
        let alreadyDone = inShard.count - pending.count
        errors.write("sweep: \(grid.pointCount) point\(grid.pointCount == 1 ? "" : "s")\(shard.map { ", \(inShard.count) in shard \($0.number)/\($0.count)" } ?? ""); "
            + "\(alreadyDone) finished before, \(pending.count) to run, \(jobs) at a time; results in \(directory)\n")

        let axes = grid.axes
        let printer = SweepProgressPrinter(sink: errors, total: inShard.count)
        try Sweep(data: data).run(points: pending, parallelRuns: jobs, limit: pointLimit, alreadyDone: alreadyDone,
                                  observer: printer) { point, result in
            let row = SweepPointRow(point: point, result: result)
            try files.append(jsonLine: try row.jsonLine(), csvLine: row.csvLine(axes: axes), index: point.index)
        }

        let finished = files.finishedIndices.count
        output.write("sweep: \(finished) of \(inShard.count) points finished; rows in \(directory)/\(SweepPointsFiles.jsonFileName) and \(directory)/\(SweepPointsFiles.csvFileName)\n")
    }

    /// Writes `spec.json` in a new directory, or checks that an existing one records this sweep,
    /// and opens the points files, which repairs them after an interruption.
    private func openDirectory() throws -> SweepPointsFiles {
        let record = record
        if let differences = try record.differences(fromFileIn: directory) {
            guard differences.isEmpty else { throw SweepError.specificationMismatch(directory: directory, differingEntries: differences) }
        } else {
            try ResultFileWriter.writeJSON(record, to: (directory as NSString).appendingPathComponent(SweepRecord.fileName))
        }
        return try SweepPointsFiles(directory: directory, csvHeader: SweepPointRow.csvHeader(axes: grid.axes), pointCount: grid.pointCount)
    }

    private func createDirectory() throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw UsageError("sweep: cannot create --output-dir \(directory) (\(error.localizedDescription)); choose another directory.")
        }
    }
}

/// Writes a line on standard error after every finished point: points done, running and not
/// yet started, and the estimated time left.
final class SweepProgressPrinter: SweepObserver, @unchecked Sendable {
    private let sink: TextSink
    private let total: Int

    init(sink: TextSink, total: Int) {
        self.sink = sink
        self.total = total
    }

    func sweepProgress(_ progress: SweepProgress) {
        sink.write("sweep: \(progress.done)/\(total) done, \(progress.running) running, \(progress.waiting) left to start, "
            + "about \(Self.duration(progress.estimatedSecondsLeft)) remaining\n")
    }

    /// Formats seconds as `1 h 05 min`, `3 min 20 s` or `12 s`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole >= 3600 { return String(format: "%d h %02d min", whole / 3600, whole % 3600 / 60) }
        if whole >= 60 { return String(format: "%d min %02d s", whole / 60, whole % 60) }
        return "\(whole) s"
    }
}
