import AnalogSim
import Foundation

/// The options that `train` and `compare` share, parsed and validated before any data is read.
struct TrainingOptions {
    /// The options of `command` ("train" or "compare"), in the order of its help text.
    static func specifications(for command: String) -> [OptionSpecification] {
        let profileHelp = command == "train"
            ? "device profile, required for bidirectional and unidirectional: a bundled name (see 'analogsim profiles') or the path of a JSON file"
            : "device profile (required): a bundled name (see 'analogsim profiles') or the path of a JSON file; several, separated by commas, compare the device rules on each profile"
        let outputHelp = command == "train"
            ? "write the result as JSON (default: no file)"
            : "write the result as JSON (default: compare-PROFILE-seedS.json in the current directory, or compare-PROFILE-seedsS-E.json with --seeds N > 1, E being the last seed; with several profiles PROFILE is their names joined by '+')"
        let plotHelp = command == "train"
            ? "draw test accuracy per epoch, one line per rule; the extension chooses SVG or PNG (default: no plot)"
            : "draw test accuracy per epoch, one line per rule (its mean over seeds with --seeds N > 1), or with several profiles final test accuracy as bars per profile and rule; the extension chooses SVG or PNG (default: no plot)"
        return [OptionSpecification(name: "--profile", valueName: "NAME|PATH", help: profileHelp)]
            + sharedSpecifications
            + [OptionSpecification(name: "--output", valueName: "FILE.json", help: outputHelp),
               OptionSpecification(name: PlotOption.name, valueName: PlotOption.valueName, help: plotHelp),
               OptionSpecification(name: "--force", valueName: nil, help: "replace the --output and --plot files if they exist, and a checkpoint left by an earlier run")]
            + CheckpointOptions.specifications
    }

    static let helpOption = OptionSpecification(name: "--help", valueName: nil, help: "show this help (also -h)")

    static let sharedSpecifications: [OptionSpecification] = [
        OptionSpecification(name: "--dataset", valueName: "NAME", help: "mnist or fashion-mnist (default fashion-mnist)"),
        OptionSpecification(name: "--data-dir", valueName: "DIR", help: "directory of the four IDX files, gzipped or not; required for mnist (default for fashion-mnist: /usr/share/datasets/fashion-mnist)"),
        OptionSpecification(name: "--hidden", valueName: "N[,N…]", help: "hidden layer sizes (default 100)"),
        OptionSpecification(name: "--epochs", valueName: "N", help: "passes over the training images (default 1)"),
        OptionSpecification(name: "--rounds", valueName: "N", help: "train in N rounds of --round-size images drawn at random (with replacement) from the seed, testing after each round, in place of --epochs (default: train by epochs)"),
        OptionSpecification(name: "--round-size", valueName: "N", help: "training images per round, drawn at random; required with --rounds"),
        OptionSpecification(name: "--batch-size", valueName: "B", help: "samples per update, 1 to 4096: B > 1 updates once per B samples with the batch's mean gradient (default 1)"),
        OptionSpecification(name: "--train-limit", valueName: "N", help: "train on the first N training images (default all)"),
        OptionSpecification(name: "--test-limit", valueName: "N", help: "test on the first N test images (default all)"),
        OptionSpecification(name: "--learning-rate", valueName: "X[,X…]", help: "η for every rule: one value for all layers, or one per layer separated by commas, input layer first (default \(TrainingConfiguration.defaultLearningRate))"),
        OptionSpecification(name: "--crop", valueName: "N", help: "keep the central N×N pixels of every image, at most the image side (default: whole image)"),
        OptionSpecification(name: "--binarize", valueName: "T", help: "set pixels scaled to [0, 1] to 1 at or above T and to 0 below it, T in (0, 1] (default: keep grey levels)"),
        OptionSpecification(name: "--hidden-activation-bits", valueName: "N", help: "pass hidden activations to the next layer quantized to N bits, 1 to 16, in the forward pass (1: fires if ≥ 0.5); the backward pass uses the analog sigmoid (default: analog)"),
        OptionSpecification(name: "--loss", valueName: "NAME", help: "mse (½·squared error on sigmoid outputs), sse (squared error without the ½, NeuroSim's form) or cross-entropy (softmax) (default \(TrainingConfiguration.defaultLoss.rawValue))"),
        OptionSpecification(name: "--seed", valueName: "S", help: "seed of data order, initial weights, device draws and noise (default 1)"),
        OptionSpecification(name: "--weight-range", valueName: "X", help: "Wmax: device weights lie in [−Wmax, Wmax] (default 1)"),
        OptionSpecification(name: "--initial-weights", valueName: "NAME", help: "glorot-uniform (±√(6/(fanIn + fanOut)), biases 0; default), fan-in-uniform (weights and biases ±1/√fanIn, PyTorch's and aihwkit's default) or seven-levels (each weight one of k/3·Wmax, k = −3…3, biases 0; NeuroSim V3.0's start)"),
        OptionSpecification(name: "--adc-bits", valueName: "N", help: "read each layer's forward pass as NeuroSim V3.0 does: row and reference-column currents converted by an N-bit ADC, 1 to 16, passing on Σ(ĝ − ½)·x = W·x/(2·Wmax); needs --weight-mapping fixed-reference and --batch-size 1 (default: exact W·x)"),
        OptionSpecification(name: "--initial-write", valueName: "NAME", help: "exact (G = Gmin + ĝ·(Gmax − Gmin), default) or neurosim (NeuroSim V3.0's ideal write G = ĝ·(Gmax − Gmin), which starts every weight up to 2·Wmax·Gmin/(Gmax − Gmin) lower, clipped at −Wmax); fixed-reference layers only"),
        OptionSpecification(name: "--biases", valueName: "on|off", help: "give every layer a digital bias trained by SGD (default on); off computes z = W·x, as NeuroSim's network does"),
        OptionSpecification(name: "--update-scheme", valueName: "NAME", help: "how a weight change becomes pulses: deterministic (closed-loop count, default), stochastic (aihwkit's pulse trains), expected (exact fractional change, no noise) or open-loop (NeuroSim's count from the nominal step; bidirectional, batch size 1)"),
        OptionSpecification(name: "--bit-length", valueName: "N", help: "stochastic: BL, the most time slots and pulses of one update, 1 to 64 (default 31)"),
        OptionSpecification(name: "--update-management", valueName: "on|off", help: "stochastic: balance input and error probabilities (default on)"),
        OptionSpecification(name: "--bit-length-management", valueName: "on|off", help: "stochastic: shorten trains to the pulses the largest request needs (default on; on also turns update management on)"),
        OptionSpecification(name: "--pair-writes", valueName: "NAME", help: "bidirectional: both (G⁺ and G⁻ each take half; default) or positive-only"),
        OptionSpecification(name: "--weight-mapping", valueName: "NAME", help: "bidirectional: differential (W from G⁺ − G⁻, default) or fixed-reference (one learning device per weight against a mid-range reference, as aihwkit's tiles; only G⁺ is written)"),
        OptionSpecification(name: "--refresh-threshold", valueName: "F", help: "unidirectional: refresh a pair when a device passes this fraction of its range (default 0.9)"),
        OptionSpecification(name: "--refresh-interval", valueName: "N", help: "unidirectional: also refresh every pair after every N samples; 0 never (default 0)"),
    ]

    var configuration: TrainingConfiguration
    /// The options given on the command line, for notes about options that do not apply.
    let givenFlags: Set<String>
    var dataDirectory: String?
    var profileName: String?
    var outputPath: String?
    var plotPath: String?
    var overwrite: Bool

    init(_ arguments: ParsedArguments) throws {
        var configuration = TrainingConfiguration()
        configuration.dataset = try arguments.choice("--dataset", of: Dataset.self) ?? .fashionMnist
        if let hidden = arguments.string("--hidden") {
            configuration.hiddenLayers = try Self.layerSizes(hidden, command: arguments.command)
        }
        configuration.epochs = try arguments.integer("--epochs", in: 1...100_000) ?? 1
        configuration.schedule = try Self.roundSchedule(arguments)
        configuration.batchSize = try arguments.integer("--batch-size", in: 1...4096) ?? 1
        configuration.trainLimit = try arguments.integer("--train-limit", in: 1...Int(Int32.max))
        configuration.testLimit = try arguments.integer("--test-limit", in: 1...Int(Int32.max))
        let learningRates = try Self.learningRates(arguments, layerCount: configuration.hiddenLayers.count + 1)
        configuration.learningRate = learningRates?[0] ?? TrainingConfiguration.defaultLearningRate
        configuration.layerLearningRates = learningRates.flatMap { $0.count > 1 ? $0 : nil }
        configuration.inputTransform.cropSize = try arguments.integer("--crop", in: 1...100_000)
        configuration.inputTransform.binarizeThreshold = try arguments.number(
            "--binarize", requirement: "a threshold in (0, 1]", isValid: { $0 > 0 && $0 <= 1 })
        configuration.hiddenActivationBits = try arguments.integer("--hidden-activation-bits", in: 1...16)
        if configuration.hiddenActivationBits != nil && configuration.batchSize > 1 {
            throw UsageError("\(arguments.command): --hidden-activation-bits works with online learning only, but --batch-size is \(configuration.batchSize). Drop one of the two options.")
        }
        configuration.loss = try arguments.choice("--loss", of: LossFunction.self) ?? TrainingConfiguration.defaultLoss
        if let seedText = arguments.string("--seed") {
            guard let seed = UInt64(seedText) else {
                throw UsageError("\(arguments.command): --seed must be a whole number from 0 to \(UInt64.max), but it is '\(seedText)'.")
            }
            configuration.seed = seed
        }
        configuration.weightRange = try arguments.number(
            "--weight-range", requirement: "a positive number that single precision holds (1.2e-38 to 3.4e38)",
            isValid: { $0 > 0 && Float($0).isNormal }) ?? TrainingConfiguration.defaultWeightRange
        configuration.weightInitialization = try arguments.choice("--initial-weights", of: WeightInitialization.self) ?? .glorotUniform
        configuration.learnsBiases = try arguments.choice("--biases", of: Switch.self)?.isOn ?? true
        configuration.initialWrite = try arguments.choice("--initial-write", of: InitialWrite.self) ?? .exact
        configuration.readoutADCBits = try arguments.integer("--adc-bits", in: 1...16)
        configuration.hardware.scheme = try arguments.choice("--update-scheme", of: UpdateScheme.self) ?? .deterministic
        if configuration.hardware.scheme == .openLoop && configuration.batchSize > 1 {
            throw UsageError("\(arguments.command): --update-scheme open-loop works with online learning only, but --batch-size is \(configuration.batchSize). Drop --batch-size or choose another scheme.")
        }
        configuration.hardware.pulseTrains.bitLength = try arguments.integer("--bit-length", in: 1...StochasticBitLength.maximum) ?? 31
        configuration.hardware.pulseTrains.updateManagement = try arguments.choice("--update-management", of: Switch.self)?.isOn ?? true
        configuration.hardware.pulseTrains.bitLengthManagement = try arguments.choice("--bit-length-management", of: Switch.self)?.isOn ?? true
        configuration.hardware.weightMapping = try arguments.choice("--weight-mapping", of: WeightMapping.self) ?? .differential
        let pairWrites = try arguments.choice("--pair-writes", of: BidirectionalPairWrites.self)
        if configuration.hardware.weightMapping == .fixedReference {
            guard pairWrites != .both else {
                throw UsageError("\(arguments.command): --pair-writes both needs two learning devices per weight, but --weight-mapping fixed-reference writes only G⁺. Drop --pair-writes or use --weight-mapping differential.")
            }
            configuration.hardware.pairWrites = .positiveOnly
        } else {
            configuration.hardware.pairWrites = pairWrites ?? .both
        }
        if configuration.readoutADCBits != nil {
            guard configuration.hardware.weightMapping == .fixedReference else {
                throw UsageError("\(arguments.command): --adc-bits models the readout against a reference column, so it needs --weight-mapping fixed-reference. Add that option or drop --adc-bits.")
            }
            guard configuration.batchSize == 1 else {
                throw UsageError("\(arguments.command): --adc-bits reads one sample at a time, but --batch-size is \(configuration.batchSize). Drop one of the two options.")
            }
        }
        configuration.hardware.refresh.threshold = try arguments.number(
            "--refresh-threshold", requirement: "a fraction in (0, 1]", isValid: { $0 > 0 && $0 <= 1 }) ?? 0.9
        configuration.hardware.refresh.interval = try arguments.integer("--refresh-interval", in: 0...Int(Int32.max)) ?? 0

        self.configuration = configuration
        givenFlags = Set(arguments.values.keys).union(arguments.flags)
        dataDirectory = arguments.string("--data-dir")
        profileName = arguments.string("--profile")
        outputPath = arguments.string("--output")
        plotPath = arguments.string(PlotOption.name)
        overwrite = arguments.isSet("--force")
    }

    /// Notes for options that the run ignores, given the rules it runs.
    func ignoredOptionNotes(rules: [LearningRule]) -> [String] {
        var notes: [String] = []
        let trainFlags = ["--bit-length", "--update-management", "--bit-length-management"]
        if configuration.hardware.scheme != .stochastic {
            for flag in trainFlags where givenFlags.contains(flag) {
                notes.append("\(flag) applies only to --update-scheme stochastic, so it is ignored.")
            }
        } else if givenFlags.contains("--update-management") && !configuration.hardware.pulseTrains.updateManagement
                    && configuration.hardware.pulseTrains.bitLengthManagement {
            notes.append("--bit-length-management on also turns update management on; add --bit-length-management off to turn both off.")
        }
        if rules.contains(.unidirectional) && rules.contains(.bidirectional) && configuration.hardware.scheme == .openLoop {
            notes.append("--update-scheme open-loop applies only to the bidirectional run; the unidirectional run counts pulses closed loop, as with deterministic.")
        }
        if !rules.contains(.unidirectional) {
            for flag in ["--refresh-threshold", "--refresh-interval"] where givenFlags.contains(flag) {
                notes.append("\(flag) applies only to --rule unidirectional, so it is ignored.")
            }
        }
        if !rules.contains(.bidirectional) {
            for flag in ["--pair-writes", "--weight-mapping", "--adc-bits", "--initial-write"] where givenFlags.contains(flag) {
                notes.append("\(flag) applies only to --rule bidirectional, so it is ignored.")
            }
        } else if rules.contains(.unidirectional) && configuration.hardware.weightMapping == .fixedReference {
            notes.append("--weight-mapping fixed-reference applies only to the bidirectional run; the unidirectional run uses differential pairs.")
            for flag in ["--adc-bits", "--initial-write"] where givenFlags.contains(flag) {
                notes.append("\(flag) applies only to the bidirectional run's reference-column layers.")
            }
        } else if configuration.hardware.weightMapping == .differential && givenFlags.contains("--initial-write") {
            notes.append("--initial-write applies only to --weight-mapping fixed-reference, so it is ignored.")
        }
        if rules == [.software] {
            for flag in ["--update-scheme", "--weight-range"] + trainFlags where givenFlags.contains(flag) {
                notes.append("\(flag) applies only to device rules, so --rule software ignores it.")
            }
        }
        return notes
    }

    /// Throws a usage error when `rule` cannot run the chosen update scheme.
    func checkScheme(rule: LearningRule, command: String) throws {
        guard configuration.hardware.scheme == .openLoop, rule == .unidirectional else { return }
        throw UsageError("\(command): --update-scheme open-loop is NeuroSim's count for bidirectional updates; use --rule bidirectional or another --update-scheme.")
    }

    /// Parses the --rounds schedule; returns nil when neither --rounds nor --round-size is given.
    static func roundSchedule(_ arguments: ParsedArguments) throws -> RoundSchedule? {
        let command = arguments.command
        let rounds = try arguments.integer("--rounds", in: 1...100_000)
        let roundSize = try arguments.integer("--round-size", in: 1...Int(Int32.max))
        switch (rounds, roundSize) {
        case (nil, nil):
            return nil
        case (let rounds?, let roundSize?):
            guard arguments.string("--epochs") == nil else {
                throw UsageError("\(command): --epochs and --rounds both set the length of training; give one of them.")
            }
            return RoundSchedule(rounds: rounds, roundSize: roundSize)
        case (_?, nil):
            throw UsageError("\(command): --rounds needs --round-size, the number of training images per round (for example --rounds 125 --round-size 8000).")
        case (nil, _?):
            throw UsageError("\(command): --round-size needs --rounds, the number of rounds (for example --rounds 125 --round-size 8000).")
        }
    }

    /// Parses --learning-rate: one value for every layer, or one for each of the `layerCount` layers.
    static func learningRates(_ arguments: ParsedArguments, layerCount: Int) throws -> [Double]? {
        guard let text = arguments.string("--learning-rate") else { return nil }
        let requirement = "a positive number that single precision holds (1.2e-38 to 3.4e38), or one such number per layer separated by commas"
        let decimalCharacters = Set("0123456789.eE+-")
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let rates = parts.compactMap { part in part.allSatisfy(decimalCharacters.contains) ? Double(part) : nil }
        guard rates.count == parts.count, rates.allSatisfy({ $0 > 0 && Float($0).isNormal }) else {
            throw UsageError("\(arguments.command): --learning-rate must be \(requirement), but it is '\(text)'.")
        }
        guard rates.count == 1 || rates.count == layerCount else {
            throw UsageError("\(arguments.command): --learning-rate has \(rates.count) values, but the network has \(layerCount) layers; give one value for all layers or \(layerCount) values, input layer first.")
        }
        return rates
    }

    static func layerSizes(_ text: String, command: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let sizes = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, sizes.count == parts.count, sizes.allSatisfy({ (1...100_000).contains($0) }) else {
            throw UsageError("\(command): --hidden must be layer sizes from 1 to 100000 separated by commas (for example 100 or 256,128), but it is '\(text)'.")
        }
        return sizes
    }

    /// Loads the dataset, applies the limits and records the directory in the configuration.
    mutating func loadData() throws -> DatasetSplit {
        let split = try DatasetLoader.load(configuration.dataset, directory: dataDirectory)
        let side = min(split.training.rowCount, split.training.columnCount)
        if let cropSize = configuration.inputTransform.cropSize, cropSize > side {
            throw UsageError("--crop is \(cropSize), but the images of \(split.directory) are \(split.training.rowCount)×\(split.training.columnCount) pixels; give a crop of at most \(side).")
        }
        configuration.dataDirectory = split.directory
        return DatasetSplit(dataset: split.dataset, directory: split.directory,
                            training: split.training.prefix(configuration.trainLimit),
                            test: split.test.prefix(configuration.testLimit))
    }
}

/// An on/off option value.
enum Switch: String, CaseIterable {
    case on
    case off

    var isOn: Bool { self == .on }
}

/// The bit-length limit of the stochastic scheme's masks.
enum StochasticBitLength {
    static let maximum = 64
}
