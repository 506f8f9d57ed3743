/// Bidirectional pulse updates of a differential crossbar.
///
/// For synapse (i, j) the requested weight change is `ΔW = −η·δ_i·x_j`, a conductance-difference
/// change `ΔG = ΔW·(Gmax − Gmin)/Wmax`. With `.both`, G⁺ is requested to move by `+ΔG/2` and G⁻
/// by `−ΔG/2`; with `.positiveOnly`, G⁺ takes all of ΔG. A rise is potentiation and a fall
/// depression, so potentiation/depression asymmetry biases the weight. The update scheme gives
/// each device its pulse count: `round-half-up(P(G + change) − P(G))` on its own curve
/// (deterministic), the coincidences of the pulse trains (stochastic), or the exact fractional
/// count (expected).
enum BidirectionalUpdate {
    // Layers hold their devices behind a protocol, so without this the loops would run
    // unspecialized, calling every device method through a witness table.
    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    static func apply<Devices>(
        to crossbar: DifferentialCrossbar<Devices>, input: SparseInput, errors: UnsafePointer<Float>,
        learningRate: Float, pairWrites: BidirectionalPairWrites, context: inout PulseUpdateContext
    ) {
        switch context.scheme {
        case .deterministic:
            applyDeterministic(crossbar, input, errors, learningRate, pairWrites, &context)
        case .stochastic:
            applyStochastic(crossbar, input, errors, learningRate, pairWrites, &context)
        case .expected:
            applyExpected(crossbar, input, errors, learningRate, pairWrites, &context)
        case .openLoop:
            applyOpenLoop(crossbar, input, errors, learningRate, pairWrites, &context)
        }
        context.finishUpdate()
    }

    /// The deterministic kernel. It sends the pulses of `applyDeterministicReference`, but first
    /// compares each device's request with the pulse-count threshold of its polarity and calls
    /// `roundedPulseCount` only for a device whose request reaches it. Populations without
    /// thresholds take the reference kernel.
    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    private static func applyDeterministic<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ input: SparseInput, _ errors: UnsafePointer<Float>,
        _ learningRate: Float, _ pairWrites: BidirectionalPairWrites, _ context: inout PulseUpdateContext
    ) {
        let positive = crossbar.positive
        let negative = crossbar.negative
        guard let positiveThresholds = positive.pulseCountThresholds,
              let negativeThresholds = negative.pulseCountThresholds
        else {
            applyDeterministicReference(crossbar, input, errors, learningRate, pairWrites, &context)
            return
        }

        let gathered = context.gatheredInputs
        gathered.gather(input)
        let activeCount = gathered.count
        guard activeCount > 0, let columns = input.activeIndices.baseAddress else { return }
        let values = gathered.values
        let columnCount = crossbar.columnCount
        let writesBoth = pairWrites == .both
        let share: Float = writesBoth ? 0.5 : 1
        let conductancePerUnitRequest = share * learningRate / crossbar.weightPerConductance
        let screen = writesBoth
            ? min(positive.smallestResolvableChange, negative.smallestResolvableChange)
            : positive.smallestResolvableChange

        for row in 0..<crossbar.rowCount {
            let rowChange = -conductancePerUnitRequest * errors[row]
            guard rowChange != 0 else { continue }
            context.statistics.requestedUpdates += activeCount
            guard abs(rowChange) * gathered.largestMagnitude >= screen else { continue }

            // G⁺ moves by `change` and G⁻ by `−change`: a rise of G⁺ is potentiation and a fall of
            // G⁻ depression, and the reverse for a negative change.
            let rowStart = row * columnCount
            for position in 0..<activeCount {
                let change = rowChange * values[position]
                let magnitude = abs(change)
                guard magnitude >= screen else { continue }
                let column = Int(columns[position])
                let synapse = rowStart + column

                let rises = change > 0
                let positiveThreshold = rises ? positiveThresholds.potentiation[synapse] : positiveThresholds.depression[synapse]
                let negativeThreshold = rises ? negativeThresholds.depression[synapse] : negativeThresholds.potentiation[synapse]
                let positiveReaches = magnitude >= positiveThreshold
                let negativeReaches = writesBoth && magnitude >= negativeThreshold
                guard positiveReaches || negativeReaches else { continue }

                let positivePulses = positiveReaches ? positive.roundedPulseCount(forChange: change, device: synapse) : 0
                let negativePulses = negativeReaches ? negative.roundedPulseCount(forChange: -change, device: synapse) : 0
                guard positivePulses != 0 || negativePulses != 0 else { continue }
                let before = (positive.conductances[synapse], negative.conductances[synapse])
                positive.applyPulses(positivePulses, toDevice: synapse, noise: context.writeNoise)
                negative.applyPulses(negativePulses, toDevice: synapse, noise: context.writeNoise)
                finishWrite(crossbar, row: row, column: Int(column), positivePulses: positivePulses, negativePulses: negativePulses, before: before, &context)
            }
        }
    }

    /// Sends NeuroSim's open-loop count: each device gets `openLoopPulseCount` pulses for its
    /// request, from the nominal step of the request's polarity and not from its position.
    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    static func applyOpenLoop<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ input: SparseInput, _ errors: UnsafePointer<Float>,
        _ learningRate: Float, _ pairWrites: BidirectionalPairWrites, _ context: inout PulseUpdateContext
    ) {
        let positive = crossbar.positive
        let negative = crossbar.negative
        let columnCount = crossbar.columnCount
        let share: Float = pairWrites == .both ? 0.5 : 1
        let conductancePerUnitRequest = share * learningRate / crossbar.weightPerConductance
        let steps = context.nominalSteps
        let screen = 0.5 * min(steps.potentiation, steps.depression)

        for row in 0..<crossbar.rowCount {
            let rowChange = -conductancePerUnitRequest * errors[row]
            guard rowChange != 0 else { continue }
            context.statistics.requestedUpdates += input.activeIndices.count

            let rowStart = row * columnCount
            for column in input.activeIndices {
                let change = rowChange * input.values[Int(column)]
                guard abs(change) >= screen else { continue }
                let synapse = rowStart + Int(column)

                let positivePulses = openLoopPulseCount(forChange: change, steps: steps)
                let negativePulses = pairWrites == .both ? openLoopPulseCount(forChange: -change, steps: steps) : 0
                guard positivePulses != 0 || negativePulses != 0 else { continue }
                let before = (positive.conductances[synapse], negative.conductances[synapse])
                positive.applyPulses(positivePulses, toDevice: synapse, noise: context.writeNoise)
                negative.applyPulses(negativePulses, toDevice: synapse, noise: context.writeNoise)
                finishWrite(crossbar, row: row, column: Int(column), positivePulses: positivePulses, negativePulses: negativePulses, before: before, &context)
            }
        }
    }

    /// The maximum number of pulses an open-loop count sends to one device in one update. It is far
    /// more than any device's levels, and small enough that a huge request does not overflow `Int`.
    static let largestOpenLoopPulseCount = 1 << 30

    /// Returns `round-half-up(|change|/s)` with the sign of `change`, where s is the nominal step
    /// of the change's polarity (S), at most `largestOpenLoopPulseCount` pulses.
    static func openLoopPulseCount(forChange change: Float, steps: (potentiation: Float, depression: Float)) -> Int {
        let step = change > 0 ? steps.potentiation : steps.depression
        let count = Int(min((abs(change) / step + 0.5).rounded(.down), Float(largestOpenLoopPulseCount)))
        return change > 0 ? count : -count
    }

    /// The plain deterministic kernel, which calls `roundedPulseCount` of both devices for every
    /// request above the population's smallest resolvable change. `applyDeterministic` must send
    /// exactly its pulses, which the tests check.
    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    static func applyDeterministicReference<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ input: SparseInput, _ errors: UnsafePointer<Float>,
        _ learningRate: Float, _ pairWrites: BidirectionalPairWrites, _ context: inout PulseUpdateContext
    ) {
        let positive = crossbar.positive
        let negative = crossbar.negative
        let columnCount = crossbar.columnCount
        let share: Float = pairWrites == .both ? 0.5 : 1
        let conductancePerUnitRequest = share * learningRate / crossbar.weightPerConductance
        let screen = pairWrites == .both
            ? min(positive.smallestResolvableChange, negative.smallestResolvableChange)
            : positive.smallestResolvableChange
        let largestInput = input.activeIndices.reduce(Float(0)) { max($0, abs(input.values[Int($1)])) }

        for row in 0..<crossbar.rowCount {
            // Per-device change for an input of 1: −η·δ_i·share / (Wmax/(Gmax − Gmin)).
            let rowChange = -conductancePerUnitRequest * errors[row]
            guard rowChange != 0 else { continue }
            context.statistics.requestedUpdates += input.activeIndices.count
            guard abs(rowChange) * largestInput >= screen else { continue }

            let rowStart = row * columnCount
            for column in input.activeIndices {
                let change = rowChange * input.values[Int(column)]
                guard abs(change) >= screen else { continue }
                let synapse = rowStart + Int(column)

                let positivePulses = positive.roundedPulseCount(forChange: change, device: synapse)
                let negativePulses = pairWrites == .both ? negative.roundedPulseCount(forChange: -change, device: synapse) : 0
                guard positivePulses != 0 || negativePulses != 0 else { continue }
                let before = (positive.conductances[synapse], negative.conductances[synapse])
                positive.applyPulses(positivePulses, toDevice: synapse, noise: context.writeNoise)
                negative.applyPulses(negativePulses, toDevice: synapse, noise: context.writeNoise)
                finishWrite(crossbar, row: row, column: Int(column), positivePulses: positivePulses, negativePulses: negativePulses, before: before, &context)
            }
        }
    }

    /// Sends one pulse event per coincidence of the trains: one pulse on G⁺ and, with `.both`, the
    /// opposite pulse on G⁻, so g is one or two device steps in weight units. It visits only the
    /// firing rows and inputs and takes the direction from the signs of δ_i and x_j. When no
    /// write draws noise, each row's writes go to the devices in one batch per population.
    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    private static func applyStochastic<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ input: SparseInput, _ errors: UnsafePointer<Float>,
        _ learningRate: Float, _ pairWrites: BidirectionalPairWrites, _ context: inout PulseUpdateContext
    ) {
        let devicesPerEvent: Float = pairWrites == .both ? 2 : 1
        let granularity = devicesPerEvent * crossbar.positive.pulseGranularity * crossbar.weightPerConductance
        UnidirectionalUpdate.countRequests(crossbar, input, errors, &context)
        let trains = context.trains
        guard trains.generate(input: input, errors: errors, rowCount: crossbar.rowCount, learningRate: learningRate,
                              granularity: granularity, settings: context.pulseTrainSettings, random: &context.pulseTrainRandom)
        else { return }

        let positive = crossbar.positive
        let negative = crossbar.negative
        let columnCount = crossbar.columnCount
        let rowMasks = trains.rowMasks
        let columns = trains.firingColumns
        let masks = trains.firingInputMasks
        let values = trains.firingInputValues
        let isNegative = trains.firingInputIsNegative
        let batch = context.writeBatch
        let batched = !positive.writesDrawNoise && !negative.writesDrawNoise

        for firingRow in trains.firingRows {
            let row = Int(firingRow)
            let rowMask = rowMasks[row]
            let direction = RowChangeDirection(error: errors[row], smallestInputMagnitude: trains.smallestFiringInputMagnitude)
            let rowStart = row * columnCount

            guard batched else {
                for position in 0..<masks.count {
                    let coincidences = StochasticPulseTrains.coincidenceCount(rowMask & masks[position])
                    guard coincidences > 0 else { continue }
                    let increase = direction.increases(input: values[position], inputIsNegative: isNegative[position])
                    let synapse = rowStart + Int(columns[position])
                    let positivePulses = increase ? coincidences : -coincidences
                    let negativePulses = pairWrites == .both ? -positivePulses : 0

                    let before = (positive.conductances[synapse], negative.conductances[synapse])
                    positive.applyPulses(positivePulses, toDevice: synapse, noise: context.writeNoise)
                    negative.applyPulses(negativePulses, toDevice: synapse, noise: context.writeNoise)
                    finishWrite(crossbar, row: row, column: Int(columns[position]), positivePulses: positivePulses,
                                negativePulses: negativePulses, before: before, &context)
                }
                continue
            }

            // Whether a synapse coincides is random, so the writes are collected without a branch.
            batch.removeAll()
            for position in 0..<masks.count {
                let coincidences = StochasticPulseTrains.coincidenceCount(rowMask & masks[position])
                let increase = direction.increases(input: values[position], inputIsNegative: isNegative[position])
                let positivePulses = increase ? coincidences : -coincidences
                batch.append(synapse: rowStart + Int(columns[position]), positivePulses: positivePulses,
                             negativePulses: pairWrites == .both ? -positivePulses : 0, isWrite: coincidences > 0)
            }
            applyBatch(crossbar, batch, row: row, &context)
        }
    }

    /// Applies a row's collected writes population by population, then updates the weights and
    /// counts write by write in the order they were collected.
    @inline(__always)
    private static func applyBatch<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ batch: PulseWriteBatch, row: Int, _ context: inout PulseUpdateContext
    ) {
        let rowStart = row * crossbar.columnCount
        let synapses = batch.synapses
        let positivePulses = batch.positivePulseCounts
        let negativePulses = batch.negativePulseCounts
        let positiveBefore = batch.positiveConductancesBefore
        let negativeBefore = batch.negativeConductancesBefore
        for write in 0..<synapses.count {
            let synapse = Int(synapses[write])
            positiveBefore[write] = crossbar.positive.conductances[synapse]
            negativeBefore[write] = crossbar.negative.conductances[synapse]
        }

        crossbar.positive.applyPulses(positivePulses, toDevices: synapses, noise: context.writeNoise)
        crossbar.negative.applyPulses(negativePulses, toDevices: synapses, noise: context.writeNoise)

        for write in 0..<synapses.count {
            finishWrite(crossbar, row: row, column: Int(synapses[write]) - rowStart, positivePulses: Int(positivePulses[write]),
                        negativePulses: Int(negativePulses[write]), before: (positiveBefore[write], negativeBefore[write]), &context)
        }
    }

    /// Applies the stochastic scheme with the plain kernel, which visits every active input of
    /// every row with a mask and takes the direction from the product δ_i·x_j. Tests compare
    /// `applyStochastic` with it. Unlike `apply`, it leaves `context.finishUpdate()` to the caller.
    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    static func applyStochasticReference<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ input: SparseInput, _ errors: UnsafePointer<Float>,
        _ learningRate: Float, _ pairWrites: BidirectionalPairWrites, _ context: inout PulseUpdateContext
    ) {
        let devicesPerEvent: Float = pairWrites == .both ? 2 : 1
        let granularity = devicesPerEvent * crossbar.positive.pulseGranularity * crossbar.weightPerConductance
        UnidirectionalUpdate.countRequests(crossbar, input, errors, &context)
        guard context.trains.generate(input: input, errors: errors, rowCount: crossbar.rowCount, learningRate: learningRate,
                                      granularity: granularity, settings: context.pulseTrainSettings,
                                      random: &context.pulseTrainRandom)
        else { return }

        let columnCount = crossbar.columnCount
        for row in 0..<crossbar.rowCount {
            let rowMask = context.trains.rowMasks[row]
            guard rowMask != 0 else { continue }
            let rowStart = row * columnCount
            for (position, column) in input.activeIndices.enumerated() {
                let coincidences = (rowMask & context.trains.columnMasks[position]).nonzeroBitCount
                guard coincidences > 0 else { continue }
                let synapse = rowStart + Int(column)
                let positivePulses = errors[row] * input.values[Int(column)] < 0 ? coincidences : -coincidences
                let negativePulses = pairWrites == .both ? -positivePulses : 0

                let before = (crossbar.positive.conductances[synapse], crossbar.negative.conductances[synapse])
                crossbar.positive.applyPulses(positivePulses, toDevice: synapse, noise: context.writeNoise)
                crossbar.negative.applyPulses(negativePulses, toDevice: synapse, noise: context.writeNoise)
                finishWrite(crossbar, row: row, column: Int(column), positivePulses: positivePulses, negativePulses: negativePulses, before: before, &context)
            }
        }
    }

    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    private static func applyExpected<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ input: SparseInput, _ errors: UnsafePointer<Float>,
        _ learningRate: Float, _ pairWrites: BidirectionalPairWrites, _ context: inout PulseUpdateContext
    ) {
        let positive = crossbar.positive
        let negative = crossbar.negative
        let columnCount = crossbar.columnCount
        let share: Float = pairWrites == .both ? 0.5 : 1
        let conductancePerUnitRequest = share * learningRate / crossbar.weightPerConductance

        for row in 0..<crossbar.rowCount {
            let rowChange = -conductancePerUnitRequest * errors[row]
            guard rowChange != 0 else { continue }
            context.statistics.requestedUpdates += input.activeIndices.count

            let rowStart = row * columnCount
            for column in input.activeIndices {
                let change = rowChange * input.values[Int(column)]
                guard change != 0 else { continue }
                let synapse = rowStart + Int(column)

                let positivePulses = positive.pulsesNeeded(forChange: change, device: synapse)
                let negativePulses = pairWrites == .both ? negative.pulsesNeeded(forChange: -change, device: synapse) : 0
                guard positivePulses != 0 || negativePulses != 0 else { continue }
                let before = (positive.conductances[synapse], negative.conductances[synapse])
                positive.applyFractionalPulses(positivePulses, toDevice: synapse)
                negative.applyFractionalPulses(negativePulses, toDevice: synapse)
                finishWrite(crossbar, row: row, column: Int(column), positivePulses: Int(positivePulses.rounded()),
                            negativePulses: Int(negativePulses.rounded()), before: before, &context)
            }
        }
    }

    /// Updates the cached weight and the counts after a write that took the pair from the
    /// conductances `before`.
    @inline(__always)
    static func finishWrite<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, row: Int, column: Int, positivePulses: Int, negativePulses: Int,
        before: (positive: Float, negative: Float), _ context: inout PulseUpdateContext
    ) {
        let synapse = row * crossbar.columnCount + column
        crossbar.updateWeight(row: row, column: column)
        context.statistics.appliedUpdates += 1
        context.recordWrite(pulses: positivePulses, before: before.positive, after: crossbar.positive.conductances[synapse])
        context.recordWrite(pulses: negativePulses, before: before.negative, after: crossbar.negative.conductances[synapse])
    }
}
