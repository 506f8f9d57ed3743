import AnalogSim
import Foundation

/// `analogsim profiles`: the bundled profiles and their key numbers.
enum ProfilesCommand {
    static let specifications = [TrainingOptions.helpOption]

    static func run(arguments: [String], output: TextSink, errors: TextSink, library: ProfileLibrary) throws {
        let parsed = try ParsedArguments(command: "profiles", arguments: arguments, options: specifications)
        if parsed.isSet("--help") {
            output.write(HelpText.profiles)
            return
        }
        let names = library.bundledNames()
        guard !names.isEmpty else {
            throw DeviceProfileError.noBundledProfiles(searched: library.searchedDirectories)
        }
        var invalid: [DeviceProfileError] = []

        var table = TextTable(header: ["name", "model", "key numbers", "C2C", "D2D", "source"])
        for name in names {
            let profile: DeviceProfile
            do {
                profile = try library.load(name).profile
            } catch let error as DeviceProfileError {
                invalid.append(error)
                continue
            }
            let source = String(profile.source.prefix(50)) + (profile.source.count > 50 ? "…" : "")
            switch profile.parameters {
            case .pulsePosition(let parameters):
                let onOff = parameters.onOffRatio.isFinite ? String(format: "%.3g", parameters.onOffRatio) : "∞"
                table.append([
                    name, profile.parameters.modelName,
                    String(format: "%d/%d levels, NL %.2f/%.2f, on/off %@", parameters.potentiation.levels, parameters.depression.levels,
                           parameters.potentiation.nonlinearity, parameters.depression.nonlinearity, onOff),
                    String(format: "%.1f %%", parameters.cycleToCycleSigma * 100),
                    parameters.deviceToDevice.isPresent ? "yes" : "no",
                    source,
                ])
            case .measured(let parameters):
                let range = parameters.conductanceRange
                table.append([
                    name, profile.parameters.modelName,
                    String(format: "%d/%d traces, %d/%d pulses, on/off %.3g", parameters.potentiationTraces.count, parameters.depressionTraces.count,
                           parameters.fullTrainPulseCounts.potentiation, parameters.fullTrainPulseCounts.depression,
                           range.minimum > 0 ? range.maximum / range.minimum : .infinity),
                    String(format: "%.1f %%", parameters.cycleToCycleSigma * 100),
                    max(parameters.potentiationTraces.count, parameters.depressionTraces.count) > 1 ? "traces" : "no",
                    source,
                ])
            case .binary(let parameters):
                table.append([
                    name, profile.parameters.modelName,
                    String(format: "2 states, on/off %.3g, p_switch %.3g", parameters.highConductance / max(parameters.lowConductance, .leastNonzeroMagnitude),
                           parameters.switchingProbability),
                    "—", parameters.switchingProbabilityDeviceToDevice > 0 ? "yes" : "no", source,
                ])
            case .step(let parameters):
                table.append([
                    name, profile.parameters.modelName,
                    String(format: "dw_min %.3g, bounds [%.3g, %.3g]", parameters.minimumStep, parameters.minimumWeight, parameters.maximumWeight),
                    String(format: "%.0f %% of step", parameters.cycleToCycle * 100),
                    parameters.withoutDeviceVariation() == parameters ? "no" : "yes",
                    source,
                ])
            }
        }
        output.write(table.render())

        // The valid profiles are listed; each invalid one is reported, and the exit status says so.
        for error in invalid.dropFirst() {
            errors.write("error: \(error.message)\n")
        }
        if let first = invalid.first {
            throw first
        }
    }
}
