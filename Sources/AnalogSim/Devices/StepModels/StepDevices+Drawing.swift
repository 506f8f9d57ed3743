import Foundation

extension StepDeviceParameters: DeviceModel {
    public func makePopulation(count: Int, variation: RandomSource) -> StepDevices {
        StepDevices(parameters: self, count: count, variation: variation)
    }

    /// Full trains are taken as the pulses a constant dw_min needs to cross the range.
    public var fullTrainPulseCounts: (potentiation: Int, depression: Int) {
        let pulses = Int(((maximumWeight - minimumWeight) / minimumStep).rounded(.up))
        return (pulses, pulses)
    }

    public func withoutDeviceVariation() -> StepDeviceParameters {
        var nominal = self
        nominal.minimumStepDeviceToDevice = 0
        nominal.upDownAsymmetryDeviceToDevice = 0
        nominal.minimumWeightDeviceToDevice = 0
        nominal.maximumWeightDeviceToDevice = 0
        nominal.resetWeightDeviceToDevice = 0
        nominal.lifetimeDeviceToDevice = 0
        switch response {
        case .linear(var linear):
            linear.slopeUpDeviceToDevice = 0
            linear.slopeDownDeviceToDevice = 0
            nominal.response = .linear(linear)
        case .power(var power):
            power.gammaDeviceToDevice = 0
            power.upDownAsymmetryDeviceToDevice = 0
            nominal.response = .power(power)
        case .constant, .softBounds, .exponential, .piecewise:
            break
        }
        return nominal
    }
}

extension StepDevices {
    /// aihwkit's weight granularity g of a model: the weight change of a typical pulse, which the
    /// stochastic scheme divides by. Exp-step takes the down step at w = 0, power-step the step
    /// at mid-range, piecewise-step the middle node.
    static func granularity(_ parameters: StepDeviceParameters) -> Double {
        let step = parameters.minimumStep
        switch parameters.response {
        case .constant, .linear, .softBounds:
            return step
        case .exponential(let exponential):
            let downBias = StepDeviceParameters.asymmetryBiases(parameters.upDownAsymmetry).down
            let factor = max(1 - exponential.amplitudeDown * exp(-exponential.gammaDown * exponential.b), 0)
            let granularity = (1 + downBias) * step * factor
            return granularity > 0 ? granularity : step
        case .power(let power):
            return step * pow(0.5, power.gamma)
        case .piecewise(let piecewise):
            return step * piecewise.upNodes[piecewise.upNodes.count / 2]
        }
    }

    /// Draws each device's bounds, steps, reset weight and retention, then the slopes of the
    /// linear-step and power-step models, in aihwkit's order of quantities (the draws
    /// themselves come from AnalogSim's own generator).
    static func drawDevices(parameters: StepDeviceParameters, devices: StepDevices, variation: RandomSource) {
        let biases = StepDeviceParameters.asymmetryBiases(parameters.upDownAsymmetry)
        for device in 0..<devices.count {
            var upper = parameters.maximumWeight * (1 + parameters.maximumWeightDeviceToDevice * variation.standardNormal())
            var lower = parameters.minimumWeight * (1 + parameters.minimumWeightDeviceToDevice * variation.standardNormal())
            let spreadDraw = variation.standardNormal()
            let gain = parameters.minimumStepLogNormal
                ? exp(parameters.minimumStepDeviceToDevice * spreadDraw)
                : 1 + parameters.minimumStepDeviceToDevice * spreadDraw
            let asymmetry = parameters.upDownAsymmetryDeviceToDevice * variation.standardNormal()
            if lower > upper {
                swap(&lower, &upper)
            }
            devices.upperBounds[device] = Float(abs(upper))
            devices.lowerBounds[device] = Float(-abs(lower))
            devices.upSteps[device] = Float(abs((biases.up + gain + asymmetry) * parameters.minimumStep))
            devices.downSteps[device] = Float(abs((biases.down + gain - asymmetry) * parameters.minimumStep))

            let reset = parameters.resetWeight.map { $0 + parameters.resetWeightDeviceToDevice * variation.standardNormal() }
            devices.resetWeights[device] = min(max(Float(reset ?? -abs(lower)), Float(-abs(lower))), Float(abs(upper)))
            if parameters.lifetime > 0 {
                let lifetime = parameters.lifetime * (1 + parameters.lifetimeDeviceToDevice * variation.standardNormal())
                devices.retentionFactors[device] = lifetime > 1 ? Float(1 - 1 / lifetime) : 0
            }
        }

        switch parameters.response {
        case .linear(let linear):
            for device in 0..<devices.count {
                let up = linear.slopeUp + linear.slopeUpDeviceToDevice * variation.standardNormal()
                let down = linear.slopeDown + linear.slopeDownDeviceToDevice * variation.standardNormal()
                devices.upSlopes[device] = Float(linear.allowIncreasing ? up : abs(up))
                devices.downSlopes[device] = Float(linear.allowIncreasing ? down : abs(down))
            }
        case .power(let power):
            let exponentBiases = StepDeviceParameters.asymmetryBiases(power.upDownAsymmetry)
            for device in 0..<devices.count {
                let gain = 1 + power.gammaDeviceToDevice * variation.standardNormal()
                let asymmetry = power.upDownAsymmetryDeviceToDevice * variation.standardNormal()
                devices.upSlopes[device] = Float(abs((exponentBiases.up + gain + asymmetry) * power.gamma))
                devices.downSlopes[device] = Float(abs((exponentBiases.down + gain - asymmetry) * power.gamma))
            }
        case .constant, .softBounds, .exponential, .piecewise:
            break
        }
    }
}
