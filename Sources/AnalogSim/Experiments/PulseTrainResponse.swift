/// The response of devices to a full potentiation train from Gmin followed by a full depression
/// train, one pulse at a time: the nominal device (no device-to-device variation), or devices
/// drawn with the profile's variation.
public enum PulseTrainResponse {
    /// The most pulses of each train; longer trains (a tiny dw_min) are cut there.
    public static let maximumTrainLength = 20_000

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
        measure(model: profile.model, drawingVariation: false, count: 1, withNoise: withNoise, seed: seed)[0]
    }

    /// Measures the response of `count` devices drawn with `profile`'s device-to-device
    /// variation, one array of steps per device. The devices are the first `count` devices that
    /// training draws for the G⁺ array of the first layer with the same seed. Every device gets
    /// the nominal device's full train pulse counts, so a device with more levels stops short
    /// of its Gmax and one with fewer saturates early.
    public static func measureDrawnDevices(profile: DeviceProfile, count: Int, withNoise: Bool, seed: UInt64) -> [[Step]] {
        guard count > 0 else { return [] }
        return measure(model: profile.model, drawingVariation: true, count: count, withNoise: withNoise, seed: seed)
    }

    private static func measure<Model: DeviceModel>(model: Model, drawingVariation: Bool, count: Int,
                                                    withNoise: Bool, seed: UInt64) -> [[Step]] {
        let nominal = model.withoutDeviceVariation()
        let drawn = drawingVariation ? model : nominal
        let devices = drawn.makePopulation(count: count, variation: RandomSource(seed: seed, stream: .deviceVariation(layer: 0, polarity: 0)))
        let noise = RandomSource(seed: seed, stream: .cycleToCycle(layer: 0))
        let minimum = Double(devices.nominalMinimumConductance)
        let range = Double(devices.nominalMaximumConductance) - minimum
        let counts = (potentiation: min(nominal.fullTrainPulseCounts.potentiation, maximumTrainLength),
                      depression: min(nominal.fullTrainPulseCounts.depression, maximumTrainLength))
        for device in 0..<count {
            devices.reset(device: device)
            devices.program(device: device, conductance: devices.minimumConductance(ofDevice: device))
        }

        var responses = (0..<count).map { device in
            [Step(pulse: 0, polarity: "0", conductance: Double(devices.conductances[device]),
                  normalized: (Double(devices.conductances[device]) - minimum) / range)]
        }
        let sequence = Array(repeating: 1, count: counts.potentiation) + Array(repeating: -1, count: counts.depression)
        for (index, polarity) in sequence.enumerated() {
            for device in 0..<count {
                if withNoise {
                    devices.applyPulses(polarity, toDevice: device, noise: noise)
                } else {
                    devices.applyPulsesWithoutNoise(polarity, toDevice: device)
                }
                // Adding 0 turns −0 into +0, which tables print without a sign.
                let conductance = Double(devices.conductances[device]) + 0
                responses[device].append(Step(pulse: index + 1, polarity: polarity > 0 ? "+" : "-",
                                              conductance: conductance, normalized: (conductance - minimum) / range))
            }
        }
        return responses
    }
}
