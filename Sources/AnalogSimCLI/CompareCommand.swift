import AnalogSim
import Foundation

/// `analogsim compare`: software, bidirectional and unidirectional side by side.
enum CompareCommand {
    static let specifications = TrainingOptions.specifications(for: "compare") + [
        OptionSpecification(name: "--seeds", valueName: "N", help: "run every rule for the N seeds S, S+1, …, S+N−1, where S is --seed, 1 to 1000; the table gives means over seeds and their standard deviation (default 1)"),
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
        let firstSeed = options.configuration.seed
        let (seedCount, lastSeed) = try seedRange(parsed, firstSeed: firstSeed)
        guard let profileName = options.profileName else {
            throw UsageError("compare: --profile NAME|PATH is required; run 'analogsim profiles' to list the bundled profiles.")
        }
        let profileNames = try splitProfileList(profileName)
        if profileNames.count > 1 {
            // TODO: checkpoints of multi-profile comparisons; until then their runs are not saved on a signal.
            for flag in ["--checkpoint", "--checkpoint-every", "--resume"] where parsed.isSet(flag) || parsed.string(flag) != nil {
                throw UsageError("compare: \(flag) works with one --profile only, but \(profileNames.count) are given. "
                    + "Compare the profiles one at a time to use checkpoints.")
            }
            try runProfiles(profileNames, options: &options, jobs: jobs, seedCount: seedCount, lastSeed: lastSeed,
                            output: output, errors: errors, library: library)
            return
        }
        let loaded = try library.load(profileName)
        let profile = DeviceProfileRecord(path: loaded.path, content: loaded.profile)
        let outputPath = options.outputPath
            ?? defaultOutputPath(profileName: loaded.profile.name, firstSeed: firstSeed, lastSeed: lastSeed)
        try ResultFileWriter.checkWritable(path: outputPath, overwrite: options.overwrite)
        try PlotOption.check(options.plotPath, overwrite: options.overwrite)
        let checkpoint = try CheckpointOptions(parsed, defaultPath: outputPath + ".checkpoint")
        try checkpoint.check(overwrite: options.overwrite)

        BLAS.setThreadCount(1)
        let data = try options.loadData()
        var deviceConfiguration = options.configuration
        deviceConfiguration.rule = .unidirectional
        try MemoryCheck.check(configuration: deviceConfiguration, inputCount: data.training.pixelsPerImage,
                              concurrentRuns: min(jobs, Comparison.rules.count * seedCount))
        errors.write(RunDescription.describe(configuration: options.configuration, data: data, profile: profile, lastSeed: lastSeed))
        let comparison = Comparison(configuration: options.configuration, profile: profile, data: data, seedCount: seedCount)
        let resumed = checkpoint.resumes ? try ComparisonCheckpointFile.read(path: checkpoint.path, for: comparison) : nil
        if resumed != nil {
            errors.write("resuming from \(checkpoint.path)\n")
        }
        let trap = SignalTrap()
        let result: Comparison.Result
        do {
            defer { trap.release() }
            result = try comparison.run(
                parallelRuns: jobs,
                observer: ProgressPrinter(sink: errors, scheme: options.configuration.hardware.scheme,
                                          usesRounds: options.configuration.schedule != nil),
                checkpointing: ComparisonCheckpointing(path: checkpoint.path, interval: checkpoint.interval,
                                                       stopRequest: trap.stopRequest, resumed: resumed))
        } catch {
            throw checkpoint.translate(error)
        }

        try ResultFileWriter.writeJSON(result, to: outputPath, overwrite: options.overwrite)
        checkpoint.removeFile()
        output.write(table(result) + "result written to \(outputPath)\n")
        try PlotOption.write(AccuracyFigure.make(comparison: result), to: options.plotPath, report: output)
    }

    /// Reads `--seeds` and returns the number of seeds and the last seed, which must not exceed
    /// `UInt64.max`.
    private static func seedRange(_ parsed: ParsedArguments, firstSeed: UInt64) throws -> (count: Int, lastSeed: UInt64) {
        let seedCount = try parsed.integer("--seeds", in: 1...1000) ?? 1
        guard let lastSeed = Comparison.lastSeed(from: firstSeed, count: seedCount) else {
            throw UsageError("compare: --seed \(firstSeed) with --seeds \(seedCount) would exceed the largest seed, \(UInt64.max); "
                + "use a --seed of at most \(UInt64.max - UInt64(seedCount - 1)) or fewer --seeds.")
        }
        return (seedCount, lastSeed)
    }

    /// Returns `compare-PROFILE-seedS.json` for one seed and `compare-PROFILE-seedsS-E.json` for
    /// the seeds S to E.
    static func defaultOutputPath(profileName: String, firstSeed: UInt64, lastSeed: UInt64) -> String {
        let seeds = lastSeed == firstSeed ? "seed\(firstSeed)" : "seeds\(firstSeed)-\(lastSeed)"
        return "compare-\(profileName)-\(seeds).json"
    }

    /// Renders the table. With several seeds, "sd" is the sample standard deviation of the test
    /// accuracy over seeds, and a line after the table states that the figures are means.
    static func table(_ result: Comparison.Result) -> String {
        let showsCost = result.profile.content.write != nil
        let seeds = result.seeds ?? [result.configuration.seed]
        let showsSpread = seeds.count > 1
        var header = ["rule", "test accuracy"]
        if showsSpread {
            header.append("sd")
        }
        header += ["gap to software", "pulses", "refreshes", "dropped updates"]
        if showsCost {
            header += ["write energy", "write latency"]
        }

        var table = TextTable(header: header)
        for row in result.table {
            let gap = row.rule == .software ? "—" : String(format: "%+.2f points", row.gapToSoftware * 100)
            var cells = [row.rule.rawValue, String(format: "%.4f", row.testAccuracy)]
            if showsSpread {
                cells.append(String(format: "%.4f", row.testAccuracyStandardDeviation ?? 0))
            }
            cells += [
                gap, String(row.pulses), String(row.refreshes),
                result.configuration.hardware.scheme == .expected ? "n/a" : String(format: "%.1f %%", row.droppedFraction * 100),
            ]
            if showsCost {
                cells += WriteCostText.cells(row.writeCost)
            }
            table.append(cells)
        }

        guard showsSpread else { return table.render() }
        return table.render() + "means over the \(seeds.count) seeds \(seeds[0])–\(seeds[seeds.count - 1]); "
            + "sd is the sample standard deviation of the test accuracy\n"
    }
}
