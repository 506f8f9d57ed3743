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

        var table = TextTable(header: ["name", "levels LTP/LTD", "NL LTP/LTD", "on/off", "C2C", "D2D", "source"])
        for name in names {
            let profile: DeviceProfile
            do {
                profile = try library.load(name).profile
            } catch let error as DeviceProfileError {
                invalid.append(error)
                continue
            }
            switch profile.parameters {
            case .pulsePosition(let parameters):
                table.append([
                    name,
                    "\(parameters.potentiation.levels)/\(parameters.depression.levels)",
                    String(format: "%.2f/%.2f", parameters.potentiation.nonlinearity, parameters.depression.nonlinearity),
                    parameters.onOffRatio.isFinite ? String(format: "%.3g", parameters.onOffRatio) : "∞",
                    String(format: "%.1f %%", parameters.cycleToCycleSigma * 100),
                    parameters.deviceToDevice.isPresent ? "yes" : "no",
                    String(profile.source.prefix(60)) + (profile.source.count > 60 ? "…" : ""),
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
