extension DifferentialCrossbar {
    /// Describes the first device of either array whose stored state breaks an invariant (not
    /// finite, or outside the device's own bounds), or the first cached weight that is not
    /// finite; nil when all hold. It reads every device, so training calls it only in builds with
    /// `ANALOGSIM_INVARIANT_CHECKS`.
    public func invariantViolation() -> String? {
        for (name, devices) in [("G⁺", positive), ("G⁻", negative)] {
            for device in 0..<devices.count {
                if let problem = devices.invariantViolation(device: device) {
                    return "\(name) of synapse \(device) (row \(device / columnCount), column \(device % columnCount)): \(problem)"
                }
            }
        }
        for synapse in 0..<(rowCount * columnCount) where !weight(synapse: synapse).isFinite {
            return "the weight of synapse \(synapse) is \(weight(synapse: synapse))"
        }
        return nil
    }
}

extension DevicePopulation {
    public func boundedState(ofDevice device: Int) -> Float {
        conductances[device]
    }

    /// Describes how `device` breaks the population's invariant (its conductance is finite, and
    /// its `boundedState` inside the device's own `[Gmin_i, Gmax_i]`), or returns nil.
    public func invariantViolation(device: Int) -> String? {
        let conductance = conductances[device]
        guard conductance.isFinite else { return "the conductance is \(conductance)" }
        let state = boundedState(ofDevice: device)
        let minimum = minimumConductance(ofDevice: device)
        let maximum = maximumConductance(ofDevice: device)
        guard state >= minimum && state <= maximum else {
            return "the state \(state) lies outside the device's bounds [\(minimum), \(maximum)]"
        }
        return nil
    }
}
