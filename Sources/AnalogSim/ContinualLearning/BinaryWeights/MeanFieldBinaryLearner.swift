import Foundation

/// Mean-field variational continual learning with binary weights (Li, Huang, Zou and Huang 2023).
///
/// Every weight w ∈ {−1, +1} of a ReLU network with a softmax output has a field θ; the weight's
/// distribution is q(w) ∝ exp(β·θ·w), with mean m = tanh(βθ) and variance 1 − m². Training samples
/// each pre-activation from its Gaussian approximation (`MeanFieldLayer`), and Adam follows
///
///     g = ∂CE/∂θ + λ·β²·(1 − m²)·(θ − θ′)
///
/// where CE is the mini-batch's summed cross-entropy and the second term is the gradient of
/// KL(q_θ ‖ q_θ′), the previous posterior θ′ acting as the prior (`MeanFieldPrior`). β grows with
/// the global epoch e of E: `β = 10·tanh(0.1 + 2(e + 1)/E)` by default, so weights harden as
/// tasks arrive.
///
/// With a `DeviceProfile` the fields live on pulsed analog pairs (`DeviceHiddenWeights`), and each
/// Adam step is a pulse request through the update scheme. The network reads θ back from the
/// pairs, and the deployed binary weights are the pairs' signs or binary devices. Without a
/// profile every field is a float.
public final class MeanFieldBinaryLearner: ContinualLearner {
    public let settings: MeanFieldBinarySettings
    /// The profile of the devices holding θ; nil for floating point.
    public let profile: DeviceProfile?
    public let hardware: HiddenWeightHardwareSettings
    public let seed: UInt64
    /// Inputs, hidden layers and outputs.
    public let layerSizes: [Int]
    /// β of the latest training epoch, used by evaluation.
    public private(set) var beta: Double

    private let layers: [MeanFieldLayer]
    let storages: [HiddenWeightStorage]
    private let optimizers: [AdamOptimizer]
    private let gradients: [UnsafeMutableBufferPointer<Float>]
    private let changes: [UnsafeMutableBufferPointer<Float>]
    /// θ′ of every layer, valid when `hasPrior`.
    let priorFields: [UnsafeMutableBufferPointer<Float>]
    private(set) var hasPrior = false
    /// The weight of the KL gradient in the present epoch: λ, times B/N for the frozen prior.
    private(set) var klScale: Float = 1
    private let batchRows: UnsafeMutablePointer<Float>
    private let batchCapacity: Int
    private let dataOrder: RandomSource
    private let sampling: RandomSource

    /// Builds the network `inputCount`-`hiddenLayers`-`classCount` with fields θ ~ N(0, σ²) drawn
    /// from `seed`. `profile` puts θ on devices of that profile under `hardware`; nil keeps it in
    /// floating point and ignores `hardware`.
    public init(inputCount: Int, classCount: Int = 10, settings: MeanFieldBinarySettings = MeanFieldBinarySettings(),
                profile: DeviceProfile? = nil, hardware: HiddenWeightHardwareSettings = HiddenWeightHardwareSettings(),
                seed: UInt64) throws {
        try settings.validate()
        if profile != nil { try hardware.validate(rule: "mean-field-binary") }
        self.settings = settings
        self.profile = profile
        self.hardware = hardware
        self.seed = seed
        layerSizes = [inputCount] + settings.hiddenLayers + [classCount]
        beta = settings.betaScale * tanh(settings.betaOffset)
        batchCapacity = max(settings.batchSize, TaskBatches.testBatchSize)
        batchRows = .allocate(capacity: batchCapacity * inputCount)
        dataOrder = RandomSource(seed: seed, stream: .dataOrder)
        sampling = RandomSource(seed: seed, stream: .preactivationNoise)

        let initialization = RandomSource(seed: seed, stream: .weightInitialization)
        var layers: [MeanFieldLayer] = []
        var storages: [HiddenWeightStorage] = []
        for (index, (fanIn, fanOut)) in zip(layerSizes, layerSizes.dropFirst()).enumerated() {
            layers.append(MeanFieldLayer(inputCount: fanIn, outputCount: fanOut, batchCapacity: batchCapacity))
            let storage = HiddenWeightStorageFactory.make(profile: profile, hardware: hardware, layerIndex: index,
                                                          rowCount: fanOut, columnCount: fanIn, seed: seed)
            storage.program((0..<(fanIn * fanOut)).map { _ in
                Float(settings.initialFieldDeviation * initialization.standardNormal())
            })
            storages.append(storage)
        }
        self.layers = layers
        self.storages = storages
        optimizers = storages.map { AdamOptimizer(count: $0.values.count, settings: settings.adam) }
        gradients = storages.map { .allocate(capacity: $0.values.count) }
        changes = storages.map { .allocate(capacity: $0.values.count) }
        priorFields = storages.map { .allocate(capacity: $0.values.count) }
    }

    deinit {
        batchRows.deallocate()
        for buffer in gradients + changes + priorFields {
            buffer.deallocate()
        }
    }

    public var summary: String {
        let schedule = "β = \(settings.betaScale)·tanh(\(settings.betaOffset) + \(settings.betaGrowth)(e + 1)/E)"
        var text = "mean-field-binary: \(layerSizes.map(String.init).joined(separator: "-")), Adam η \(settings.adam.learningRate), "
            + "batch \(settings.batchSize), prior \(settings.prior.rawValue) (weight \(settings.priorWeight)), \(schedule), "
            + "evaluation \(settings.evaluation.rawValue)"
        return text + hardware.summary(hiddenValue: "θ", profile: profile)
    }

    public func beginTask(_ task: ContinualTask, taskIndex: Int) {
        precondition(task.inputCount == layerSizes[0], "the task's input count does not match the network")
    }

    public func trainEpoch(on task: ContinualTask, globalEpoch: Int, totalEpochs: Int) {
        beta = settings.beta(epoch: globalEpoch, totalEpochs: totalEpochs)
        klScale = Float(settings.priorWeight)
        if settings.prior == .frozen {
            // The task's objective is Σ_task CE + KL, so each of its N/B mini-batches carries B/N of the KL.
            klScale *= Float(min(settings.batchSize, task.trainingCount)) / Float(max(task.trainingCount, 1))
        }
        let order = TaskBatches.shuffledOrder(count: task.trainingCount, source: dataOrder)
        var start = 0
        while start < order.count {
            let indices = order[start..<min(start + settings.batchSize, order.count)]
            TaskBatches.gather(task.trainingInputs, inputCount: task.inputCount, indices: indices, into: batchRows)
            trainBatch(count: indices.count, labels: indices.map { Int(task.trainingLabels[$0]) })
            start += settings.batchSize
        }
    }

    public func endTask(_ task: ContinualTask, taskIndex: Int) {
        guard settings.prior == .frozen else { return }
        for (storage, prior) in zip(storages, priorFields) {
            prior.baseAddress!.update(from: storage.values.baseAddress!, count: storage.values.count)
        }
        hasPrior = true
    }

    public func testAccuracy(on task: ContinualTask) -> Double {
        testAccuracy(on: task, evaluation: settings.evaluation)
    }

    /// Returns the accuracy of `task` as the mean-field network and as the deployed binary network.
    public func accuracies(on task: ContinualTask) -> BinaryNetworkAccuracies {
        BinaryNetworkAccuracies(meanField: testAccuracy(on: task, evaluation: .meanField),
                                binary: testAccuracy(on: task, evaluation: .binary))
    }

    /// Returns the accuracy of `task` under `evaluation`.
    public func testAccuracy(on task: ContinualTask, evaluation: BinaryNetworkEvaluation) -> Double {
        for (layer, storage) in zip(layers, storages) {
            switch evaluation {
            case .meanField: layer.setFields(storage.values.baseAddress!, beta: Float(beta))
            case .binary: layer.setBinaryWeights(storage.deployedWeights.baseAddress!)
            }
        }
        return TaskBatches.testAccuracy(on: task, classCount: layerSizes.last!, rows: batchRows, batchCapacity: batchCapacity) { count in
            forward(count: count, noiseSource: nil)
            return UnsafePointer(layers.last!.activations)
        }
    }

    /// Returns the hidden values θ of layer `layer` (0 is the input layer's weights), row-major
    /// `outputs × inputs`, as read from floating point or from the device pairs.
    public func hiddenValues(layer: Int) -> [Float] {
        Array(storages[layer].values)
    }

    /// Appends β, the KL weight, whether a prior is set, then per layer the θ storage, its Adam
    /// state and the prior fields θ′, then the data-order and pre-activation-noise streams.
    public func encodeState(into encoder: inout StateEncoder) {
        encoder.write(beta)
        encoder.write(Double(klScale))
        encoder.write(hasPrior)
        for index in storages.indices {
            storages[index].encodeState(into: &encoder)
            optimizers[index].encodeState(into: &encoder)
            encoder.write(buffer: UnsafeBufferPointer(priorFields[index]))
        }
        encoder.write(randomSource: dataOrder)
        encoder.write(randomSource: sampling)
    }

    public func restoreState(from decoder: inout StateDecoder) throws {
        beta = try decoder.readDouble("β")
        klScale = Float(try decoder.readDouble("KL weight"))
        guard beta.isFinite, klScale.isFinite else {
            throw StateDecoder.Failure.invalid("the saved β or KL weight is not finite")
        }
        hasPrior = try decoder.readBool("prior flag")
        for index in storages.indices {
            try storages[index].restoreState(from: &decoder)
            try optimizers[index].restoreState(from: &decoder)
            try decoder.read(into: priorFields[index], "layer \(index + 1) prior fields")
            guard priorFields[index].allSatisfy(\.isFinite) else {
                throw StateDecoder.Failure.invalid("a saved prior field of layer \(index + 1) is not finite")
            }
        }
        try decoder.restore(dataOrder, "data-order stream")
        try decoder.restore(sampling, "pre-activation noise stream")
    }

    public var hasNonFiniteState: Bool {
        storages.contains { storage in storage.values.contains { !$0.isFinite } }
    }

    public var pulseCounts: ContinualPulseCounts? {
        guard profile != nil else { return nil }
        return storages.compactMap(\.pulseCounts).reduce(ContinualPulseCounts(), +)
    }

    /// Takes one Adam step on the batch in `batchRows`.
    private func trainBatch(count: Int, labels: [Int]) {
        let betaValue = Float(beta)
        for (layer, storage) in zip(layers, storages) {
            layer.setFields(storage.values.baseAddress!, beta: betaValue)
        }
        forward(count: count, noiseSource: sampling)

        // δ = p − y at the output: the gradient of the summed cross-entropy.
        let output = layers.last!
        let classCount = output.outputCount
        for sample in 0..<count {
            for unit in 0..<classCount {
                let index = sample * classCount + unit
                output.errors[index] = output.activations[index] - (unit == labels[sample] ? 1 : 0)
            }
        }
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            let below = index > 0 ? layers[index - 1] : nil
            layers[index].backward(inputs: below.map { UnsafePointer($0.activations) } ?? UnsafePointer(batchRows),
                                   count: count, beta: betaValue, gradients: gradients[index].baseAddress!,
                                   inputErrors: below?.errors, inputPreactivations: below.map { UnsafePointer($0.preactivations) })
        }

        for index in 0..<layers.count {
            let storage = storages[index]
            if hasPrior {
                Self.addKLGradient(to: gradients[index].baseAddress!, fields: storage.values.baseAddress!,
                                   priorFields: priorFields[index].baseAddress!, variances: layers[index].variances,
                                   beta: betaValue, weight: klScale, count: storage.values.count)
            }
            optimizers[index].step(gradients: gradients[index].baseAddress!, changes: changes[index].baseAddress!)
            if settings.prior == .streaming {
                priorFields[index].baseAddress!.update(from: storage.values.baseAddress!, count: storage.values.count)
            }
            storage.apply(changes: changes[index].baseAddress!)
        }
        if settings.prior == .streaming { hasPrior = true }
    }

    /// Runs the batch in `batchRows` through every layer.
    private func forward(count: Int, noiseSource: RandomSource?) {
        var inputs = UnsafePointer(batchRows)
        for (index, layer) in layers.enumerated() {
            layer.forward(inputs: inputs, count: count, noiseSource: noiseSource, isOutput: index == layers.count - 1)
            inputs = UnsafePointer(layer.activations)
        }
    }

    /// Adds the KL term's gradient `λ·β²·s·(θ − θ′)` to `gradients`, with s = 1 − tanh²(βθ) given.
    static func addKLGradient(to gradients: UnsafeMutablePointer<Float>, fields: UnsafePointer<Float>,
                              priorFields: UnsafePointer<Float>, variances: UnsafePointer<Float>,
                              beta: Float, weight: Float, count: Int) {
        let scale = weight * beta * beta
        for index in 0..<count {
            gradients[index] += scale * variances[index] * (fields[index] - priorFields[index])
        }
    }
}
