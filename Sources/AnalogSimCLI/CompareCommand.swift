import AnalogSim
import Foundation

/// `analogsim compare`: software, bidirectional and unidirectional side by side.
enum CompareCommand {
    static let specifications = TrainingOptions.specifications(for: "compare") + [
        OptionSpecification(name: "--jobs", valueName: "N", help: "runs at a time (default: the number of cores); results do not depend on it"),
        TrainingOptions.helpOption,
    ]

    static func run(arguments: [String], output: TextSink, errors: TextSink, library: ProfileLibrary) throws {
        let parsed = try ParsedArguments(command: "compare", arguments: arguments, options: specifications)
        if parsed.isSet("--help") {
            output.write(HelpText.compare)
            return
        }

        var options = try TrainingOptions(parsed)
        for note in options.ignoredOptionNotes(rules: Comparison.rules) {
            errors.write("note: \(note)\n")
        }
        let jobs = try parsed.integer("--jobs", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount
        guard let profileName = options.profileName else {
            throw UsageError("compare: --profile NAME|PATH is required; run 'analogsim profiles' to list the bundled profiles.")
        }
        let loaded = try library.load(profileName)
        let profile = DeviceProfileRecord(path: loaded.path, content: loaded.profile)
        let outputPath = options.outputPath ?? "compare-\(loaded.profile.name)-seed\(options.configuration.seed).json"
        try ResultFileWriter.checkWritable(path: outputPath, overwrite: options.overwrite)
        try PlotOption.check(options.plotPath, overwrite: options.overwrite)

        BLAS.setThreadCount(1)
        let data = try options.loadData()
        var deviceConfiguration = options.configuration
        deviceConfiguration.rule = .unidirectional
        try MemoryCheck.check(configuration: deviceConfiguration, inputCount: data.training.pixelsPerImage,
                              concurrentRuns: min(jobs, Comparison.rules.count))
        errors.write(RunDescription.describe(configuration: options.configuration, data: data, profile: profile))
        let comparison = Comparison(configuration: options.configuration, profile: profile, data: data)
        let result = try comparison.run(parallelRuns: jobs, observer: ProgressPrinter(sink: errors, scheme: options.configuration.hardware.scheme))

        try ResultFileWriter.writeJSON(result, to: outputPath)
        output.write(table(result) + "result written to \(outputPath)\n")
        try PlotOption.write(AccuracyFigure.make(comparison: result), to: options.plotPath, report: output)
    }

    static func table(_ result: Comparison.Result) -> String {
        let showsCost = result.profile.content.write != nil
        var header = ["rule", "test accuracy", "gap to software", "pulses", "refreshes", "dropped updates"]
        if showsCost {
            header += ["write energy", "write latency"]
        }
        var table = TextTable(header: header)
        for row in result.table {
            let gap = row.rule == .software ? "—" : String(format: "%+.2f points", row.gapToSoftware * 100)
            var cells = [
                row.rule.rawValue, String(format: "%.4f", row.testAccuracy), gap,
                String(row.pulses), String(row.refreshes),
                result.configuration.hardware.scheme == .expected ? "n/a" : String(format: "%.1f %%", row.droppedFraction * 100),
            ]
            if showsCost {
                cells += WriteCostText.cells(row.writeCost)
            }
            table.append(cells)
        }
        return table.render()
    }
}
