/// Reading the measured-curve and binary profiles.
extension DeviceProfileReader {
    static let measuredKeys = ["potentiationTraces", "depressionTraces", "cycleToCycleSigma", "readNoiseSigma"]
    static let binaryKeys = ["lowConductance", "highConductance", "switchingProbability", "switchingProbabilityDeviceToDevice", "readNoiseSigma"]

    /// The maximum number of points of all traces of a profile together.
    static let maximumTracePoints = 1_000_000

    static func readMeasuredCurves(_ reader: ProfileObjectReader) throws -> MeasuredCurveParameters {
        try reader.rejectUnknownKeys(validKeys: topLevelKeys + measuredKeys)
        let potentiation = try reader.numberArrays(
            "potentiationTraces", hint: "Give one or more potentiation traces in siemens, for example [[1e-8, 2e-8, 2.8e-8]].",
            check: ProfileChecks.conductance)
        let depression = try reader.numberArrays(
            "depressionTraces", hint: "Give one or more depression traces in siemens, for example [[2.8e-8, 1.6e-8, 1e-8]].",
            check: ProfileChecks.conductance)
        for (key, traces, rising) in [("potentiationTraces", potentiation, true), ("depressionTraces", depression, false)] {
            guard !traces.isEmpty else {
                throw DeviceProfileError.invalidValue(path: reader.path, key: key, problem: "is empty; give at least one trace.")
            }
            for (index, trace) in traces.enumerated() {
                try checkTrace(trace, rising: rising, key: "\(key)[\(index)]", path: reader.path)
            }
        }
        let points = (potentiation + depression).reduce(0) { $0 + $1.count }
        guard points <= maximumTracePoints else {
            throw DeviceProfileError.invalidValue(path: reader.path, key: "potentiationTraces",
                                                  problem: "and depressionTraces hold \(points) points together, more than \(maximumTracePoints); use fewer or shorter traces.")
        }
        return MeasuredCurveParameters(
            potentiationTraces: potentiation, depressionTraces: depression,
            cycleToCycleSigma: try reader.number("cycleToCycleSigma", default: 0,
                                                 check: ProfileChecks.fraction(upper: 1, meaning: "a fraction of the conductance range")),
            readNoiseSigma: try reader.number("readNoiseSigma", default: 0,
                                              check: ProfileChecks.fraction(upper: 1, meaning: "relative to the conductance read")))
    }

    /// A trace needs two points, and must rise (potentiation) or fall (depression) overall without
    /// turning back, so that a conductance has one position on it.
    private static func checkTrace(_ trace: [Double], rising: Bool, key: String, path: String) throws {
        guard trace.count >= 2 else {
            throw DeviceProfileError.invalidValue(path: path, key: key, problem: "has \(trace.count == 1 ? "1 point" : "\(trace.count) points"); a trace needs the start and at least one pulse.")
        }
        for index in 1..<trace.count {
            let step = trace[index] - trace[index - 1]
            if rising ? step < 0 : step > 0 {
                throw DeviceProfileError.invalidValue(
                    path: path, key: key,
                    problem: "turns back at point \(index) (\(ProfileChecks.format(trace[index - 1])) to \(ProfileChecks.format(trace[index])) S); a \(rising ? "potentiation" : "depression") trace must not \(rising ? "fall" : "rise"). Average repeated cycles or smooth the trace first.")
            }
        }
        guard rising ? trace.last! > trace.first! : trace.last! < trace.first! else {
            throw DeviceProfileError.invalidValue(path: path, key: key, problem: "does not change; a trace must \(rising ? "rise" : "fall").")
        }
    }

    static func readBinary(_ reader: ProfileObjectReader) throws -> BinaryDeviceParameters {
        try reader.rejectUnknownKeys(validKeys: topLevelKeys + binaryKeys)
        let low = try reader.number("lowConductance", hint: "Give the low state's conductance in siemens.", check: ProfileChecks.conductance)
        let high = try reader.number("highConductance", hint: "Give the high state's conductance in siemens.", check: ProfileChecks.conductance)
        guard low < high else {
            throw DeviceProfileError.invalidValue(path: reader.path, key: "lowConductance",
                                                  problem: "(\(ProfileChecks.format(low)) S) must be below highConductance (\(ProfileChecks.format(high)) S).")
        }
        return BinaryDeviceParameters(
            lowConductance: low, highConductance: high,
            switchingProbability: try reader.number("switchingProbability", hint: "Give the probability that one pulse switches the state.") { value in
                value > 0 && value <= 1 ? nil : "is \(ProfileChecks.format(value)), but it is a probability and must be in (0, 1]."
            },
            switchingProbabilityDeviceToDevice: try reader.number(
                "switchingProbabilityDeviceToDevice", default: 0, check: ProfileChecks.within(0...1, meaning: "an absolute spread of a probability")),
            readNoiseSigma: try reader.number("readNoiseSigma", default: 0,
                                              check: ProfileChecks.fraction(upper: 1, meaning: "relative to the conductance read")))
    }
}
