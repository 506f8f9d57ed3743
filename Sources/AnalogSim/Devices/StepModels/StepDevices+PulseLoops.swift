/// The loops behind `applyPulses` and `applyPulsesWithoutNoise`. The model, its noise form and the
/// device's parameters are chosen and loaded once per write, then a loop specialised for them
/// applies the pulses with the weight kept in a register.
///
/// Each pulse performs the operations of `StepDevices.pulse` in the same order and draws its noise
/// in the same order (cycle-to-cycle, then write noise), so the loops give the weights of
/// `applyPulsesReference` bit for bit.
extension StepDevices {
    /// Applies `pulseCount` pulses (not 0) to `device`; with `noise` nil, or with neither
    /// cycle-to-cycle nor write noise, every pulse is noise-free.
    @inline(__always)
    func applyPulseTrain(_ pulseCount: Int, toDevice device: Int, noise: RandomSource?) {
        let up = pulseCount > 0
        let count = Int(pulseCount.magnitude)
        let base = up ? upSteps[device] : downSteps[device]

        switch response {
        case .constant:
            applyPulseTrain(FixedStep(base: base), count: count, device: device, up: up, noise: noise)
        case .linear(let linear):
            let reference = linear.meanBoundReference
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
        case .exponential, .power, .piecewise:
            applyPulseTrain(ModelDirectedStep(devices: self, device: device, up: up), count: count, device: device, up: up, noise: noise)
        }
    }

    /// Picks the noise-free loop or the noisy loop with the model's cycle-to-cycle form.
    @inline(__always)
    private func applyPulseTrain<Step: DirectedStep>(_ step: Step, count: Int, device: Int, up: Bool, noise: RandomSource?) {
        guard let noise, cycleToCycle > 0 || writeNoiseScale > 0 else {
            applyNoiseFreePulses(step, count: count, device: device, up: up)
            return
        }
        guard cycleToCycle > 0 else {
            applyNoisyPulses(step, NoCycleToCycle(), count: count, device: device, up: up, noise: noise)
            return
        }

        let base = up ? upSteps[device] : downSteps[device]
        switch response {
        case .linear(let linear) where !linear.multiplicativeNoise:
            let form = AdditiveCycleToCycle(scale: base * cycleToCycle)
            applyNoisyPulses(step, form, count: count, device: device, up: up, noise: noise)
        case .softBounds(let softBounds) where !softBounds.multiplicativeNoise:
            let form = AdditiveCycleToCycle(scale: base * cycleToCycle)
            applyNoisyPulses(step, form, count: count, device: device, up: up, noise: noise)
        case .exponential(let exponential) where exponential.noiseAdditive != 0 || exponential.noiseSlope != 0:
            let form = ExponentialCycleToCycle(sigma: cycleToCycle, additive: Float(exponential.noiseAdditive),
                                               slope: Float(exponential.noiseSlope))
            applyNoisyPulses(step, form, count: count, device: device, up: up, noise: noise)
        default:
            applyNoisyPulses(step, MultiplicativeCycleToCycle(sigma: cycleToCycle), count: count, device: device, up: up, noise: noise)
        }
    }

    /// `w ← clip(w ± step(w))` for each pulse; the read weight is left to the caller.
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

    /// `w ← clip(w + perturb(±step(w), ξ))` for each pulse and, with write noise, a read weight
    /// `w + writeNoise·dw_min·ξ'` of which only the last pulse's is kept.
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
