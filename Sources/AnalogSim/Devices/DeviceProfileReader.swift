import Foundation

/// Reads and validates device profiles. Everything is checked before a profile is returned, so
/// no array is built from a profile with a wrong unit, a crossed range or an unknown key.
public enum DeviceProfileReader {
    /// The models a profile's `model` key may name.
    public static let modelNames = [PulsePositionParameters.modelName] + StepResponse.modelNames
        + [MeasuredCurveParameters.modelName, BinaryDeviceParameters.modelName]

    static let topLevelKeys = ["name", "description", "source", "model", "write"]
    static let writeKeys = ["potentiationVoltage", "depressionVoltage", "potentiationPulseWidth", "depressionPulseWidth"]
    static let pulsePositionKeys = [
        "minimumConductance", "maximumConductance", "potentiation", "depression",
        "cycleToCycleSigma", "cycleToCycleNoise", "deviceToDevice", "readNoiseSigma",
    ]
    static let curveKeys = ["levels", "nonlinearity"]
    static let deviceToDeviceKeys = ["nonlinearitySigma", "conductanceRangeSigma", "levelsSigma"]

    /// The largest level count accepted.
    public static let maximumLevels = 1_000_000
    /// The largest |NL| accepted.
    public static let maximumNonlinearity = 9.0
    /// The largest σ of the nonlinearity label accepted (label units).
    public static let maximumNonlinearitySigma = 3.0
    /// The largest relative spread of the range or of the level count accepted.
    public static let maximumRelativeSpread = 0.5
    /// The largest accepted probability that a drawn device's bounds cross (and are re-drawn).
    public static let maximumCrossingProbability = 0.01
    /// The smallest Gmax accepted (S): smaller values are unit slips, and vanish in single precision.
    public static let smallestMaximumConductance = 1e-12
    /// The smallest accepted level width, (Gmax − Gmin)/Pmax, as a fraction of Gmax: single-precision
    /// conductances have about 7 significant digits.
    public static let smallestLevelFraction = 1e-6

    /// Whether `name` can name a file: letters, digits, '.', '_' and '-', starting with a letter or digit.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, CharacterSet.alphanumerics.contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    /// Reads the profile file at `path`.
    public static func read(path: String) throws -> DeviceProfile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DeviceProfileError.fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else {
            throw DeviceProfileError.unreadable(path: path, reason: "it is a directory, not a profile file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DeviceProfileError.unreadable(path: path, reason: "permission denied or not a regular file")
        }
        return try parse(bytes: [UInt8](data), path: path)
    }

    /// Parses and validates profile text; `path` names it in messages.
    public static func parse(bytes: [UInt8], path: String) throws -> DeviceProfile {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes: bytes)
        } catch let error as JSONParser.SyntaxError {
            throw DeviceProfileError.syntax(path: path, error: error)
        }
        guard case .object(let members) = document else {
            throw DeviceProfileError.notAnObject(path: path, found: document.typeDescription)
        }
        let reader = ProfileObjectReader(path: path, keyPrefix: "", members: members)

        let model = try reader.string(
            "model", hint: "Add \"model\": \"\(PulsePositionParameters.modelName)\" (valid models: \(modelNames.joined(separator: ", "))).")
        guard modelNames.contains(model) else {
            let guess = NearestName.suggestion(for: model, among: modelNames).map { " Did you mean '\($0)'?" } ?? ""
            throw DeviceProfileError.invalidValue(
                path: path, key: "model",
                problem: "names an unknown model '\(model)'.\(guess) Valid models: \(modelNames.joined(separator: ", ")).")
        }
        let name = try reader.string("name", hint: "Add a short identifier, for example \"name\": \"my-device\".")
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DeviceProfileError.invalidValue(path: path, key: "name", problem: "is empty; give the profile a short identifier.")
        }
        guard isIdentifier(name) else {
            throw DeviceProfileError.invalidValue(
                path: path, key: "name",
                problem: "is '\(name)', but it names result files, so it may contain only letters, digits, '.', '_' and '-' and must start with a letter or digit.")
        }
        let description = try reader.string("description", default: "")
        let source = try reader.string(
            "source", hint: "Say where the parameters come from (paper, table or measurement), for example \"source\": \"own measurement, 2026\".")

        let parameters: DeviceParameters
        switch model {
        case PulsePositionParameters.modelName:
            try reader.rejectUnknownKeys(validKeys: topLevelKeys + pulsePositionKeys)
            parameters = .pulsePosition(try readPulsePosition(reader))
        case MeasuredCurveParameters.modelName:
            parameters = .measured(try readMeasuredCurves(reader))
        case BinaryDeviceParameters.modelName:
            parameters = .binary(try readBinary(reader))
        default:
            parameters = .step(try readStepModel(reader, model: model))
        }
        return DeviceProfile(name: name, description: description, source: source, parameters: parameters,
                             write: try readWritePulses(reader))
    }

    private static func readPulsePosition(_ reader: ProfileObjectReader) throws -> PulsePositionParameters {
        let path = reader.path
        let conductanceHint = "Give Gmin and Gmax in siemens, for example \"minimumConductance\": 3.08e-9, \"maximumConductance\": 3.85e-8."
        let minimum = try reader.number("minimumConductance", hint: conductanceHint, check: ProfileChecks.conductance)
        let maximum = try reader.number("maximumConductance", hint: conductanceHint) { value in
            if value <= 0 { return "is \(ProfileChecks.format(value)) S, but Gmax must be positive." }
            return ProfileChecks.conductance(value)
        }
        guard minimum < maximum else {
            throw DeviceProfileError.invalidValue(
                path: path, key: "minimumConductance",
                problem: "(\(ProfileChecks.format(minimum)) S) must be below maximumConductance (\(ProfileChecks.format(maximum)) S); swap them if they are reversed.")
        }
        guard maximum >= smallestMaximumConductance else {
            throw DeviceProfileError.invalidValue(
                path: path, key: "maximumConductance",
                problem: "is \(ProfileChecks.format(maximum)) S, below 1 pS, smaller than any synapse device. Conductances are in siemens; check the unit.")
        }

        let curveHint = "Give an object such as {\"levels\": 97, \"nonlinearity\": 2.4}."
        guard let potentiationReader = try reader.object("potentiation", required: true, hint: curveHint),
              let depressionReader = try reader.object("depression", required: true, hint: curveHint)
        else { preconditionFailure("required objects are returned or thrown") }
        let potentiation = try readCurve(potentiationReader)
        let depression = try readCurve(depressionReader)
        for (key, curve) in [("potentiation.levels", potentiation), ("depression.levels", depression)] {
            let levelFraction = (maximum - minimum) / maximum / Double(curve.levels)
            guard levelFraction >= smallestLevelFraction else {
                throw DeviceProfileError.invalidValue(
                    path: path, key: key,
                    problem: "is \(curve.levels), so one level is \(String(format: "%.2g", levelFraction)) of Gmax, finer than single-precision conductances resolve (\(ProfileChecks.format(smallestLevelFraction))). Use fewer levels or a wider conductance range.")
            }
        }

        let cycleToCycleSigma = try reader.number(
            "cycleToCycleSigma", default: 0,
            check: ProfileChecks.fraction(upper: 1, meaning: "a fraction of the conductance range"))
        let noiseName = try reader.string("cycleToCycleNoise", default: CycleToCycleNoiseForm.perWrite.rawValue)
        guard let noiseForm = CycleToCycleNoiseForm(rawValue: noiseName) else {
            let valid = CycleToCycleNoiseForm.allCases.map(\.rawValue)
            throw DeviceProfileError.invalidValue(
                path: path, key: "cycleToCycleNoise",
                problem: "is '\(noiseName)', but must be one of: \(valid.joined(separator: ", ")).")
        }
        let readNoiseSigma = try reader.number(
            "readNoiseSigma", default: 0,
            check: ProfileChecks.fraction(upper: 1, meaning: "relative to the conductance read"))

        var variation = DeviceToDeviceVariation()
        if let spreads = try reader.object("deviceToDevice", required: false) {
            try spreads.rejectUnknownKeys(validKeys: deviceToDeviceKeys)
            variation.nonlinearitySigma = try spreads.number("nonlinearitySigma", default: 0) { value in
                (0...maximumNonlinearitySigma).contains(value) ? nil
                    : "is \(ProfileChecks.format(value)), but it is a spread of the nonlinearity label (label units) and must be in [0, \(ProfileChecks.format(maximumNonlinearitySigma))]."
            }
            variation.conductanceRangeSigma = try spreads.number(
                "conductanceRangeSigma", default: 0,
                check: ProfileChecks.fraction(upper: maximumRelativeSpread, meaning: "a relative spread of Gmin and Gmax"))
            variation.levelsSigma = try spreads.number(
                "levelsSigma", default: 0,
                check: ProfileChecks.fraction(upper: maximumRelativeSpread, meaning: "a relative spread of the level count"))
        }
        try checkBoundsRarelyCross(minimum: minimum, maximum: maximum, sigma: variation.conductanceRangeSigma, path: path)

        return PulsePositionParameters(
            minimumConductance: minimum, maximumConductance: maximum,
            potentiation: potentiation, depression: depression,
            cycleToCycleSigma: cycleToCycleSigma, cycleToCycleNoise: noiseForm,
            deviceToDevice: variation, readNoiseSigma: readNoiseSigma)
    }

    /// The optional `write` object: pulse amplitudes (V) and widths (s).
    private static func readWritePulses(_ reader: ProfileObjectReader) throws -> WritePulses? {
        guard let write = try reader.object("write", required: false) else { return nil }
        try write.rejectUnknownKeys(validKeys: writeKeys)
        let voltage: (Double) -> String? = { value in
            value > 0 && value <= 100 ? nil
                : "is \(ProfileChecks.format(value)), but it is the magnitude of a pulse voltage and must be in (0, 100] V."
        }
        let width: (Double) -> String? = { value in
            if value > 0 && value <= 1 { return nil }
            var text = "is \(ProfileChecks.format(value)), but it is a pulse width in seconds and must be in (0, 1]"
            if value > 1 && value < 1e6 {
                text += "; if you meant \(ProfileChecks.format(value)) µs, write \(ProfileChecks.format(value * 1e-6))."
            } else {
                text += "."
            }
            return text
        }
        return WritePulses(
            potentiationVoltage: try write.number("potentiationVoltage", hint: "Give |V| of a potentiation pulse.", check: voltage),
            depressionVoltage: try write.number("depressionVoltage", hint: "Give |V| of a depression pulse.", check: voltage),
            potentiationPulseWidth: try write.number("potentiationPulseWidth", hint: "Give the width of a potentiation pulse in seconds.", check: width),
            depressionPulseWidth: try write.number("depressionPulseWidth", hint: "Give the width of a depression pulse in seconds.", check: width))
    }

    private static func readCurve(_ reader: ProfileObjectReader) throws -> CurveParameters {
        try reader.rejectUnknownKeys(validKeys: curveKeys)
        let levels = try reader.number("levels", hint: "Give the number of pulses from Gmin to Gmax, for example \"levels\": 64.") { value in
            guard value == value.rounded(), value >= 2, value <= Double(maximumLevels) else {
                return "is \(ProfileChecks.format(value)), but it is the number of pulses from Gmin to Gmax and must be a whole number from 2 to \(maximumLevels)."
            }
            return nil
        }
        let nonlinearity = try reader.number("nonlinearity", hint: "Give the nonlinearity label NL, 0 for a linear device.") { value in
            abs(value) <= maximumNonlinearity ? nil
                : "is \(ProfileChecks.format(value)), but the nonlinearity label must be in [−\(ProfileChecks.format(maximumNonlinearity)), \(ProfileChecks.format(maximumNonlinearity))] (0 is linear; the sign gives the direction of curvature)."
        }
        return CurveParameters(levels: Int(levels), nonlinearity: nonlinearity)
    }

    /// Rejects a range spread under which a device's drawn bounds would cross too often:
    /// `P(Gmax(1 + σξ₁) ≤ Gmin(1 + σξ₂)) = Φ(−(Gmax − Gmin) / (σ·√(Gmax² + Gmin²)))`.
    private static func checkBoundsRarelyCross(minimum: Double, maximum: Double, sigma: Double, path: String) throws {
        guard sigma > 0 else { return }
        let margin = (maximum - minimum) / (sigma * (maximum * maximum + minimum * minimum).squareRoot())
        let probability = 0.5 * erfc(margin / 2.0.squareRoot())
        guard probability <= maximumCrossingProbability else {
            throw DeviceProfileError.invalidValue(
                path: path, key: "deviceToDevice.conductanceRangeSigma",
                problem: "is \(ProfileChecks.format(sigma)), so \(String(format: "%.1f", probability * 100)) % of devices would draw Gmax ≤ Gmin "
                    + "(on/off ratio \(String(format: "%.3g", maximum / max(minimum, .leastNonzeroMagnitude)))). Lower the spread or widen the conductance range.")
        }
    }
}
