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
        }
    }
}
