import AnalogSim
import Foundation

/// `analogsim device convert P --to MODEL`: a pulse-position profile as a linear-step profile, or
/// back.
enum DeviceConvertCommand {
    enum Target: String, CaseIterable {
        case linearStep = "linear-step"
        case pulsePosition = "pulse-position"
    }

    static let specifications = [
        OptionSpecification(name: "--to", valueName: "MODEL", help: "linear-step or pulse-position (required)"),
        OptionSpecification(name: "--minimum-conductance", valueName: "S", help: "to pulse-position: the conductance of the lowest weight, in siemens (default 1e-7)"),
        OptionSpecification(name: "--maximum-conductance", valueName: "S", help: "to pulse-position: the conductance of the highest weight, in siemens (default 1e-6)"),
        OptionSpecification(name: "--output", valueName: "FILE.json", help: "write the converted profile (default: print it)"),
        OptionSpecification(name: "--force", valueName: nil, help: "replace the --output file if it exists"),
        TrainingOptions.helpOption,
    ]

    static func run(arguments: [String], output: TextSink, library: ProfileLibrary) throws {
        let parsed = try ParsedArguments(command: "device convert", arguments: arguments, options: specifications, positionalLimit: 1)
        if parsed.isSet("--help") {
            output.write(HelpText.deviceConvert)
            return
        }
        guard let name = parsed.positionals.first else {
            throw UsageError("device convert: name a profile, for example 'analogsim device convert ag-a-si --to linear-step'.")
        }
        guard let target = try parsed.choice("--to", of: Target.self) else {
            throw UsageError("device convert: --to is required; valid values: \(Target.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let conductance = ProfileChecksText.requirement
        let minimum = try parsed.number("--minimum-conductance", requirement: conductance, isValid: { $0 >= 0 && $0 <= 1 }) ?? 1e-7
        let maximum = try parsed.number("--maximum-conductance", requirement: conductance, isValid: { $0 > 0 && $0 <= 1 }) ?? 1e-6
        guard minimum < maximum else {
            throw UsageError("device convert: --minimum-conductance (\(minimum) S) must be below --maximum-conductance (\(maximum) S).")
        }
        if let path = parsed.string("--output") {
            try ResultFileWriter.checkWritable(path: path, overwrite: parsed.isSet("--force"))
        }

        let loaded = try library.load(name)
        if target == .linearStep {
            for flag in ["--minimum-conductance", "--maximum-conductance"] where parsed.string(flag) != nil {
                throw UsageError("device convert: \(flag) applies only to --to pulse-position; leave it out for --to linear-step.")
            }
        }
        let converted = try convert(loaded.profile, path: loaded.path, to: target, minimumConductance: minimum, maximumConductance: maximum)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(converted), as: UTF8.self) + "\n"
        if let path = parsed.string("--output") {
            try ResultFileWriter.writeAtomically(Data(json.utf8), to: path)
            output.write("converted \(loaded.profile.name) (\(loaded.profile.parameters.modelName)) to \(target.rawValue), written to \(path)\n")
        } else {
            output.write(json)
        }
    }

    static func convert(_ profile: DeviceProfile, path: String, to target: Target, minimumConductance: Double,
                        maximumConductance: Double) throws -> DeviceProfile {
        var converted = profile
        converted.name = "\(profile.name)-\(target.rawValue)"
        converted.source = "converted by 'analogsim device convert \(path) --to \(target.rawValue)' from: \(profile.source)"
        switch (profile.parameters, target) {
        case (.pulsePosition(let parameters), .linearStep):
            converted.parameters = .step(DeviceConversion.linearStep(from: parameters))
            converted.source += String(format: "; weights −1…1 stand for %g…%g S (pass --minimum-conductance %g --maximum-conductance %g to convert back)",
                                       parameters.minimumConductance, parameters.maximumConductance,
                                       parameters.minimumConductance, parameters.maximumConductance)
        case (.step(let parameters), .pulsePosition):
            converted.parameters = .pulsePosition(try DeviceConversion.pulsePosition(
                from: parameters, minimumConductance: minimumConductance, maximumConductance: maximumConductance))
            converted.source += String(format: "; weights %g…%g mapped to %g…%g S", parameters.minimumWeight, parameters.maximumWeight,
                                       minimumConductance, maximumConductance)
        default:
            throw DeviceConversion.Failure.unsupportedModel(model: profile.parameters.modelName, target: target.rawValue)
        }
        return converted
    }
}

/// Requirement text of conductance flags.
enum ProfileChecksText {
    static let requirement = "a conductance in siemens from 0 to 1 (for example 1e-6 for 1 µS)"
}
