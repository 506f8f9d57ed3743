import Foundation

/// A population of step devices (aihwkit semantics) of one model, held as one buffer per
/// parameter. The state of a device is its weight w in weight units; `conductances` holds the
/// weight as read, which differs from the pulsed weight only when write noise is on.
///
/// Every pulse is applied on its own: the step of the model at the present weight
/// (`StepResponse`), with its own cycle-to-cycle draw, then a clip to `[b⁻_i, b⁺_i]`, then,
/// with write noise, a fresh read offset `writeNoise·dw_min·ξ`. `applyPulsesReference` does this
/// pulse by pulse; `applyPulses` gives the same weights bit for bit from a loop specialised for
/// the model (`StepDevices+PulseLoops.swift`).
public final class StepDevices: DevicePopulation {
    public let count: Int
    public let nominalMinimumConductance: Float
    public let nominalMaximumConductance: Float
    /// Step models have steps that vanish at a bound, so no change can be screened out in advance.
    public let smallestResolvableChange: Float = 0
    public let readNoiseSigma: Float = 0
    public let pulseGranularity: Float

    public let parameters: StepDeviceParameters
    /// The model, kept apart from `parameters` so the per-pulse switch reads one stored value.
    let response: StepResponse
    /// The weights as read.
    public let conductances: UnsafeMutableBufferPointer<Float>
    /// The pulsed weights (the same buffer as `conductances` without write noise).
    let pulsedWeights: UnsafeMutableBufferPointer<Float>
    /// b⁻_i and b⁺_i.
    let lowerBounds: UnsafeMutableBufferPointer<Float>
    let upperBounds: UnsafeMutableBufferPointer<Float>
    /// s⁺_i and s⁻_i.
    let upSteps: UnsafeMutableBufferPointer<Float>
    let downSteps: UnsafeMutableBufferPointer<Float>
    /// γ⁺_i and γ⁻_i of the linear-step and power-step models.
    let upSlopes: UnsafeMutableBufferPointer<Float>
    let downSlopes: UnsafeMutableBufferPointer<Float>
    /// The weight a reset sets, and the retention factor `1 − 1/t_i` (0: no retention loss).
    let resetWeights: UnsafeMutableBufferPointer<Float>
    let retentionFactors: UnsafeMutableBufferPointer<Float>

    let storage: UnsafeMutableBufferPointer<Float>
    /// σ_c, and the write noise in weight units (`writeNoise·dw_min`).
    let cycleToCycle: Float
    let writeNoiseScale: Float
    /// Whether a pulse draws cycle-to-cycle or write noise.
    public let writesDrawNoise: Bool
    /// The model and noise form that pick the pulse loop (`StepDevices+PulseLoops.swift`).
    let loopModel: PulseLoopModel
    let cycleToCycleForm: CycleToCycleFormKind
    /// Whether the linear-step model refers its slopes to the mean bounds.
    let linearMeanBoundReference: Bool
    private let upNodes: UnsafeMutableBufferPointer<Float>
    private let downNodes: UnsafeMutableBufferPointer<Float>
    public let hasRetention: Bool

    /// Draws `count` devices of `parameters`; see `StepDevices.drawDevices`.
    init(parameters: StepDeviceParameters, count: Int, variation: RandomSource) {
        self.count = count
        self.parameters = parameters
        response = parameters.response
        nominalMinimumConductance = Float(parameters.minimumWeight)
        nominalMaximumConductance = Float(parameters.maximumWeight)
        cycleToCycle = Float(parameters.cycleToCycle)
        writeNoiseScale = Float(parameters.writeNoise * parameters.minimumStep)
        writesDrawNoise = cycleToCycle > 0 || writeNoiseScale > 0
        loopModel = PulseLoopModel(parameters.response)
        if case .linear(let linear) = parameters.response {
            linearMeanBoundReference = linear.meanBoundReference
        } else {
            linearMeanBoundReference = false
        }
        cycleToCycleForm = CycleToCycleFormKind(parameters.response, cycleToCycle: cycleToCycle)
        hasRetention = parameters.lifetime > 0
        pulseGranularity = Float(Self.granularity(parameters))
        largestPulseCount = Float(2 * ((parameters.maximumWeight - parameters.minimumWeight) / parameters.minimumStep).rounded(.up))
        vanishingStep = Float(1e-6 * parameters.minimumStep)

        let bufferCount = parameters.writeNoise > 0 ? 11 : 10
        let storage = UnsafeMutableBufferPointer<Float>.allocate(capacity: bufferCount * max(count, 1))
        storage.initialize(repeating: 0)
        self.storage = storage
        func slice(_ index: Int) -> UnsafeMutableBufferPointer<Float> {
            UnsafeMutableBufferPointer(rebasing: storage[(index * count)..<((index + 1) * count)])
        }
        pulsedWeights = slice(0)
        lowerBounds = slice(1)
        upperBounds = slice(2)
        upSteps = slice(3)
        downSteps = slice(4)
        upSlopes = slice(5)
        downSlopes = slice(6)
        resetWeights = slice(7)
        retentionFactors = slice(8)
        conductances = parameters.writeNoise > 0 ? slice(10) : pulsedWeights

        let nodes: (up: [Double], down: [Double])
        if case .piecewise(let piecewise) = parameters.response {
            nodes = (piecewise.upNodes, piecewise.downNodes)
        } else {
            nodes = ([1], [1])
        }
        upNodes = .allocate(capacity: nodes.up.count)
        downNodes = .allocate(capacity: nodes.down.count)
        _ = upNodes.initialize(from: nodes.up.map(Float.init))
        _ = downNodes.initialize(from: nodes.down.map(Float.init))

        Self.drawDevices(parameters: parameters, devices: self, variation: variation)
        for device in 0..<count {
            let start = min(max(0, lowerBounds[device]), upperBounds[device])
            pulsedWeights[device] = start
            conductances[device] = start
        }
    }

    deinit {
        storage.deallocate()
        upNodes.deallocate()
        downNodes.deallocate()
    }

    public func minimumConductance(ofDevice device: Int) -> Float {
        lowerBounds[device]
    }

    public func maximumConductance(ofDevice device: Int) -> Float {
        upperBounds[device]
    }

    public func boundedState(ofDevice device: Int) -> Float {
        pulsedWeights[device]
    }

    /// The noise-free step (weight units, positive for a step in the pulse's direction) of one
    /// up or down pulse from weight `w`.
    @inline(__always)
    func step(device: Int, up: Bool, weight w: Float) -> Float {
        let lower = lowerBounds[device]
        let upper = upperBounds[device]
        let base = up ? upSteps[device] : downSteps[device]
        switch response {
        case .constant:
            return base
        case .linear(let linear):
            let reference = linear.meanBoundReference ? (up ? nominalMaximumConductance : nominalMinimumConductance) : (up ? upper : lower)
            guard reference != 0 else { return base }
            return base * (1 - (up ? upSlopes[device] : downSlopes[device]) * w / reference)
        case .softBounds:
            let bound = up ? upper : lower
            guard bound != 0 else { return base }
            return base * (1 - w / bound)
        case .exponential(let exponential):
            guard upper > lower, base > 0 else { return 0 }
            let factors = exponential.factors(weight: w, lower: lower, upper: upper)
            // e^(γ·z) overflows single precision when γ·|z| > 88.7, and a negative A then makes the
            // factor infinite; the noise term would turn that into NaN. A step of the whole range
            // already ends at the bound, so the step is capped there.
            return min(base * (up ? factors.up : factors.down), upper - lower)
        case .power:
            let range = upper - lower
            guard range > 0 else { return 0 }
            let distance = up ? (upper - w) / range : (w - lower) / range
            return base * pow(max(distance, 0), up ? upSlopes[device] : downSlopes[device])
        case .piecewise:
            let nodes = UnsafeBufferPointer(up ? upNodes : downNodes)
            return base * PiecewiseStep.factor(nodes, weight: w, lower: lower, upper: upper)
        }
    }

    /// Applies one pulse with its cycle-to-cycle noise (when `noise` is given) and write noise.
    @inline(__always)
    private func pulse(device: Int, up: Bool, noise: RandomSource?) {
        let w = pulsedWeights[device]
        let deterministic = step(device: device, up: up, weight: w)
        var change = up ? deterministic : -deterministic
        if let noise, cycleToCycle > 0 {
            let draw = Float(noise.standardNormal())
            switch response {
            case .linear(let linear) where !linear.multiplicativeNoise:
                change += (up ? upSteps[device] : downSteps[device]) * cycleToCycle * draw
            case .softBounds(let softBounds) where !softBounds.multiplicativeNoise:
                change += (up ? upSteps[device] : downSteps[device]) * cycleToCycle * draw
            case .exponential(let exponential) where exponential.noiseAdditive != 0 || exponential.noiseSlope != 0:
                change += cycleToCycle * (deterministic + Float(exponential.noiseAdditive) + Float(exponential.noiseSlope) * abs(w)) * draw
            default:
                change *= 1 + cycleToCycle * draw
            }
        }
        let pulsed = min(max(w + change, lowerBounds[device]), upperBounds[device])
        pulsedWeights[device] = pulsed
        if writeNoiseScale > 0 {
            let offset = noise.map { Float($0.standardNormal()) * writeNoiseScale } ?? 0
            conductances[device] = pulsed + offset
        }
    }

    public func applyPulses(_ pulseCount: Int, toDevice device: Int, noise: RandomSource) {
        guard pulseCount != 0 else { return }
        applyPulseTrain(pulseCount, toDevice: device, noise: noise)
    }

    /// Runs the noise-free loops inline for every write when no write draws noise, so the
    /// model is dispatched without a call per write.
    public func applyPulses(_ pulseCounts: UnsafeBufferPointer<Int32>, toDevices devices: UnsafeBufferPointer<Int32>,
                            noise: RandomSource) {
        guard !writesDrawNoise else {
            for (pulseCount, device) in zip(pulseCounts, devices) {
                applyPulses(Int(pulseCount), toDevice: Int(device), noise: noise)
            }
            return
        }

        applyNoiseFreePulseTrains(pulseCounts, toDevices: devices)
    }

    public func applyPulsesWithoutNoise(_ pulseCount: Int, toDevice device: Int) {
        if pulseCount != 0 {
            applyPulseTrain(pulseCount, toDevice: device, noise: nil)
        }
        conductances[device] = pulsedWeights[device]
    }

    /// Applies `pulseCount` pulses one `pulse` at a time: the plain implementation that tests
    /// compare `applyPulses` (with `noise`) and `applyPulsesWithoutNoise` (`noise` nil) with.
    func applyPulsesReference(_ pulseCount: Int, toDevice device: Int, noise: RandomSource?) {
        let up = pulseCount > 0
        for _ in 0..<pulseCount.magnitude {
            pulse(device: device, up: up, noise: noise)
        }
        if noise == nil {
            conductances[device] = pulsedWeights[device]
        }
    }

    /// Counts the pulses from the weight as read to the read weight plus `change` (clamped to the
    /// bounds) along the device's own steps: whole noise-free pulses while they do not overshoot,
    /// then the fraction of the next one. The walk starts from the pulsed weight and stops where
    /// the step vanishes (the device cannot move further that way) or after `largestPulseCount`.
    public func pulsesNeeded(forChange change: Float, device: Int) -> Float {
        guard change != 0 else { return 0 }
        let up = change > 0
        let read = conductances[device]
        let target = min(max(read + change, lowerBounds[device]), upperBounds[device])
        var remaining = abs(target - read)
        var weight = pulsedWeights[device]
        var pulses: Float = 0
        while remaining > 0 && pulses < largestPulseCount {
            let step = step(device: device, up: up, weight: weight)
            guard step > vanishingStep else { break }
            if step >= remaining {
                pulses += remaining / step
                break
            }
            remaining -= step
            pulses += 1
            weight = up ? min(weight + step, upperBounds[device]) : max(weight - step, lowerBounds[device])
        }
        return up ? pulses : -pulses
    }

    /// Moves the weight by a fractional pulse count without noise: whole noise-free pulses, then
    /// the fraction of the next step, so that it lands where `pulsesNeeded` counted.
    public func applyFractionalPulses(_ pulses: Float, toDevice device: Int) {
        guard pulses != 0 else { return }
        let up = pulses > 0
        var remaining = abs(pulses)
        var weight = pulsedWeights[device]
        while remaining > 0 {
            let step = step(device: device, up: up, weight: weight) * min(remaining, 1)
            weight = up ? weight + step : weight - step
            weight = min(max(weight, lowerBounds[device]), upperBounds[device])
            remaining -= min(remaining, 1)
        }
        pulsedWeights[device] = weight
        conductances[device] = weight
    }

    public func program(device: Int, conductance: Float) {
        let clipped = min(max(conductance, lowerBounds[device]), upperBounds[device])
        pulsedWeights[device] = clipped
        conductances[device] = clipped
    }

    public func reset(device: Int) {
        program(device: device, conductance: resetWeights[device])
    }

    public func applyRetention() {
        guard hasRetention else { return }
        for device in 0..<count where retentionFactors[device] > 0 {
            let reset = resetWeights[device]
            program(device: device, conductance: (pulsedWeights[device] - reset) * retentionFactors[device] + reset)
        }
    }

    /// The most pulses `pulsesNeeded` counts: twice the pulses of dw_min across the range.
    private let largestPulseCount: Float
    /// A step below this (1e-6 of dw_min) counts as vanished.
    private let vanishingStep: Float
}
