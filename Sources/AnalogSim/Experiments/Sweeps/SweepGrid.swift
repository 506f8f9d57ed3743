import Foundation

/// One varied parameter and its values, as written on the command line or in a specification.
public struct SweepAxis: Codable, Equatable, Sendable {
    /// A `SweepParameter` raw value.
    public var parameter: String
    /// The values as text, in the order given.
    public var values: [String]

    public init(parameter: String, values: [String]) {
        self.parameter = parameter
        self.values = values
    }

    /// Parses `NAME=V1,V2,…`, the value of one `--vary`.
    public static func parse(_ text: String) throws -> SweepAxis {
        guard let equals = text.firstIndex(of: "=") else { throw SweepError.invalidVarySyntax(text: text) }
        let name = text[..<equals].trimmingCharacters(in: .whitespaces)
        let values = text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !name.isEmpty, !values.contains(where: \.isEmpty) else { throw SweepError.invalidVarySyntax(text: text) }
        return SweepAxis(parameter: name, values: values)
    }
}

/// A parameter and the value it takes at one point.
public struct SweepSetting: Codable, Equatable, Sendable {
    public var parameter: String
    public var value: String

    public init(parameter: String, value: String) {
        self.parameter = parameter
        self.value = value
    }
}

/// One training run of a sweep.
public struct SweepPoint: Sendable {
    /// The position in the grid, from 0; stable across interruptions, shards and `--jobs`.
    public let index: Int
    public let settings: [SweepSetting]
    public let configuration: TrainingConfiguration
    /// The point's profile; nil for the software rule.
    public let profile: DeviceProfileRecord?

    /// `NAME=VALUE` of every setting, joined by commas, for example `levels=16,seed=2`.
    public var key: String {
        settings.map { "\($0.parameter)=\($0.value)" }.joined(separator: ",")
    }
}

/// The grid of a sweep: the product of its axes, the last axis changing fastest.
public struct SweepGrid: Sendable {
    public let axes: [SweepAxis]
    private let parameters: [SweepParameter]

    /// Checks every axis: a known parameter, varied once, each value well-formed and given once.
    public init(axes: [SweepAxis]) throws {
        var seen: Set<String> = []
        var parameters: [SweepParameter] = []
        for axis in axes {
            let parameter = try SweepParameter.named(axis.parameter)
            guard seen.insert(axis.parameter).inserted else { throw SweepError.repeatedParameter(name: axis.parameter) }
            guard !axis.values.isEmpty else {
                throw SweepError.invalidVarySyntax(text: "\(axis.parameter)=")
            }
            var values: Set<String> = []
            for value in axis.values {
                try parameter.checkSyntax(value)
                guard values.insert(value).inserted else { throw SweepError.repeatedValue(parameter: axis.parameter, value: value) }
            }
            parameters.append(parameter)
        }
        self.axes = axes
        self.parameters = parameters
    }

    /// The number of points: the product of the axis lengths (1 with no axes).
    public var pointCount: Int {
        axes.reduce(1) { $0 * $1.values.count }
    }

    /// Returns whether the grid varies `parameter`.
    public func varies(_ parameter: SweepParameter) -> Bool {
        parameters.contains(parameter)
    }

    /// Builds every point from `base` and `profile`, and validates each distinct point profile
    /// with the profile reader, so that no run starts from a profile that a file could not hold.
    public func points(base: TrainingConfiguration, profile: DeviceProfileRecord) throws -> [SweepPoint] {
        if let parameter = parameters.first(where: \.changesProfile),
           case let model = profile.content.parameters.modelName, model != PulsePositionParameters.modelName {
            throw SweepError.profileParameterOnOtherModel(parameter: parameter.rawValue, model: model)
        }
        var validatedProfiles: [String: DeviceProfileRecord] = [:]
        return try (0..<pointCount).map { index in
            let settings = settings(at: index)
            var configuration = base
            var content = profile.content
            var profileSettings: [SweepSetting] = []
            for (parameter, setting) in zip(self.parameters, settings) where !parameter.changesProfile {
                try parameter.apply(setting.value, to: &configuration)
            }
            // The check above leaves profile parameters only on pulse-position profiles.
            if case .pulsePosition(var parameters) = content.parameters {
                for (parameter, setting) in zip(self.parameters, settings) where parameter.changesProfile {
                    try parameter.apply(setting.value, to: &parameters)
                    profileSettings.append(setting)
                }
                content.parameters = .pulsePosition(parameters)
            }

            let profileKey = profileSettings.map { "\($0.parameter)=\($0.value)" }.joined(separator: ",")
            if validatedProfiles[profileKey] == nil {
                validatedProfiles[profileKey] = profileSettings.isEmpty
                    ? profile : try Self.validated(content, path: profile.path, settings: profileKey)
            }
            let pointProfile = configuration.rule.usesDevices ? validatedProfiles[profileKey] : nil
            return SweepPoint(index: index, settings: settings, configuration: configuration, profile: pointProfile)
        }
    }

    /// Returns the settings of point `index`, its coordinates in row-major order.
    public func settings(at index: Int) -> [SweepSetting] {
        var remainder = index
        var settings: [SweepSetting] = []
        for axis in axes.reversed() {
            settings.append(SweepSetting(parameter: axis.parameter, value: axis.values[remainder % axis.values.count]))
            remainder /= axis.values.count
        }
        return settings.reversed()
    }

    /// Encodes `content` as a profile file and reads it back through `DeviceProfileReader`.
    private static func validated(_ content: DeviceProfile, path: String, settings: String) throws -> DeviceProfileRecord {
        do {
            let bytes = try JSONEncoder().encode(content)
            return DeviceProfileRecord(path: path, content: try DeviceProfileReader.parse(bytes: [UInt8](bytes), path: path))
        } catch let error as UserFacingError {
            throw SweepError.invalidPointProfile(settings: settings, reason: error.message)
        }
    }
}
