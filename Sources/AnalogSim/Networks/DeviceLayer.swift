/// A layer whose weights are differential device pairs in a crossbar, learning by pulses.
///
/// The forward and backward passes are reads of the crossbar; an update turns
/// `ΔW = −η·δ·xᵀ` into pulses with the bidirectional or unidirectional kernel. The bias is
/// digital. Cycle-to-cycle noise of all writes in the layer comes from one stream.
public final class DeviceLayer<Devices: DevicePopulation>: TrainableLayer {
    public let crossbar: DifferentialCrossbar<Devices>
    public let rule: LearningRule
    public let settings: HardwareUpdateSettings
    public var learnsBiases = true
    /// NeuroSim's reference-column ADC readout of the forward pass; nil reads `W·x` exactly. It
    /// applies to single-sample forward passes (online training and testing).
    public var readout: ReferenceColumnReadout?
    /// Whether `setInitialWeights` programs NeuroSim's ideal write, `G = ĝ·(Gmax − Gmin)` clipped
    /// to [Gmin, Gmax], which leaves out Gmin and so lowers every initial weight by
    /// `2·Wmax·Gmin/(Gmax − Gmin)` (down to −Wmax).
    public var initialWriteOmitsMinimum = false
    public var statistics: PulseStatistics { context.statistics }
    public var inputCount: Int { crossbar.columnCount }
    public var outputCount: Int { crossbar.rowCount }

    var biases: [Float]
    var context: PulseUpdateContext
    var samplesSinceRefresh = 0
    private var requestedChanges: UnsafeMutableBufferPointer<Float>?
    private var sampleActiveIndices: UnsafeMutableBufferPointer<Int32>?

    /// Creates the layer; `writeNoise` draws cycle-to-cycle noise, `pulseTrainRandom` the bits of
    /// the stochastic scheme. `fullTrainPulseCounts` (the pulses of a full potentiation and
    /// depression train of the nominal device) sets the open-loop scheme's nominal steps. Without
    /// it, both steps are the population's `pulseGranularity`.
    public init(crossbar: DifferentialCrossbar<Devices>, rule: LearningRule, settings: HardwareUpdateSettings,
                writeNoise: RandomSource, pulseTrainRandom: Xoshiro256StarStar,
                fullTrainPulseCounts: (potentiation: Int, depression: Int)? = nil) {
        precondition(rule.usesDevices, "a device layer needs a device rule")
        self.crossbar = crossbar
        self.rule = rule
        self.settings = settings
        context = PulseUpdateContext(settings: settings, rowCount: crossbar.rowCount, columnCount: crossbar.columnCount,
                                     writeNoise: writeNoise, pulseTrainRandom: pulseTrainRandom)
        let range = crossbar.positive.nominalMaximumConductance - crossbar.positive.nominalMinimumConductance
        if let fullTrainPulseCounts {
            context.nominalSteps = (range / Float(fullTrainPulseCounts.potentiation),
                                    range / Float(fullTrainPulseCounts.depression))
        } else {
            context.nominalSteps = (crossbar.positive.pulseGranularity, crossbar.positive.pulseGranularity)
        }
        biases = [Float](repeating: 0, count: crossbar.rowCount)
    }

    deinit {
        requestedChanges?.deallocate()
        sampleActiveIndices?.deallocate()
    }

    public func forward(input: UnsafePointer<Float>, activeIndices: UnsafeBufferPointer<Int32>, output: UnsafeMutablePointer<Float>) {
        crossbar.multiply(input: input, activeIndices: activeIndices, output: output)
        if let readout {
            var inputSum: Float = 0
            for index in activeIndices {
                inputSum += input[Int(index)]
            }
            readout.convert(weightedSums: output, rowCount: outputCount, inputSum: inputSum, fanIn: inputCount,
                            weightRange: crossbar.weightRange)
        }
        for row in 0..<outputCount {
            output[row] += biases[row]
        }
    }

    public func backward(error: UnsafePointer<Float>, inputError: UnsafeMutablePointer<Float>) {
        crossbar.multiplyTransposed(input: error, output: inputError)
    }

    public func update(input: SparseInput, error: UnsafePointer<Float>, learningRate: Float) {
        guard applySample(input: input, error: error, learningRate: learningRate) else { return }
        if learnsBiases {
            for row in 0..<outputCount {
                biases[row] -= learningRate * error[row]
            }
        }
    }

    /// Runs the rule's per-sample kernel for `ΔW = −η·error·inputᵀ` (the weights only). Returns
    /// false, having sent no pulse, when the update is not finite.
    @discardableResult
    private func applySample(input: SparseInput, error: UnsafePointer<Float>, learningRate: Float) -> Bool {
        guard FiniteUpdateCheck.isFinite(errors: error, rowCount: outputCount, input: input, learningRate: learningRate) else {
            context.statistics.nonFiniteUpdates += 1
            return false
        }
        switch rule {
        case .bidirectional:
            BidirectionalUpdate.apply(
                to: crossbar, input: input, errors: error, learningRate: learningRate,
                pairWrites: settings.pairWrites(under: crossbar.mapping), context: &context)
        case .unidirectional:
            UnidirectionalUpdate.apply(
                to: crossbar, input: input, errors: error, learningRate: learningRate,
                refreshThreshold: Float(settings.refresh.threshold), context: &context)
        case .software:
            preconditionFailure("a device layer never runs the software rule")
        }
        checkInvariants()
        return true
    }

    public func forwardBatch(inputs: UnsafePointer<Float>, count: Int, outputs: UnsafeMutablePointer<Float>) {
        crossbar.multiplyRows(inputs: inputs, count: count, outputs: outputs)
        for sample in 0..<count {
            for row in 0..<outputCount {
                outputs[sample * outputCount + row] += biases[row]
            }
        }
    }

    public func backwardBatch(errors: UnsafePointer<Float>, count: Int, inputErrors: UnsafeMutablePointer<Float>) {
        crossbar.multiplyRowsTransposed(inputs: errors, count: count, outputs: inputErrors)
    }

    /// Writes the batch's update. The deterministic and expected schemes write the summed request
    /// once per synapse (`AccumulatedUpdate`). The stochastic scheme runs its pulse trains sample by
    /// sample with η/B, because a pulse train belongs to one input and one error vector.
    public func updateBatch(inputs: UnsafePointer<Float>, errors: UnsafePointer<Float>, count: Int, learningRate: Float) {
        let scale = learningRate / Float(count)
        guard FiniteUpdateCheck.isFinite(errors: errors, rowCount: outputCount, inputs: inputs, columnCount: inputCount,
                                         count: count, learningRate: scale) else {
            context.statistics.nonFiniteUpdates += count
            return
        }
        if settings.scheme == .stochastic {
            let activeIndices = batchActiveIndices()
            for sample in 0..<count {
                let values = inputs + sample * inputCount
                var activeCount = 0
                for column in 0..<inputCount where values[column] != 0 {
                    activeIndices[activeCount] = Int32(column)
                    activeCount += 1
                }
                let sparse = SparseInput(values: values, activeIndices: UnsafeBufferPointer(rebasing: activeIndices[0..<activeCount]))
                applySample(input: sparse, error: errors + sample * outputCount, learningRate: scale)
            }
        } else {
            let changes = batchChanges()
            BLAS.addOuterProducts(scale: -scale, rowVectors: errors, columnVectors: inputs, count: count,
                                  keep: 0, matrix: changes.baseAddress!, rowCount: outputCount, columnCount: inputCount)
            switch rule {
            case .bidirectional:
                AccumulatedUpdate.applyBidirectional(to: crossbar, changes: changes.baseAddress!,
                                                     pairWrites: settings.pairWrites(under: crossbar.mapping), context: &context)
            case .unidirectional:
                AccumulatedUpdate.applyUnidirectional(to: crossbar, changes: changes.baseAddress!,
                                                      refreshThreshold: Float(settings.refresh.threshold), context: &context)
            case .software:
                preconditionFailure("a device layer never runs the software rule")
            }
            checkInvariants()
        }
        if learnsBiases {
            BatchBias.update(&biases, errors: errors, count: count, scale: scale)
        }
    }

    /// Returns the buffer of requested weight changes of a batch, allocated on first use.
    private func batchChanges() -> UnsafeMutableBufferPointer<Float> {
        if let changes = requestedChanges { return changes }
        let changes = UnsafeMutableBufferPointer<Float>.allocate(capacity: inputCount * outputCount)
        changes.initialize(repeating: 0)
        requestedChanges = changes
        return changes
    }

    /// Returns the buffer of one sample's non-zero input indices within a batch, allocated on first use.
    private func batchActiveIndices() -> UnsafeMutableBufferPointer<Int32> {
        if let indices = sampleActiveIndices { return indices }
        let indices = UnsafeMutableBufferPointer<Int32>.allocate(capacity: inputCount)
        indices.initialize(repeating: 0)
        sampleActiveIndices = indices
        return indices
    }

    public func sampleFinished() {
        if crossbar.positive.hasRetention {
            crossbar.positive.applyRetention()
            crossbar.negative.applyRetention()
            crossbar.updateAllWeights()
        }
        guard rule == .unidirectional, settings.refresh.interval > 0 else { return }
        samplesSinceRefresh += 1
        if samplesSinceRefresh >= settings.refresh.interval {
            samplesSinceRefresh = 0
            PairRefresh.refreshAll(crossbar, noise: context.writeNoise, statistics: &context.statistics)
        }
    }

    public func setInitialWeights(_ weights: [Float], biases: [Float]) {
        precondition(weights.count == inputCount * outputCount, "weight count does not match the layer")
        let placement = PairPlacement.forRule(rule)
        let weightShift = initialWriteOmitsMinimum ? 2 * crossbar.weightRange * nominalMinimumOffset : 0
        for synapse in 0..<weights.count {
            let weight = max(weights[synapse] - weightShift, -crossbar.weightRange)
            crossbar.program(synapse: synapse, weight: weight, placement: placement)
        }
        precondition(biases.count == outputCount, "bias count does not match the layer")
        self.biases = biases
    }

    /// Gmin/(Gmax − Gmin) of the nominal device.
    public var nominalMinimumOffset: Float {
        let minimum = crossbar.positive.nominalMinimumConductance
        return minimum / (crossbar.positive.nominalMaximumConductance - minimum)
    }

    public func currentWeights() -> [Float] {
        crossbar.weightMatrix()
    }

    /// Checks every device of the crossbar after an update when the package is built with
    /// `ANALOGSIM_INVARIANT_CHECKS`; without it the call compiles to nothing.
    @inline(__always)
    private func checkInvariants() {
        #if ANALOGSIM_INVARIANT_CHECKS
        if let violation = crossbar.invariantViolation() {
            InvariantChecks.report("device layer \(outputCount)×\(inputCount): \(violation)")
        }
        #endif
    }
}

extension DeviceLayer: RequestedChangeLayer {
    /// Writes a requested `ΔW` through the rule's accumulated kernel, one write per synapse, the
    /// way `updateBatch` writes a batch's summed request.
    ///
    /// The stochastic scheme cannot take such a request: its pulse trains make a synapse's pulse
    /// count the coincidences of an input bit stream and an error bit stream, so what it can write
    /// is an outer product `δ·xᵀ`, never an arbitrary matrix. Callers must reject it first.
    public func applyRequestedChanges(weightChanges: UnsafePointer<Float>, biasChanges: UnsafePointer<Float>) {
        precondition(settings.scheme != .stochastic, "the stochastic scheme writes outer products only")
        switch rule {
        case .bidirectional:
            AccumulatedUpdate.applyBidirectional(to: crossbar, changes: weightChanges,
                                                 pairWrites: settings.pairWrites(under: crossbar.mapping), context: &context)
        case .unidirectional:
            AccumulatedUpdate.applyUnidirectional(to: crossbar, changes: weightChanges,
                                                  refreshThreshold: Float(settings.refresh.threshold), context: &context)
        case .software:
            preconditionFailure("a device layer never runs the software rule")
        }
        for row in 0..<outputCount {
            biases[row] += biasChanges[row]
        }
    }

    public var weightChangePerPulse: Float? {
        crossbar.weightPerConductance * (context.nominalSteps.potentiation + context.nominalSteps.depression) / 2
    }

    public func copyWeights(into weights: UnsafeMutablePointer<Float>) {
        let weightsByColumn = crossbar.columnMajorWeights
        for row in 0..<outputCount {
            for column in 0..<inputCount {
                weights[row * inputCount + column] = weightsByColumn[column * outputCount + row]
            }
        }
    }
}
