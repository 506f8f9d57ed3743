/// Unidirectional pulse updates of a differential crossbar (potentiation pulses only), with
/// refresh, using the deterministic closed-loop count.
///
/// For synapse (i, j) the requested change `ΔG = −η·δ_i·x_j·(Gmax − Gmin)/Wmax` potentiates G⁺
/// when positive and G⁻ when negative, by `round-half-up(P(G + |ΔG|) − P(G))` pulses on the LTP
/// curve of that device. Depression is never used, so LTP/LTD asymmetry cannot bias the weight,
/// but both devices climb towards Gmax: when a write leaves a device above
/// `Gmin_i + threshold·(Gmax_i − Gmin_i)`, the pair is refreshed (`PairRefresh`).
enum UnidirectionalUpdate {
    // Layers hold their devices behind a protocol, so without this the loop would run
    // unspecialized, calling every device method through a witness table.
    @_specialize(where Devices == PulsePositionDevices)
    static func apply<Devices>(
        to crossbar: DifferentialCrossbar<Devices>, input: SparseInput, errors: UnsafePointer<Float>,
        learningRate: Float, refreshThreshold: Float, noise: RandomSource,
        statistics: inout PulseStatistics
    ) {
        let positive = crossbar.positive
        let negative = crossbar.negative
        let columnCount = crossbar.columnCount
        let conductancePerUnitRequest = learningRate / crossbar.weightPerConductance
        let screen = min(positive.smallestResolvableChange, negative.smallestResolvableChange)
        let largestInput = input.activeIndices.reduce(Float(0)) { max($0, abs(input.values[Int($1)])) }

        for row in 0..<crossbar.rowCount {
            let rowChange = -conductancePerUnitRequest * errors[row]
            guard rowChange != 0 else { continue }
            statistics.requestedUpdates += input.activeIndices.count
            guard abs(rowChange) * largestInput >= screen else { continue }

            let rowStart = row * columnCount
            let target = rowChange > 0 ? positive : negative
            for column in input.activeIndices {
                let magnitude = abs(rowChange * input.values[Int(column)])
                guard magnitude >= screen else { continue }
                let synapse = rowStart + Int(column)

                let pulses = target.roundedPulseCount(forChange: magnitude, device: synapse)
                guard pulses > 0 else { continue }
                target.applyPulses(pulses, toDevice: synapse, noise: noise)
                crossbar.updateWeight(synapse: synapse)
                statistics.appliedUpdates += 1
                statistics.potentiationPulses += pulses

                let minimum = target.minimumConductance(ofDevice: synapse)
                let limit = minimum + refreshThreshold * (target.maximumConductance(ofDevice: synapse) - minimum)
                if target.conductances[synapse] > limit {
                    PairRefresh.refresh(crossbar, synapse: synapse, noise: noise, statistics: &statistics)
                }
            }
        }
    }
}
