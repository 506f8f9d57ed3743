/// A population of binary devices (`BinaryDeviceParameters`): each in its low or high state, with
/// its own switching probability.
public final class BinaryDevices: DevicePopulation {
    public let count: Int
    public let nominalMinimumConductance: Float
    public let nominalMaximumConductance: Float
    /// Half a switch: smaller requests send nothing under round-half-up counting.
    public let smallestResolvableChange: Float
    public let readNoiseSigma: Float
    /// One switch.
    public let pulseGranularity: Float

    public let conductances: UnsafeMutableBufferPointer<Float>
    let switchingProbabilities: UnsafeMutableBufferPointer<Float>

    init(parameters: BinaryDeviceParameters, count: Int, variation: RandomSource) {
        self.count = count
        nominalMinimumConductance = Float(parameters.lowConductance)
        nominalMaximumConductance = Float(parameters.highConductance)
        pulseGranularity = nominalMaximumConductance - nominalMinimumConductance
        smallestResolvableChange = 0.5 * pulseGranularity * 0.99
        readNoiseSigma = Float(parameters.readNoiseSigma)
        conductances = .allocate(capacity: count)
        conductances.initialize(repeating: nominalMinimumConductance)
        switchingProbabilities = .allocate(capacity: count)
        for device in 0..<count {
            let drawn = parameters.switchingProbabilityDeviceToDevice > 0
                ? parameters.switchingProbability + parameters.switchingProbabilityDeviceToDevice * variation.standardNormal()
                : parameters.switchingProbability
            switchingProbabilities[device] = Float(min(max(drawn, 0), 1))
        }
    }

    deinit {
        conductances.deallocate()
        switchingProbabilities.deallocate()
    }

    public func minimumConductance(ofDevice device: Int) -> Float {
        nominalMinimumConductance
    }

    public func maximumConductance(ofDevice device: Int) -> Float {
        nominalMaximumConductance
    }

    private func isHigh(_ device: Int) -> Bool {
        conductances[device] > 0.5 * (nominalMinimumConductance + nominalMaximumConductance)
    }

    /// Returns the switch that `change` requests, as a fraction of one switch: 0 when the device is
    /// already in the requested direction's state.
    public func pulsesNeeded(forChange change: Float, device: Int) -> Float {
        if change > 0 && !isHigh(device) { return min(change / pulseGranularity, 1) }
        if change < 0 && isHigh(device) { return max(change / pulseGranularity, -1) }
        return 0
    }

    public func applyPulses(_ pulseCount: Int, toDevice device: Int, noise: RandomSource) {
        guard pulseCount != 0, (pulseCount > 0) != isHigh(device) else { return }
        let probability = Double(switchingProbabilities[device])
        for _ in 0..<pulseCount.magnitude where noise.uniform() < probability {
            conductances[device] = pulseCount > 0 ? nominalMaximumConductance : nominalMinimumConductance
            return
        }
    }

    /// Without noise a pulse of the switching polarity always switches.
    public func applyPulsesWithoutNoise(_ pulseCount: Int, toDevice device: Int) {
        guard pulseCount != 0 else { return }
        conductances[device] = pulseCount > 0 ? nominalMaximumConductance : nominalMinimumConductance
    }

    public func applyFractionalPulses(_ pulses: Float, toDevice device: Int) {
        guard abs(pulses) >= 0.5 else { return }
        applyPulsesWithoutNoise(pulses > 0 ? 1 : -1, toDevice: device)
    }

    /// Programs the nearer state.
    public func program(device: Int, conductance: Float) {
        conductances[device] = conductance > 0.5 * (nominalMinimumConductance + nominalMaximumConductance)
            ? nominalMaximumConductance : nominalMinimumConductance
    }

    public func reset(device: Int) {
        conductances[device] = nominalMinimumConductance
    }
}
