/// Estimated write energy and latency of a run's pulses, from the profile's `write` pulses.
///
/// - Energy (J), for devices whose state is a conductance: every pulse dissipates `V²·G·t`, with G
///   the mean of the device's conductance before and after its write, so the total is
///   `V_p²·t_p·Σ_p n·Ḡ + V_d²·t_d·Σ_d n·Ḡ` (`PulseStatistics.…ConductancePulses`). Wire and
///   peripheral energy are not included.
/// - Latency (s): each update pulses all devices of an array in parallel, so it takes as many pulse
///   slots as its largest pulse count per polarity; refresh pulses are counted one after another:
///   `t_p·slots_p + t_d·slots_d`. A row-by-row write, as in NeuroSim, takes longer.
public struct WriteCost: Codable, Equatable, Sendable {
    /// nil for step devices, whose state is a dimensionless weight.
    public var energy: Double?
    public var latency: Double

    private enum CodingKeys: String, CodingKey {
        case energy, latency
    }

    /// Writes `energy` as null for step devices instead of leaving it out.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(energy, forKey: .energy)
        try container.encode(latency, forKey: .latency)
    }

    /// Returns the cost of `statistics`, or nil when `profile` gives no write pulses.
    public static func estimate(_ statistics: PulseStatistics, profile: DeviceProfile?) -> WriteCost? {
        guard let profile, let write = profile.write else { return nil }
        let latency = write.potentiationPulseWidth * Double(statistics.potentiationPulseSlots)
            + write.depressionPulseWidth * Double(statistics.depressionPulseSlots)
        guard profile.stateQuantity == .conductance else {
            return WriteCost(energy: nil, latency: latency)
        }
        let energy = write.potentiationVoltage * write.potentiationVoltage * write.potentiationPulseWidth * statistics.potentiationConductancePulses
            + write.depressionVoltage * write.depressionVoltage * write.depressionPulseWidth * statistics.depressionConductancePulses
        return WriteCost(energy: energy, latency: latency)
    }
}
