import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class DeviceProfileReaderTests: XCTestCase {
    /// Every bundled profile loads, names its source, and round-trips through the encoder; a
    /// profile added to `device-profiles/` is covered without a new test.
    func testEveryBundledProfileLoads() throws {
        let library = RepositoryPaths.profileLibrary
        let names = library.bundledNames()
        XCTAssertEqual(Set(names), ["ideal-linear", "ag-a-si", "taox-hfox", "pcmo", "alox-hfo2", "gst-pcm", "epiram", "hzo-fefet",
                                    "aihwkit-reram-es", "aihwkit-reram-sb", "aihwkit-capacitor", "aihwkit-ecram", "aihwkit-ecram-mo",
                                    "aihwkit-idealized", "aihwkit-gokmen-vlasov", "aihwkit-pcm"])
        for name in names {
            let (profile, path) = try library.load(name)
            XCTAssertEqual(profile.name, name, path)
            XCTAssertFalse(profile.source.isEmpty, path)

            let encoded = try JSONEncoder().encode(profile)
            let decoded = try DeviceProfileReader.parse(bytes: [UInt8](encoded), path: "re-encoded \(name)")
            XCTAssertEqual(decoded, profile, name)
        }
    }

    func testBundledValuesMatchDeviceTable() throws {
        let expected: [String: (levels: (Int, Int), nonlinearity: (Double, Double), onOff: Double, cycleToCycle: Double)] = [
            "ag-a-si": ((97, 100), (2.40, -4.88), 12.5, 0.035),
            "taox-hfox": ((128, 128), (0.04, -0.63), 10, 0.037),
            "pcmo": ((50, 50), (3.68, -6.76), 6.84, 0.005),
            "alox-hfo2": ((40, 40), (1.94, -0.61), 4.43, 0.05),
            "gst-pcm": ((100, 120), (0.105, 2.4), 19.8, 0.015),
            "epiram": ((64, 64), (0.5, -0.5), 50.2, 0.02),
            "hzo-fefet": ((32, 32), (1.75, 1.46), 45, 0.005),
            "ideal-linear": ((1024, 1024), (0, 0), 50, 0),
        ]
        for (name, values) in expected.sorted(by: { $0.key < $1.key }) {
            guard case .pulsePosition(let parameters) = try RepositoryPaths.profileLibrary.load(name).profile.parameters else {
                return XCTFail("\(name) is not a pulse-position profile")
            }
            XCTAssertEqual(parameters.potentiation.levels, values.levels.0, name)
            XCTAssertEqual(parameters.depression.levels, values.levels.1, name)
            XCTAssertEqual(parameters.potentiation.nonlinearity, values.nonlinearity.0, name)
            XCTAssertEqual(parameters.depression.nonlinearity, values.nonlinearity.1, name)
            XCTAssertEqual(parameters.onOffRatio, values.onOff, accuracy: 0.01 * values.onOff, name)
            XCTAssertEqual(parameters.cycleToCycleSigma, values.cycleToCycle, name)
        }
    }

    /// The aihwkit presets carry aihwkit 1.1.0's values: dw_min, its spread and noise, asymmetry,
    /// bounds, write noise and the model's own constants.
    func testAihwkitPresetValues() throws {
        let expected: [String: (step: Double, spread: Double, noise: Double, asymmetry: Double, bounds: (Double, Double), writeNoise: Double, response: StepResponse)] = [
            "aihwkit-reram-es": (0.00135, 0.2, 5, 0.259359, (-1, 1), 75,
                                 .exponential(ExponentialStep(amplitudeUp: -1.18445, amplitudeDown: -0.081404, gammaUp: 5, gammaDown: 5, a: -0.5, b: -0.5))),
            "aihwkit-reram-sb": (0.002, 0.3, 3.75, 0, (-0.75, 1.25), 56, .softBounds(SoftBoundsStep(multiplicativeNoise: false))),
            "aihwkit-capacitor": (0.005, 0.1, 0.3, 0, (-1, 1), 0,
                                  .linear(LinearStep(slopeUp: 0.05, slopeDown: 0.05, slopeUpDeviceToDevice: 0.01, slopeDownDeviceToDevice: 0.01,
                                                     meanBoundReference: true, multiplicativeNoise: false))),
            "aihwkit-ecram": (0.002, 0.1, 0.3, 0, (-0.8276, 1.1724), 0,
                              .linear(LinearStep(slopeUp: 0.1153, slopeDown: 0.5085, slopeUpDeviceToDevice: 0.05, slopeDownDeviceToDevice: 0.05))),
            "aihwkit-ecram-mo": (0.00028214, 0.1, 2, 0, (-0.8286, 1.1714), 0,
                                 .linear(LinearStep(slopeUp: 0.4152, slopeDown: 0.7342, slopeUpDeviceToDevice: 0.05, slopeDownDeviceToDevice: 0.05))),
            "aihwkit-idealized": (0.0002, 0.3, 0.3, 0, (-1, 1), 0, .constant),
            "aihwkit-gokmen-vlasov": (0.0016, 0.3, 0.3, 0, (-1, 1), 0, .constant),
            "aihwkit-pcm": (0.01, 0.2, 0.6, 0, (0, 2), 0,
                            .exponential(ExponentialStep(amplitudeUp: -27.235, amplitudeDown: -2.235, gammaUp: 2.5, gammaDown: 2.5, a: -1, b: 0,
                                                         noiseAdditive: 0.042, noiseSlope: 0.108))),
        ]
        for (name, values) in expected.sorted(by: { $0.key < $1.key }) {
            guard case .step(let parameters) = try RepositoryPaths.profileLibrary.load(name).profile.parameters else {
                return XCTFail("\(name) is not a step profile")
            }
            XCTAssertEqual(parameters.minimumStep, values.step, name)
            XCTAssertEqual(parameters.minimumStepDeviceToDevice, values.spread, name)
            XCTAssertEqual(parameters.cycleToCycle, values.noise, name)
            XCTAssertEqual(parameters.upDownAsymmetry, values.asymmetry, name)
            XCTAssertEqual(parameters.minimumWeight, values.bounds.0, name)
            XCTAssertEqual(parameters.maximumWeight, values.bounds.1, name)
            XCTAssertEqual(parameters.writeNoise, values.writeNoise, name)
            XCTAssertEqual(parameters.response, values.response, name)
        }
    }

    /// Bad step-model profiles, each with its full message.
    func testBadStepProfilesTable() {
        let valid = """
            {"name": "step", "source": "tests", "model": "linear-step",
             "step": {"minimum": 0.01, "cycleToCycle": 0.3},
             "bounds": {"minimum": -1, "maximum": 1},
             "linear": {"slopeUp": 0.5, "slopeDown": 0.3}}
            """
        XCTAssertNoThrow(try DeviceProfileReader.parse(bytes: Array(valid.utf8), path: "step.json"))
        let cases: [(name: String, edit: (String) -> String, message: String)] = [
            ("positive lower bound", { $0.replacingOccurrences(of: "\"minimum\": -1", with: "\"minimum\": 0.5") },
             "profile step.json: 'bounds.minimum' is 0.5, but the lower weight bound must be in [−1e6, 0] (aihwkit's devices span zero)."),
            ("step beyond range", { $0.replacingOccurrences(of: "\"minimum\": 0.01", with: "\"minimum\": 3") },
             "profile step.json: 'step.minimum' is 3, but dw_min must be at least 1e-06 of the weight range (2e-06) and below the range (2); single-precision weights do not resolve smaller steps."),
            ("step too fine", { $0.replacingOccurrences(of: "\"minimum\": 0.01", with: "\"minimum\": 1e-9") },
             "profile step.json: 'step.minimum' is 1e-09, but dw_min must be at least 1e-06 of the weight range (2e-06) and below the range (2); single-precision weights do not resolve smaller steps."),
            ("lifetime below one sample", { $0.replacingOccurrences(of: "\"cycleToCycle\": 0.3},", with: "\"cycleToCycle\": 0.3}, \"lifetime\": {\"samples\": 0.5},") },
             "profile step.json: 'lifetime.samples' is 0.5, but it is a retention time in training samples and must be 0 (none) or above 1 (up to 1e15)."),
            ("missing slopes", { $0.replacingOccurrences(of: ",\n \"linear\": {\"slopeUp\": 0.5, \"slopeDown\": 0.3}", with: "") },
             "profile step.json: required key 'linear' is missing. Give the slopes, for example \"linear\": {\"slopeUp\": 0.5, \"slopeDown\": 0.3}."),
            ("key of another model", { $0.replacingOccurrences(of: "\"linear\": {", with: "\"power\": {") },
             "profile step.json: unknown key 'power'. Valid keys here: name, description, source, model, write, step, bounds, writeNoise, reset, lifetime, linear."),
            ("pulse-position key", { $0.replacingOccurrences(of: "\"source\": \"tests\",", with: "\"source\": \"tests\", \"cycleToCycleSigma\": 0.1,") },
             "profile step.json: unknown key 'cycleToCycleSigma'. Valid keys here: name, description, source, model, write, step, bounds, writeNoise, reset, lifetime, linear."),
            ("noise as string", { $0.replacingOccurrences(of: "\"cycleToCycle\": 0.3", with: "\"cycleToCycle\": \"0.3\"") },
             "profile step.json: 'step.cycleToCycle' must be a number, but it is a string (\"0.3\")."),
            ("asymmetry of one", { $0.replacingOccurrences(of: "\"cycleToCycle\": 0.3", with: "\"cycleToCycle\": 0.3, \"upDownAsymmetry\": 1") },
             "profile step.json: 'step.upDownAsymmetry' is 1, but the up/down asymmetry must be in (−1, 1)."),
            ("flag as number", { $0.replacingOccurrences(of: "\"slopeDown\": 0.3", with: "\"slopeDown\": 0.3, \"multiplicativeNoise\": 1") },
             "profile step.json: 'linear.multiplicativeNoise' must be true or false, but it is a number (1)."),
            ("reset outside bounds", { $0.replacingOccurrences(of: "\"cycleToCycle\": 0.3},", with: "\"cycleToCycle\": 0.3}, \"reset\": {\"weight\": 2},") },
             "profile step.json: 'reset.weight' is 2, but a reset weight must lie within the bounds [-1, 1]."),
        ]
        for testCase in cases {
            let text = testCase.edit(valid)
            XCTAssertNotEqual(text, valid, "\(testCase.name): the edit changed nothing")
            XCTAssertThrowsError(try DeviceProfileReader.parse(bytes: Array(text.utf8), path: "step.json"), testCase.name) { error in
                XCTAssertEqual((error as? DeviceProfileError)?.message, testCase.message, testCase.name)
            }
        }
    }

    func testUnknownNameSuggestsNearest() {
        XCTAssertThrowsError(try RepositoryPaths.profileLibrary.load("ag-asi")) { error in
            guard case DeviceProfileError.unknownProfile(_, _, let suggestion) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(suggestion, "ag-a-si")
            XCTAssertEqual((error as? DeviceProfileError)?.kind, .usage)
        }
    }

    func testDirectoryIsNotAProfile() {
        XCTAssertThrowsError(try RepositoryPaths.profileLibrary.load(RepositoryPaths.deviceProfiles + "/")) { error in
            XCTAssertEqual((error as? DeviceProfileError)?.message,
                           "profile \(RepositoryPaths.deviceProfiles)/: cannot be read (it is a directory, not a profile file). Pass the path of a readable profile JSON file.")
        }
    }

    func testMissingFileIsMissingInput() {
        XCTAssertThrowsError(try RepositoryPaths.profileLibrary.load("/nonexistent/device.json")) { error in
            XCTAssertEqual(error as? DeviceProfileError, .fileNotFound(path: "/nonexistent/device.json"))
            XCTAssertEqual((error as? DeviceProfileError)?.kind, .missingInput)
        }
    }

    // MARK: - Bad profiles

    static let validProfile = """
        {
          "name": "test-device",
          "description": "a device for tests",
          "source": "tests",
          "model": "pulse-position",
          "minimumConductance": 1e-8,
          "maximumConductance": 1e-7,
          "potentiation": {"levels": 64, "nonlinearity": 1.0},
          "depression": {"levels": 64, "nonlinearity": -1.0},
          "cycleToCycleSigma": 0.02,
          "deviceToDevice": {"nonlinearitySigma": 0.1, "conductanceRangeSigma": 0.05, "levelsSigma": 0.0},
          "readNoiseSigma": 0
        }
        """

    func testValidProfileParses() throws {
        let profile = try DeviceProfileReader.parse(bytes: Array(Self.validProfile.utf8), path: "test.json")
        XCTAssertEqual(profile.name, "test-device")
    }

    /// Each case edits the valid profile and names the exact message it must produce.
    func testBadProfilesTable() {
        let cases: [(name: String, edit: (String) -> String, message: String)] = [
            ("cycle-to-cycle given as percent",
             { $0.replacingOccurrences(of: "\"cycleToCycleSigma\": 0.02", with: "\"cycleToCycleSigma\": 5") },
             "profile test.json: 'cycleToCycleSigma' is 5, but it is a fraction of the conductance range and must be in [0, 1]; did you mean 0.05 (5 %)?"),
            ("conductance in microsiemens",
             { $0.replacingOccurrences(of: "\"maximumConductance\": 1e-7", with: "\"maximumConductance\": 38.5") },
             "profile test.json: 'maximumConductance' is 38.5 S, far above any synapse conductance. Conductances are in siemens: if you meant 38.5 µS, write 3.85e-05."),
            ("negative conductance",
             { $0.replacingOccurrences(of: "\"minimumConductance\": 1e-8", with: "\"minimumConductance\": -1e-8") },
             "profile test.json: 'minimumConductance' is -1e-08 S, but a conductance cannot be negative."),
            ("reversed bounds",
             { $0.replacingOccurrences(of: "\"minimumConductance\": 1e-8", with: "\"minimumConductance\": 2e-7") },
             "profile test.json: 'minimumConductance' (2e-07 S) must be below maximumConductance (1e-07 S); swap them if they are reversed."),
            ("equal bounds",
             { $0.replacingOccurrences(of: "\"minimumConductance\": 1e-8", with: "\"minimumConductance\": 1e-7") },
             "profile test.json: 'minimumConductance' (1e-07 S) must be below maximumConductance (1e-07 S); swap them if they are reversed."),
            ("misspelled key",
             { $0.replacingOccurrences(of: "\"cycleToCycleSigma\"", with: "\"cycleToCyclesigma\"") },
             "profile test.json: unknown key 'cycleToCyclesigma'. Did you mean 'cycleToCycleSigma'? Valid keys here: name, description, source, model, write, minimumConductance, maximumConductance, potentiation, depression, cycleToCycleSigma, cycleToCycleNoise, deviceToDevice, readNoiseSigma."),
            ("misspelled nested key",
             { $0.replacingOccurrences(of: "{\"levels\": 64, \"nonlinearity\": 1.0}", with: "{\"levels\": 64, \"nonlinearty\": 1.0}") },
             "profile test.json: unknown key 'potentiation.nonlinearty'. Did you mean 'potentiation.nonlinearity'? Valid keys here: levels, nonlinearity."),
            ("missing maximum",
             { $0.replacingOccurrences(of: "\"maximumConductance\": 1e-7,", with: "") },
             "profile test.json: required key 'maximumConductance' is missing. Give Gmin and Gmax in siemens, for example \"minimumConductance\": 3.08e-9, \"maximumConductance\": 3.85e-8."),
            ("missing source",
             { $0.replacingOccurrences(of: "\"source\": \"tests\",", with: "") },
             "profile test.json: required key 'source' is missing. Say where the parameters come from (paper, table or measurement), for example \"source\": \"own measurement, 2026\"."),
            ("missing depression",
             { $0.replacingOccurrences(of: "\"depression\": {\"levels\": 64, \"nonlinearity\": -1.0},", with: "") },
             "profile test.json: required key 'depression' is missing. Give an object such as {\"levels\": 97, \"nonlinearity\": 2.4}."),
            ("levels as string",
             { $0.replacingOccurrences(of: "{\"levels\": 64, \"nonlinearity\": 1.0}", with: "{\"levels\": \"64\", \"nonlinearity\": 1.0}") },
             "profile test.json: 'potentiation.levels' must be a number, but it is a string (\"64\")."),
            ("fractional levels",
             { $0.replacingOccurrences(of: "{\"levels\": 64, \"nonlinearity\": -1.0}", with: "{\"levels\": 12.5, \"nonlinearity\": -1.0}") },
             "profile test.json: 'depression.levels' is 12.5, but it is the number of pulses from Gmin to Gmax and must be a whole number from 2 to 1000000."),
            ("one level",
             { $0.replacingOccurrences(of: "{\"levels\": 64, \"nonlinearity\": 1.0}", with: "{\"levels\": 1, \"nonlinearity\": 1.0}") },
             "profile test.json: 'potentiation.levels' is 1, but it is the number of pulses from Gmin to Gmax and must be a whole number from 2 to 1000000."),
            ("huge levels",
             { $0.replacingOccurrences(of: "{\"levels\": 64, \"nonlinearity\": 1.0}", with: "{\"levels\": 1e12, \"nonlinearity\": 1.0}") },
             "profile test.json: 'potentiation.levels' is 1e+12, but it is the number of pulses from Gmin to Gmax and must be a whole number from 2 to 1000000."),
            ("nonlinearity out of range",
             { $0.replacingOccurrences(of: "\"nonlinearity\": -1.0", with: "\"nonlinearity\": -12") },
             "profile test.json: 'depression.nonlinearity' is -12, but the nonlinearity label must be in [−9, 9] (0 is linear; the sign gives the direction of curvature)."),
            ("unknown model",
             { $0.replacingOccurrences(of: "\"pulse-position\"", with: "\"pulse-positon\"") },
             "profile test.json: 'model' names an unknown model 'pulse-positon'. Did you mean 'pulse-position'? Valid models: pulse-position, constant-step, linear-step, soft-bounds, exp-step, pow-step, piecewise-step, measured, binary."),
            ("unknown noise form",
             { $0.replacingOccurrences(of: "\"readNoiseSigma\": 0", with: "\"readNoiseSigma\": 0, \"cycleToCycleNoise\": \"per-step\"") },
             "profile test.json: 'cycleToCycleNoise' is 'per-step', but must be one of: per-write, per-pulse."),
            ("read noise above one",
             { $0.replacingOccurrences(of: "\"readNoiseSigma\": 0", with: "\"readNoiseSigma\": 250") },
             "profile test.json: 'readNoiseSigma' is 250, but it is relative to the conductance read and must be in [0, 1]."),
            ("range spread crosses bounds",
             { $0.replacingOccurrences(of: "\"minimumConductance\": 1e-8", with: "\"minimumConductance\": 8e-8").replacingOccurrences(of: "\"conductanceRangeSigma\": 0.05", with: "\"conductanceRangeSigma\": 0.4") },
             "profile test.json: 'deviceToDevice.conductanceRangeSigma' is 0.4, so 34.8 % of devices would draw Gmax ≤ Gmin (on/off ratio 1.25). Lower the spread or widen the conductance range."),
            ("range spread above limit",
             { $0.replacingOccurrences(of: "\"conductanceRangeSigma\": 0.05", with: "\"conductanceRangeSigma\": 30") },
             "profile test.json: 'deviceToDevice.conductanceRangeSigma' is 30, but it is a relative spread of Gmin and Gmax and must be in [0, 0.5]; did you mean 0.3 (30 %)?"),
            ("negative nonlinearity spread",
             { $0.replacingOccurrences(of: "\"nonlinearitySigma\": 0.1", with: "\"nonlinearitySigma\": -0.1") },
             "profile test.json: 'deviceToDevice.nonlinearitySigma' is -0.1, but it is a spread of the nonlinearity label (label units) and must be in [0, 3]."),
            ("unknown spread key",
             { $0.replacingOccurrences(of: "\"levelsSigma\"", with: "\"levelSigma\"") },
             "profile test.json: unknown key 'deviceToDevice.levelSigma'. Did you mean 'deviceToDevice.levelsSigma'? Valid keys here: nonlinearitySigma, conductanceRangeSigma, levelsSigma."),
            ("curve as number",
             { $0.replacingOccurrences(of: "\"potentiation\": {\"levels\": 64, \"nonlinearity\": 1.0}", with: "\"potentiation\": 64") },
             "profile test.json: 'potentiation' must be an object ({ … }), but it is a number (64)."),
            ("name with a path",
             { $0.replacingOccurrences(of: "\"name\": \"test-device\"", with: "\"name\": \"../escaped\"") },
             "profile test.json: 'name' is '../escaped', but it names result files, so it may contain only letters, digits, '.', '_' and '-' and must start with a letter or digit."),
            ("conductance below a picosiemens",
             { $0.replacingOccurrences(of: "\"minimumConductance\": 1e-8", with: "\"minimumConductance\": 0").replacingOccurrences(of: "\"maximumConductance\": 1e-7", with: "\"maximumConductance\": 1e-300") },
             "profile test.json: 'maximumConductance' is 1e-300 S, below 1 pS, smaller than any synapse device. Conductances are in siemens; check the unit."),
            ("levels finer than single precision",
             { $0.replacingOccurrences(of: "\"minimumConductance\": 1e-8", with: "\"minimumConductance\": 9.99999e-8").replacingOccurrences(of: "\"conductanceRangeSigma\": 0.05", with: "\"conductanceRangeSigma\": 0") },
             "profile test.json: 'potentiation.levels' is 64, so one level is 1.6e-08 of Gmax, finer than single-precision conductances resolve (1e-06). Use fewer levels or a wider conductance range."),
            ("pulse width in microseconds",
             { $0.replacingOccurrences(of: "\"readNoiseSigma\": 0", with: "\"readNoiseSigma\": 0, \"write\": {\"potentiationVoltage\": 3.2, \"depressionVoltage\": 2.8, \"potentiationPulseWidth\": 300, \"depressionPulseWidth\": 3e-4}") },
             "profile test.json: 'write.potentiationPulseWidth' is 300, but it is a pulse width in seconds and must be in (0, 1]; if you meant 300 µs, write 0.0003."),
            ("negative voltage",
             { $0.replacingOccurrences(of: "\"readNoiseSigma\": 0", with: "\"readNoiseSigma\": 0, \"write\": {\"potentiationVoltage\": 3.2, \"depressionVoltage\": -2.8, \"potentiationPulseWidth\": 3e-4, \"depressionPulseWidth\": 3e-4}") },
             "profile test.json: 'write.depressionVoltage' is -2.8, but it is the magnitude of a pulse voltage and must be in (0, 100] V."),
            ("empty name",
             { $0.replacingOccurrences(of: "\"name\": \"test-device\"", with: "\"name\": \"  \"") },
             "profile test.json: 'name' is empty; give the profile a short identifier."),
            ("NaN literal",
             { $0.replacingOccurrences(of: "\"cycleToCycleSigma\": 0.02", with: "\"cycleToCycleSigma\": NaN") },
             "profile test.json: invalid JSON at line 10, column 24: NaN and Infinity are not JSON numbers; write a finite number. Fix the file; docs/profile-format.md shows a complete example."),
            ("infinite number",
             { $0.replacingOccurrences(of: "\"cycleToCycleSigma\": 0.02", with: "\"cycleToCycleSigma\": 1e999") },
             "profile test.json: invalid JSON at line 10, column 24: the number 1e999 is too large for a 64-bit float. Fix the file; docs/profile-format.md shows a complete example."),
            ("trailing comma",
             { $0.replacingOccurrences(of: "\"readNoiseSigma\": 0", with: "\"readNoiseSigma\": 0,") },
             "profile test.json: invalid JSON at line 13, column 1: trailing comma before '}'. Fix the file; docs/profile-format.md shows a complete example."),
            ("duplicate key",
             { $0.replacingOccurrences(of: "\"readNoiseSigma\": 0", with: "\"readNoiseSigma\": 0, \"name\": \"again\"") },
             "profile test.json: invalid JSON at line 12, column 24: duplicate key \"name\". Fix the file; docs/profile-format.md shows a complete example."),
            ("array document",
             { _ in "[1, 2]" },
             "profile test.json: the file holds an array, but a profile is a JSON object ({ … }); see docs/profile-format.md."),
            ("empty file",
             { _ in "" },
             "profile test.json: invalid JSON at line 1, column 1: unexpected end of the text; a value is missing. Fix the file; docs/profile-format.md shows a complete example."),
        ]
        for testCase in cases {
            let text = testCase.edit(Self.validProfile)
            XCTAssertNotEqual(text, Self.validProfile, "\(testCase.name): the edit changed nothing")
            do {
                _ = try DeviceProfileReader.parse(bytes: Array(text.utf8), path: "test.json")
                XCTFail("\(testCase.name): accepted")
            } catch let error as DeviceProfileError {
                XCTAssertEqual(error.message, testCase.message, testCase.name)
                XCTAssertEqual(error.kind, .data, testCase.name)
            } catch {
                XCTFail("\(testCase.name): unexpected error \(error)")
            }
        }
    }
}
