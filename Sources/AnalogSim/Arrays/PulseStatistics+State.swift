extension StateEncoder {
    /// Writes every count of `statistics`, in declaration order.
    public mutating func write(statistics: PulseStatistics) {
        write(statistics.potentiationPulses)
        write(statistics.depressionPulses)
        write(statistics.requestedUpdates)
        write(statistics.appliedUpdates)
        write(statistics.refreshes)
        write(statistics.refreshPulses)
        write(statistics.potentiationConductancePulses)
        write(statistics.depressionConductancePulses)
        write(statistics.potentiationPulseSlots)
        write(statistics.depressionPulseSlots)
        write(statistics.nonFiniteUpdates)
    }
}

extension StateDecoder {
    public mutating func readPulseStatistics() throws -> PulseStatistics {
        var statistics = PulseStatistics()
        statistics.potentiationPulses = try readInt("potentiation pulses")
        statistics.depressionPulses = try readInt("depression pulses")
        statistics.requestedUpdates = try readInt("requested updates")
        statistics.appliedUpdates = try readInt("applied updates")
        statistics.refreshes = try readInt("refreshes")
        statistics.refreshPulses = try readInt("refresh pulses")
        statistics.potentiationConductancePulses = try readDouble("potentiation conductance-pulses")
        statistics.depressionConductancePulses = try readDouble("depression conductance-pulses")
        statistics.potentiationPulseSlots = try readInt("potentiation pulse slots")
        statistics.depressionPulseSlots = try readInt("depression pulse slots")
        statistics.nonFiniteUpdates = try readInt("non-finite updates")
        return statistics
    }
}
