/// A binarized network with metaplastic hidden weights (Laborieux, Ernoult, Hirtzlin and
/// Querlioz 2021), and with M = 0 the plain binarized network.
///
/// Every synapse has a hidden real weight W_h; the forward pass uses w = sign(W_h) and sign
/// activations (`BinarizedLayer`), and the gradient reaches W_h by the straight-through estimator,
/// cut where a hidden pre-activation lies beyond ±1. Adam proposes Δ = −η·m̂/(√v̂ + ε) for each
/// W_h, and a step that would shrink |W_h| (sign(W_h)·m > 0) is scaled by `1 − tanh²(M·|W_h|)`
/// (`MetaplasticAttenuation`), which consolidates weights whose hidden value has grown large.
/// The output layer's weights are binary too, but its pre-activations go to the softmax
/// unquantised. The per-unit gains and biases are digital and follow plain Adam.
///
/// NOTE: batch normalisation, which the authors use between layers, is replaced by the fixed
/// 1/√N scale and the learned gain and bias. It keeps no running statistics, so no state outside
/// the metaplastic weights drifts between tasks; accuracies are therefore not directly those of
/// the paper's networks.
///
/// With a `DeviceProfile` the hidden weights live on pulsed analog pairs (`DeviceHiddenWeights`),
/// the forward pass reads the deployed binary weights (the pairs' signs or binary devices), and
/// each attenuated Adam step is a pulse request through the update scheme.
public final class MetaplasticLearner: ContinualLearner {
    public let settings: MetaplasticSettings
    /// The profile of the devices holding W_h; nil for floating point.
    public let profile: DeviceProfile?
    public let hardware: HiddenWeightHardwareSettings
    public let seed: UInt64
    /// Inputs, hidden layers and outputs.
    public let layerSizes: [Int]

    let layers: [BinarizedLayer]
    let storages: [HiddenWeightStorage]
    let weightOptimizers: [AdamOptimizer]
    private let unitOptimizers: [AdamOptimizer]
    private let weightGradients: [UnsafeMutableBufferPointer<Float>]
    private let weightChanges: [UnsafeMutableBufferPointer<Float>]
    private let unitGradients: [UnsafeMutableBufferPointer<Float>]
    private let unitChanges: [UnsafeMutableBufferPointer<Float>]
    private let batchRows: UnsafeMutablePointer<Float>
    private let batchCapacity: Int
    private let dataOrder: RandomSource

    /// Builds the network `inputCount`-`hiddenLayers`-`classCount` with hidden weights drawn
    /// from `seed`. `profile` puts W_h on devices of that profile under `hardware`; nil keeps it
    /// in floating point and ignores `hardware`.
    public init(inputCount: Int, classCount: Int = 10, settings: MetaplasticSettings = MetaplasticSettings(),
                profile: DeviceProfile? = nil, hardware: HiddenWeightHardwareSettings = HiddenWeightHardwareSettings(),
                seed: UInt64) throws {
        try settings.validate()
        if profile != nil { try hardware.validate(rule: settings.ruleName) }
        self.settings = settings
        self.profile = profile
        self.hardware = hardware
        self.seed = seed
        layerSizes = [inputCount] + settings.hiddenLayers + [classCount]
        batchCapacity = max(settings.batchSize, TaskBatches.testBatchSize)
        batchRows = .allocate(capacity: batchCapacity * inputCount)
        dataOrder = RandomSource(seed: seed, stream: .dataOrder)

        let initialization = RandomSource(seed: seed, stream: .weightInitialization)
        var layers: [BinarizedLayer] = []
        var storages: [HiddenWeightStorage] = []
        for (index, (fanIn, fanOut)) in zip(layerSizes, layerSizes.dropFirst()).enumerated() {
            layers.append(BinarizedLayer(inputCount: fanIn, outputCount: fanOut, batchCapacity: batchCapacity))
            let storage = HiddenWeightStorageFactory.make(profile: profile, hardware: hardware, layerIndex: index,
                                                          rowCount: fanOut, columnCount: fanIn, seed: seed)
            let limit = settings.initialWeightScale / Double(fanIn).squareRoot()
            storage.program((0..<(fanIn * fanOut)).map { _ in Float((2 * initialization.uniform() - 1) * limit) })
            storages.append(storage)
        }
        self.layers = layers
        self.storages = storages
        weightOptimizers = storages.map { AdamOptimizer(count: $0.values.count, settings: settings.adam) }
        unitOptimizers = layers.map { AdamOptimizer(count: 2 * $0.outputCount, settings: settings.adam) }
        weightGradients = storages.map { .allocate(capacity: $0.values.count) }
        weightChanges = storages.map { .allocate(capacity: $0.values.count) }
        unitGradients = layers.map { .allocate(capacity: 2 * $0.outputCount) }
        unitChanges = layers.map { .allocate(capacity: 2 * $0.outputCount) }
    }

    deinit {
        batchRows.deallocate()
        for buffer in weightGradients + weightChanges + unitGradients + unitChanges {
            buffer.deallocate()
        }
    }

    public var summary: String {
        var text = "\(settings.ruleName): \(layerSizes.map(String.init).joined(separator: "-")), M \(settings.metaplasticity), "
            + "Adam η \(settings.adam.learningRate), batch \(settings.batchSize)"
        return text + hardware.summary(hiddenValue: "W_h", profile: profile)
    }

    public func beginTask(_ task: ContinualTask, taskIndex: Int) {
        precondition(task.inputCount == layerSizes[0], "the task's input count does not match the network")
    }

    public func trainEpoch(on task: ContinualTask, globalEpoch: Int, totalEpochs: Int) {
        let order = TaskBatches.shuffledOrder(count: task.trainingCount, source: dataOrder)
        var start = 0
        while start < order.count {
            let indices = order[start..<min(start + settings.batchSize, order.count)]
            TaskBatches.gather(task.trainingInputs, inputCount: task.inputCount, indices: indices, into: batchRows)
            trainBatch(count: indices.count, labels: indices.map { Int(task.trainingLabels[$0]) })
            start += settings.batchSize
        }
    }

    /// Nothing to do: metaplasticity consolidates during training, without task boundaries.
    public func endTask(_ task: ContinualTask, taskIndex: Int) {}

    /// Returns the accuracy of the deployed binary network on `task`.
    public func testAccuracy(on task: ContinualTask) -> Double {
        TaskBatches.testAccuracy(on: task, classCount: layerSizes.last!, rows: batchRows, batchCapacity: batchCapacity) { count in
            forward(count: count)
            return UnsafePointer(layers.last!.activations)
        }
    }

    /// Returns the hidden values W_h of layer `layer` (0 is the input layer's weights), row-major
    /// `outputs × inputs`, as read from floating point or from the device pairs.
    public func hiddenValues(layer: Int) -> [Float] {
        Array(storages[layer].values)
    }

    public var hasNonFiniteState: Bool {
        storages.contains { storage in storage.values.contains { !$0.isFinite } }
    }

    public var pulseCounts: ContinualPulseCounts? {
        guard profile != nil else { return nil }
        return storages.compactMap(\.pulseCounts).reduce(ContinualPulseCounts(), +)
    }

    /// Appends, per layer, the hidden-weight storage, the weights' and units' Adam state and the
    /// gains and biases, then the data-order stream.
    public func encodeState(into encoder: inout StateEncoder) {
        for index in layers.indices {
            storages[index].encodeState(into: &encoder)
            weightOptimizers[index].encodeState(into: &encoder)
            unitOptimizers[index].encodeState(into: &encoder)
            encoder.write(buffer: UnsafeBufferPointer(layers[index].unitParameters))
        }
        encoder.write(randomSource: dataOrder)
    }

    public func restoreState(from decoder: inout StateDecoder) throws {
        for index in layers.indices {
            try storages[index].restoreState(from: &decoder)
            try weightOptimizers[index].restoreState(from: &decoder)
            try unitOptimizers[index].restoreState(from: &decoder)
            try decoder.read(into: layers[index].unitParameters, "layer \(index + 1) gains and biases")
            guard layers[index].unitParameters.allSatisfy(\.isFinite) else {
                throw StateDecoder.Failure.invalid("a saved gain or bias of layer \(index + 1) is not finite")
            }
        }
        try decoder.restore(dataOrder, "data-order stream")
    }

    /// Takes one attenuated Adam step on the batch in `batchRows`.
    private func trainBatch(count: Int, labels: [Int]) {
        forward(count: count)

        // δ = (p − y)/B at the output: the gradient of the batch's mean cross-entropy.
        let output = layers.last!
        let classCount = output.outputCount
        let inverseCount = 1 / Float(count)
        for sample in 0..<count {
            for unit in 0..<classCount {
                let index = sample * classCount + unit
                output.errors[index] = (output.activations[index] - (unit == labels[sample] ? 1 : 0)) * inverseCount
            }
        }
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            let below = index > 0 ? layers[index - 1] : nil
            layers[index].backward(inputs: below.map { UnsafePointer($0.activations) } ?? UnsafePointer(batchRows), count: count,
                                   weights: storages[index].deployedWeights.baseAddress!,
                                   weightGradients: weightGradients[index].baseAddress!, unitGradients: unitGradients[index].baseAddress!,
                                   inputErrors: below?.errors, inputPreactivations: below.map { UnsafePointer($0.preactivations) })
        }

        for index in 0..<layers.count {
            let storage = storages[index]
            let optimizer = weightOptimizers[index]
            optimizer.step(gradients: weightGradients[index].baseAddress!, changes: weightChanges[index].baseAddress!)
            MetaplasticAttenuation.apply(to: weightChanges[index].baseAddress!, hiddenWeights: storage.values.baseAddress!,
                                         firstMoments: optimizer.firstMoments.baseAddress!,
                                         metaplasticity: Float(settings.metaplasticity), count: storage.values.count)
            storage.apply(changes: weightChanges[index].baseAddress!)

            guard settings.learnsGainsAndBiases else { continue }
            unitOptimizers[index].step(gradients: unitGradients[index].baseAddress!, changes: unitChanges[index].baseAddress!)
            let parameters = layers[index].unitParameters
            for parameter in 0..<parameters.count {
                parameters[parameter] += unitChanges[index][parameter]
            }
        }
    }

    /// Runs the batch in `batchRows` through every layer with the deployed binary weights.
    private func forward(count: Int) {
        var inputs = UnsafePointer(batchRows)
        for (index, layer) in layers.enumerated() {
            layer.forward(inputs: inputs, count: count, weights: storages[index].deployedWeights.baseAddress!,
                          isOutput: index == layers.count - 1)
            inputs = UnsafePointer(layer.activations)
        }
    }
}
