/// Settings of a binary-weight learner that cannot run. Each message names the setting, the value
/// and what to use instead.
public enum BinaryLearnerSettingsError: Error, Equatable, UserFacingError {
    /// A hidden layer has no units.
    case emptyHiddenLayer(rule: String, sizes: [Int])
    /// A setting that must be positive is not.
    case notPositive(rule: String, setting: String, value: Double)
    /// The metaplasticity M is negative.
    case negativeMetaplasticity(value: Double)
    /// The hidden values change by summed mini-batch requests, which the scheme cannot write.
    case unsupportedScheme(rule: String, scheme: UpdateScheme)
    /// Devices were requested with the software rule for their pairs.
    case softwareRuleOnDevices(rule: String)
    /// p_switch of the deployed binary devices lies outside (0, 1].
    case switchingProbabilityOutOfRange(rule: String, value: Double)

    public var kind: FailureKind { .usage }

    public var message: String {
        switch self {
        case .emptyHiddenLayer(let rule, let sizes):
            return "\(rule): hidden layer sizes \(sizes) contain a layer of 0 units; give every hidden layer at least "
                + "one unit, for example 512,512."
        case .notPositive(let rule, let setting, let value):
            return "\(rule): \(setting) is \(value), but it must be greater than 0."
        case .negativeMetaplasticity(let value):
            return "metaplastic: the metaplasticity M is \(value), but it must be 0 or more; use 0 for the plain binarized "
                + "network, about 1.35 for permuted MNIST or 1.5 for MNIST then Fashion-MNIST."
        case .unsupportedScheme(let rule, let scheme):
            return "\(rule): the update scheme \(scheme.rawValue) cannot write the hidden values, which change by one summed "
                + "request per mini-batch; use deterministic or expected."
        case .softwareRuleOnDevices(let rule):
            return "\(rule): a device profile was given, but the pair rule is software; use bidirectional or unidirectional."
        case .switchingProbabilityOutOfRange(let rule, let value):
            return "\(rule): the switching probability of the deployed binary devices is \(value), but it must lie in (0, 1]."
        }
    }
}

extension HiddenWeightHardwareSettings {
    /// Throws when the settings cannot hold `rule`'s hidden values on devices.
    func validate(rule: String) throws {
        guard self.rule.usesDevices else { throw BinaryLearnerSettingsError.softwareRuleOnDevices(rule: rule) }
        guard update.scheme == .deterministic || update.scheme == .expected else {
            throw BinaryLearnerSettingsError.unsupportedScheme(rule: rule, scheme: update.scheme)
        }
        guard hiddenRange > 0 else {
            throw BinaryLearnerSettingsError.notPositive(rule: rule, setting: "hiddenRange", value: hiddenRange)
        }
        guard deployedSwitchingProbability > 0, deployedSwitchingProbability <= 1 else {
            throw BinaryLearnerSettingsError.switchingProbabilityOutOfRange(rule: rule, value: deployedSwitchingProbability)
        }
    }
}
