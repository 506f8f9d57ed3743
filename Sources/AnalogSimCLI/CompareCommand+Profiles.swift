import AnalogSim
import Foundation

/// `analogsim compare --profile A,B,…`: every device rule on several profiles, software once.
extension CompareCommand {
    /// Splits the `--profile` value at commas. One name keeps the one-profile comparison.
    // NOTE: a profile path that contains a comma cannot be given; copy or link the file to a path without one.
    static func splitProfileList(_ value: String) throws -> [String] {
        let names = value.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.contains(where: \.isEmpty) else {
            throw UsageError("compare: --profile '\(value)' contains an empty name; give names or paths separated by single commas, such as ag-a-si,taox-hfox.")
        }
        return names
    }

    /// Loads and validates every profile before any training, and rejects a profile given twice,
    /// by name or by resolved path.
    static func loadProfiles(_ names: [String], library: ProfileLibrary) throws -> [DeviceProfileRecord] {
        var seenNames: Set<String> = []
        var profiles: [DeviceProfileRecord] = []
        var resolvedPaths: [String: String] = [:]
        for name in names {
            guard seenNames.insert(name).inserted else {
                throw UsageError("compare: --profile lists '\(name)' twice; give each profile once.")
            }
            let loaded = try library.load(name)
            let resolvedPath = URL(fileURLWithPath: loaded.path).standardizedFileURL.resolvingSymlinksInPath().path
            if let earlierName = resolvedPaths[resolvedPath] {
                throw UsageError("compare: --profile lists the file \(resolvedPath) twice, as '\(earlierName)' and as '\(name)'; give each profile once.")
            }
            resolvedPaths[resolvedPath] = name
            if let earlier = profiles.first(where: { $0.content.name == loaded.profile.name }) {
                throw UsageError("compare: profiles \(earlier.path) and \(loaded.path) are both named '\(loaded.profile.name)'; "
                    + "rename one in its \"name\" field so that the table can tell them apart.")
            }
            profiles.append(DeviceProfileRecord(path: loaded.path, content: loaded.profile))
        }
        return profiles
    }

    static func runProfiles(_ names: [String], options: inout TrainingOptions, jobs: Int, seedCount: Int, lastSeed: UInt64,
                            output: TextSink, errors: TextSink, library: ProfileLibrary) throws {
        let profiles = try loadProfiles(names, library: library)
        let firstSeed = options.configuration.seed
        let outputPath = options.outputPath
            ?? defaultOutputPath(profileNames: profiles.map(\.content.name), firstSeed: firstSeed, lastSeed: lastSeed)
        try ResultFileWriter.checkWritable(path: outputPath, overwrite: options.overwrite)
        try PlotOption.check(options.plotPath, overwrite: options.overwrite)

        BLAS.setThreadCount(1)
        let data = try options.loadData()
        let comparison = ProfileComparison(configuration: options.configuration, profiles: profiles, data: data, seedCount: seedCount)
        var deviceConfiguration = options.configuration
        deviceConfiguration.rule = .unidirectional
        try MemoryCheck.check(configuration: deviceConfiguration, inputCount: data.training.pixelsPerImage,
                              concurrentRuns: min(jobs, comparison.runCount))
        errors.write(RunDescription.describe(configuration: options.configuration, data: data, profile: nil, lastSeed: lastSeed))
        errors.write("profiles: \(profiles.map(\.content.name).joined(separator: ", ")); \(comparison.runCount) runs\n")
        let result = try comparison.run(parallelRuns: jobs, observer: ProgressPrinter(sink: errors, scheme: options.configuration.hardware.scheme,
                                                                                      usesRounds: options.configuration.schedule != nil))

        try ResultFileWriter.writeJSON(result, to: outputPath, overwrite: options.overwrite)
        output.write(profileTable(result) + "result written to \(outputPath)\n")
        try PlotOption.write(AccuracyFigure.make(profileComparison: result), to: options.plotPath, report: output)
    }

    /// Returns `compare-A+B+C-seedS.json`, or `…-seedsS-E.json` for the seeds S to E. Characters
    /// other than letters, digits, '-', '_' and '.' in a profile name become '_'.
    static func defaultOutputPath(profileNames: [String], firstSeed: UInt64, lastSeed: UInt64) -> String {
        let safeNames = profileNames.map { name in
            String(name.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
        }
        return defaultOutputPath(profileName: safeNames.joined(separator: "+"), firstSeed: firstSeed, lastSeed: lastSeed)
    }

    /// Renders the device × rule table: software's test accuracy in a line above it, then one row
    /// per profile with each device rule's test accuracy (and sd with several seeds) and its gap
    /// to software.
    static func profileTable(_ result: ProfileComparison.Result) -> String {
        let showsSpread = result.seeds.count > 1
        var header = ["profile"]
        for rule in ProfileComparison.deviceRules {
            header.append(rule.rawValue)
            if showsSpread {
                header.append("sd")
            }
            header.append("gap to software")
        }

        var table = TextTable(header: header)
        for row in result.table {
            var cells = [row.profile]
            for ruleRow in row.rules {
                cells.append(String(format: "%.4f", ruleRow.testAccuracy))
                if showsSpread {
                    cells.append(String(format: "%.4f", ruleRow.testAccuracyStandardDeviation ?? 0))
                }
                cells.append(String(format: "%+.2f points", ruleRow.gapToSoftware * 100))
            }
            table.append(cells)
        }

        var software = String(format: "software test accuracy %.4f", result.software.testAccuracy)
        if showsSpread {
            software += String(format: " (sd %.4f)", result.software.testAccuracyStandardDeviation ?? 0)
        }
        var text = software + "; every profile's gap is to this run\n" + table.render()
        if showsSpread {
            text += "means over the \(result.seeds.count) seeds \(result.seeds[0])–\(result.seeds[result.seeds.count - 1]); "
                + "sd is the sample standard deviation of the test accuracy\n"
        }
        return text
    }
}
