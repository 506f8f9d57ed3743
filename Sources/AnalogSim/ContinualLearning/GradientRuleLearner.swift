/// A continual learner whose rule acts on gradients (SGD, AdaGrad, EWC, CLASSP), on
/// floating-point weights or on device pairs.
///
/// Each step draws `batchSize` images in the epoch's seeded order, computes the batch's mean
/// gradient, lets each tensor's `ParameterStep` turn it into requested changes, and hands them to
/// the layers: a software layer adds them, a device layer sends pulses for them (see
/// `RequestedChangeLayer`). Biases are digital in both cases and follow the same rule.
/// After a task, an EWC learner makes one pass over the task's training images to estimate the
/// Fisher information and then consolidates.
public final class GradientRuleLearner: ContinualLearner {
    public let network: ContinualNetwork
    public let batchSize: Int
    public let summary: String
    /// The steps of each layer's weights and biases, input layer first.
    public let weightSteps: [ParameterStep]
    public let biasSteps: [ParameterStep]
    /// Whether the layers are device layers, whose pulses `pulseCounts` reports.
    public let usesDevices: Bool
    /// Weight requests with a non-zero gradient that a gate kept at 0, since creation.
    public private(set) var gatedRequests = 0

    private let dataOrder: RandomSource
    private var weightChanges: [[Float]]
    private var biasChanges: [[Float]]
    private var weightValues: [[Float]]

    /// Creates the learner. `makeStep` builds the step of a tensor of the given parameter count;
    /// it is called for each layer's weights and then its biases, input layer first.
    public init(network: ContinualNetwork, batchSize: Int, seed: UInt64, usesDevices: Bool, summary: String,
                makeStep: (Int) -> ParameterStep) {
        precondition(batchSize >= 1 && batchSize <= network.batchCapacity, "the batch must fit the network's buffers")
        self.network = network
        self.batchSize = batchSize
        self.usesDevices = usesDevices
        self.summary = summary
        var weightSteps: [ParameterStep] = []
        var biasSteps: [ParameterStep] = []
        for layer in network.layers {
            let weightStep = makeStep(layer.inputCount * layer.outputCount)
            (weightStep as? CLASSPStep)?.weightChangePerPulse = layer.weightChangePerPulse
            weightSteps.append(weightStep)
            biasSteps.append(makeStep(layer.outputCount))
        }
        self.weightSteps = weightSteps
        self.biasSteps = biasSteps
        dataOrder = RandomSource(seed: seed, stream: .dataOrder)
        weightChanges = network.layers.map { [Float](repeating: 0, count: $0.inputCount * $0.outputCount) }
        biasChanges = network.layers.map { [Float](repeating: 0, count: $0.outputCount) }
        weightValues = weightChanges
    }

    /// Values each weight needs besides itself: the largest over the tensors' steps.
    public var storedValuesPerWeight: Int {
        weightSteps.map(\.storedValuesPerParameter).max() ?? 0
    }

    public var hasNonFiniteState: Bool {
        var values: [Float] = []
        for layer in network.layers {
            values = [Float](repeating: 0, count: layer.inputCount * layer.outputCount)
            layer.copyWeights(into: &values)
            if values.contains(where: { !$0.isFinite }) { return true }
        }
        return false
    }

    public func beginTask(_ task: ContinualTask, taskIndex: Int) {}

    public func trainEpoch(on task: ContinualTask, globalEpoch: Int, totalEpochs: Int) {
        var order = Array(0..<task.trainingCount)
        dataOrder.shuffle(&order)
        var start = 0
        while start < order.count {
            let batch = order[start..<min(start + batchSize, order.count)]
            network.fillInputs(from: task.trainingInputs, order: batch)
            network.forward(count: batch.count)
            network.outputErrors(labels: ArraySlice(batch.map { task.trainingLabels[$0] }), classes: task.classes)
            network.backward(count: batch.count)
            network.computeGradients(count: batch.count)
            applySteps(sampleCount: batch.count)
            start += batch.count
        }
    }

    public func endTask(_ task: ContinualTask, taskIndex: Int) {
        let ewcSteps = (weightSteps + biasSteps).compactMap { $0 as? EWCStep }
        guard ewcSteps.count == weightSteps.count * 2 else { return }
        estimateFisher(on: task)
        for (layer, (weightStep, biasStep)) in zip(weightSteps, biasSteps).enumerated() {
            network.layers[layer].copyWeights(into: &weightValues[layer])
            (weightStep as! EWCStep).consolidate(values: weightValues[layer])
            (biasStep as! EWCStep).consolidate(values: network.biases[layer])
        }
    }

    public func testAccuracy(on task: ContinualTask) -> Double {
        guard task.testCount > 0 else { return 0 }
        return Double(network.correctTestCount(on: task)) / Double(task.testCount)
    }

    public var pulseCounts: ContinualPulseCounts? {
        guard usesDevices else { return nil }
        let statistics = network.layers.map(\.statistics).reduce(PulseStatistics(), +)
        return ContinualPulseCounts(potentiation: statistics.potentiationPulses + statistics.refreshPulses,
                                    depression: statistics.depressionPulses, gatedRequests: gatedRequests)
    }

    /// The pulses that CLASSP's gate saved on devices, as estimated by each `CLASSPStep`; nil in
    /// software and for rules without a gate.
    public var estimatedGatedPulses: Int? {
        let steps = weightSteps.compactMap { $0 as? CLASSPStep }
        guard usesDevices, !steps.isEmpty else { return nil }
        return steps.reduce(0) { $0 + $1.estimatedSavedPulses }
    }

    /// The pulse statistics of all layers together; all zero in software.
    public var pulseStatistics: PulseStatistics {
        network.layers.map(\.statistics).reduce(PulseStatistics(), +)
    }

    private func applySteps(sampleCount: Int) {
        for (layer, (weightStep, biasStep)) in zip(weightSteps, biasSteps).enumerated() {
            if weightStep is EWCStep {
                network.layers[layer].copyWeights(into: &weightValues[layer])
            }
            gatedRequests += weightStep.requestChanges(gradients: network.weightGradients[layer].baseAddress!,
                                                       values: weightValues[layer], changes: &weightChanges[layer])
            _ = biasStep.requestChanges(gradients: network.biasGradients[layer].baseAddress!,
                                        values: network.biases[layer], changes: &biasChanges[layer])
            network.applyChanges(layer: layer, weightChanges: weightChanges[layer], biasChanges: biasChanges[layer])
            for _ in 0..<sampleCount {
                network.layers[layer].sampleFinished()
            }
        }
    }

    /// Appends the network, the gated-request count, every step's state (weights, then biases,
    /// input layer first) and the data-order stream.
    public func encodeState(into encoder: inout StateEncoder) {
        network.encodeState(into: &encoder)
        encoder.write(gatedRequests)
        for step in weightSteps + biasSteps {
            step.encodeState(into: &encoder)
        }
        encoder.write(randomSource: dataOrder)
    }

    public func restoreState(from decoder: inout StateDecoder) throws {
        try network.restoreState(from: &decoder)
        gatedRequests = try decoder.readInt("gated request count", in: 0...Int.max)
        for step in weightSteps + biasSteps {
            try step.restoreState(from: &decoder)
        }
        try decoder.restore(dataOrder, "data-order stream")
    }

    /// Makes one pass over `task`'s training images in order, adding each image's squared
    /// gradients to every EWC step's estimate.
    private func estimateFisher(on task: ContinualTask) {
        var weightSums = weightValues
        var biasSums = network.biases
        var start = 0
        while start < task.trainingCount {
            let count = min(network.batchCapacity, task.trainingCount - start)
            network.fillInputs(from: task.trainingInputs, start: start, count: count)
            network.forward(count: count)
            network.outputErrors(labels: task.trainingLabels[start..<(start + count)], classes: task.classes)
            network.backward(count: count)
            for layer in network.layers.indices {
                network.squaredGradientSums(layer: layer, count: count, weights: &weightSums[layer], biases: &biasSums[layer])
                (weightSteps[layer] as! EWCStep).accumulateFisher(squaredGradientSums: weightSums[layer], sampleCount: count)
                (biasSteps[layer] as! EWCStep).accumulateFisher(squaredGradientSums: biasSums[layer], sampleCount: count)
            }
            start += count
        }
    }
}
