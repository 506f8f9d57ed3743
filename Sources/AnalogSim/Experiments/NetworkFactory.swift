/// Builds the network of a run: layer sizes from the data and configuration, software or device
/// layers by rule, and the initial weights, which are the same for every rule of a seed.
public enum NetworkFactory {
    /// Builds the network for `configuration` on `inputCount` inputs and `classCount` outputs.
    /// Device rules need `profile`.
    public static func makeNetwork(configuration: TrainingConfiguration, profile: DeviceProfile?,
                                   inputCount: Int, classCount: Int) -> MultilayerPerceptron {
        let sizes = [inputCount] + configuration.hiddenLayers + [classCount]
        let initialization = RandomSource(seed: configuration.seed, stream: .weightInitialization)
        var layers: [TrainableLayer] = []

        for layerIndex in 0..<(sizes.count - 1) {
            let (fanIn, fanOut) = (sizes[layerIndex], sizes[layerIndex + 1])
            let layer: TrainableLayer
            if configuration.rule.usesDevices {
                guard let profile else { preconditionFailure("a device rule needs a profile") }
                layer = makeDeviceLayer(model: profile.model, configuration: configuration, layerIndex: layerIndex,
                                        inputCount: fanIn, outputCount: fanOut)
            } else {
                layer = SoftwareLayer(inputCount: fanIn, outputCount: fanOut)
            }
            let initial = initialParameters(configuration.weightInitialization, fanIn: fanIn, fanOut: fanOut,
                                            weightRange: Float(configuration.weightRange), source: initialization)
            layer.learnsBiases = configuration.learnsBiases
            let biases = configuration.learnsBiases ? initial.biases : [Float](repeating: 0, count: fanOut)
            layer.setInitialWeights(initial.weights, biases: biases)
            layers.append(layer)
        }

        let network = MultilayerPerceptron(layers: layers, loss: configuration.loss,
                                           hiddenActivationBits: configuration.hiddenActivationBits)
        network.layerLearningRates = configuration.learningRates(layerCount: layers.count).map { Float($0) }
        return network
    }

    /// Bytes that the network of `configuration` holds, as an estimate: 4 per software weight,
    /// and per device synapse the cached weight plus two devices of 11 single-precision buffers
    /// (the pulse-position model). Saturates at `Int.max`.
    public static func estimatedMemory(configuration: TrainingConfiguration, inputCount: Int, classCount: Int) -> Int {
        let sizes = [inputCount] + configuration.hiddenLayers + [classCount]
        var synapses = 0
        for (fanIn, fanOut) in zip(sizes, sizes.dropFirst()) {
            let (product, overflow) = fanIn.multipliedReportingOverflow(by: fanOut)
            guard !overflow, synapses <= Int.max - product else { return Int.max }
            synapses += product
        }
        let bytesPerSynapse = configuration.rule.usesDevices ? 4 + 2 * 11 * 4 : 4
        let (bytes, overflow) = synapses.multipliedReportingOverflow(by: bytesPerSynapse)
        return overflow ? Int.max : bytes
    }

    /// Draws a layer's weights `U(−l, l)`, clipped to ±Wmax, then its biases (`U(−l, l)` where
    /// `initialization` draws them, else 0). `sevenLevels` draws one of seven values per weight.
    static func initialParameters(_ initialization: WeightInitialization, fanIn: Int, fanOut: Int, weightRange: Float,
                                  source: RandomSource) -> (weights: [Float], biases: [Float]) {
        if initialization == .sevenLevels {
            let weights = (0..<(fanIn * fanOut)).map { _ in
                Float(source.uniformInteger(below: 7) - 3) / 3 * weightRange
            }
            return (weights, [Float](repeating: 0, count: fanOut))
        }

        let limit = initialization.limit(fanIn: fanIn, fanOut: fanOut)
        let weights = (0..<(fanIn * fanOut)).map { _ in
            let weight = Float((2 * source.uniform() - 1) * limit)
            return min(max(weight, -weightRange), weightRange)
        }
        let biases = (0..<fanOut).map { _ in
            initialization.drawsBiases ? Float((2 * source.uniform() - 1) * limit) : 0
        }
        return (weights, biases)
    }

    static func makeDeviceLayer<Model: DeviceModel>(
        model: Model, configuration: TrainingConfiguration, layerIndex: Int, inputCount: Int, outputCount: Int
    ) -> TrainableLayer {
        let seed = configuration.seed
        let crossbar = DifferentialCrossbar(
            model: model, rowCount: outputCount, columnCount: inputCount, weightRange: Float(configuration.weightRange),
            mapping: configuration.hardware.weightMapping(for: configuration.rule),
            positiveVariation: RandomSource(seed: seed, stream: .deviceVariation(layer: layerIndex, polarity: 0)),
            negativeVariation: RandomSource(seed: seed, stream: .deviceVariation(layer: layerIndex, polarity: 1)),
            readNoise: RandomSource(seed: seed, stream: .readNoise(layer: layerIndex)))
        let layer = DeviceLayer(crossbar: crossbar, rule: configuration.rule, settings: configuration.hardware,
                                writeNoise: RandomSource(seed: seed, stream: .cycleToCycle(layer: layerIndex)),
                                pulseTrainRandom: Xoshiro256StarStar(seed: seed, stream: .pulseTrains(layer: layerIndex)),
                                fullTrainPulseCounts: model.fullTrainPulseCounts)
        let referenceColumn = configuration.hardware.weightMapping(for: configuration.rule) == .fixedReference
        layer.initialWriteOmitsMinimum = referenceColumn && configuration.initialWrite == .neurosim
        if referenceColumn, let bits = configuration.readoutADCBits {
            layer.readout = ReferenceColumnReadout(bits: bits, minimumOffset: layer.nominalMinimumOffset)
        }
        return layer
    }
}
