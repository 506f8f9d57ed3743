/// Bidirectional pulse updates of a differential crossbar with the deterministic closed-loop
/// count.
///
/// For synapse (i, j) the requested weight change is `ΔW = −η·δ_i·x_j`, a conductance-difference
/// change `ΔG = ΔW·(Gmax − Gmin)/Wmax`. With `.both`, G⁺ is requested to move by `+ΔG/2` and G⁻
/// by `−ΔG/2`. Each device turns its request into `round-half-up(P(G + change) − P(G))` pulses
/// on its own curve, potentiation for a rise and depression for a fall. With `.positiveOnly`,
/// G⁺ takes all of ΔG. Potentiation/depression asymmetry therefore biases the weight.
enum BidirectionalUpdate {
    // Layers hold their devices behind a protocol, so without this the loop would run
    // unspecialized, calling every device method through a witness table.
    @_specialize(where Devices == PulsePositionDevices)
    static func apply<Devices>(
        to crossbar: DifferentialCrossbar<Devices>, input: SparseInput, errors: UnsafePointer<Float>,
        learningRate: Float, pairWrites: BidirectionalPairWrites, noise: RandomSource,
        statistics: inout PulseStatistics
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
            statistics.requestedUpdates += input.activeIndices.count
            guard abs(rowChange) * largestInput >= screen else { continue }

            let rowStart = row * columnCount
            for column in input.activeIndices {
                let change = rowChange * input.values[Int(column)]
                guard abs(change) >= screen else { continue }
                let synapse = rowStart + Int(column)

                let positivePulses = positive.roundedPulseCount(forChange: change, device: synapse)
                let negativePulses = pairWrites == .both
                    ? negative.roundedPulseCount(forChange: -change, device: synapse) : 0
                guard positivePulses != 0 || negativePulses != 0 else { continue }

                positive.applyPulses(positivePulses, toDevice: synapse, noise: noise)
                negative.applyPulses(negativePulses, toDevice: synapse, noise: noise)
                crossbar.updateWeight(synapse: synapse)

                statistics.appliedUpdates += 1
                statistics.potentiationPulses += max(positivePulses, 0) + max(negativePulses, 0)
                statistics.depressionPulses += max(-positivePulses, 0) + max(-negativePulses, 0)
            }
        }
    }
}
