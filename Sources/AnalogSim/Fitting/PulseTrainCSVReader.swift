import Foundation

/// Reads a measured potentiation and depression train from a CSV file, the input of
/// `analogsim device fit`; `docs/fitting.md` describes the format.
///
/// The columns are `pulse,polarity,conductance`. A header row is optional: with one, the columns
/// may come in any order, other columns are ignored, and `conductance_siemens` (the header of
/// `analogsim device show --format csv`) may name the conductance column. Blank lines are skipped,
/// cells are trimmed, and lines may end in LF or CRLF. Every rule of `PulseTrainMeasurement` is
/// checked here, and a violation throws a `DeviceFitError` that names the file and the line.
public enum PulseTrainCSVReader {
    /// The column names, in the order a file without a header uses.
    public static let columns = ["pulse", "polarity", "conductance"]
    /// The conductance column's name in the output of `analogsim device show --format csv`, in siemens.
    public static let siemensConductanceColumn = "conductance_siemens"
    /// The largest conductance accepted (S); a larger value is a unit slip.
    public static let largestConductance = 1.0

    /// Reads the file at `path`, whose conductance column is in `unit`.
    public static func read(path: String, unit: MeasurementUnit) throws -> PulseTrainMeasurement {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DeviceFitError.fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else {
            throw DeviceFitError.unreadable(path: path, reason: "it is a directory")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DeviceFitError.unreadable(path: path, reason: "permission denied or not a regular file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DeviceFitError.notText(path: path)
        }
        return try parse(text: text, path: path, unit: unit)
    }

    /// Parses CSV text; `path` names it in messages.
    public static func parse(text: String, path: String, unit: MeasurementUnit) throws -> PulseTrainMeasurement {
        var layout: ColumnLayout?
        var readings: [PulseTrainMeasurement.Reading] = []
        var firstDepression: PulseTrainMeasurement.Reading?
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = index + 1
            let cells = rawLine.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard !(cells.count == 1 && cells[0].isEmpty) else { continue }

            guard let columns = layout else {
                let firstLayout = try ColumnLayout(firstRow: cells, line: line, path: path, unit: unit)
                layout = firstLayout
                if firstLayout.hasHeader { continue }
                readings.append(try reading(cells, line: line, layout: firstLayout, path: path, unit: unit))
                continue
            }
            let next = try reading(cells, line: line, layout: columns, path: path, unit: unit)
            if let previous = readings.last {
                try checkOrder(next, after: previous, firstDepression: firstDepression, path: path)
            }
            if firstDepression == nil && next.polarity == .depression {
                firstDepression = next
            }
            readings.append(next)
        }
        if let first = readings.first, first.polarity == .depression {
            throw DeviceFitError.startsWithDepression(path: path, line: first.line)
        }

        let measurement = PulseTrainMeasurement(path: path, unit: unit, readings: readings)
        try checkTrains(measurement)
        return measurement
    }

    /// The column positions, and whether the first row was a header.
    struct ColumnLayout {
        let pulse: Int
        let polarity: Int
        let conductance: Int
        let cellCount: Int
        let hasHeader: Bool

        /// Reads the layout from the first non-blank row: a header when its first cell is not a
        /// number, otherwise `pulse,polarity,conductance` by position.
        init(firstRow cells: [String], line: Int, path: String, unit: MeasurementUnit) throws {
            cellCount = cells.count
            guard Double(cells[0]) == nil else {
                guard cells.count >= 3 else {
                    throw DeviceFitError.wrongCellCount(path: path, line: line, found: cells.count, expected: 3, hasHeader: false)
                }
                (pulse, polarity, conductance, hasHeader) = (0, 1, 2, false)
                return
            }

            hasHeader = true
            let names = cells.map { $0.lowercased() }
            func column(_ accepted: [String]) throws -> Int? {
                let matches = names.indices.filter { accepted.contains(names[$0]) }
                if matches.count > 1 {
                    throw DeviceFitError.duplicateColumn(path: path, line: line, column: names[matches[1]])
                }
                return matches.first
            }
            guard let pulse = try column(["pulse"]) else {
                throw DeviceFitError.missingColumn(path: path, line: line, column: "pulse", found: cells)
            }
            guard let polarity = try column(["polarity"]) else {
                throw DeviceFitError.missingColumn(path: path, line: line, column: "polarity", found: cells)
            }
            guard let conductance = try column(["conductance", siemensConductanceColumn]) else {
                if names.contains("weight") {
                    throw DeviceFitError.weightColumn(path: path, line: line)
                }
                throw DeviceFitError.missingColumn(path: path, line: line, column: "conductance", found: cells)
            }
            if names[conductance] == siemensConductanceColumn && unit != .siemens {
                throw DeviceFitError.unitConflict(path: path, line: line, column: cells[conductance], unit: unit)
            }
            (self.pulse, self.polarity, self.conductance) = (pulse, polarity, conductance)
        }
    }

    private static func reading(_ cells: [String], line: Int, layout: ColumnLayout, path: String,
                                unit: MeasurementUnit) throws -> PulseTrainMeasurement.Reading {
        guard cells.count == layout.cellCount else {
            throw DeviceFitError.wrongCellCount(path: path, line: line, found: cells.count, expected: layout.cellCount,
                                                hasHeader: layout.hasHeader)
        }
        let pulseText = cells[layout.pulse]
        guard !pulseText.isEmpty, pulseText.allSatisfy(\.isASCIIDigit), let pulse = Int(pulseText) else {
            throw DeviceFitError.invalidPulse(path: path, line: line, text: pulseText)
        }
        guard let polarity = PulseTrainMeasurement.Polarity(rawValue: cells[layout.polarity]) else {
            throw DeviceFitError.unknownPolarity(path: path, line: line, text: cells[layout.polarity])
        }
        let conductanceText = cells[layout.conductance]
        let decimalCharacters = Set("0123456789.eE+-")
        guard !conductanceText.isEmpty, conductanceText.allSatisfy(decimalCharacters.contains),
              let value = Double(conductanceText), value.isFinite else {
            throw DeviceFitError.invalidConductance(path: path, line: line, text: conductanceText, unit: unit)
        }
        guard value >= 0 else {
            throw DeviceFitError.negativeConductance(path: path, line: line, text: conductanceText, unit: unit)
        }
        let conductance = value * unit.siemens
        guard conductance <= largestConductance else {
            throw DeviceFitError.implausibleConductance(path: path, line: line, text: conductanceText, unit: unit)
        }
        return PulseTrainMeasurement.Reading(pulse: pulse, polarity: polarity, conductance: conductance, line: line)
    }

    /// Checks that `next` may follow `previous`: pulse numbers increase, the initial state comes
    /// first, and the depression train follows the potentiation train.
    private static func checkOrder(_ next: PulseTrainMeasurement.Reading, after previous: PulseTrainMeasurement.Reading,
                                   firstDepression: PulseTrainMeasurement.Reading?, path: String) throws {
        if next.polarity == .initial {
            throw DeviceFitError.initialStateNotFirst(path: path, line: next.line)
        }
        guard next.pulse > previous.pulse else {
            throw DeviceFitError.pulseOutOfOrder(path: path, line: next.line, pulse: next.pulse,
                                                 previousPulse: previous.pulse, previousLine: previous.line)
        }
        if next.polarity == .potentiation, let firstDepression {
            throw DeviceFitError.potentiationAfterDepression(path: path, line: next.line, depressionLine: firstDepression.line)
        }
    }

    /// Checks what a fit needs of the trains as a whole: two readings and two pulses in each, a
    /// potentiation train that raises the conductance and a depression train that lowers it.
    private static func checkTrains(_ measurement: PulseTrainMeasurement) throws {
        let path = measurement.path
        let readings = measurement.readings
        guard readings.count >= 2 else {
            throw DeviceFitError.tooFewReadings(path: path, count: readings.count, line: readings.first?.line)
        }
        let potentiation = readings.filter { $0.polarity != .depression }
        let depression = readings.filter { $0.polarity == .depression }
        guard let lastPotentiation = potentiation.last, let lastDepression = depression.last else {
            throw DeviceFitError.missingDepressionTrain(path: path, line: readings[readings.count - 1].line)
        }
        for (train, trainReadings, pulses) in [("potentiation", potentiation, measurement.potentiationPulseCount),
                                               ("depression", depression, measurement.depressionPulseCount)]
        where trainReadings.count < 2 || pulses < 2 {
            throw DeviceFitError.trainTooShort(path: path, train: train, readings: trainReadings.count, pulses: pulses,
                                               line: trainReadings[trainReadings.count - 1].line)
        }

        let first = readings[0]
        guard lastPotentiation.conductance > first.conductance else {
            throw DeviceFitError.trainDoesNotMove(path: path, train: "potentiation", from: first, to: lastPotentiation,
                                                  unit: measurement.unit)
        }
        guard lastDepression.conductance < lastPotentiation.conductance else {
            throw DeviceFitError.trainDoesNotMove(path: path, train: "depression", from: lastPotentiation, to: lastDepression,
                                                  unit: measurement.unit)
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool {
        ("0"..."9").contains(self)
    }
}
