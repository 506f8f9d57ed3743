import AnalogSim
import Foundation

/// `analogsim device show P`: a profile's numbers and its response to full pulse trains.
enum DeviceCommand {
    enum Format: String, CaseIterable {
        case table
        case csv
    }

    static let specifications = [
        OptionSpecification(name: "--noise", valueName: nil, help: "include cycle-to-cycle noise (default: none, the nominal curve)"),
        OptionSpecification(name: "--seed", valueName: "S", help: "seed of the noise and of the devices drawn for --plot (default 1)"),
        OptionSpecification(name: "--format", valueName: "NAME", help: "table or csv (default table)"),
        OptionSpecification(name: PlotOption.name, valueName: PlotOption.valueName,
                            help: "also draw the pulse trains and step sizes; the extension chooses SVG or PNG (default: no plot)"),
        OptionSpecification(name: "--devices", valueName: "N",
                            help: "devices drawn with the profile's device-to-device variation in the --plot figure, 0 to \(DeviceResponseFigure.maximumDeviceCount) (default \(DeviceResponseFigure.defaultDeviceCount))"),
        OptionSpecification(name: "--force", valueName: nil, help: "replace the --plot file if it exists"),
        TrainingOptions.helpOption,
    ]

    static func run(arguments: [String], output: TextSink, errors: TextSink, library: ProfileLibrary) throws {
        if arguments.first == "fit" {
            try DeviceFitCommand.run(arguments: Array(arguments.dropFirst()), output: output)
            return
        }
        if arguments.first == "convert" {
            try DeviceConvertCommand.run(arguments: Array(arguments.dropFirst()), output: output, library: library)
            return
        }
        let parsed = try ParsedArguments(command: "device", arguments: arguments, options: specifications, positionalLimit: 2)
        if parsed.isSet("--help") {
            output.write(HelpText.deviceShow)
            return
        }
        guard !parsed.positionals.isEmpty else {
            throw UsageError("device: name a subcommand: show, convert or fit (for example 'analogsim device show ag-a-si'); 'analogsim device --help' explains them.")
        }
        guard parsed.positionals[0] == "show" else {
            if let guess = NearestName.suggestion(for: parsed.positionals[0], among: ["show", "convert", "fit"]) {
                throw UsageError("device: unknown subcommand '\(parsed.positionals[0])'. Did you mean '\(guess)'? The subcommands are 'show', 'convert' and 'fit'.")
            }
            throw UsageError("device: unknown subcommand '\(parsed.positionals[0])'; the subcommands are 'show' (analogsim device show P), 'convert' (analogsim device convert P --to MODEL) and 'fit' (analogsim device fit DATA.csv).")
        }
        guard parsed.positionals.count == 2 else {
            throw UsageError("device show: name a profile, for example 'analogsim device show ag-a-si'.")
        }
        let format = try parsed.choice("--format", of: Format.self) ?? .table
        var seed: UInt64 = 1
        if let text = parsed.string("--seed") {
            guard let value = UInt64(text) else {
                throw UsageError("device show: --seed must be a whole number from 0 to \(UInt64.max), but it is '\(text)'.")
            }
            seed = value
        }
        let plotPath = parsed.string(PlotOption.name)
        let deviceCount = try plotDeviceCount(parsed, plotPath: plotPath)
        try PlotOption.check(plotPath, overwrite: parsed.isSet("--force"))

        let loaded = try library.load(parsed.positionals[1])
        let response = PulseTrainResponse.measure(profile: loaded.profile, withNoise: parsed.isSet("--noise"), seed: seed)
        switch format {
        case .table:
            output.write(describe(loaded.profile, path: loaded.path) + "\n" + responseTable(response, quantity: loaded.profile.stateQuantity))
        case .csv:
            output.write(responseCSV(response, quantity: loaded.profile.stateQuantity))
        }
        try PlotOption.write(DeviceResponseFigure.make(profile: loaded.profile, deviceCount: deviceCount,
                                                       withNoise: parsed.isSet("--noise"), seed: seed),
                             to: plotPath, report: errors)
    }

    /// Returns `--devices N`, or the default. Rejects `--devices` and `--force` without `--plot`,
    /// because they apply only to the figure.
    private static func plotDeviceCount(_ parsed: ParsedArguments, plotPath: String?) throws -> Int {
        if plotPath == nil {
            for flag in ["--devices", "--force"] where parsed.string(flag) != nil || parsed.isSet(flag) {
                throw UsageError("device show: \(flag) applies only to the --plot figure; add --plot FILE.svg or --plot FILE.png, or leave \(flag) out.")
            }
        }
        return try parsed.integer("--devices", in: 0...DeviceResponseFigure.maximumDeviceCount) ?? DeviceResponseFigure.defaultDeviceCount
    }

    private static func describe(_ profile: DeviceProfile, path: String) -> String {
        switch profile.parameters {
        case .pulsePosition(let parameters):
            let potentiation = parameters.nominalPotentiationCurve
            let depression = parameters.nominalDepressionCurve
            let spreads = parameters.deviceToDevice
            let variation = spreads.isPresent
                ? String(format: "σ_NL %.3g, σ_range %.3g, σ_levels %.3g", spreads.nonlinearitySigma,
                         spreads.conductanceRangeSigma, spreads.levelsSigma)
                : "none"
            var table = header(profile, path: path)
            table.append(["conductance", String(format: "Gmin %.4e S, Gmax %.4e S, on/off ratio %@", parameters.minimumConductance,
                                                parameters.maximumConductance,
                                                parameters.onOffRatio.isFinite ? String(format: "%.3g", parameters.onOffRatio) : "∞")])
            table.append(["potentiation", curveSummary(parameters.potentiation, potentiation)])
            table.append(["depression", curveSummary(parameters.depression, depression)])
            table.append(["cycle-to-cycle", String(format: "σ %.3g of the range, %@", parameters.cycleToCycleSigma, parameters.cycleToCycleNoise.rawValue)])
            table.append(["device-to-device", variation])
            table.append(["read noise", parameters.readNoiseSigma > 0 ? String(format: "σ %.3g relative", parameters.readNoiseSigma) : "none"])
            table.append(["write pulses", writePulses(profile.write)])
            return table.render()
        case .measured(let parameters):
            let range = parameters.conductanceRange
            var table = header(profile, path: path)
            table.append(["conductance", String(format: "%.4e S to %.4e S over all traces", range.minimum, range.maximum)])
            table.append(["traces", "\(parameters.potentiationTraces.count) potentiation (\(parameters.potentiationTraces.map { String($0.count - 1) }.joined(separator: ", ")) pulses), "
                          + "\(parameters.depressionTraces.count) depression (\(parameters.depressionTraces.map { String($0.count - 1) }.joined(separator: ", ")) pulses)"])
            table.append(["cycle-to-cycle", String(format: "σ %.3g of the range, per write", parameters.cycleToCycleSigma)])
            table.append(["write pulses", writePulses(profile.write)])
            return table.render()
        case .binary(let parameters):
            var table = header(profile, path: path)
            table.append(["states", String(format: "%.4e S and %.4e S", parameters.lowConductance, parameters.highConductance)])
            table.append(["switching", String(format: "p %.3g per pulse, device-to-device σ %.3g", parameters.switchingProbability,
                                              parameters.switchingProbabilityDeviceToDevice)])
            table.append(["write pulses", writePulses(profile.write)])
            return table.render()
        case .step(let parameters):
            var table = header(profile, path: path)
            table.append(["bounds", String(format: "w_min %.4g, w_max %.4g (weight units), spreads %.3g / %.3g", parameters.minimumWeight,
                                           parameters.maximumWeight, parameters.minimumWeightDeviceToDevice, parameters.maximumWeightDeviceToDevice)])
            table.append(["step", String(format: "dw_min %.4g, up/down asymmetry %.4g, device-to-device %.3g", parameters.minimumStep,
                                         parameters.upDownAsymmetry, parameters.minimumStepDeviceToDevice)])
            table.append(["shape", StepModelSummary.shape(parameters.response)])
            table.append(["cycle-to-cycle", String(format: "σ %.3g %% of the step", parameters.cycleToCycle * 100)])
            table.append(["write noise", parameters.writeNoise > 0 ? String(format: "%.3g × dw_min", parameters.writeNoise) : "none"])
            table.append(["write pulses", writePulses(profile.write)])
            return table.render()
        }
    }

    /// The rows every profile's description starts with.
    private static func header(_ profile: DeviceProfile, path: String) -> TextTable {
        var table = TextTable(header: ["property", "value"])
        table.append(["profile", "\(profile.name) (\(path))"])
        if !profile.description.isEmpty {
            table.append(["description", profile.description])
        }
        table.append(["source", profile.source])
        table.append(["model", profile.parameters.modelName])
        return table
    }

    private static func writePulses(_ write: WritePulses?) -> String {
        guard let write else { return "not given (no energy or latency estimates)" }
        return String(format: "potentiation %.3g V for %@, depression %.3g V for %@", write.potentiationVoltage,
                      WriteCostText.withPrefix(write.potentiationPulseWidth, unit: "s"), write.depressionVoltage,
                      WriteCostText.withPrefix(write.depressionPulseWidth, unit: "s"))
    }

    private static func curveSummary(_ curve: CurveParameters, _ nominal: ExponentialSaturationCurve) -> String {
        let constant = abs(nominal.curveConstant) >= NonlinearityLabel.linearLimit * nominal.pulseRange * 0.5
            ? "linear" : String(format: "A = %.4g pulses", nominal.curveConstant)
        return String(format: "%d levels, NL %.3g (%@)", curve.levels, curve.nonlinearity, constant)
    }

    private static func responseTable(_ response: [PulseTrainResponse.Step], quantity: DeviceStateQuantity) -> String {
        var table = TextTable(header: ["pulse", "polarity", quantity == .weight ? "weight" : "conductance (S)", "normalized"])
        for step in response {
            table.append([String(step.pulse), step.polarity, String(format: "%.6e", step.conductance), String(format: "%.4f", step.normalized)])
        }
        return table.render()
    }

    private static func responseCSV(_ response: [PulseTrainResponse.Step], quantity: DeviceStateQuantity) -> String {
        "pulse,polarity,\(quantity == .weight ? "weight" : "conductance_siemens"),normalized\n" + response.map { step in
            "\(step.pulse),\(step.polarity),\(String(format: "%.9e", step.conductance)),\(String(format: "%.6f", step.normalized))"
        }.joined(separator: "\n") + "\n"
    }
}
