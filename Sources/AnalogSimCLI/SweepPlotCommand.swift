import AnalogSim
import Foundation

/// `analogsim sweep plot DIR --x NAME [--y NAME] --plot FILE`: the final test accuracy of a sweep's
/// finished points against one swept parameter, one line per rule through the mean over seeds with
/// a min–max band. With `--y` it draws a heatmap of the mean over seeds against two parameters.
enum SweepPlotCommand {
    static let specifications: [OptionSpecification] = [
        OptionSpecification(name: "--x", valueName: "NAME", help: "the swept numeric parameter on the x axis (required)"),
        OptionSpecification(name: "--log-x", valueName: nil, help: "draw the x axis of a line figure on a logarithmic scale, labelled at the swept values (every value must be positive); not with --y"),
        OptionSpecification(name: "--y", valueName: "NAME", help: "a second swept numeric parameter: draw a heatmap of the mean test accuracy over seeds against --x and --y"),
        OptionSpecification(name: "--where", valueName: "NAME=VALUE", help: "keep only the points with this value of a swept parameter; required for each swept parameter with several values other than --x, --y, seed and (without --y) rule", isRepeatable: true),
        OptionSpecification(name: PlotOption.name, valueName: PlotOption.valueName, help: "the figure to write (required)"),
        OptionSpecification(name: "--force", valueName: nil, help: "replace the --plot file if it exists"),
        TrainingOptions.helpOption,
    ]

    /// Parameters that cannot be on an axis: their values are not numbers, or the figure averages over them.
    static let nonNumericParameters: Set<String> = [SweepParameter.rule.rawValue, SweepParameter.updateScheme.rawValue, SweepParameter.seed.rawValue]

    static func run(arguments: [String], output: TextSink) throws {
        let parsed = try ParsedArguments(command: "sweep plot", arguments: arguments, options: specifications, positionalLimit: 1)
        if parsed.isSet("--help") {
            output.write(HelpText.sweepPlot)
            return
        }
        guard let directory = parsed.positionals.first else {
            throw UsageError("sweep plot: give the sweep directory, for example 'analogsim sweep plot levels-nl --x levels --plot levels.svg'.")
        }
        guard let xParameter = parsed.string("--x") else {
            throw UsageError("sweep plot: --x NAME is required; it names the swept parameter on the x axis.")
        }
        guard let plotPath = parsed.string(PlotOption.name) else {
            throw UsageError("sweep plot: --plot FILE.svg|FILE.png is required.")
        }
        try PlotFile.checkWritable(path: plotPath, overwrite: parsed.isSet("--force"))

        let yParameter = parsed.string("--y")
        let sweep = try SweepDirectory(path: directory)
        let filters = try sweep.filters(xParameter: xParameter, yParameter: yParameter, whereArguments: parsed.strings("--where"))
        let rows = try sweep.finishedRows().filter { row in
            filters.allSatisfy { row.settings[$0.parameter] == $0.value }
        }
        guard !rows.isEmpty else {
            throw SweepPlotError.noFinishedPoints(directory: directory, filters: filters.map { "\($0.parameter)=\($0.value)" })
        }

        let seeds = Set(rows.map(\.seed)).sorted()
        let fixed = filters.map { "\($0.parameter)=\($0.value)" }
        if let yParameter {
            guard !parsed.isSet("--log-x") else {
                throw UsageError("sweep plot: --log-x applies to the line figure, but --y draws a heatmap of grid cells. Drop --log-x or --y.")
            }
            let rules = Set(rows.map(\.rule.rawValue)).sorted()
            let ruleText = filters.contains { $0.parameter == SweepParameter.rule.rawValue } ? [] : rules.map { "rule=\($0)" }
            let seedText = seeds.count == 1 ? "seed \(seeds[0])" : "mean of \(seeds.count) seeds"
            let details = (ruleText + fixed + [seedText]).joined(separator: ", ")
            let title = "\(sweep.profileName): final test accuracy (%) against \(xParameter) and \(yParameter)"
            let grid = SweepAccuracyGrid(rows: rows, xParameter: xParameter, yParameter: yParameter)
            try PlotOption.write(SweepHeatmapFigure.make(grid, title: title, details: details), to: plotPath, report: output)
            return
        }

        let curves = SweepAccuracyCurves(rows: rows, xParameter: xParameter)
        let logarithmicX = parsed.isSet("--log-x")
        if logarithmicX, let value = curves.curves.flatMap(\.points).map(\.x).first(where: { !($0 > 0) }) {
            throw UsageError("sweep plot: --log-x needs positive values of \(xParameter), but the sweep has \(value). Drop --log-x or plot another parameter.")
        }
        let seedText = seeds.count == 1 ? "seed \(seeds[0])" : "mean and min–max of \(seeds.count) seeds"
        let details = (fixed + [seedText]).joined(separator: ", ")
        let title = "\(sweep.profileName): final test accuracy against \(xParameter)"
        try PlotOption.write(SweepAccuracyFigure.make(curves, title: title, details: details, logarithmicX: logarithmicX),
                             to: plotPath, report: output)
    }
}

/// A failure of `analogsim sweep plot` to read or select a sweep's points.
enum SweepPlotError: Error, Equatable, UserFacingError {
    case directoryNotFound(path: String)
    case notASweepDirectory(path: String)
    case invalidFile(path: String, reason: String)
    case parameterNotSwept(name: String, sweptParameters: [String])
    case nonNumericAxisParameter(name: String)
    case unfixedParameters(names: [String], freeParameters: [String], axes: [SweepAxis])
    case sameParameterOnBothAxes(name: String)
    case invalidWhere(text: String, reason: String)
    case noFinishedPoints(directory: String, filters: [String])

    var kind: FailureKind {
        switch self {
        case .directoryNotFound, .notASweepDirectory: return .missingInput
        case .invalidFile, .noFinishedPoints: return .data
        case .parameterNotSwept, .nonNumericAxisParameter, .unfixedParameters, .sameParameterOnBothAxes, .invalidWhere: return .usage
        }
    }

    var message: String {
        switch self {
        case .directoryNotFound(let path):
            return "sweep plot: directory \(path) not found; give the --output-dir of an 'analogsim sweep' run."
        case .notASweepDirectory(let path):
            return "sweep plot: \(path) is not a sweep directory because it has no \(SweepRecord.fileName); give the --output-dir of an 'analogsim sweep' run."
        case .invalidFile(let path, let reason):
            return "sweep plot: \(path) is not valid: \(reason)."
        case .parameterNotSwept(let name, let sweptParameters):
            return "sweep plot: '\(name)' is not swept in this directory; swept parameters: \(sweptParameters.joined(separator: ", "))."
        case .nonNumericAxisParameter(let name):
            return "sweep plot: \(name) cannot be on an axis because the figure averages over seeds, and rules and update schemes are not numbers; choose a numeric swept parameter."
        case .unfixedParameters(let names, let freeParameters, let axes):
            let options = axes.filter { names.contains($0.parameter) }
                .map { "--where \($0.parameter)=V (one of \($0.values.joined(separator: ", ")))" }
            return "sweep plot: the sweep varies \(names.joined(separator: ", ")) besides \(freeParameters.joined(separator: ", ")); fix each with \(options.joined(separator: " and "))."
        case .sameParameterOnBothAxes(let name):
            return "sweep plot: --x and --y are both \(name); choose two different swept parameters."
        case .invalidWhere(let text, let reason):
            return "sweep plot: --where '\(text)' is not valid: \(reason)."
        case .noFinishedPoints(let directory, let filters):
            let selection = filters.isEmpty ? "" : " with \(filters.joined(separator: ", "))"
            return "sweep plot: \(directory) has no finished points\(selection); run or resume the sweep first."
        }
    }
}

/// The spec.json and points.jsonl of a sweep directory, read for plotting.
struct SweepDirectory {
    let path: String
    let axes: [SweepAxis]
    let profileName: String
    /// The rule of every point when the grid does not vary it.
    let baseRule: LearningRule?

    init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SweepPlotError.directoryNotFound(path: path)
        }
        let specificationPath = (path as NSString).appendingPathComponent(SweepRecord.fileName)
        guard let data = FileManager.default.contents(atPath: specificationPath) else {
            throw SweepPlotError.notASweepDirectory(path: path)
        }
        guard let specification = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let axisObjects = specification["axes"] as? [[String: Any]]
        else { throw SweepPlotError.invalidFile(path: specificationPath, reason: "it is not a JSON object with an 'axes' array") }

        self.path = path
        axes = try axisObjects.map { object in
            guard let parameter = object["parameter"] as? String, let values = object["values"] as? [String] else {
                throw SweepPlotError.invalidFile(path: specificationPath, reason: "an axis has no 'parameter' string or 'values' array")
            }
            return SweepAxis(parameter: parameter, values: values)
        }
        let profile = (specification["profile"] as? [String: Any])?["content"] as? [String: Any]
        profileName = profile?["name"] as? String ?? "sweep"
        let configuration = specification["configuration"] as? [String: Any]
        baseRule = (configuration?["rule"] as? String).flatMap(LearningRule.init(rawValue:))
    }

    /// Checks `--x`, `--y` and every `--where`, and returns the `--where` settings, which the
    /// plotted points must have. An axis with one value needs no `--where` because every point has it.
    func filters(xParameter: String, yParameter: String?, whereArguments: [String]) throws -> [SweepSetting] {
        let swept = axes.map(\.parameter)
        for parameter in [xParameter] + (yParameter.map { [$0] } ?? []) {
            guard swept.contains(parameter) else {
                throw SweepPlotError.parameterNotSwept(name: parameter, sweptParameters: swept)
            }
            guard !SweepPlotCommand.nonNumericParameters.contains(parameter) else {
                throw SweepPlotError.nonNumericAxisParameter(name: parameter)
            }
        }
        guard yParameter != xParameter else {
            throw SweepPlotError.sameParameterOnBothAxes(name: xParameter)
        }

        var filters: [SweepSetting] = []
        for text in whereArguments {
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw SweepPlotError.invalidWhere(text: text, reason: "write NAME=VALUE, for example --where levels=64")
            }
            guard let axis = axes.first(where: { $0.parameter == parts[0] }) else {
                throw SweepPlotError.parameterNotSwept(name: parts[0], sweptParameters: swept)
            }
            guard axis.parameter != xParameter, axis.parameter != yParameter else {
                throw SweepPlotError.invalidWhere(text: text, reason: "\(axis.parameter) is on an axis of the figure and cannot also be fixed")
            }
            guard axis.values.contains(parts[1]) else {
                throw SweepPlotError.invalidWhere(text: text, reason: "\(axis.parameter) takes the values \(axis.values.joined(separator: ", "))")
            }
            guard !filters.contains(where: { $0.parameter == axis.parameter }) else {
                throw SweepPlotError.invalidWhere(text: text, reason: "\(axis.parameter) is fixed twice")
            }
            filters.append(SweepSetting(parameter: axis.parameter, value: parts[1]))
        }

        // The line figure draws one line per rule, but the heatmap has room for one rule only.
        let rule = SweepParameter.rule.rawValue
        let seed = SweepParameter.seed.rawValue
        let freeNames: Set<String> = yParameter.map { [xParameter, $0, seed] } ?? [xParameter, rule, seed]
        let free = yParameter == nil ? ["--x", rule, seed] : ["--x", "--y", seed]
        let unfixed = axes.filter { axis in
            axis.values.count > 1 && !freeNames.contains(axis.parameter) && !filters.contains { $0.parameter == axis.parameter }
        }
        guard unfixed.isEmpty else {
            throw SweepPlotError.unfixedParameters(names: unfixed.map(\.parameter), freeParameters: free, axes: axes)
        }
        return filters
    }

    /// Reads the finished points of `points.jsonl`; a missing file has none.
    func finishedRows() throws -> [SweepAccuracyCurves.Row] {
        let pointsPath = (path as NSString).appendingPathComponent(SweepPointsFiles.jsonFileName)
        guard let data = FileManager.default.contents(atPath: pointsPath) else { return [] }

        var rows: [SweepAccuracyCurves.Row] = []
        for (offset, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let settings = object["parameters"] as? [String: String],
                  let accuracy = (object["testAccuracy"] as? NSNumber)?.doubleValue,
                  let configuration = object["configuration"] as? [String: Any],
                  let seed = (configuration["seed"] as? NSNumber)?.uint64Value,
                  let rule = (configuration["rule"] as? String).flatMap(LearningRule.init(rawValue:)) ?? baseRule
            else {
                throw SweepPlotError.invalidFile(path: pointsPath, reason: "line \(offset + 1) is not a finished point with parameters, configuration and testAccuracy")
            }
            var allSettings = settings
            allSettings[SweepParameter.rule.rawValue] = rule.rawValue
            allSettings[SweepParameter.seed.rawValue] = String(seed)
            rows.append(SweepAccuracyCurves.Row(settings: allSettings, rule: rule, seed: seed, testAccuracy: accuracy))
        }
        return rows
    }
}
