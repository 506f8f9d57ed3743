/// Refresh of a differential pair for unidirectional learning: read the weight, reset both
/// devices to their own Gmin, and re-program the weight into one device with potentiation
/// pulses counted by the closed loop (cycle-to-cycle noise applies to that write).
///
/// After the reset the pair has `G⁺ − G⁻ = Gmin⁺_i − Gmin⁻_i`, which is 0 without
/// device-to-device variation. The device to potentiate is chosen so that the difference reaches
/// the read weight's `W·(Gmax − Gmin)/Wmax`: G⁺ when that needs a rise of G⁺, else G⁻.
enum PairRefresh {
    // Layers hold their devices behind a protocol, so without this the loop would run
    // unspecialized, calling every device method through a witness table.
    @_specialize(where Devices == PulsePositionDevices)
    @_specialize(where Devices == StepDevices)
    static func refresh<Devices>(
        _ crossbar: DifferentialCrossbar<Devices>, synapse: Int, noise: RandomSource,
        statistics: inout PulseStatistics
    ) {
        let weight = crossbar.readWeight(synapse: synapse)
        let positive = crossbar.positive
        let negative = crossbar.negative
        positive.reset(device: synapse)
        negative.reset(device: synapse)

        let targetDifference = weight / crossbar.weightPerConductance
        let positiveRise = negative.conductances[synapse] + targetDifference - positive.conductances[synapse]
        let target = positiveRise >= 0 ? positive : negative
        let pulses = target.roundedPulseCount(forChange: abs(positiveRise), device: synapse)
        let before = target.conductances[synapse]
        target.applyPulses(pulses, toDevice: synapse, noise: noise)
        crossbar.updateWeight(synapse: synapse)

        statistics.refreshes += 1
        statistics.refreshPulses += pulses
        statistics.potentiationConductancePulses += Double(pulses) * 0.5 * Double(before + target.conductances[synapse])
        statistics.potentiationPulseSlots += pulses
    }

    /// Refreshes every pair of `crossbar` (the periodic refresh of `RefreshPolicy.interval`).
    static func refreshAll<Devices>(_ crossbar: DifferentialCrossbar<Devices>, noise: RandomSource,
                                     statistics: inout PulseStatistics) {
        for synapse in 0..<(crossbar.rowCount * crossbar.columnCount) {
            refresh(crossbar, synapse: synapse, noise: noise, statistics: &statistics)
        }
    }
}
