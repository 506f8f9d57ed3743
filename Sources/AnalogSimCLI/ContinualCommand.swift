import AnalogSim
import Foundation

/// `analogsim continual`: one learning rule over a stream of tasks, in software or on devices.
enum ContinualCommand {
    static let specifications: [OptionSpecification] = [
        OptionSpecification(name: "--stream", valueName: "NAME", help: "permuted-mnist:T (T tasks, 1 to \(ContinualStream.maximumPermutedTaskCount); task 1 is plain MNIST), split-mnist (five 2-digit tasks, scored among their own digits) or mnist-fashion (required)"),
        OptionSpecification(name: "--rule", valueName: "NAME", help: "\(ContinualRuleName.allCases.map(\.rawValue).joined(separator: ", ")) (required)"),
        OptionSpecification(name: "--profile", valueName: "NAME|PATH|software", help: "device profile (a bundled name, see 'analogsim profiles', or a JSON file), or software for floating-point weights (required)"),
        OptionSpecification(name: "--epochs-per-task", valueName: "N", help: "passes over each task's training images (default 1)"),
        OptionSpecification(name: "--train-limit", valueName: "N", help: "train on the first N training images of each task (default all)"),
        OptionSpecification(name: "--test-limit", valueName: "N", help: "test on the first N test images of each task (default all)"),
        OptionSpecification(name: "--seed", valueName: "S", help: "seed of permutations, data order, initial weights, device draws and noise (default 1)"),
        OptionSpecification(name: "--data-dir", valueName: "DIR", help: "directory of the four MNIST IDX files, gzipped or not (required)"),
        OptionSpecification(name: "--fashion-data-dir", valueName: "DIR", help: "directory of the four Fashion-MNIST IDX files, for mnist-fashion (default /usr/share/datasets/fashion-mnist)"),
        OptionSpecification(name: "--hidden", valueName: "N[,N…]", help: "hidden layer sizes, ReLU units (default 100; 512,512 for the binary-weight rules)"),
        OptionSpecification(name: "--batch-size", valueName: "B", help: "images per step, 1 to 4096; a step uses the batch's mean gradient (default 1; \(ContinualRuleName.meanFieldBinary.defaultBatchSize) for mean-field-binary, \(ContinualRuleName.metaplastic.defaultBatchSize) for metaplastic and binarized)"),
        OptionSpecification(name: "--learning-rate", valueName: "X", help: "η of sgd and ewc (default \(ContinualRuleName.sgd.defaultLearningRate)), α of adagrad (default \(ContinualRuleName.adagrad.defaultLearningRate)) and classp (default \(CLASSPSettings.defaultLearningRate)), Adam's η of mean-field-binary (default \(ContinualRuleName.meanFieldBinary.defaultLearningRate)) and of metaplastic and binarized (default \(ContinualRuleName.metaplastic.defaultLearningRate))"),
        OptionSpecification(name: "--ewc-lambda", valueName: "X", help: "ewc: λ, the weight of the penalty λ/2·Σ F·(w − w*)² (default \(ContinualConfiguration.defaultEWCPenaltyStrength))"),
        OptionSpecification(name: "--classp-threshold", valueName: "X", help: "classp: τ, a weight moves only when g² > τ (default \(CLASSPSettings.defaultThreshold))"),
        OptionSpecification(name: "--classp-power", valueName: "X", help: "classp: p, S += |g|^p and the step is α·g/(ε + S)^(1/p) (default \(CLASSPSettings.defaultPower))"),
        OptionSpecification(name: "--classp-epsilon", valueName: "X", help: "classp and adagrad: ε (default \(CLASSPSettings.defaultEpsilon))"),
        OptionSpecification(name: "--classp-compatibility", valueName: nil, help: "classp: behave like the authors' code (the gate acts per tensor and passes every weight when τ < 1; S adds |g| whatever p)"),
        OptionSpecification(name: "--metaplasticity", valueName: "M", help: "metaplastic: M, a shrinking step is scaled by 1 − tanh²(M·|W_h|), 0 or more (default \(MetaplasticSettings().metaplasticity))"),
        OptionSpecification(name: "--prior", valueName: "NAME", help: "mean-field-binary: streaming (θ′ is θ before each step, default) or frozen (θ′ is θ at the end of the previous task)"),
        OptionSpecification(name: "--evaluation", valueName: "NAME", help: "mean-field-binary: test the mean-field network (mean-field, default) or the binary network sign(θ) (binary)"),
        OptionSpecification(name: "--hidden-range", valueName: "X", help: "binary-weight rules on devices: θ or W_h lies in ±X on its device pair (default \(BinaryWeightRuleSettings.defaultHiddenRange))"),
        OptionSpecification(name: "--deployment", valueName: "NAME", help: "binary-weight rules on devices: pair-sign (a comparator reads sign(G⁺ − G⁻), default) or binary-devices (a pair of binary devices per weight)"),
        OptionSpecification(name: "--device-rule", valueName: "NAME", help: "devices: bidirectional (default) or unidirectional pulses"),
        OptionSpecification(name: "--update-scheme", valueName: "NAME", help: "devices: deterministic (closed-loop pulse count, default) or expected (exact fractional change, no noise); stochastic pulse trains cannot write these rules' per-synapse requests"),
        OptionSpecification(name: "--weight-range", valueName: "X", help: "devices: Wmax, weights lie in [−Wmax, Wmax] (default 1)"),
        OptionSpecification(name: "--output", valueName: "FILE.json", help: "write the result as JSON (default: no file)"),
        OptionSpecification(name: PlotOption.name, valueName: PlotOption.valueName, help: "draw every task's test accuracy after each task of the sequence; the extension chooses SVG or PNG (default: no plot)"),
        OptionSpecification(name: "--force", valueName: nil, help: "replace the --output and --plot files if they exist, and a checkpoint left by an earlier run"),
    ] + CheckpointOptions.specifications + [TrainingOptions.helpOption]

    static func run(arguments: [String], output: TextSink, errors: TextSink, library: ProfileLibrary) throws {
        let parsed = try ParsedArguments(command: "continual", arguments: arguments, options: specifications)
        if parsed.isSet("--help") {
            output.write(HelpText.continual)
            return
        }

        var options = try ContinualOptions(parsed)
        let profile = try loadProfile(options.profileName, library: library)
        options.configuration.usesDevices = profile != nil
        for note in options.ignoredOptionNotes() {
            errors.write("note: \(note)\n")
        }
        try ContinualLearnerFactory.checkDeviceSettings(options.configuration, profile: profile?.content)
        if let outputPath = options.outputPath {
            try ResultFileWriter.checkWritable(path: outputPath, overwrite: options.overwrite)
        }
        try PlotOption.check(options.plotPath, overwrite: options.overwrite)
        let checkpoint = try checkpointOptions(parsed, options: options, profile: profile)

        BLAS.setThreadCount(1)
        let tasks = try options.loadTasks()
        let learner = try ContinualLearnerFactory.makeLearner(
            configuration: options.configuration, profile: profile?.content, inputCount: tasks[0].inputCount, classCount: 10)
        errors.write("\(options.configuration.stream.name): \(tasks.count) tasks of \(tasks[0].trainingCount) training images "
            + "(first task), \(options.configuration.epochsPerTask) epoch(s) each; \(learner.summary); seed \(options.configuration.seed)\n")
        let result = try run(learner: learner, tasks: tasks, options: options, profile: profile, checkpoint: checkpoint,
                             errors: errors)

        if let outputPath = options.outputPath {
            try ResultFileWriter.writeJSON(result, to: outputPath)
        }
        checkpoint.removeFile()
        output.write(ContinualTables.render(result))
        if let outputPath = options.outputPath {
            output.write("result written to \(outputPath)\n")
        }
        try PlotOption.write(ContinualAccuracyFigure.make(result: result), to: options.plotPath, report: output)
    }

    /// Reads the checkpoint options and checks the checkpoint path.
    private static func checkpointOptions(_ parsed: ParsedArguments, options: ContinualOptions,
                                          profile: DeviceProfileRecord?) throws -> CheckpointOptions {
        let checkpoint = try CheckpointOptions(parsed, defaultPath: defaultCheckpointPath(options: options, profile: profile))
        try checkpoint.check(overwrite: options.overwrite)
        return checkpoint
    }

    /// `--output` with `.checkpoint` appended, or `continual-RULE-PROFILE-seedS.checkpoint` with
    /// the profile's name (`software` without one).
    static func defaultCheckpointPath(options: ContinualOptions, profile: DeviceProfileRecord?) -> String {
        if let outputPath = options.outputPath {
            return outputPath + ".checkpoint"
        }
        let configuration = options.configuration
        return "continual-\(configuration.rule.rawValue)-\(profile?.content.name ?? "software")-seed\(configuration.seed).checkpoint"
    }

    /// Runs the stream, resuming from the checkpoint with `--resume`, and saves to it on schedule
    /// and when SIGINT or SIGTERM arrives.
    private static func run(learner: ContinualLearner, tasks: [ContinualTask], options: ContinualOptions,
                            profile: DeviceProfileRecord?, checkpoint: CheckpointOptions, errors: TextSink) throws -> ContinualResult {
        let configuration = options.configuration
        let observer = ContinualProgressPrinter(sink: errors)
        let snapshot = checkpoint.resumes
            ? try ContinualCheckpointFile.read(path: checkpoint.path, configuration: configuration, profile: profile?.content,
                                               taskCount: tasks.count)
            : nil
        if let snapshot {
            errors.write("resuming from \(checkpoint.path) at task \(snapshot.taskIndex + 1), epoch \(snapshot.epochsDone + 1)\n")
        }
        let trap = SignalTrap()
        defer { trap.release() }
        let path = checkpoint.path
        let checkpointing = ContinualCheckpointing(interval: checkpoint.interval, stopRequest: trap.stopRequest) { snapshot in
            try ContinualCheckpointFile.write(snapshot, configuration: configuration, profile: profile?.content, to: path)
        }
        do {
            return try ContinualRunner.run(learner: learner, tasks: tasks, configuration: configuration, profile: profile,
                                           observer: observer, checkpointing: checkpointing, resumingFrom: snapshot)
        } catch {
            throw checkpoint.translate(error)
        }
    }

    /// Loads `--profile`; nil for `software`.
    private static func loadProfile(_ name: String, library: ProfileLibrary) throws -> DeviceProfileRecord? {
        guard name != "software" else { return nil }
        let loaded = try library.load(name)
        return DeviceProfileRecord(path: loaded.path, content: loaded.profile)
    }
}
