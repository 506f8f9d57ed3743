/// Builds the learner of a continual run from its configuration: the one place that maps a
/// rule name to a `ContinualLearner`.
public enum ContinualLearnerFactory {
    /// Builds the learner of `configuration` for `inputCount` inputs and `classCount` outputs;
    /// device runs need `profile`. Throws a usage error for a rule or scheme that cannot run.
    public static func makeLearner(configuration: ContinualConfiguration, profile: DeviceProfile?,
                                   inputCount: Int, classCount: Int) throws -> ContinualLearner {
        switch configuration.rule {
        case .sgd, .adagrad, .ewc, .classp:
            return try makeGradientRuleLearner(configuration: configuration, profile: profile,
                                               inputCount: inputCount, classCount: classCount)

        case .meanFieldBinary, .metaplastic, .binarized:
            return try makeBinaryWeightLearner(configuration: configuration, profile: profile,
                                               inputCount: inputCount, classCount: classCount)
        }
    }

    /// Builds the mean-field or metaplastic learner, with the run's network, batch size, η, seed
    /// and device settings in place of the learners' defaults.
    private static func makeBinaryWeightLearner(configuration: ContinualConfiguration, profile: DeviceProfile?,
                                                inputCount: Int, classCount: Int) throws -> ContinualLearner {
        try checkDeviceSettings(configuration, profile: profile)
        let binary = configuration.binaryWeights
        let hardware = HiddenWeightHardwareSettings(rule: configuration.deviceRule, update: configuration.hardware,
                                                    hiddenRange: binary.hiddenRange, deployment: binary.deployment)
        let deviceProfile = configuration.usesDevices ? profile : nil

        if configuration.rule == .meanFieldBinary {
            var settings = MeanFieldBinarySettings()
            settings.hiddenLayers = configuration.hiddenLayers
            settings.batchSize = configuration.batchSize
            settings.adam.learningRate = configuration.learningRate
            settings.prior = binary.prior
            settings.evaluation = binary.evaluation
            return try MeanFieldBinaryLearner(inputCount: inputCount, classCount: classCount, settings: settings,
                                              profile: deviceProfile, hardware: hardware, seed: configuration.seed)
        }

        var settings = MetaplasticSettings()
        settings.hiddenLayers = configuration.hiddenLayers
        settings.batchSize = configuration.batchSize
        settings.adam.learningRate = configuration.learningRate
        settings.metaplasticity = configuration.rule == .binarized ? 0 : binary.metaplasticity
        return try MetaplasticLearner(inputCount: inputCount, classCount: classCount, settings: settings,
                                      profile: deviceProfile, hardware: hardware, seed: configuration.seed)
    }

    /// Checks that `configuration` can run on devices, before any data is read.
    public static func checkDeviceSettings(_ configuration: ContinualConfiguration, profile: DeviceProfile?) throws {
        guard configuration.usesDevices else { return }
        guard profile != nil else { throw ContinualLearnerError.profileRequired(rule: configuration.rule) }
        switch configuration.hardware.scheme {
        case .deterministic, .expected: return
        case .stochastic, .openLoop: throw ContinualLearnerError.schemeNotSupported(scheme: configuration.hardware.scheme)
        }
    }

    private static func makeGradientRuleLearner(configuration: ContinualConfiguration, profile: DeviceProfile?,
                                                inputCount: Int, classCount: Int) throws -> GradientRuleLearner {
        try checkDeviceSettings(configuration, profile: profile)
        let network = makeNetwork(configuration: configuration, profile: profile, inputCount: inputCount, classCount: classCount)
        let learningRate = Float(configuration.learningRate)
        let makeStep: (Int) -> ParameterStep
        let summary: String
        switch configuration.rule {
        case .sgd:
            makeStep = { SGDStep(learningRate: learningRate, parameterCount: $0) }
            summary = "SGD, η \(configuration.learningRate)"
        case .ewc:
            let strength = Float(configuration.ewcPenaltyStrength)
            makeStep = { EWCStep(learningRate: learningRate, penaltyStrength: strength, parameterCount: $0) }
            summary = "EWC, η \(configuration.learningRate), λ \(configuration.ewcPenaltyStrength)"
        case .adagrad, .classp:
            let settings = configuration.effectiveCLASSPSettings
            makeStep = { CLASSPStep(settings: settings, parameterCount: $0) }
            summary = configuration.rule == .adagrad
                ? "AdaGrad (CLASSP with p 2, τ 0), α \(settings.learningRate), ε \(settings.epsilon)"
                : "CLASSP\(settings.compatibilityMode ? " (compatibility mode)" : ""), α \(settings.learningRate), "
                    + "τ \(settings.threshold), ε \(settings.epsilon), p \(settings.power)"
        case .meanFieldBinary, .metaplastic, .binarized:
            preconditionFailure("binary-weight rules are not gradient-rule learners")
        }
        let device = configuration.usesDevices
            ? ", on \(profile?.name ?? "devices") (\(configuration.deviceRule.rawValue), \(configuration.hardware.scheme.rawValue))"
            : ", software"
        return GradientRuleLearner(network: network, batchSize: configuration.batchSize, seed: configuration.seed,
                                   usesDevices: configuration.usesDevices, summary: summary + device, makeStep: makeStep)
    }

    /// Builds the network: software or device layers, initial weights from the seed's
    /// weight-initialization stream (the same for every rule and for software and devices).
    static func makeNetwork(configuration: ContinualConfiguration, profile: DeviceProfile?,
                            inputCount: Int, classCount: Int) -> ContinualNetwork {
        let sizes = [inputCount] + configuration.hiddenLayers + [classCount]
        let initialization = RandomSource(seed: configuration.seed, stream: .weightInitialization)
        var training = TrainingConfiguration(hiddenLayers: configuration.hiddenLayers, batchSize: configuration.batchSize,
                                             rule: configuration.usesDevices ? configuration.deviceRule : .software,
                                             seed: configuration.seed, weightRange: configuration.weightRange,
                                             hardware: configuration.hardware,
                                             weightInitialization: configuration.weightInitialization)
        training.loss = .crossEntropy
        var layers: [RequestedChangeLayer] = []
        var biases: [[Float]] = []
        for layerIndex in 0..<(sizes.count - 1) {
            let (fanIn, fanOut) = (sizes[layerIndex], sizes[layerIndex + 1])
            let layer: RequestedChangeLayer
            if configuration.usesDevices, let profile {
                layer = NetworkFactory.makeDeviceLayer(model: profile.model, configuration: training, layerIndex: layerIndex,
                                                       inputCount: fanIn, outputCount: fanOut) as! RequestedChangeLayer
            } else {
                layer = SoftwareLayer(inputCount: fanIn, outputCount: fanOut)
            }
            let initial = NetworkFactory.initialParameters(configuration.weightInitialization, fanIn: fanIn, fanOut: fanOut,
                                                           weightRange: Float(configuration.weightRange), source: initialization)
            layer.setInitialWeights(initial.weights, biases: initial.biases)
            layers.append(layer)
            biases.append(initial.biases)
        }
        return ContinualNetwork(layers: layers, initialBiases: biases,
                                batchCapacity: max(configuration.batchSize, ContinualNetwork.defaultTestBatch))
    }
}
