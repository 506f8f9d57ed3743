import AnalogSim
import Foundation

/// `analogsim train`: one training run.
enum TrainCommand {
    static let specifications = [
        OptionSpecification(name: "--rule", valueName: "NAME", help: "software, bidirectional or unidirectional (required)"),
    ] + TrainingOptions.specifications(for: "train") + [TrainingOptions.helpOption]

    static func run(arguments: [String], output: TextSink, errors: TextSink, library: ProfileLibrary) throws {
        let parsed = try ParsedArguments(command: "train", arguments: arguments, options: specifications)
        if parsed.isSet("--help") {
            output.write(HelpText.train)
            return
        }

        guard let rule = try parsed.choice("--rule", of: LearningRule.self) else {
            throw UsageError("train: --rule is required; valid values: \(LearningRule.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        var options = try TrainingOptions(parsed)
        options.configuration.rule = rule
        try options.checkScheme(rule: rule, command: "train")
        for note in options.ignoredOptionNotes(rules: [rule]) {
            errors.write("note: \(note)\n")
        }
        let profile = try loadProfile(for: rule, options: options, library: library, errors: errors)
        if let outputPath = options.outputPath {
            try ResultFileWriter.checkWritable(path: outputPath, overwrite: options.overwrite)
        }
        try PlotOption.check(options.plotPath, overwrite: options.overwrite)
        let checkpoint = try CheckpointOptions(parsed, defaultPath: defaultCheckpointPath(options: options, profile: profile))
        try checkpoint.check(overwrite: options.overwrite)

        BLAS.setThreadCount(1)
        let data = try options.loadData()
        try MemoryCheck.check(configuration: options.configuration, inputCount: data.training.pixelsPerImage, concurrentRuns: 1)
        errors.write(RunDescription.describe(configuration: options.configuration, data: data, profile: profile))
        let run = TrainingRun(configuration: options.configuration, profile: profile, training: data.training, test: data.test)
        let snapshot = checkpoint.resumes ? try TrainingCheckpointFile.read(path: checkpoint.path, for: run) : nil
        if let snapshot {
            errors.write("resuming from \(checkpoint.path) at \(options.configuration.schedule == nil ? "epoch" : "round") \(snapshot.epoch), sample \(snapshot.samplesDone)\n")
        }
        let result = try train(run, from: snapshot, checkpoint: checkpoint, options: options, errors: errors)

        if let outputPath = options.outputPath {
            try ResultFileWriter.writeJSON(result, to: outputPath, overwrite: options.overwrite)
        }
        checkpoint.removeFile()
        output.write(summary(result, outputPath: options.outputPath))
        try PlotOption.write(AccuracyFigure.make(training: result), to: options.plotPath, report: output)
    }

    /// Runs `run`, saving its state to the checkpoint on schedule and when SIGINT or SIGTERM
    /// arrives.
    private static func train(_ run: TrainingRun, from snapshot: TrainingSnapshot?, checkpoint: CheckpointOptions,
                              options: TrainingOptions, errors: TextSink) throws -> TrainingResult {
        let trap = SignalTrap()
        defer { trap.release() }
        let path = checkpoint.path
        let checkpointing = TrainingCheckpointing(interval: checkpoint.interval, stopRequest: trap.stopRequest) { snapshot, occasion in
            guard occasion != .finished else { return }
            try TrainingCheckpointFile.write(snapshot, of: run, to: path)
        }
        do {
            return try run.run(observer: ProgressPrinter(sink: errors, scheme: options.configuration.hardware.scheme,
                                                         usesRounds: options.configuration.schedule != nil),
                               checkpointing: checkpointing, resumingFrom: snapshot)
        } catch {
            throw checkpoint.translate(error)
        }
    }

    /// `--output` with `.checkpoint` appended, or `train-RULE[-PROFILE]-seedS.checkpoint`.
    static func defaultCheckpointPath(options: TrainingOptions, profile: DeviceProfileRecord?) -> String {
        if let outputPath = options.outputPath {
            return outputPath + ".checkpoint"
        }
        let profilePart = profile.map { "-\($0.content.name)" } ?? ""
        return "train-\(options.configuration.rule.rawValue)\(profilePart)-seed\(options.configuration.seed).checkpoint"
    }

    static func loadProfile(for rule: LearningRule, options: TrainingOptions, library: ProfileLibrary,
                            errors: TextSink) throws -> DeviceProfileRecord? {
        guard rule.usesDevices else {
            if options.profileName != nil {
                errors.write("note: --profile is not used by --rule software; the run has floating-point weights.\n")
            }
            return nil
        }
        guard let name = options.profileName else {
            throw UsageError("train: --rule \(rule.rawValue) runs on devices and needs --profile NAME|PATH; run 'analogsim profiles' to list the bundled profiles.")
        }
        let loaded = try library.load(name)
        return DeviceProfileRecord(path: loaded.path, content: loaded.profile)
    }

    private static func summary(_ result: TrainingResult, outputPath: String?) -> String {
        var header = ["rule", "test accuracy", "pulses", "refreshes", "dropped updates", "seconds"]
        var cells = [
            result.configuration.rule.rawValue,
            String(format: "%.4f", result.testAccuracy),
            String(result.pulses.totalPulses),
            String(result.pulses.refreshes),
            result.configuration.hardware.scheme == .expected ? "n/a" : String(format: "%.1f %%", result.pulses.droppedFraction * 100),
            String(format: "%.1f", result.timing.seconds),
        ]
        if let cost = result.writeCost {
            header += ["write energy", "write latency"]
            cells += WriteCostText.cells(cost)
        }
        var table = TextTable(header: header)
        table.append(cells)
        let written = outputPath.map { "result written to \($0)\n" } ?? ""
        return table.render() + written
    }
}

/// The line that starts a run's progress output.
enum RunDescription {
    /// Describes the runs. A `lastSeed` later than `configuration.seed` ends a range of seeds.
    static func describe(configuration: TrainingConfiguration, data: DatasetSplit, profile: DeviceProfileRecord?,
                         lastSeed: UInt64? = nil) -> String {
        let inputCount = configuration.inputTransform.cropSize.map { $0 * $0 } ?? data.training.pixelsPerImage
        let network = ([inputCount] + configuration.hiddenLayers + [10]).map(String.init).joined(separator: "-")
        let learningRates = configuration.layerLearningRates.map { $0.map { "\($0)" }.joined(separator: ",") }
            ?? "\(configuration.learningRate)"
        var extras = ""
        if let cropSize = configuration.inputTransform.cropSize {
            extras += "central \(cropSize)×\(cropSize) crop, "
        }
        if let threshold = configuration.inputTransform.binarizeThreshold {
            extras += "binarised at \(threshold), "
        }
        if let bits = configuration.hiddenActivationBits {
            extras += "\(bits)-bit hidden activations, "
        }
        if let schedule = configuration.schedule {
            extras += "\(schedule.rounds) rounds of \(schedule.roundSize) images, "
        }
        let device = profile.map { " on \($0.content.name)" } ?? ""
        var seeds = "seed \(configuration.seed)"
        if let lastSeed, lastSeed > configuration.seed {
            seeds = "seeds \(configuration.seed)–\(lastSeed)"
        }

        return "\(configuration.dataset.rawValue) from \(data.directory): \(data.training.count) training and \(data.test.count) test images; "
            + "network \(network)\(device); \(extras)η \(learningRates), loss \(configuration.loss.rawValue), "
            + "\(configuration.hardware.scheme.rawValue) pulse counts, \(seeds)\n"
    }
}
