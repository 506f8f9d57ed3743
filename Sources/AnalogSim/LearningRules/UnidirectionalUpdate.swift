/// Unidirectional pulse updates of a differential crossbar (potentiation pulses only), with
/// refresh.
///
/// For synapse (i, j) the requested change `ΔG = −η·δ_i·x_j·(Gmax − Gmin)/Wmax` potentiates G⁺
/// when positive and G⁻ when negative, by a pulse count from the update scheme:
/// `round-half-up(P(G + |ΔG|) − P(G))` on the LTP curve of that device (deterministic), the
/// coincidences of the pulse trains (stochastic), or the exact fractional count (expected).
/// Depression is never used, so LTP/LTD asymmetry cannot bias the weight, but both devices
/// climb towards Gmax: when a write leaves a device above `Gmin_i + threshold·(Gmax_i − Gmin_i)`,
/// the pair is refreshed (`PairRefresh`).
enum UnidirectionalUpdate {
    // Layers hold their devices behind a protocol, so without this the loops would run
    // unspecialized, calling every device method through a witness table.
    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    static func apply<Devices>(
        to crossbar: DifferentialCrossbar<Devices>, input: SparseInput, errors: UnsafePointer<Float>,
        learningRate: Float, refreshThreshold: Float, context: inout PulseUpdateContext
    ) {
        switch context.scheme {
        case .deterministic, .openLoop:
            // NOTE: the open-loop count exists for the bidirectional rule only; the commands
            // reject it for unidirectional runs, and library callers get the closed-loop count.
            applyDeterministic(crossbar, input, errors, learningRate, refreshThreshold, &context)
        case .stochastic:
            applyStochastic(crossbar, input, errors, learningRate, refreshThreshold, &context)
        case .expected:
            applyExpected(crossbar, input, errors, learningRate, refreshThreshold, &context)
        }
        context.finishUpdate()
    }

    /// Applies the deterministic scheme with the screened kernel. It sends the pulses of
    /// `applyDeterministicReference`, but first compares each request with the pulse-count
    /// threshold of its device (one load) and calls `roundedPulseCount` only when the request
    /// reaches it. When rows are whole blocks of `PulseCountThresholds.blockSize` devices, a row or
    /// a block of a row is skipped after one compare when its largest request is below its
    /// smallest threshold (most blocks in training).
    ///
    /// The requests that pass are collected (`ScreenedRequests`) and written afterwards in the same
    /// order. Each write first prefetches the devices of the request eight places ahead, because
    /// the written devices lie anywhere in populations larger than the caches. Populations without
    /// thresholds take the reference kernel.
    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    private static func applyDeterministic<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ input: SparseInput, _ errors: UnsafePointer<Float>,
        _ learningRate: Float, _ refreshThreshold: Float, _ context: inout PulseUpdateContext
    ) {
        guard let positiveThresholds = crossbar.positive.pulseCountThresholds,
              let negativeThresholds = crossbar.negative.pulseCountThresholds
        else {
            applyDeterministicReference(crossbar, input, errors, learningRate, refreshThreshold, &context)
            return
        }

        let gathered = context.gatheredInputs
        gathered.gather(input)
        let activeCount = gathered.count
        guard activeCount > 0, let columns = input.activeIndices.baseAddress else { return }
        let values = gathered.values
        let columnCount = crossbar.columnCount
        let conductancePerUnitRequest = learningRate / crossbar.weightPerConductance
        let screen = min(crossbar.positive.smallestResolvableChange, crossbar.negative.smallestResolvableChange)
        let requests = context.screenedRequests
        requests.removeAll()
        let blockSize = PulseCountThresholds.blockSize
        let rowsAreWholeBlocks = columnCount % blockSize == 0
        let passingPositions = gathered.passingPositions

        for row in 0..<crossbar.rowCount {
            let rowChange = -conductancePerUnitRequest * errors[row]
            guard rowChange != 0 else { continue }
            context.statistics.requestedUpdates += activeCount
            let rowMagnitude = abs(rowChange)
            guard rowMagnitude * gathered.largestMagnitude >= screen else { continue }

            // Inputs are usually all positive (pixels, sigmoid outputs); negative ones take a
            // second pass with the other device.
            let rowStart = row * columnCount
            let risingIsPositive = rowChange > 0
            let rising = risingIsPositive ? positiveThresholds : negativeThresholds
            guard rowMagnitude * gathered.largestMagnitude >= rising.potentiationLowerBound(first: rowStart, count: columnCount)
                || input.hasNegativeValues
            else { continue }
            let passingCount = gathered.screenRow(
                rowMagnitude: rowMagnitude, rowThresholds: rising.potentiation.advanced(by: rowStart),
                rowBlockMinima: rowsAreWholeBlocks ? rising.potentiationBlockMinima.advanced(by: rowStart / blockSize) : nil,
                activeIndices: columns)
            for passing in 0..<passingCount {
                let position = Int(passingPositions[passing])
                requests.append(row: row, column: Int(columns[position]), magnitude: rowMagnitude * values[position],
                                potentiatesPositive: risingIsPositive)
                if requests.isFull {
                    writeScreenedRequests(crossbar, requests, screen: screen, refreshThreshold: refreshThreshold, &context)
                }
            }
            guard input.hasNegativeValues else { continue }
            let fallingThresholds = (risingIsPositive ? negativeThresholds : positiveThresholds).potentiation.advanced(by: rowStart)
            for position in 0..<activeCount {
                let value = values[position]
                guard value < 0 else { continue }
                let magnitude = abs(rowChange * value)
                let column = Int(columns[position])
                guard magnitude >= fallingThresholds[column] else { continue }
                requests.append(row: row, column: column, magnitude: magnitude, potentiatesPositive: !risingIsPositive)
                if requests.isFull {
                    writeScreenedRequests(crossbar, requests, screen: screen, refreshThreshold: refreshThreshold, &context)
                }
            }
        }
        writeScreenedRequests(crossbar, requests, screen: screen, refreshThreshold: refreshThreshold, &context)
    }

    /// How many requests ahead `writeScreenedRequests` prefetches: enough to cover a load from
    /// memory (about 100 ns) with the writes in between.
    static let prefetchDistance = 8

    /// Writes the collected requests in order and empties the buffer.
    @inline(__always)
    private static func writeScreenedRequests<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ requests: ScreenedRequests, screen: Float, refreshThreshold: Float,
        _ context: inout PulseUpdateContext
    ) {
        for index in 0..<min(prefetchDistance, requests.count) {
            crossbar.prefetch(row: Int(requests[index].row), column: Int(requests[index].column))
        }
        for index in 0..<requests.count {
            if index + prefetchDistance < requests.count {
                let ahead = requests[index + prefetchDistance]
                crossbar.prefetch(row: Int(ahead.row), column: Int(ahead.column))
            }

            // `unowned(unsafe)`: the crossbar keeps both populations alive, and a counted reference
            // here would cost an atomic retain and release per write.
            let request = requests[index]
            unowned(unsafe) let target = request.potentiatesPositive ? crossbar.positive : crossbar.negative
            potentiate(crossbar, target, row: Int(request.row), column: Int(request.column), magnitude: request.magnitude,
                       screen: screen, refreshThreshold: refreshThreshold, &context)
        }
        requests.removeAll()
    }

    /// Applies the deterministic scheme with the plain kernel, which calls `roundedPulseCount` for
    /// every request above the population's smallest resolvable change. `applyDeterministic` must send exactly its
    /// pulses, which the tests check.
    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    static func applyDeterministicReference<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ input: SparseInput, _ errors: UnsafePointer<Float>,
        _ learningRate: Float, _ refreshThreshold: Float, _ context: inout PulseUpdateContext
    ) {
        let conductancePerUnitRequest = learningRate / crossbar.weightPerConductance
        let screen = min(crossbar.positive.smallestResolvableChange, crossbar.negative.smallestResolvableChange)
        let largestInput = input.activeIndices.reduce(Float(0)) { max($0, abs(input.values[Int($1)])) }

        for row in 0..<crossbar.rowCount {
            let rowChange = -conductancePerUnitRequest * errors[row]
            guard rowChange != 0 else { continue }
            context.statistics.requestedUpdates += input.activeIndices.count
            guard abs(rowChange) * largestInput >= screen else { continue }

            // The device is chosen once per row instead of per synapse. Inputs are usually all
            // positive (pixels, sigmoid outputs); negative ones take a second pass with the other
            // device.
            let rising = rowChange > 0 ? crossbar.positive : crossbar.negative
            for column in input.activeIndices {
                // A negative input gives a negative magnitude, which `potentiate` skips.
                potentiate(crossbar, rising, row: row, column: Int(column), magnitude: abs(rowChange) * input.values[Int(column)],
                           screen: screen, refreshThreshold: refreshThreshold, &context)
            }
            guard input.hasNegativeValues else { continue }
            let falling = rowChange > 0 ? crossbar.negative : crossbar.positive
            for column in input.activeIndices {
                let value = input.values[Int(column)]
                guard value < 0 else { continue }
                potentiate(crossbar, falling, row: row, column: Int(column), magnitude: abs(rowChange * value),
                           screen: screen, refreshThreshold: refreshThreshold, &context)
            }
        }
    }

    /// Sends the closed-loop count of potentiation pulses for a change of `magnitude` to `target`;
    /// a magnitude below the screen, negative ones included, sends nothing.
    @inline(__always)
    private static func potentiate<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ target: Devices, row: Int, column: Int, magnitude: Float, screen: Float,
        refreshThreshold: Float, _ context: inout PulseUpdateContext
    ) {
        guard magnitude >= screen else { return }
        let synapse = row * crossbar.columnCount + column
        let pulses = target.roundedPulseCount(forChange: magnitude, device: synapse)
        guard pulses > 0 else { return }
        let before = target.conductances[synapse]
        target.applyPulses(pulses, toDevice: synapse, noise: context.writeNoise)
        finishWrite(crossbar, target, row: row, column: column, pulses: pulses, before: before, refreshThreshold: refreshThreshold, &context)
    }

    /// Sends one potentiation pulse per coincidence of the trains, on G⁺ for a weight increase and
    /// on G⁻ for a decrease. One event changes the weight by one device step, so g is the device's
    /// pulse granularity in weight units. It visits only the firing rows and inputs and takes the
    /// direction from the signs of δ_i and x_j. When no write draws noise, each row's writes go to
    /// the devices in one batch per population.
    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    private static func applyStochastic<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ input: SparseInput, _ errors: UnsafePointer<Float>,
        _ learningRate: Float, _ refreshThreshold: Float, _ context: inout PulseUpdateContext
    ) {
        let granularity = crossbar.positive.pulseGranularity * crossbar.weightPerConductance
        countRequests(crossbar, input, errors, &context)
        let trains = context.trains
        guard trains.generate(input: input, errors: errors, rowCount: crossbar.rowCount, learningRate: learningRate,
                              granularity: granularity, settings: context.pulseTrainSettings, random: &context.pulseTrainRandom)
        else { return }

        let columnCount = crossbar.columnCount
        let rowMasks = trains.rowMasks
        let columns = trains.firingColumns
        let masks = trains.firingInputMasks
        let values = trains.firingInputValues
        let isNegative = trains.firingInputIsNegative
        let batch = context.writeBatch
        let batched = !crossbar.positive.writesDrawNoise && !crossbar.negative.writesDrawNoise

        for firingRow in trains.firingRows {
            let row = Int(firingRow)
            let rowMask = rowMasks[row]
            let direction = RowChangeDirection(error: errors[row], smallestInputMagnitude: trains.smallestFiringInputMagnitude)
            let rowStart = row * columnCount

            guard batched else {
                for position in 0..<masks.count {
                    let pulses = StochasticPulseTrains.coincidenceCount(rowMask & masks[position])
                    guard pulses > 0 else { continue }
                    let increase = direction.increases(input: values[position], inputIsNegative: isNegative[position])
                    let synapse = rowStart + Int(columns[position])
                    let target = increase ? crossbar.positive : crossbar.negative

                    let before = target.conductances[synapse]
                    target.applyPulses(pulses, toDevice: synapse, noise: context.writeNoise)
                    finishWrite(crossbar, target, row: row, column: Int(columns[position]), pulses: pulses, before: before, refreshThreshold: refreshThreshold,
                                &context)
                }
                continue
            }

            // Whether a synapse coincides is random, so the writes are collected without a branch.
            batch.removeAll()
            for position in 0..<masks.count {
                let pulses = StochasticPulseTrains.coincidenceCount(rowMask & masks[position])
                let increase = direction.increases(input: values[position], inputIsNegative: isNegative[position])
                batch.append(synapse: rowStart + Int(columns[position]), positivePulses: increase ? pulses : 0,
                             negativePulses: increase ? 0 : pulses, isWrite: pulses > 0)
            }
            applyBatch(crossbar, batch, row: row, refreshThreshold, &context)
        }
    }

    /// Applies a row's collected writes population by population, then updates the weights,
    /// counts and refreshes write by write in the order they were collected. Each write
    /// potentiates one device of its pair and leaves the other at 0 pulses.
    @inline(__always)
    private static func applyBatch<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ batch: PulseWriteBatch, row: Int, _ refreshThreshold: Float,
        _ context: inout PulseUpdateContext
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
            let increase = positivePulses[write] > 0
            let target = increase ? crossbar.positive : crossbar.negative
            finishWrite(crossbar, target, row: row, column: Int(synapses[write]) - rowStart,
                        pulses: Int(increase ? positivePulses[write] : negativePulses[write]),
                        before: increase ? positiveBefore[write] : negativeBefore[write], refreshThreshold: refreshThreshold, &context)
        }
    }

    /// Applies the stochastic scheme with the plain kernel, which visits every active input of
    /// every row with a mask and takes the direction from the product δ_i·x_j. Tests compare
    /// `applyStochastic` with it. Unlike `apply`, it leaves `context.finishUpdate()` to the caller.
    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    static func applyStochasticReference<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ input: SparseInput, _ errors: UnsafePointer<Float>,
        _ learningRate: Float, _ refreshThreshold: Float, _ context: inout PulseUpdateContext
    ) {
        let granularity = crossbar.positive.pulseGranularity * crossbar.weightPerConductance
        countRequests(crossbar, input, errors, &context)
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
                let pulses = (rowMask & context.trains.columnMasks[position]).nonzeroBitCount
                guard pulses > 0 else { continue }
                let synapse = rowStart + Int(column)
                let increase = errors[row] * input.values[Int(column)] < 0
                let target = increase ? crossbar.positive : crossbar.negative

                let before = target.conductances[synapse]
                target.applyPulses(pulses, toDevice: synapse, noise: context.writeNoise)
                finishWrite(crossbar, target, row: row, column: Int(column), pulses: pulses, before: before, refreshThreshold: refreshThreshold, &context)
            }
        }
    }

    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    private static func applyExpected<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ input: SparseInput, _ errors: UnsafePointer<Float>,
        _ learningRate: Float, _ refreshThreshold: Float, _ context: inout PulseUpdateContext
    ) {
        let columnCount = crossbar.columnCount
        let conductancePerUnitRequest = learningRate / crossbar.weightPerConductance
        let signPasses = input.hasNegativeValues ? 2 : 1
        for row in 0..<crossbar.rowCount {
            let rowChange = -conductancePerUnitRequest * errors[row]
            guard rowChange != 0 else { continue }
            context.statistics.requestedUpdates += input.activeIndices.count

            let rowStart = row * columnCount
            for pass in 0..<signPasses {
                let inputSign: Float = pass == 0 ? 1 : -1
                let target = rowChange * inputSign > 0 ? crossbar.positive : crossbar.negative
                for column in input.activeIndices {
                    let value = input.values[Int(column)]
                    guard value * inputSign > 0 else { continue }
                    let synapse = rowStart + Int(column)

                    let pulses = target.pulsesNeeded(forChange: abs(rowChange * value), device: synapse)
                    guard pulses > 0 else { continue }
                    let before = target.conductances[synapse]
                    target.applyFractionalPulses(pulses, toDevice: synapse)
                    finishWrite(crossbar, target, row: row, column: Int(column), pulses: Int(pulses.rounded()), before: before,
                                refreshThreshold: refreshThreshold, &context)
                }
            }
        }
    }

    /// Updates the cached weight and the counts after `pulses` potentiation pulses took `target`
    /// from conductance `before`, and refreshes the pair when `target` passed the threshold.
    @inline(__always)
    static func finishWrite<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ target: Devices, row: Int, column: Int, pulses: Int, before: Float,
        refreshThreshold: Float, _ context: inout PulseUpdateContext
    ) {
        let synapse = row * crossbar.columnCount + column
        crossbar.updateWeight(row: row, column: column)
        context.statistics.appliedUpdates += 1
        context.recordWrite(pulses: pulses, before: before, after: target.conductances[synapse])

        let minimum = target.minimumConductance(ofDevice: synapse)
        let limit = minimum + refreshThreshold * (target.maximumConductance(ofDevice: synapse) - minimum)
        if target.conductances[synapse] > limit {
            PairRefresh.refresh(crossbar, synapse: synapse, noise: context.writeNoise, statistics: &context.statistics)
        }
    }

    /// Counts the non-zero requests `δ_i·x_j` of a sample, as the other schemes do row by row.
    static func countRequests<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, _ input: SparseInput, _ errors: UnsafePointer<Float>,
        _ context: inout PulseUpdateContext
    ) {
        for row in 0..<crossbar.rowCount where errors[row] != 0 {
            context.statistics.requestedUpdates += input.activeIndices.count
        }
    }
}
