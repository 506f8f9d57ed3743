/// The device mapping of the binary-weight learners. The hidden real value of every synapse (the
/// field θ of the mean-field rule, W_h of the metaplastic rule) is the weight of a pulsed analog
/// device pair. The deployed binary weight is read from that pair or stored in binary devices.
public struct HiddenWeightHardwareSettings: Codable, Equatable, Sendable {
    /// The write rule of the pair that stores the hidden value: `.bidirectional` or `.unidirectional`.
    public var rule: LearningRule
    /// The update scheme and its settings. The hidden values change by a summed mini-batch
    /// request, so only the `deterministic` and `expected` schemes apply.
    public var update: HardwareUpdateSettings
    /// Wmax of the hidden pair: hidden values are held within [−hiddenRange, hiddenRange], and
    /// initial values beyond it are clipped.
    public var hiddenRange: Double
    /// The location of the deployed binary weights.
    public var deployment: BinaryDeployment
    /// p_switch of the deployed binary devices (`deployment == .binaryDevices`): the probability
    /// that one pulse flips a device. A flip that fails is tried again at the next update.
    public var deployedSwitchingProbability: Double

    public init(rule: LearningRule = .bidirectional, update: HardwareUpdateSettings = HardwareUpdateSettings(),
                hiddenRange: Double = 3, deployment: BinaryDeployment = .pairSign,
                deployedSwitchingProbability: Double = 1) {
        self.rule = rule
        self.update = update
        self.hiddenRange = hiddenRange
        self.deployment = deployment
        self.deployedSwitchingProbability = deployedSwitchingProbability
    }

    /// Returns the summary tail of a learner whose hidden value is called `hiddenValue`: the
    /// device pairs holding it on `profile`, or floating point without a profile.
    func summary(hiddenValue: String, profile: DeviceProfile?) -> String {
        guard let profile else { return "; floating point" }
        return "; \(hiddenValue) on \(profile.name) pairs (\(rule.rawValue), \(update.scheme.rawValue), "
            + "range ±\(hiddenRange)), deployed weights \(deployment.rawValue)"
    }
}

/// The location of the deployed binary weights of a binary-weight learner.
public enum BinaryDeployment: String, CaseIterable, Codable, Sendable {
    /// A comparator reads the sign of G⁺ − G⁻ of the hidden pair: no extra devices, and the
    /// binary weight always agrees with the hidden value (a difference of exactly 0 reads +1).
    case pairSign = "pair-sign"
    /// A second crossbar of binary device pairs (G⁺, G⁻ in opposite states) stores w. When the
    /// sign of a hidden value changes, each device of the synapse's binary pair that is not yet in
    /// its new state gets one pulse.
    case binaryDevices = "binary-devices"
}
