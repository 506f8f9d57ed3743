/// Counts of what the update kernels did to an array.
public struct PulseStatistics: Codable, Equatable, Sendable {
    /// Potentiation pulses of learning updates.
    public var potentiationPulses: Int = 0
    /// Depression pulses of learning updates.
    public var depressionPulses: Int = 0
    /// Synapse updates requested (non-zero `δ_i·x_j`).
    public var requestedUpdates: Int = 0
    /// Requests that sent at least one pulse; the rest fell below half a step and were dropped.
    public var appliedUpdates: Int = 0
    /// Refreshes of device pairs (unidirectional updates).
    public var refreshes: Int = 0
    /// Potentiation pulses that re-programmed weights during refreshes.
    public var refreshPulses: Int = 0
    /// Σ n·(G_before + G_after)/2 over the writes of each polarity, refresh included (S·pulses,
    /// or weight units for step devices): the write energy is `V²·t` times this.
    public var potentiationConductancePulses: Double = 0
    public var depressionConductancePulses: Double = 0
    /// Σ over updates of the largest pulse count any device of the array received in that update,
    /// per polarity, plus every refresh pulse: the pulse slots of a crossbar that pulses all its
    /// devices in parallel and refreshes pairs one at a time.
    public var potentiationPulseSlots: Int = 0
    public var depressionPulseSlots: Int = 0
    /// Samples whose update the layer skipped, sending no pulse, because an error, an input or a
    /// requested change was NaN or infinite (`FiniteUpdateCheck`). Software layers count them too.
    public var nonFiniteUpdates: Int = 0

    public init() {}

    /// Decodes a record; one written before `nonFiniteUpdates` existed reads it as 0.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        potentiationPulses = try container.decode(Int.self, forKey: .potentiationPulses)
        depressionPulses = try container.decode(Int.self, forKey: .depressionPulses)
        requestedUpdates = try container.decode(Int.self, forKey: .requestedUpdates)
        appliedUpdates = try container.decode(Int.self, forKey: .appliedUpdates)
        refreshes = try container.decode(Int.self, forKey: .refreshes)
        refreshPulses = try container.decode(Int.self, forKey: .refreshPulses)
        potentiationConductancePulses = try container.decode(Double.self, forKey: .potentiationConductancePulses)
        depressionConductancePulses = try container.decode(Double.self, forKey: .depressionConductancePulses)
        potentiationPulseSlots = try container.decode(Int.self, forKey: .potentiationPulseSlots)
        depressionPulseSlots = try container.decode(Int.self, forKey: .depressionPulseSlots)
        nonFiniteUpdates = try container.decodeIfPresent(Int.self, forKey: .nonFiniteUpdates) ?? 0
    }

    /// All pulses sent: learning and refresh.
    public var totalPulses: Int {
        potentiationPulses + depressionPulses + refreshPulses
    }

    /// The fraction of requested updates dropped below half a step.
    public var droppedFraction: Double {
        requestedUpdates > 0 ? Double(requestedUpdates - appliedUpdates) / Double(requestedUpdates) : 0
    }

    public static func + (lhs: PulseStatistics, rhs: PulseStatistics) -> PulseStatistics {
        var sum = lhs
        sum.potentiationPulses += rhs.potentiationPulses
        sum.depressionPulses += rhs.depressionPulses
        sum.requestedUpdates += rhs.requestedUpdates
        sum.appliedUpdates += rhs.appliedUpdates
        sum.refreshes += rhs.refreshes
        sum.refreshPulses += rhs.refreshPulses
        sum.potentiationConductancePulses += rhs.potentiationConductancePulses
        sum.depressionConductancePulses += rhs.depressionConductancePulses
        sum.potentiationPulseSlots += rhs.potentiationPulseSlots
        sum.depressionPulseSlots += rhs.depressionPulseSlots
        sum.nonFiniteUpdates += rhs.nonFiniteUpdates
        return sum
    }

    public static func - (lhs: PulseStatistics, rhs: PulseStatistics) -> PulseStatistics {
        var difference = lhs
        difference.potentiationPulses -= rhs.potentiationPulses
        difference.depressionPulses -= rhs.depressionPulses
        difference.requestedUpdates -= rhs.requestedUpdates
        difference.appliedUpdates -= rhs.appliedUpdates
        difference.refreshes -= rhs.refreshes
        difference.refreshPulses -= rhs.refreshPulses
        difference.potentiationConductancePulses -= rhs.potentiationConductancePulses
        difference.depressionConductancePulses -= rhs.depressionConductancePulses
        difference.potentiationPulseSlots -= rhs.potentiationPulseSlots
        difference.depressionPulseSlots -= rhs.depressionPulseSlots
        difference.nonFiniteUpdates -= rhs.nonFiniteUpdates
        return difference
    }
}
