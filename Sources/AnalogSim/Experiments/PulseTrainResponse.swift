/// The response of one nominal device (no device-to-device variation) to a full potentiation
/// train from Gmin followed by a full depression train, one pulse at a time.
public enum PulseTrainResponse {
    /// The state after one pulse (pulse 0 is the initial state at Gmin).
    public struct Step: Equatable, Sendable {
        public var pulse: Int
        /// "+" potentiation, "-" depression, "0" the initial state.
        public var polarity: String
        /// Conductance (S).
        public var conductance: Double
        /// (G − Gmin)/(Gmax − Gmin) of the nominal bounds.
        public var normalized: Double
    }

    /// Measures the response of `profile`'s nominal device; with `withNoise`, cycle-to-cycle
    /// noise is drawn from the seed's stream, otherwise the device's noise is switched off.
    public static func measure(profile: DeviceProfile, withNoise: Bool, seed: UInt64) -> [Step] {
        measure(model: profile.model, withNoise: withNoise, seed: seed)
    }

    private static func measure<Model: DeviceModel>(model: Model, withNoise: Bool, seed: UInt64) -> [Step] {
        let nominal = model.withoutDeviceVariation()
        let device = nominal.makePopulation(count: 1, variation: RandomSource(seed: seed, stream: .deviceVariation(layer: 0, polarity: 0)))
        let noise = RandomSource(seed: seed, stream: .cycleToCycle(layer: 0))
        let minimum = Double(device.nominalMinimumConductance)
        let range = Double(device.nominalMaximumConductance) - minimum
        let counts = nominal.fullTrainPulseCounts

        var steps = [Step(pulse: 0, polarity: "0", conductance: Double(device.conductances[0]),
                          normalized: (Double(device.conductances[0]) - minimum) / range)]
        let sequence = Array(repeating: 1, count: counts.potentiation) + Array(repeating: -1, count: counts.depression)
        for (index, polarity) in sequence.enumerated() {
            if withNoise {
                device.applyPulses(polarity, toDevice: 0, noise: noise)
            } else {
                device.applyPulsesWithoutNoise(polarity, toDevice: 0)
            }
            let conductance = Double(device.conductances[0])
            steps.append(Step(pulse: index + 1, polarity: polarity > 0 ? "+" : "-",
                              conductance: conductance, normalized: (conductance - minimum) / range))
        }
        return steps
    }
}
