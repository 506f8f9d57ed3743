/// A device model: the shared parameters of a profile, which build populations of devices.
///
/// Arrays and learning rules are generic over `Population`, so a new model (a step model, a
/// measured curve, a binary device) is a new parameter type and a new population type, with no
/// change to arrays or rules.
public protocol DeviceModel: Sendable {
    associatedtype Population: DevicePopulation

    /// Builds `count` devices, drawing each device's own parameters (device-to-device
    /// variation) from `variation`, all at the conductance Gmin of their own curve.
    func makePopulation(count: Int, variation: RandomSource) -> Population

    /// The pulses of a full potentiation train (Gmin to Gmax) and of a full depression train
    /// (Gmax to Gmin) of a nominal device.
    var fullTrainPulseCounts: (potentiation: Int, depression: Int) { get }

    /// Returns the same model with every device-to-device spread set to 0.
    func withoutDeviceVariation() -> Self
}

/// A population of devices of one model, stored as contiguous per-parameter buffers (structure
/// of arrays), with the per-pulse behaviour of the model.
///
/// Conventions: conductances are in siemens; a positive pulse count is potentiation (raises G),
/// a negative one depression. Conductance never leaves a device's own `[Gmin_i, Gmax_i]`.
public protocol DevicePopulation: AnyObject {
    /// The number of devices.
    var count: Int { get }

    /// The nominal Gmin and Gmax of the profile (S), which the periphery uses to turn
    /// conductances into weights; a device's own bounds may differ.
    var nominalMinimumConductance: Float { get }
    var nominalMaximumConductance: Float { get }

    /// A conductance change (S) below which no device of the population takes a pulse under
    /// round-half-up pulse counting, so a kernel may skip such a request without asking.
    var smallestResolvableChange: Float { get }

    /// σ_read: reads return `G·(1 + σ_read·ξ)`; 0 reads exactly.
    var readNoiseSigma: Float { get }

    /// The conductance change of one typical pulse, which the stochastic scheme divides requests
    /// by (aihwkit's weight granularity; for pulse-position devices the mean step of the range).
    var pulseGranularity: Float { get }

    /// The present conductance of each device (S), as stored, without read noise. Write it only
    /// through the methods below, because a population may keep values derived from it
    /// (`pulseCountThresholds`) that a direct write would leave stale.
    var conductances: UnsafeMutableBufferPointer<Float> { get }

    /// Each device's own Gmin and Gmax (S).
    func minimumConductance(ofDevice device: Int) -> Float
    func maximumConductance(ofDevice device: Int) -> Float

    /// Returns the part of `device`'s state that stays inside its own bounds: its conductance, or
    /// for a step device with write noise the pulsed weight under the noise, which may lie beyond them.
    func boundedState(ofDevice device: Int) -> Float

    /// Returns the fractional pulse count that moves `device` by `change` (S) along its own curve from
    /// its present conductance: the closed loop reads the device's position and step size.
    /// Positive for potentiation. A target beyond the device's bounds is clamped to them.
    func pulsesNeeded(forChange change: Float, device: Int) -> Float

    /// Returns the deterministic closed-loop pulse count for `change` (S): `pulsesNeeded`
    /// rounded half up, symmetric in sign, so a request below half a step of the device's present
    /// position sends nothing. A population may compute it faster than through `pulsesNeeded`,
    /// but must return the same count.
    func roundedPulseCount(forChange change: Float, device: Int) -> Int

    /// Per-device changes below which `roundedPulseCount` returns 0, current after every write,
    /// or nil when the population keeps none and kernels ask `roundedPulseCount` for every request.
    var pulseCountThresholds: PulseCountThresholds? { get }

    /// Appends the population's state for a checkpoint: every device's present conductance or
    /// position and its drawn parameters (device-to-device variation).
    func encodeState(into encoder: inout StateEncoder)

    /// Replaces the state by what `encodeState` wrote for a population built from the same
    /// parameters and count, and recomputes the values derived from it. Throws
    /// `StateDecoder.Failure` when the data does not fit this population; the state is then
    /// unspecified and the population must not be used.
    func restoreState(from decoder: inout StateDecoder) throws

    /// Starts loading into the caches what a write to `device` reads, a few writes before it
    /// happens. It changes no state; populations whose writes read little may do nothing.
    func prefetch(device: Int)

    /// Applies `pulseCount` pulses to `device` (positive: potentiation, negative: depression),
    /// with cycle-to-cycle noise drawn from `noise`, then clips to the device's bounds.
    func applyPulses(_ pulseCount: Int, toDevice device: Int, noise: RandomSource)

    /// Applies `pulseCount` pulses like `applyPulses`, but without cycle-to-cycle noise.
    func applyPulsesWithoutNoise(_ pulseCount: Int, toDevice device: Int)

    /// Whether `applyPulses` may draw from its noise source. When it draws nothing, every write
    /// depends only on its own device, so writes to different devices give the same result in any
    /// order, and a kernel may collect them and apply them with one call.
    var writesDrawNoise: Bool { get }

    /// Applies `pulseCounts[k]` pulses to device `devices[k]` for every k in order, exactly as
    /// that many `applyPulses` calls would, but with the per-call work done once.
    func applyPulses(_ pulseCounts: UnsafeBufferPointer<Int32>, toDevices devices: UnsafeBufferPointer<Int32>,
                     noise: RandomSource)

    /// Moves `device` by a fractional pulse count along its curve, without noise: the
    /// expected-value scheme's write.
    func applyFractionalPulses(_ pulses: Float, toDevice device: Int)

    /// Sets `device` to `conductance` by an ideal direct write (no noise, not restricted to the
    /// levels), clamped to the device's bounds. Used to program initial weights.
    func program(device: Int, conductance: Float)

    /// Resets `device` to its reset state: its own Gmin for pulse-position devices, the reset
    /// weight for step devices.
    func reset(device: Int)

    /// Whether devices lose their state over time, so that `applyRetention` changes them.
    var hasRetention: Bool { get }

    /// Relaxes every device towards its reset state by one training sample's worth of retention loss.
    func applyRetention()
}

extension DevicePopulation {
    public var hasRetention: Bool { false }

    /// Assumed unless a population knows better, which keeps kernels on their one-by-one writes.
    public var writesDrawNoise: Bool { true }

    public func applyPulses(_ pulseCounts: UnsafeBufferPointer<Int32>, toDevices devices: UnsafeBufferPointer<Int32>,
                            noise: RandomSource) {
        for (pulseCount, device) in zip(pulseCounts, devices) {
            applyPulses(Int(pulseCount), toDevice: Int(device), noise: noise)
        }
    }

    public func applyRetention() {}

    public var pulseCountThresholds: PulseCountThresholds? { nil }

    public func prefetch(device: Int) {}

    /// Rounds `pulsesNeeded` half up: the plain definition.
    public func roundedPulseCount(forChange change: Float, device: Int) -> Int {
        roundedHalfUp(pulsesNeeded(forChange: change, device: device))
    }

    /// Throws unless every conductance is finite and within its device's bounds, the check after
    /// a restore, so that a checkpoint cannot put a device outside its range.
    func checkRestoredConductances() throws {
        guard allConductancesWithinBounds() else {
            throw StateDecoder.Failure.invalid("a restored conductance is not finite or lies outside its device's bounds")
        }
    }

    /// Returns whether every conductance lies within its device's bounds and is finite.
    public func allConductancesWithinBounds() -> Bool {
        for device in 0..<count {
            let conductance = conductances[device]
            guard conductance.isFinite,
                  conductance >= minimumConductance(ofDevice: device),
                  conductance <= maximumConductance(ofDevice: device)
            else { return false }
        }
        return true
    }
}

/// Round-half-up of a fractional pulse count, symmetric in sign: `sign(p)·⌊|p| + ½⌋`, so that
/// `|p| < ½` sends no pulse.
@inline(__always)
public func roundedHalfUp(_ pulses: Float) -> Int {
    pulses >= 0 ? Int(pulses + 0.5) : -Int(-pulses + 0.5)
}
