import AnalogSim
import Foundation

/// `analogsim device fit DATA.csv --model M --output PROFILE.json`: fits a device model to a
/// measured potentiation and depression train and writes the fitted profile.
enum DeviceFitCommand {
    static let specifications = [
        OptionSpecification(name: "--model", valueName: "NAME",
                            help: "the model to fit: \(DeviceFitModel.allCases.map(\.rawValue).joined(separator: ", ")) (required)"),
        OptionSpecification(name: "--output", valueName: "PROFILE.json", help: "the fitted profile to write (required)"),
        OptionSpecification(name: "--units", valueName: "S|uS",
                            help: "unit of the CSV's conductance column, siemens or microsiemens (default S)"),
        OptionSpecification(name: "--name", valueName: "NAME",
                            help: "the profile's name (default: the CSV file's name without its extension)"),
        OptionSpecification(name: "--nodes", valueName: "N",
                            help: "nodes of the piecewise model, \(DeviceFitModel.nodeCounts.lowerBound) to \(DeviceFitModel.nodeCounts.upperBound) (default \(DeviceFitModel.defaultNodeCount))"),
        OptionSpecification(name: "--force", valueName: nil, help: "replace the --output file if it exists"),
        TrainingOptions.helpOption,
    ]

    static let profileOption = ResultFileWriter.FileOption(flag: "--output", fileKind: "a profile JSON file",
                                                           exampleFileName: "fitted-profile.json")

    static func run(arguments: [String], output: TextSink) throws {
        let parsed = try ParsedArguments(command: "device fit", arguments: arguments, options: specifications, positionalLimit: 1)
        if parsed.isSet("--help") {
            output.write(HelpText.deviceFit)
            return
        }
        guard let dataPath = parsed.positionals.first else {
            throw UsageError("device fit: name the CSV file of a measured train, for example 'analogsim device fit data.csv --model nonlinear --output fitted.json'.")
        }
        let validModels = DeviceFitModel.allCases.map(\.rawValue).joined(separator: ", ")
        guard let model = try parsed.choice("--model", of: DeviceFitModel.self) else {
            throw UsageError("device fit: --model is required; valid values: \(validModels).")
        }
        guard let outputPath = parsed.string("--output") else {
            throw UsageError("device fit: --output is required; give the path of the profile to write, for example --output fitted.json.")
        }
        let unit = try parsed.choice("--units", of: MeasurementUnit.self) ?? .siemens
        let nodeCount = try parsed.integer("--nodes", in: DeviceFitModel.nodeCounts) ?? DeviceFitModel.defaultNodeCount
        if parsed.string("--nodes") != nil && model != .piecewise {
            throw UsageError("device fit: --nodes applies only to --model piecewise; leave it out for --model \(model.rawValue).")
        }
        let name = parsed.string("--name") ?? DeviceFitter.defaultProfileName(forDataPath: dataPath)
        try DeviceFitter.checkProfileName(name)
        try ResultFileWriter.checkWritable(path: outputPath, overwrite: parsed.isSet("--force"), option: profileOption)

        let measurement = try PulseTrainCSVReader.read(path: dataPath, unit: unit)
        let command = (["analogsim", "device", "fit"] + arguments).joined(separator: " ")
        let result = try DeviceFitter.fit(measurement, model: model, nodeCount: nodeCount, name: name, command: command)
        try ResultFileWriter.writeJSON(result.profile, to: outputPath)
        output.write(report(result, dataPath: dataPath) + "profile \(result.profile.name) written to \(outputPath)\n")
        if unit == .siemens, let largest = measurement.readings.map(\.conductance).max(), largest > 1e-3 {
            output.write(String(format: "note: the largest reading is %g S, above 1 mS, which is rare for a synapse device; if the file is in µS, fit again with --units uS.\n", largest))
        }
    }

    /// Formats the fitted quantities as a table, followed by the residual.
    static func report(_ result: DeviceFitResult, dataPath: String) -> String {
        var table = TextTable(header: ["quantity", "value", "standard uncertainty", "unit", "origin"])
        for quantity in result.quantities {
            let uncertainty: String
            switch quantity.uncertainty {
            case .none: uncertainty = "—"
            case .some(let value) where value.isNaN: uncertainty = "not determined"
            case .some(let value): uncertainty = String(format: "%.2g", value)
            }
            table.append([quantity.name, String(format: "%.6g", quantity.value), uncertainty, quantity.unit, quantity.origin.rawValue])
        }
        let header = "\(result.model.rawValue) model (\(result.model.profileModelName)) fitted to \(dataPath): "
            + "\(result.pointCount) readings, \(result.parameterCount) parameters, \(result.iterations) iterations\n"
        let residual = String(format: "residual RMS %.3g %@ over %d readings\n", result.residualRootMeanSquare, result.unit.symbol,
                              result.pointCount)
        return header + table.render() + residual
    }
}

extension HelpText {
    static let deviceFit = """
        Usage: analogsim device fit DATA.csv --model nonlinear|soft-bounds|exp-step|piecewise --output PROFILE.json [OPTIONS]

        Fits a device model to a measured potentiation train followed by a depression train and writes the fitted
        device as a profile that train, compare and device show accept. DATA.csv has the columns pulse,polarity,conductance
        (a header row is optional; the output of 'analogsim device show P --format csv' works as it is): pulse counts the
        pulses applied since the device's low state, on through the depression train, and polarity is + or - (0 for an
        initial row). nonlinear fits the pulse-position model (Gmin, Gmax, A and NL of each polarity; the level counts
        are the pulse counts of the trains); soft-bounds, exp-step and piecewise fit aihwkit's step models by simulating
        the trains pulse by pulse, in weights with the lowest and highest measured conductance at -1 and 1. Prints each
        parameter with its standard uncertainty and the RMS residual in the file's unit. docs/fitting.md has the details.

        Options:
        \(options(DeviceFitCommand.specifications))

        Example:
          analogsim device fit examples/fitting/ag-a-si-measured.csv --model nonlinear --output ag-a-si-fitted.json

        """
}
