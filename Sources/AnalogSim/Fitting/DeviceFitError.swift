import Foundation

/// The reason a measured pulse train could not be read or fitted. Messages name the file and,
/// for a problem in one row, its line. They state what is wrong and what to do.
public enum DeviceFitError: Error, Equatable, UserFacingError {
    /// The CSV file does not exist.
    case fileNotFound(path: String)
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not UTF-8 text.
    case notText(path: String)
    /// A row has another number of cells than the header or the first row.
    case wrongCellCount(path: String, line: Int, found: Int, expected: Int, hasHeader: Bool)
    /// The header names a column twice.
    case duplicateColumn(path: String, line: Int, column: String)
    /// The header lacks a column.
    case missingColumn(path: String, line: Int, column: String, found: [String])
    /// The header has a `weight` column: the output of `device show` for a step-model profile.
    case weightColumn(path: String, line: Int)
    /// The header's `conductance_siemens` contradicts `--units`.
    case unitConflict(path: String, line: Int, column: String, unit: MeasurementUnit)
    /// A pulse cell is not a whole number ≥ 0.
    case invalidPulse(path: String, line: Int, text: String)
    /// A polarity cell is not `+`, `-` or `0`.
    case unknownPolarity(path: String, line: Int, text: String)
    /// A conductance cell is not a finite number.
    case invalidConductance(path: String, line: Int, text: String, unit: MeasurementUnit)
    /// A conductance is below zero.
    case negativeConductance(path: String, line: Int, text: String, unit: MeasurementUnit)
    /// A conductance is above 1 S, a likely unit slip.
    case implausibleConductance(path: String, line: Int, text: String, unit: MeasurementUnit)
    /// Polarity `0` (the initial state) on a row other than the first.
    case initialStateNotFirst(path: String, line: Int)
    /// A pulse number is not larger than the one before.
    case pulseOutOfOrder(path: String, line: Int, pulse: Int, previousPulse: Int, previousLine: Int)
    /// A potentiation row after the first depression row.
    case potentiationAfterDepression(path: String, line: Int, depressionLine: Int)
    /// The first row is a depression row.
    case startsWithDepression(path: String, line: Int)
    /// Fewer than two readings.
    case tooFewReadings(path: String, count: Int, line: Int?)
    /// No depression rows.
    case missingDepressionTrain(path: String, line: Int)
    /// A train with fewer than two readings or two pulses.
    case trainTooShort(path: String, train: String, readings: Int, pulses: Int, line: Int)
    /// The potentiation train does not raise the conductance, or the depression train does not lower it.
    case trainDoesNotMove(path: String, train: String, from: PulseTrainMeasurement.Reading, to: PulseTrainMeasurement.Reading,
                          unit: MeasurementUnit)
    /// The model has as many parameters as the file has readings, or more.
    case tooFewPoints(path: String, model: DeviceFitModel, points: Int, parameters: Int)
    /// The least-squares iteration failed.
    case didNotConverge(path: String, model: DeviceFitModel, reason: String)
    /// A fitted value is outside what a profile of the model accepts.
    case fittedValueOutOfRange(path: String, model: DeviceFitModel, quantity: String, problem: String)
    /// The fitted profile does not pass the profile reader's checks.
    case invalidProfile(path: String, model: DeviceFitModel, reason: String)
    /// `--name` cannot name a profile.
    case invalidName(name: String)

    public var kind: FailureKind {
        switch self {
        case .fileNotFound: return .missingInput
        case .unitConflict, .invalidName: return .usage
        default: return .data
        }
    }

    public var message: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): file not found. Pass the CSV file of a measured potentiation and depression train (docs/fitting.md)."
        case .unreadable(let path, let reason):
            return "\(path): cannot be read (\(reason)). Pass a readable CSV file."
        case .notText(let path):
            return "\(path): not UTF-8 text. Export the measurement as a CSV text file with columns \(columnList)."
        case .wrongCellCount(let path, let line, let found, let expected, let hasHeader):
            let reference = hasHeader ? "the header has \(expected)" : "a row needs the \(expected) cells of the first row (at least \(columnList))"
            return "\(path) line \(line): \(found) \(found == 1 ? "cell" : "cells"), but \(reference). Give every row the same columns, separated by commas."
        case .duplicateColumn(let path, let line, let column):
            return "\(path) line \(line): the header names the column '\(column)' twice. Keep one of them."
        case .missingColumn(let path, let line, let column, let found):
            return "\(path) line \(line): the header has no '\(column)' column (it has \(found.map { "'\($0)'" }.joined(separator: ", "))). "
                + "The columns are \(columnList); the conductance column may also be named \(PulseTrainCSVReader.siemensConductanceColumn)."
        case .weightColumn(let path, let line):
            return "\(path) line \(line): the header has a 'weight' column but no conductance column. This is the output of "
                + "'analogsim device show' for a step-model profile, whose state is a weight; the fit needs measured conductances "
                + "in a 'conductance' column."
        case .unitConflict(let path, let line, let column, let unit):
            return "\(path) line \(line): the column '\(column)' is in siemens, but --units is \(unit.rawValue). Leave out --units, or rename the column to 'conductance'."
        case .invalidPulse(let path, let line, let text):
            return "\(path) line \(line): pulse '\(text)' is not a whole number ≥ 0. The pulse column counts the pulses applied since the low state."
        case .unknownPolarity(let path, let line, let text):
            return "\(path) line \(line): polarity '\(text)' is not valid. Valid values: + (potentiation), - (depression), 0 (the initial state, first row only)."
        case .invalidConductance(let path, let line, let text, let unit):
            return "\(path) line \(line): conductance '\(text)' is not a number. Write it as a decimal number in \(unit.symbol), for example 3.85e-8\(unit == .siemens ? "" : " or 0.0385")."
        case .negativeConductance(let path, let line, let text, let unit):
            return "\(path) line \(line): conductance \(text) \(unit.symbol) is negative. Conductances are at least 0; subtract no offset from them."
        case .implausibleConductance(let path, let line, let text, let unit):
            let hint = unit == .siemens ? " If the column is in microsiemens, pass --units uS." : " Check the unit of the column."
            return "\(path) line \(line): conductance \(text) \(unit.symbol) is above 1 S, far above any synapse device.\(hint)"
        case .initialStateNotFirst(let path, let line):
            return "\(path) line \(line): polarity 0 marks the initial state, which only the first row may be. Mark this row + or -."
        case .pulseOutOfOrder(let path, let line, let pulse, let previousPulse, let previousLine):
            return "\(path) line \(line): pulse \(pulse) does not follow pulse \(previousPulse) of line \(previousLine). "
                + "Pulse numbers must increase down the file and count on through the depression train, as in the output of 'analogsim device show --format csv'."
        case .potentiationAfterDepression(let path, let line, let depressionLine):
            return "\(path) line \(line): a potentiation row (+) after the depression train began at line \(depressionLine). "
                + "The file holds one potentiation train followed by one depression train; fit each cycle on its own."
        case .startsWithDepression(let path, let line):
            return "\(path) line \(line): the first row is a depression row (-). The file starts with the potentiation train from the device's low state, then the depression train follows."
        case .tooFewReadings(let path, let count, let line):
            let location = line.map { " (line \($0))" } ?? ""
            return "\(path): \(count == 0 ? "no readings" : "only \(count) reading\(location)"). A fit needs a potentiation train from the low state followed by a depression train, each with at least 2 readings and 2 pulses."
        case .missingDepressionTrain(let path, let line):
            return "\(path) line \(line): the file ends without a depression row (-). Add the depression train that follows the potentiation train."
        case .trainTooShort(let path, let train, let readings, let pulses, let line):
            return "\(path) line \(line): the \(train) train has \(readings) reading\(readings == 1 ? "" : "s") over \(pulses) pulse\(pulses == 1 ? "" : "s"), but a fit needs at least 2 of each."
        case .trainDoesNotMove(let path, let train, let from, let to, let unit):
            let direction = train == "potentiation" ? "raise" : "lower"
            return "\(path) line \(to.line): the \(train) train does not \(direction) the conductance: \(format(from.conductance / unit.siemens)) \(unit.symbol) at line \(from.line), "
                + "\(format(to.conductance / unit.siemens)) \(unit.symbol) at line \(to.line). Check the polarity column: + marks pulses that raise the conductance."
        case .tooFewPoints(let path, let model, let points, let parameters):
            return "\(path): \(points) readings cannot determine the \(parameters) parameters of the \(model.rawValue) model. Measure more pulses\(model == .piecewise ? ", or pass a smaller --nodes" : "")."
        case .didNotConverge(let path, let model, let reason):
            let advice = model.rawValue == "soft-bounds"
                ? "soft bounds need steps that shrink towards a bound, so a nearly linear or steepening device fits better with --model nonlinear or piecewise"
                : "otherwise try another --model (nonlinear, soft-bounds, exp-step, piecewise)"
            return "\(path): the fit of the \(model.rawValue) model failed (\(reason)). Check that the file holds one potentiation train from the low state and one depression train; \(advice)."
        case .fittedValueOutOfRange(let path, let model, let quantity, let problem):
            return "\(path): the \(model.rawValue) fit gives \(quantity) \(problem)"
        case .invalidProfile(let path, let model, let reason):
            return "\(path): the profile fitted with the \(model.rawValue) model is not valid: \(reason) Try another --model."
        case .invalidName(let name):
            return "device fit: --name '\(name)' cannot name a profile: it may contain only letters, digits, '.', '_' and '-' and must start with a letter or digit."
        }
    }

    private var columnList: String {
        PulseTrainCSVReader.columns.joined(separator: ",")
    }

    private func format(_ value: Double) -> String {
        String(format: "%.6g", value)
    }
}
