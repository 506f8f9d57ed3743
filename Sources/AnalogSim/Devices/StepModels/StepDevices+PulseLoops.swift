/// The loops behind `applyPulses` and `applyPulsesWithoutNoise`. The model, its noise form and the
/// device's parameters are chosen and loaded once per write, then a loop specialised for them
/// applies the pulses with the weight kept in a register.
///
/// Each pulse performs the operations of `StepDevices.pulse` in the same order and draws its noise
/// in the same order (cycle-to-cycle, then write noise), so the loops give the weights of
/// `applyPulsesReference` bit for bit.
extension StepDevices {
    /// Applies `pulseCount` pulses (not 0) to `device`. With `noise` nil, or with neither
    /// cycle-to-cycle nor write noise, every pulse is noise-free.
    @inline(__always)
    func applyPulseTrain(_ pulseCount: Int, toDevice device: Int, noise: RandomSource?) {
        let up = pulseCount > 0
        let count = Int(pulseCount.magnitude)
        let base = up ? upSteps[device] : downSteps[device]

        switch loopModel {
        case .constant:
            applyPulseTrain(FixedStep(base: base), count: count, device: device, up: up, noise: noise)
        case .linear(let meanBoundReference):
            let reference = meanBoundReference
                ? (up ? nominalMaximumConductance : nominalMinimumConductance)
                : (up ? upperBounds[device] : lowerBounds[device])
            if reference == 0 {
                applyPulseTrain(FixedStep(base: base), count: count, device: device, up: up, noise: noise)
            } else {
                let step = LinearDirectedStep(base: base, slope: up ? upSlopes[device] : downSlopes[device], reference: reference)
                applyPulseTrain(step, count: count, device: device, up: up, noise: noise)
            }
        case .softBounds:
            let bound = up ? upperBounds[device] : lowerBounds[device]
            if bound == 0 {
                applyPulseTrain(FixedStep(base: base), count: count, device: device, up: up, noise: noise)
            } else {
                applyPulseTrain(SoftBoundsDirectedStep(base: base, bound: bound), count: count, device: device, up: up, noise: noise)
            }
        case .general:
            applyPulseTrain(ModelDirectedStep(devices: self, device: device, up: up), count: count, device: device, up: up, noise: noise)
        }
    }

    /// Runs the noise-free loop inline, or the noisy loop out of line because it is large and
    /// dominated by its noise draws anyway.
    @inline(__always)
    private func applyPulseTrain<Step: DirectedStep>(_ step: Step, count: Int, device: Int, up: Bool, noise: RandomSource?) {
        if let noise, hasPulseNoise {
            applyNoisyPulses(step, count: count, device: device, up: up, noise: noise)
        } else {
            applyNoiseFreePulses(step, count: count, device: device, up: up)
        }
    }

    /// `w ← clip(w ± step(w))` for each pulse. The read weight is left to the caller.
    @inline(__always)
    private func applyNoiseFreePulses<Step: DirectedStep>(_ step: Step, count: Int, device: Int, up: Bool) {
        let lower = lowerBounds[device]
        let upper = upperBounds[device]
        var w = pulsedWeights[device]

        for _ in 0..<count {
            let magnitude = step.magnitude(at: w)
            let change = up ? magnitude : -magnitude
            w = min(max(w + change, lower), upper)
        }

        pulsedWeights[device] = w
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
}

/// The step model of a population as far as it picks a pulse loop. It has no payload that needs
/// reference counting (unlike `StepResponse`), so a switch over it per write copies nothing.
enum PulseLoopModel {
    case constant
    case linear(meanBoundReference: Bool)
    case softBounds
    /// The exponential, power and piecewise models, stepped through `StepDevices.step`.
    case general

    init(_ response: StepResponse) {
        switch response {
        case .constant: self = .constant
        case .linear(let linear): self = .linear(meanBoundReference: linear.meanBoundReference)
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
