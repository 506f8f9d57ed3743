/// Pulse updates of a crossbar from a matrix of requested weight changes: the mini-batch form of
/// the deterministic and expected schemes.
///
/// A batch of B samples first sums its requests into `ΔW = −(η/B)·Σ_b δ_b·x_bᵀ`, the gradient of
/// the batch's mean loss. Each synapse then receives one write for its whole `ΔW_ij`, as the
/// per-sample kernels would for a single request of that size. Bidirectional updates split
/// `ΔG = ΔW·(Gmax − Gmin)/Wmax` over the pair as given by `pairWrites`, and unidirectional updates
/// potentiate G⁺ or G⁻ and refresh a pair that passes the threshold. A request below half a
/// step still sends nothing. One write replaces B online ones, so at the same η a weight moves up
/// to B times less per epoch, and requests that cancel within the batch send nothing. The
/// stochastic scheme has no summed form, so its batches run the per-sample kernel with η/B.
enum AccumulatedUpdate {
    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    static func applyBidirectional<Devices>(
        to crossbar: DifferentialCrossbar<Devices>, changes: UnsafePointer<Float>, pairWrites: BidirectionalPairWrites,
        context: inout PulseUpdateContext
    ) {
        let positive = crossbar.positive
        let negative = crossbar.negative
        let share: Float = pairWrites == .both ? 0.5 : 1
        let conductancePerWeight = share / crossbar.weightPerConductance
        let screen = pairWrites == .both
            ? min(positive.smallestResolvableChange, negative.smallestResolvableChange)
            : positive.smallestResolvableChange

        for synapse in 0..<(crossbar.rowCount * crossbar.columnCount) where changes[synapse] != 0 {
            context.statistics.requestedUpdates += 1
            let change = changes[synapse] * conductancePerWeight
            guard abs(change) >= screen else { continue }

            let before = (positive.conductances[synapse], negative.conductances[synapse])
            if context.scheme == .expected {
                let positivePulses = positive.pulsesNeeded(forChange: change, device: synapse)
                let negativePulses = pairWrites == .both ? negative.pulsesNeeded(forChange: -change, device: synapse) : 0
                guard positivePulses != 0 || negativePulses != 0 else { continue }
                positive.applyFractionalPulses(positivePulses, toDevice: synapse)
                negative.applyFractionalPulses(negativePulses, toDevice: synapse)
                BidirectionalUpdate.finishWrite(crossbar, row: synapse / crossbar.columnCount, column: synapse % crossbar.columnCount, positivePulses: Int(positivePulses.rounded()),
                                                negativePulses: Int(negativePulses.rounded()), before: before, &context)
            } else {
                let positivePulses = positive.roundedPulseCount(forChange: change, device: synapse)
                let negativePulses = pairWrites == .both ? negative.roundedPulseCount(forChange: -change, device: synapse) : 0
                guard positivePulses != 0 || negativePulses != 0 else { continue }
                positive.applyPulses(positivePulses, toDevice: synapse, noise: context.writeNoise)
                negative.applyPulses(negativePulses, toDevice: synapse, noise: context.writeNoise)
                BidirectionalUpdate.finishWrite(crossbar, row: synapse / crossbar.columnCount, column: synapse % crossbar.columnCount, positivePulses: positivePulses,
                                                negativePulses: negativePulses, before: before, &context)
            }
        }
        context.finishUpdate()
    }

    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    static func applyUnidirectional<Devices>(
        to crossbar: DifferentialCrossbar<Devices>, changes: UnsafePointer<Float>, refreshThreshold: Float,
        context: inout PulseUpdateContext
    ) {
        let conductancePerWeight = 1 / crossbar.weightPerConductance
        let screen = min(crossbar.positive.smallestResolvableChange, crossbar.negative.smallestResolvableChange)
        let synapseCount = crossbar.rowCount * crossbar.columnCount
        for synapse in 0..<synapseCount where changes[synapse] != 0 {
            context.statistics.requestedUpdates += 1
        }

        // One pass per device of the pair, so the device is chosen once instead of per synapse.
        for (target, sign) in [(crossbar.positive, Float(1)), (crossbar.negative, Float(-1))] {
            // The device's stored threshold rules out most requests after one load, before
            // `roundedPulseCount` reads the device's parameters; deterministic counts only.
            let thresholds = context.scheme == .deterministic ? target.pulseCountThresholds : nil
            for synapse in 0..<synapseCount {
                let magnitude = sign * changes[synapse] * conductancePerWeight
                guard magnitude >= screen, magnitude > 0 else { continue }
                if let thresholds {
                    guard magnitude >= thresholds.potentiation[synapse] else { continue }
                }

                let before = target.conductances[synapse]
                let pulses: Int
                if context.scheme == .expected {
                    let fractionalPulses = target.pulsesNeeded(forChange: magnitude, device: synapse)
                    guard fractionalPulses > 0 else { continue }
                    target.applyFractionalPulses(fractionalPulses, toDevice: synapse)
                    pulses = Int(fractionalPulses.rounded())
                } else {
                    pulses = target.roundedPulseCount(forChange: magnitude, device: synapse)
                    guard pulses > 0 else { continue }
                    target.applyPulses(pulses, toDevice: synapse, noise: context.writeNoise)
                }
                UnidirectionalUpdate.finishWrite(crossbar, target, row: synapse / crossbar.columnCount, column: synapse % crossbar.columnCount, pulses: pulses, before: before,
                                                 refreshThreshold: refreshThreshold, &context)
            }
        }
        context.finishUpdate()
    }
}
