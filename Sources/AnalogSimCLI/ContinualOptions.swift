import AnalogSim
import Foundation

/// The options of `continual`, parsed and validated before any data is read.
struct ContinualOptions {
    var configuration: ContinualConfiguration
    let profileName: String
    let mnistDirectory: String
    let fashionDirectory: String?
    let outputPath: String?
    let plotPath: String?
    let overwrite: Bool
    /// The options given on the command line, for notes about options that do not apply.
    let givenFlags: Set<String>

    init(_ arguments: ParsedArguments) throws {
        let command = arguments.command
        guard let streamName = arguments.string("--stream") else {
            throw UsageError("\(command): --stream is required; valid values: \(ContinualStream.spellings.joined(separator: ", ")).")
        }
        guard let stream = ContinualStream(name: streamName) else {
            throw UsageError("\(command): --stream '\(streamName)' is not valid. Valid values: \(ContinualStream.spellings.joined(separator: ", ")), "
                + "where T is the number of permuted tasks from 1 to \(ContinualStream.maximumPermutedTaskCount) (for example permuted-mnist:5).")
        }
        guard let rule = try arguments.choice("--rule", of: ContinualRuleName.self) else {
            throw UsageError("\(command): --rule is required; valid values: \(ContinualRuleName.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard let profileName = arguments.string("--profile") else {
            throw UsageError("\(command): --profile is required: a device profile (run 'analogsim profiles' for the bundled ones) or software.")
        }
        guard let mnistDirectory = arguments.string("--data-dir") else {
            throw UsageError("\(command): --data-dir is required: every stream starts from MNIST. \(Dataset.mnist.installHint)")
        }

        var configuration = ContinualConfiguration(stream: stream, rule: rule)
        configuration.epochsPerTask = try arguments.integer("--epochs-per-task", in: 1...100_000) ?? 1
        configuration.trainLimit = try arguments.integer("--train-limit", in: 1...Int(Int32.max))
        configuration.testLimit = try arguments.integer("--test-limit", in: 1...Int(Int32.max))
        if let seedText = arguments.string("--seed") {
            guard let seed = UInt64(seedText) else {
                throw UsageError("\(command): --seed must be a whole number from 0 to \(UInt64.max), but it is '\(seedText)'.")
            }
            configuration.seed = seed
        }
        configuration.hiddenLayers = rule.defaultHiddenLayers
        if let hidden = arguments.string("--hidden") {
            configuration.hiddenLayers = try TrainingOptions.layerSizes(hidden, command: command)
        }
        configuration.batchSize = try arguments.integer("--batch-size", in: 1...4096) ?? rule.defaultBatchSize
        let positive = "a positive number that single precision holds (1.2e-38 to 3.4e38)"
        configuration.learningRate = try arguments.number("--learning-rate", requirement: positive,
                                                          isValid: { $0 > 0 && Float($0).isNormal }) ?? rule.defaultLearningRate
        configuration.ewcPenaltyStrength = try arguments.number(
            "--ewc-lambda", requirement: "a number ≥ 0", isValid: { $0 >= 0 && Float($0).isFinite })
            ?? ContinualConfiguration.defaultEWCPenaltyStrength
        configuration.classp.threshold = try arguments.number(
            "--classp-threshold", requirement: "a number ≥ 0", isValid: { $0 >= 0 && Float($0).isFinite }) ?? CLASSPSettings.defaultThreshold
        configuration.classp.power = try arguments.number(
            "--classp-power", requirement: "a number ≥ 1", isValid: { $0 >= 1 && Float($0).isFinite }) ?? CLASSPSettings.defaultPower
        configuration.classp.epsilon = try arguments.number(
            "--classp-epsilon", requirement: positive, isValid: { $0 > 0 && Float($0).isNormal }) ?? CLASSPSettings.defaultEpsilon
        configuration.classp.compatibilityMode = arguments.isSet("--classp-compatibility")
        configuration.classp.learningRate = configuration.learningRate
        configuration.binaryWeights.metaplasticity = try arguments.number(
            "--metaplasticity", requirement: "a number of 0 or more", isValid: { $0 >= 0 && $0.isFinite })
            ?? configuration.binaryWeights.metaplasticity
        configuration.binaryWeights.prior = try arguments.choice("--prior", of: MeanFieldPrior.self) ?? .streaming
        configuration.binaryWeights.evaluation = try arguments.choice("--evaluation", of: BinaryNetworkEvaluation.self) ?? .meanField
        configuration.binaryWeights.hiddenRange = try arguments.number(
            "--hidden-range", requirement: positive, isValid: { $0 > 0 && Float($0).isNormal })
            ?? configuration.binaryWeights.hiddenRange
        configuration.binaryWeights.deployment = try arguments.choice("--deployment", of: BinaryDeployment.self) ?? .pairSign
        configuration.deviceRule = try arguments.choice("--device-rule", of: DeviceRuleChoice.self)?.rule ?? .bidirectional
        configuration.hardware.scheme = try arguments.choice("--update-scheme", of: UpdateScheme.self) ?? .deterministic
        configuration.weightRange = try arguments.number(
            "--weight-range", requirement: positive, isValid: { $0 > 0 && Float($0).isNormal }) ?? 1

        self.configuration = configuration
        self.profileName = profileName
        self.mnistDirectory = mnistDirectory
        fashionDirectory = arguments.string("--fashion-data-dir")
        outputPath = arguments.string("--output")
        plotPath = arguments.string(PlotOption.name)
        overwrite = arguments.isSet("--force")
        givenFlags = Set(arguments.values.keys).union(arguments.flags)
    }

    /// Notes for options that the run ignores.
    func ignoredOptionNotes() -> [String] {
        var notes: [String] = []
        let rule = configuration.rule
        let classpFlags = ["--classp-threshold", "--classp-power", "--classp-compatibility"]
        if rule != .classp {
            for flag in classpFlags where givenFlags.contains(flag) {
                notes.append("\(flag) applies only to --rule classp, so it is ignored.")
            }
        }
        if rule != .classp && rule != .adagrad && givenFlags.contains("--classp-epsilon") {
            notes.append("--classp-epsilon applies only to --rule classp and adagrad, so it is ignored.")
        }
        if rule != .ewc && givenFlags.contains("--ewc-lambda") {
            notes.append("--ewc-lambda applies only to --rule ewc, so it is ignored.")
        }
        if rule != .metaplastic && givenFlags.contains("--metaplasticity") {
            notes.append("--metaplasticity applies only to --rule metaplastic (binarized always uses M = 0), so it is ignored.")
        }
        if rule != .meanFieldBinary {
            for flag in ["--prior", "--evaluation"] where givenFlags.contains(flag) {
                notes.append("\(flag) applies only to --rule mean-field-binary, so it is ignored.")
            }
        }
        if !rule.hasBinaryWeights || !configuration.usesDevices {
            for flag in ["--hidden-range", "--deployment"] where givenFlags.contains(flag) {
                notes.append("\(flag) applies only to the binary-weight rules on devices, so it is ignored.")
            }
        }
        if !configuration.usesDevices {
            for flag in ["--device-rule", "--update-scheme", "--weight-range"] where givenFlags.contains(flag) {
                notes.append("\(flag) applies only to device runs, so --profile software ignores it.")
            }
        }
        if configuration.stream != .mnistThenFashion && givenFlags.contains("--fashion-data-dir") {
            notes.append("--fashion-data-dir applies only to --stream mnist-fashion, so it is ignored.")
        }
        return notes
    }

    /// Loads MNIST (and Fashion-MNIST for `mnist-fashion`), records the directories and builds the tasks.
    mutating func loadTasks() throws -> [ContinualTask] {
        let mnist = try DatasetLoader.load(.mnist, directory: mnistDirectory)
        configuration.mnistDirectory = mnist.directory
        var fashion: DatasetSplit?
        if configuration.stream.needsFashionMNIST {
            let loaded: DatasetSplit
            do {
                loaded = try DatasetLoader.load(.fashionMnist, directory: fashionDirectory)
            } catch let error as DatasetError {
                throw FashionDatasetError(underlying: error)
            }
            guard loaded.training.pixelsPerImage == mnist.training.pixelsPerImage else {
                throw UsageError("continual: mnist-fashion needs images of one size, but MNIST in \(mnist.directory) has "
                    + "\(mnist.training.rowCount)×\(mnist.training.columnCount) pixels and Fashion-MNIST in \(loaded.directory) "
                    + "has \(loaded.training.rowCount)×\(loaded.training.columnCount). Point --data-dir and --fashion-data-dir at matching datasets.")
            }
            configuration.fashionDirectory = loaded.directory
            fashion = loaded
        }
        return ContinualTaskBuilder.makeTasks(stream: configuration.stream, mnist: mnist, fashion: fashion,
                                              trainLimit: configuration.trainLimit, testLimit: configuration.testLimit,
                                              seed: configuration.seed)
    }
}

/// A failure to load Fashion-MNIST, whose message names `continual`'s flag for its directory.
struct FashionDatasetError: Error, UserFacingError {
    let underlying: DatasetError

    var kind: FailureKind { underlying.kind }

    var message: String {
        underlying.message.replacingOccurrences(of: "pass --data-dir DIR", with: "pass --fashion-data-dir DIR")
    }
}

/// The device rules `--device-rule` accepts.
enum DeviceRuleChoice: String, CaseIterable {
    case bidirectional
    case unidirectional

    var rule: LearningRule {
        self == .bidirectional ? .bidirectional : .unidirectional
    }
}
