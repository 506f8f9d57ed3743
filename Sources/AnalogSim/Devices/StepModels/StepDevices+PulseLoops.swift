/// The loops behind `applyPulses` and `applyPulsesWithoutNoise`. The model, its noise form and the
/// device's parameters are chosen and loaded once per write (or once per batch of noise-free
/// writes), then a loop specialised for them applies the pulses with the weight in a register.
///
/// Each pulse performs the operations of `StepDevices.pulse` in the same order and draws its noise
/// in the same order (cycle-to-cycle, then write noise), so the loops give the weights of
/// `applyPulsesReference` bit for bit.
extension StepDevices {
    /// Applies `pulseCount` pulses (not 0) to `device`. With `noise` nil, or with neither
    /// cycle-to-cycle nor write noise, every pulse is noise-free.
    @inline(__always)
    func applyPulseTrain(_ pulseCount: Int, toDevice device: Int, noise: RandomSource?) {
        switch loopModel {
        case .constant:
            applyPulseTrain(pulseCount, toDevice: device, noise: noise, steps: constantStepSource)
        case .linear:
            applyPulseTrain(pulseCount, toDevice: device, noise: noise, steps: linearStepSource)
        case .softBounds:
            applyPulseTrain(pulseCount, toDevice: device, noise: noise, steps: softBoundsStepSource)
        case .general:
            applyGeneralPulseTrain(pulseCount, toDevice: device, noise: noise)
        }
    }

    /// Applies `pulseCounts[k]` noise-free pulses to `devices[k]` for every k.
    func applyNoiseFreePulseTrains(_ pulseCounts: UnsafeBufferPointer<Int32>, toDevices devices: UnsafeBufferPointer<Int32>) {
        switch loopModel {
        case .constant:
            applyNoiseFreePulseTrains(pulseCounts, toDevices: devices, steps: constantStepSource)
        case .linear:
            applyNoiseFreePulseTrains(pulseCounts, toDevices: devices, steps: linearStepSource)
        case .softBounds:
            applyNoiseFreePulseTrains(pulseCounts, toDevices: devices, steps: softBoundsStepSource)
        case .general:
            for (pulseCount, device) in zip(pulseCounts, devices) where pulseCount != 0 {
                applyGeneralPulseTrain(Int(pulseCount), toDevice: Int(device), noise: nil)
            }
        }
    }

    /// Applies the pulses of the exponential, power and piecewise models out of line, so that
    /// their large step functions do not burden the frequent calls for the simpler models.
    @inline(never)
    private func applyGeneralPulseTrain(_ pulseCount: Int, toDevice device: Int, noise: RandomSource?) {
        applyPulseTrain(pulseCount, toDevice: device, noise: noise, steps: ModelStepSource(devices: self))
    }

    /// Runs the noise-free loop inline, or the noisy loop out of line because it is large and
    /// dominated by its noise draws anyway.
    @inline(__always)
    private func applyPulseTrain<Source: DirectedStepSource>(
        _ pulseCount: Int, toDevice device: Int, noise: RandomSource?, steps: Source
    ) {
        let up = pulseCount > 0
        let step = steps.step(device: device, up: up)
        let count = Int(pulseCount.magnitude)
        if let noise, writesDrawNoise {
            applyNoisyPulses(step, count: count, device: device, up: up, noise: noise)
        } else {
            Self.applyNoiseFreePulses(step, count: count, up: up, weight: &pulsedWeights[device],
                                      lower: lowerBounds[device], upper: upperBounds[device])
        }
    }

    @inline(__always)
    private func applyNoiseFreePulseTrains<Source: DirectedStepSource>(
        _ pulseCounts: UnsafeBufferPointer<Int32>, toDevices devices: UnsafeBufferPointer<Int32>, steps: Source
    ) {
        let weights = pulsedWeights
        let lowerBounds = lowerBounds
        let upperBounds = upperBounds

        for (pulseCount, device) in zip(pulseCounts, devices) where pulseCount != 0 {
            let device = Int(device)
            let up = pulseCount > 0
            Self.applyNoiseFreePulses(steps.step(device: device, up: up), count: Int(pulseCount.magnitude), up: up,
                                      weight: &weights[device], lower: lowerBounds[device], upper: upperBounds[device])
        }
    }

    /// `w ← clip(w ± step(w))` for each pulse. The read weight is left to the caller.
    @inline(__always)
    private static func applyNoiseFreePulses<Step: DirectedStep>(
        _ step: Step, count: Int, up: Bool, weight: inout Float, lower: Float, upper: Float
    ) {
        var w = weight
        for _ in 0..<count {
            let magnitude = step.magnitude(at: w)
            let change = up ? magnitude : -magnitude
            w = min(max(w + change, lower), upper)
        }
        weight = w
    }

    /// Picks the loop of the population's cycle-to-cycle form.
    @inline(never)
    private func applyNoisyPulses<Step: DirectedStep>(_ step: Step, count: Int, device: Int, up: Bool, noise: RandomSource) {
        switch cycleToCycleForm {
        case .none:
            applyNoisyPulses(step, NoCycleToCycle(), count: count, device: device, up: up, noise: noise)
        case .multiplicative:
            applyNoisyPulses(step, MultiplicativeCycleToCycle(sigma: cycleToCycle), count: count, device: device, up: up, noise: noise)
        case .additive:
            let base = up ? upSteps[device] : downSteps[device]
            let form = AdditiveCycleToCycle(scale: base * cycleToCycle)
            applyNoisyPulses(step, form, count: count, device: device, up: up, noise: noise)
        case .exponential(let additive, let slope):
            let form = ExponentialCycleToCycle(sigma: cycleToCycle, additive: additive, slope: slope)
            applyNoisyPulses(step, form, count: count, device: device, up: up, noise: noise)
        }
    }

    /// `w ← clip(w + perturb(±step(w), ξ))` for each pulse and, with write noise, a read weight
    /// `w + writeNoise·dw_min·ξ'` of which only the last pulse's is kept.
    @inline(__always)
    private func applyNoisyPulses<Step: DirectedStep, Form: CycleToCycleForm>(
        _ step: Step, _ form: Form, count: Int, device: Int, up: Bool, noise: RandomSource
    ) {
        let lower = lowerBounds[device]
        let upper = upperBounds[device]
        let hasWriteNoise = writeNoiseScale > 0
        var w = pulsedWeights[device]
        var read = conductances[device]

        for _ in 0..<count {
            let magnitude = step.magnitude(at: w)
            var change = up ? magnitude : -magnitude
            if Form.drawsNoise {
                change = form.perturb(change, step: magnitude, weight: w, draw: Float(noise.standardNormal()))
            }
            w = min(max(w + change, lower), upper)
            if hasWriteNoise {
                read = w + Float(noise.standardNormal()) * writeNoiseScale
            }
        }

        pulsedWeights[device] = w
        if hasWriteNoise {
            conductances[device] = read
        }
    }

    private var constantStepSource: ConstantStepSource {
        ConstantStepSource(upSteps: upSteps, downSteps: downSteps)
    }

    private var softBoundsStepSource: SoftBoundsStepSource {
        SoftBoundsStepSource(upSteps: upSteps, downSteps: downSteps, lowerBounds: lowerBounds, upperBounds: upperBounds)
    }

    private var linearStepSource: LinearStepSource {
        LinearStepSource(upSteps: upSteps, downSteps: downSteps, upSlopes: upSlopes, downSlopes: downSlopes,
                         lowerBounds: lowerBounds, upperBounds: upperBounds, meanBoundReference: linearMeanBoundReference,
                         nominalMinimum: nominalMinimumConductance, nominalMaximum: nominalMaximumConductance)
    }
}

/// The step model of a population as far as it picks a pulse loop. It has no payload that needs
/// reference counting (unlike `StepResponse`), so a switch over it per write copies nothing.
enum PulseLoopModel {
    case constant
    case linear
    case softBounds
    /// The exponential, power and piecewise models, stepped through `StepDevices.step`.
    case general

    init(_ response: StepResponse) {
        switch response {
        case .constant: self = .constant
        case .linear: self = .linear
        case .softBounds: self = .softBounds
        case .exponential, .power, .piecewise: self = .general
        }
    }
}

/// The cycle-to-cycle form of a population (`CycleToCycleForm`), chosen once from its model.
enum CycleToCycleFormKind {
    case none
    case multiplicative
    case additive
    case exponential(additive: Float, slope: Float)

    init(_ response: StepResponse, cycleToCycle: Float) {
        guard cycleToCycle > 0 else {
            self = .none
            return
        }
        switch response {
        case .linear(let linear) where !linear.multiplicativeNoise:
            self = .additive
        case .softBounds(let softBounds) where !softBounds.multiplicativeNoise:
            self = .additive
        case .exponential(let exponential) where exponential.noiseAdditive != 0 || exponential.noiseSlope != 0:
            self = .exponential(additive: Float(exponential.noiseAdditive), slope: Float(exponential.noiseSlope))
        default:
            self = .multiplicative
        }
    }
}
