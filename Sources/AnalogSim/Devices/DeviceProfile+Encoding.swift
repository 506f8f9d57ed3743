/// Writes a profile in the same format as a profile file, so that the profile recorded in a
/// result file can be saved and loaded again.
extension DeviceProfile: Encodable {
    private struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encode(name, forKey: DynamicKey("name"))
        try container.encode(description, forKey: DynamicKey("description"))
        try container.encode(source, forKey: DynamicKey("source"))
        try container.encode(parameters.modelName, forKey: DynamicKey("model"))
        if let write {
            try container.encode(write, forKey: DynamicKey("write"))
        }

        switch parameters {
        case .pulsePosition(let parameters):
            try container.encode(parameters.minimumConductance, forKey: DynamicKey("minimumConductance"))
            try container.encode(parameters.maximumConductance, forKey: DynamicKey("maximumConductance"))
            try container.encode(
                ["levels": Double(parameters.potentiation.levels), "nonlinearity": parameters.potentiation.nonlinearity],
                forKey: DynamicKey("potentiation"))
            try container.encode(
                ["levels": Double(parameters.depression.levels), "nonlinearity": parameters.depression.nonlinearity],
                forKey: DynamicKey("depression"))
            try container.encode(parameters.cycleToCycleSigma, forKey: DynamicKey("cycleToCycleSigma"))
            try container.encode(parameters.cycleToCycleNoise.rawValue, forKey: DynamicKey("cycleToCycleNoise"))
            try container.encode(
                [
                    "nonlinearitySigma": parameters.deviceToDevice.nonlinearitySigma,
                    "conductanceRangeSigma": parameters.deviceToDevice.conductanceRangeSigma,
                    "levelsSigma": parameters.deviceToDevice.levelsSigma,
                ],
                forKey: DynamicKey("deviceToDevice"))
            try container.encode(parameters.readNoiseSigma, forKey: DynamicKey("readNoiseSigma"))
        case .step(let parameters):
            try encodeStep(parameters, into: &container)
        case .measured(let parameters):
            try container.encode(parameters.potentiationTraces, forKey: DynamicKey("potentiationTraces"))
            try container.encode(parameters.depressionTraces, forKey: DynamicKey("depressionTraces"))
            try container.encode(parameters.cycleToCycleSigma, forKey: DynamicKey("cycleToCycleSigma"))
            try container.encode(parameters.readNoiseSigma, forKey: DynamicKey("readNoiseSigma"))
        case .binary(let parameters):
            try container.encode(parameters.lowConductance, forKey: DynamicKey("lowConductance"))
            try container.encode(parameters.highConductance, forKey: DynamicKey("highConductance"))
            try container.encode(parameters.switchingProbability, forKey: DynamicKey("switchingProbability"))
            try container.encode(parameters.switchingProbabilityDeviceToDevice, forKey: DynamicKey("switchingProbabilityDeviceToDevice"))
            try container.encode(parameters.readNoiseSigma, forKey: DynamicKey("readNoiseSigma"))
        }
    }

    private func encodeStep(_ parameters: StepDeviceParameters, into container: inout KeyedEncodingContainer<DynamicKey>) throws {
        try container.encode(StepObject(
            minimum: parameters.minimumStep, deviceToDevice: parameters.minimumStepDeviceToDevice,
            logNormal: parameters.minimumStepLogNormal, cycleToCycle: parameters.cycleToCycle,
            upDownAsymmetry: parameters.upDownAsymmetry, upDownAsymmetryDeviceToDevice: parameters.upDownAsymmetryDeviceToDevice),
            forKey: DynamicKey("step"))
        try container.encode([
            "minimum": parameters.minimumWeight, "maximum": parameters.maximumWeight,
            "minimumDeviceToDevice": parameters.minimumWeightDeviceToDevice,
            "maximumDeviceToDevice": parameters.maximumWeightDeviceToDevice,
        ], forKey: DynamicKey("bounds"))
        try container.encode(parameters.writeNoise, forKey: DynamicKey("writeNoise"))
        if let reset = parameters.resetWeight {
            try container.encode(["weight": reset, "deviceToDevice": parameters.resetWeightDeviceToDevice], forKey: DynamicKey("reset"))
        }
        if parameters.lifetime > 0 {
            try container.encode(["samples": parameters.lifetime, "deviceToDevice": parameters.lifetimeDeviceToDevice],
                                 forKey: DynamicKey("lifetime"))
        }
        switch parameters.response {
        case .constant:
            break
        case .linear(let linear):
            try container.encode(LinearObject(
                slopeUp: linear.slopeUp, slopeDown: linear.slopeDown, slopeUpDeviceToDevice: linear.slopeUpDeviceToDevice,
                slopeDownDeviceToDevice: linear.slopeDownDeviceToDevice, meanBoundReference: linear.meanBoundReference,
                multiplicativeNoise: linear.multiplicativeNoise, allowIncreasing: linear.allowIncreasing), forKey: DynamicKey("linear"))
        case .softBounds(let softBounds):
            try container.encode(["multiplicativeNoise": softBounds.multiplicativeNoise], forKey: DynamicKey("softBounds"))
        case .exponential(let exponential):
            try container.encode([
                "amplitudeUp": exponential.amplitudeUp, "amplitudeDown": exponential.amplitudeDown,
                "gammaUp": exponential.gammaUp, "gammaDown": exponential.gammaDown, "a": exponential.a, "b": exponential.b,
                "noiseAdditive": exponential.noiseAdditive, "noiseSlope": exponential.noiseSlope,
            ], forKey: DynamicKey("exponential"))
        case .power(let power):
            try container.encode([
                "gamma": power.gamma, "upDownAsymmetry": power.upDownAsymmetry,
                "gammaDeviceToDevice": power.gammaDeviceToDevice, "upDownAsymmetryDeviceToDevice": power.upDownAsymmetryDeviceToDevice,
            ], forKey: DynamicKey("power"))
        case .piecewise(let piecewise):
            try container.encode(["up": piecewise.upNodes, "down": piecewise.downNodes], forKey: DynamicKey("piecewise"))
        }
    }

    /// The `step` object of a step-model profile.
    private struct StepObject: Encodable {
        let minimum: Double
        let deviceToDevice: Double
        let logNormal: Bool
        let cycleToCycle: Double
        let upDownAsymmetry: Double
        let upDownAsymmetryDeviceToDevice: Double
    }

    /// The `linear` object of a linear-step profile.
    private struct LinearObject: Encodable {
        let slopeUp: Double
        let slopeDown: Double
        let slopeUpDeviceToDevice: Double
        let slopeDownDeviceToDevice: Double
        let meanBoundReference: Bool
        let multiplicativeNoise: Bool
        let allowIncreasing: Bool
    }
}
