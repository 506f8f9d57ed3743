/// A setting that a sweep varies: a parameter of a pulse-position profile, or the learning
/// rule, update scheme or seed of the training run.
///
/// Profile parameters use the profile file's key paths (`potentiation.nonlinearity`), so an
/// error from profile validation names the same key. `levels` sets both polarities, and
/// `onOffRatio` sets Gmin to Gmax / ratio with Gmax kept.
public enum SweepParameter: String, CaseIterable, Sendable {
    case levels
    case potentiationLevels = "potentiation.levels"
    case depressionLevels = "depression.levels"
    case potentiationNonlinearity = "potentiation.nonlinearity"
    case depressionNonlinearity = "depression.nonlinearity"
    case onOffRatio
    case cycleToCycleSigma
    case nonlinearitySigma = "deviceToDevice.nonlinearitySigma"
    case conductanceRangeSigma = "deviceToDevice.conductanceRangeSigma"
    case levelsSigma = "deviceToDevice.levelsSigma"
    case readNoiseSigma
    case rule
    case updateScheme = "update-scheme"
    case seed

    /// Whether the parameter changes the device profile (and so needs a pulse-position profile).
    public var changesProfile: Bool {
        switch self {
        case .rule, .updateScheme, .seed: return false
        default: return true
        }
    }

    /// Returns the parameter named `name`, or throws an error that suggests the nearest name.
    public static func named(_ name: String) throws -> SweepParameter {
        guard let parameter = SweepParameter(rawValue: name) else {
            let names = allCases.map(\.rawValue)
            throw SweepError.unknownParameter(name: name, suggestion: NearestName.suggestion(for: name, among: names))
        }
        return parameter
    }

    /// Checks that `text` has the form this parameter takes. Ranges of profile parameters are
    /// checked later by profile validation, on the whole profile of each point, so here a
    /// profile parameter is applied to a throwaway linear profile.
    public func checkSyntax(_ text: String) throws {
        if changesProfile {
            var profile = PulsePositionParameters(
                minimumConductance: 1, maximumConductance: 2,
                potentiation: CurveParameters(levels: 2, nonlinearity: 0), depression: CurveParameters(levels: 2, nonlinearity: 0))
            try apply(text, to: &profile)
        } else {
            var configuration = TrainingConfiguration()
            try apply(text, to: &configuration)
        }
    }

    /// Sets this parameter, one of `rule`, `update-scheme` and `seed`, to `text` in `configuration`.
    public func apply(_ text: String, to configuration: inout TrainingConfiguration) throws {
        switch self {
        case .rule:
            configuration.rule = try choice(text, of: LearningRule.self)
        case .updateScheme:
            configuration.hardware.scheme = try choice(text, of: UpdateScheme.self)
        case .seed:
            guard let seed = UInt64(text) else {
                throw SweepError.invalidValue(parameter: rawValue, value: text, requirement: "a whole number from 0 to \(UInt64.max)")
            }
            configuration.seed = seed
        default:
            preconditionFailure("\(rawValue) is a profile parameter")
        }
    }

    /// Sets this profile parameter to `text` in `profile`.
    public func apply(_ text: String, to profile: inout PulsePositionParameters) throws {
        switch self {
        case .levels:
            let levels = try wholeNumber(text)
            profile.potentiation.levels = levels
            profile.depression.levels = levels
        case .potentiationLevels:
            profile.potentiation.levels = try wholeNumber(text)
        case .depressionLevels:
            profile.depression.levels = try wholeNumber(text)
        case .potentiationNonlinearity:
            profile.potentiation.nonlinearity = try number(text)
        case .depressionNonlinearity:
            profile.depression.nonlinearity = try number(text)
        case .onOffRatio:
            let ratio = try number(text)
            guard ratio > 1 else {
                throw SweepError.invalidValue(parameter: rawValue, value: text, requirement: "a number above 1 (Gmax/Gmin)")
            }
            profile.minimumConductance = profile.maximumConductance / ratio
        case .cycleToCycleSigma:
            profile.cycleToCycleSigma = try number(text)
        case .nonlinearitySigma:
            profile.deviceToDevice.nonlinearitySigma = try number(text)
        case .conductanceRangeSigma:
            profile.deviceToDevice.conductanceRangeSigma = try number(text)
        case .levelsSigma:
            profile.deviceToDevice.levelsSigma = try number(text)
        case .readNoiseSigma:
            profile.readNoiseSigma = try number(text)
        case .rule, .updateScheme, .seed:
            preconditionFailure("\(rawValue) is not a profile parameter")
        }
    }

    private func wholeNumber(_ text: String) throws -> Int {
        guard let value = Int(text), value >= 0 else {
            throw SweepError.invalidValue(parameter: rawValue, value: text, requirement: "a whole number of pulses, for example 64")
        }
        return value
    }

    private func number(_ text: String) throws -> Double {
        let decimalCharacters = Set("0123456789.eE+-")
        guard !text.isEmpty, text.allSatisfy(decimalCharacters.contains), let value = Double(text), value.isFinite else {
            throw SweepError.invalidValue(parameter: rawValue, value: text, requirement: "a finite decimal number, for example 0.05")
        }
        return value
    }

    private func choice<Choice: RawRepresentable & CaseIterable>(_ text: String, of type: Choice.Type) throws -> Choice
    where Choice.RawValue == String {
        guard let value = Choice(rawValue: text) else {
            let valid = Choice.allCases.map(\.rawValue)
            throw SweepError.invalidValue(parameter: rawValue, value: text, requirement: "one of \(valid.joined(separator: ", "))")
        }
        return value
    }
}
