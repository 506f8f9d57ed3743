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

    public init() {}

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
        return difference
    }
}
