/// Parameters of a binary device: two conductance states, and a pulse of the switching polarity
/// flips the state with probability `p_switch` (a potentiation pulse switches low to high, a
/// depression pulse high to low; pulses towards the state a device is already in do nothing).
///
/// Per device `p_i = clamp(p_switch + σ_p·ξ, 0, 1)` (device-to-device spread, absolute). A write of
/// n pulses tries up to n times and stops at the first switch. Under the deterministic scheme a
/// request sends one pulse when it asks for at least half of the switch (`|ΔG| ≥ (Ghigh − Glow)/2`);
/// the expected-value scheme switches when the fractional count reaches one half.
public struct BinaryDeviceParameters: Equatable, Sendable {
    public static let modelName = "binary"

    /// Conductance of the low and the high state (S).
    public var lowConductance: Double
    public var highConductance: Double
    /// p_switch, the probability that one pulse of the switching polarity flips the state.
    public var switchingProbability: Double
    /// σ_p, the absolute device-to-device spread of p_switch.
    public var switchingProbabilityDeviceToDevice: Double
    /// σ_read: every read returns `G·(1 + σ_read·ξ)`.
    public var readNoiseSigma: Double

    public init(lowConductance: Double, highConductance: Double, switchingProbability: Double,
                switchingProbabilityDeviceToDevice: Double = 0, readNoiseSigma: Double = 0) {
        self.lowConductance = lowConductance
        self.highConductance = highConductance
        self.switchingProbability = switchingProbability
        self.switchingProbabilityDeviceToDevice = switchingProbabilityDeviceToDevice
        self.readNoiseSigma = readNoiseSigma
    }
}

extension BinaryDeviceParameters: DeviceModel {
    public func makePopulation(count: Int, variation: RandomSource) -> BinaryDevices {
        BinaryDevices(parameters: self, count: count, variation: variation)
    }

    /// One pulse each way: the whole range of a switch.
    public var fullTrainPulseCounts: (potentiation: Int, depression: Int) {
        (1, 1)
    }

    public func withoutDeviceVariation() -> BinaryDeviceParameters {
        var nominal = self
        nominal.switchingProbabilityDeviceToDevice = 0
        return nominal
    }
}
