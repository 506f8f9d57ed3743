/// Hidden values held by a crossbar of pulsed analog device pairs, with the deployed binary
/// weights read from the pairs' signs or held by binary devices.
///
/// A requested change ΔW goes through the mini-batch kernels of the update scheme
/// (`AccumulatedUpdate`): each synapse receives one write for its ΔW, a request below half a step
/// sends nothing, and the value read back is `(G⁺ − G⁻)·Wmax/(Gmax − Gmin)`. Values therefore stay
/// within ±Wmax (`hiddenRange`) and move in steps of the device.
///
/// With `BinaryDeployment.binaryDevices` every synapse also has a pair of binary devices (low and
/// high state 0 and 1 in units of the binary read) whose state difference is the deployed weight. When
/// the sign of the hidden value differs from the deployed weight, each device of the pair that is
/// not yet in its target state receives one pulse, which flips it with probability p_switch.
final class DeviceHiddenWeights<Devices: DevicePopulation>: HiddenWeightStorage {
    let crossbar: DifferentialCrossbar<Devices>
    let rule: LearningRule
    let settings: HiddenWeightHardwareSettings
    let values: UnsafeMutableBufferPointer<Float>
    let deployedWeights: UnsafeMutableBufferPointer<Float>
    var rowCount: Int { crossbar.rowCount }
    var columnCount: Int { crossbar.columnCount }

    private var context: PulseUpdateContext
    private let binaryPositive: BinaryDevices?
    private let binaryNegative: BinaryDevices?
    private let binaryWriteNoise: RandomSource
    private var binaryPulses = (potentiation: 0, depression: 0)

    /// Builds the layer's pairs, drawing from the random streams of layer `layerIndex`; the binary
    /// devices draw from those of layer `layerIndex + deployedStreamOffset`.
    init<Model: DeviceModel>(model: Model, rowCount: Int, columnCount: Int, settings: HiddenWeightHardwareSettings,
                             layerIndex: Int, seed: UInt64) where Model.Population == Devices {
        self.settings = settings
        rule = settings.rule
        crossbar = DifferentialCrossbar(
            model: model, rowCount: rowCount, columnCount: columnCount, weightRange: Float(settings.hiddenRange),
            mapping: settings.update.weightMapping(for: settings.rule),
            positiveVariation: RandomSource(seed: seed, stream: .deviceVariation(layer: layerIndex, polarity: 0)),
            negativeVariation: RandomSource(seed: seed, stream: .deviceVariation(layer: layerIndex, polarity: 1)),
            readNoise: RandomSource(seed: seed, stream: .readNoise(layer: layerIndex)))
        context = PulseUpdateContext(
            settings: settings.update, rowCount: rowCount, columnCount: columnCount,
            writeNoise: RandomSource(seed: seed, stream: .cycleToCycle(layer: layerIndex)),
            pulseTrainRandom: Xoshiro256StarStar(seed: seed, stream: .pulseTrains(layer: layerIndex)))
        values = .allocate(capacity: rowCount * columnCount)
        values.initialize(repeating: 0)
        deployedWeights = .allocate(capacity: rowCount * columnCount)
        deployedWeights.initialize(repeating: 1)

        let deployedLayer = layerIndex + Self.deployedStreamOffset
        binaryWriteNoise = RandomSource(seed: seed, stream: .cycleToCycle(layer: deployedLayer))
        if settings.deployment == .binaryDevices {
            let binary = BinaryDeviceParameters(lowConductance: 0, highConductance: 1,
                                                switchingProbability: settings.deployedSwitchingProbability)
            binaryPositive = binary.makePopulation(
                count: rowCount * columnCount,
                variation: RandomSource(seed: seed, stream: .deviceVariation(layer: deployedLayer, polarity: 0)))
            binaryNegative = binary.makePopulation(
                count: rowCount * columnCount,
                variation: RandomSource(seed: seed, stream: .deviceVariation(layer: deployedLayer, polarity: 1)))
        } else {
            binaryPositive = nil
            binaryNegative = nil
        }
    }

    /// Layer numbers of the binary devices' random streams start here, so that they never share
    /// a stream with a hidden pair.
    static var deployedStreamOffset: Int { 100 }

    deinit {
        values.deallocate()
        deployedWeights.deallocate()
    }

    func program(_ initialValues: [Float]) {
        precondition(initialValues.count == values.count, "initial values do not match the layer")
        let range = Float(settings.hiddenRange)
        let placement = PairPlacement.forRule(rule)
        for synapse in 0..<values.count {
            crossbar.program(synapse: synapse, weight: min(max(initialValues[synapse], -range), range), placement: placement)
        }
        readValues()

        for synapse in 0..<values.count {
            let target = binarySign(values[synapse])
            binaryPositive?.program(device: synapse, conductance: target > 0 ? 1 : 0)
            binaryNegative?.program(device: synapse, conductance: target > 0 ? 0 : 1)
        }
        readDeployedWeights()
    }

    func apply(changes: UnsafeMutablePointer<Float>) {
        switch rule {
        case .bidirectional:
            AccumulatedUpdate.applyBidirectional(to: crossbar, changes: changes,
                                                 pairWrites: settings.update.pairWrites(under: crossbar.mapping), context: &context)
        case .unidirectional:
            AccumulatedUpdate.applyUnidirectional(to: crossbar, changes: changes,
                                                  refreshThreshold: Float(settings.update.refresh.threshold), context: &context)
        case .software:
            preconditionFailure("hidden weights on devices need a device rule")
        }
        readValues()
        writeBinaryDevices()
        readDeployedWeights()
    }

    var pulseCounts: ContinualPulseCounts? {
        let statistics = context.statistics
        return ContinualPulseCounts(potentiation: statistics.potentiationPulses + statistics.refreshPulses + binaryPulses.potentiation,
                                    depression: statistics.depressionPulses + binaryPulses.depression)
    }

    /// Appends the crossbar, the update context's statistics and streams, the binary devices,
    /// their write-noise stream and their pulse counts. `values` and the deployed weights are
    /// read back from the devices on restore.
    func encodeState(into encoder: inout StateEncoder) {
        crossbar.encodeState(into: &encoder)
        encoder.write(statistics: context.statistics)
        encoder.write(randomSource: context.writeNoise)
        encoder.write(xoshiro: context.pulseTrainRandom)
        binaryPositive?.encodeState(into: &encoder)
        binaryNegative?.encodeState(into: &encoder)
        encoder.write(randomSource: binaryWriteNoise)
        encoder.write(binaryPulses.potentiation)
        encoder.write(binaryPulses.depression)
    }

    func restoreState(from decoder: inout StateDecoder) throws {
        try crossbar.restoreState(from: &decoder)
        context.statistics = try decoder.readPulseStatistics()
        try decoder.restore(context.writeNoise, "cycle-to-cycle stream")
        context.pulseTrainRandom = try decoder.readXoshiro("pulse-train stream")
        try binaryPositive?.restoreState(from: &decoder)
        try binaryNegative?.restoreState(from: &decoder)
        try decoder.restore(binaryWriteNoise, "binary-device write-noise stream")
        binaryPulses.potentiation = try decoder.readInt("binary-device potentiation pulses", in: 0...Int.max)
        binaryPulses.depression = try decoder.readInt("binary-device depression pulses", in: 0...Int.max)
        readValues()
        readDeployedWeights()
    }

    /// Copies the crossbar's column-major cache into the row-major `values`.
    private func readValues() {
        let weights = crossbar.columnMajorWeights
        for row in 0..<rowCount {
            for column in 0..<columnCount {
                values[row * columnCount + column] = weights[column * rowCount + row]
            }
        }
    }

    /// Sends a pulse to every binary device whose state disagrees with the sign of its hidden value.
    private func writeBinaryDevices() {
        guard let binaryPositive, let binaryNegative else { return }
        for synapse in 0..<values.count {
            let target = binarySign(values[synapse])
            guard deployedWeights[synapse] != target else { continue }
            // +1 wants G⁺ high and G⁻ low, −1 the reverse.
            switchBinaryDevice(binaryPositive, synapse: synapse, towardsHigh: target > 0)
            switchBinaryDevice(binaryNegative, synapse: synapse, towardsHigh: target < 0)
        }
    }

    /// Sends one pulse to a binary device that is not in the requested state, and counts it.
    private func switchBinaryDevice(_ devices: BinaryDevices, synapse: Int, towardsHigh: Bool) {
        let isHigh = devices.conductances[synapse] > 0.5
        guard isHigh != towardsHigh else { return }
        devices.applyPulses(towardsHigh ? 1 : -1, toDevice: synapse, noise: binaryWriteNoise)
        if towardsHigh {
            binaryPulses.potentiation += 1
        } else {
            binaryPulses.depression += 1
        }
    }

    /// Reads the deployed weights: the binary pairs' state difference, or the sign of the hidden pair.
    private func readDeployedWeights() {
        guard let binaryPositive, let binaryNegative else {
            for synapse in 0..<values.count {
                deployedWeights[synapse] = binarySign(values[synapse])
            }
            return
        }
        for synapse in 0..<values.count {
            deployedWeights[synapse] = binaryPositive.conductances[synapse] - binaryNegative.conductances[synapse]
        }
    }
}

/// Builds the hidden-value storage of one layer: floating point without a profile, device pairs
/// of the profile's model with one.
enum HiddenWeightStorageFactory {
    static func make(profile: DeviceProfile?, hardware: HiddenWeightHardwareSettings, layerIndex: Int,
                     rowCount: Int, columnCount: Int, seed: UInt64) -> HiddenWeightStorage {
        guard let profile else { return FloatingPointHiddenWeights(rowCount: rowCount, columnCount: columnCount) }
        return makeDeviceStorage(model: profile.model, hardware: hardware, layerIndex: layerIndex,
                                 rowCount: rowCount, columnCount: columnCount, seed: seed)
    }

    private static func makeDeviceStorage<Model: DeviceModel>(
        model: Model, hardware: HiddenWeightHardwareSettings, layerIndex: Int, rowCount: Int, columnCount: Int, seed: UInt64
    ) -> HiddenWeightStorage {
        DeviceHiddenWeights<Model.Population>(model: model, rowCount: rowCount, columnCount: columnCount,
                                              settings: hardware, layerIndex: layerIndex, seed: seed)
    }
}
