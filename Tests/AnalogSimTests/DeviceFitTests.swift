import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// Fits to noise-free trains of known profiles recover the profile's parameters.
final class DeviceFitTests: XCTestCase {
    func measurement(_ readings: [PulseTrainMeasurement.Reading]) -> PulseTrainMeasurement {
        PulseTrainMeasurement(path: "synthetic.csv", unit: .siemens, readings: readings)
    }

    func fit(_ readings: [PulseTrainMeasurement.Reading], model: DeviceFitModel,
             nodeCount: Int = DeviceFitModel.defaultNodeCount) throws -> DeviceFitResult {
        try DeviceFitter.fit(measurement(readings), model: model, nodeCount: nodeCount, name: "synthetic", command: "test")
    }

    /// Asserts `actual` is within 5 % of `expected`.
    func assertWithinFivePercent(_ actual: Double?, _ expected: Double, _ message: String,
                                 file: StaticString = #filePath, line: UInt = #line) {
        guard let actual else { return XCTFail("\(message): not reported", file: file, line: line) }
        XCTAssertEqual(actual, expected, accuracy: 0.05 * abs(expected), message, file: file, line: line)
    }

    // MARK: - Pulse-position model

    /// Level counts, labels of both signs and on/off ratios from the bundled devices and beyond.
    static let pulsePositionCases: [(name: String, parameters: PulsePositionParameters)] = [
        ("ag-a-si", .init(minimumConductance: 3.0769e-9, maximumConductance: 3.8462e-8,
                          potentiation: .init(levels: 97, nonlinearity: 2.4), depression: .init(levels: 100, nonlinearity: -4.88))),
        ("pcmo", .init(minimumConductance: 7.31e-7, maximumConductance: 5e-6,
                       potentiation: .init(levels: 50, nonlinearity: 3.68), depression: .init(levels: 50, nonlinearity: -6.76))),
        ("taox-hfox", .init(minimumConductance: 5e-7, maximumConductance: 5e-6,
                            potentiation: .init(levels: 128, nonlinearity: 0.04), depression: .init(levels: 128, nonlinearity: -0.63))),
        ("hzo-fefet", .init(minimumConductance: 1.11e-7, maximumConductance: 5e-6,
                            potentiation: .init(levels: 32, nonlinearity: 1.75), depression: .init(levels: 32, nonlinearity: 1.46))),
        ("gst-pcm", .init(minimumConductance: 2.53e-7, maximumConductance: 5e-6,
                          potentiation: .init(levels: 100, nonlinearity: 0.105), depression: .init(levels: 120, nonlinearity: 2.4))),
        ("negative potentiation", .init(minimumConductance: 0, maximumConductance: 1e-6,
                                        potentiation: .init(levels: 40, nonlinearity: -1.5), depression: .init(levels: 60, nonlinearity: 0.5))),
        ("strong", .init(minimumConductance: 2e-8, maximumConductance: 1e-7,
                         potentiation: .init(levels: 300, nonlinearity: 9), depression: .init(levels: 200, nonlinearity: -9))),
    ]

    func testNonlinearRecoversSyntheticProfiles() throws {
        for (name, parameters) in Self.pulsePositionCases {
            let result = try fit(PulseTrainFixtures.readings(of: parameters), model: .nonlinear)
            guard case .pulsePosition(let fitted) = result.profile.parameters else { return XCTFail("\(name): not pulse-position") }
            let range = parameters.maximumConductance - parameters.minimumConductance
            XCTAssertEqual(fitted.potentiation.levels, parameters.potentiation.levels, name)
            XCTAssertEqual(fitted.depression.levels, parameters.depression.levels, name)
            assertWithinFivePercent(fitted.potentiation.nonlinearity, parameters.potentiation.nonlinearity, "\(name) NL LTP")
            assertWithinFivePercent(fitted.depression.nonlinearity, parameters.depression.nonlinearity, "\(name) NL LTD")
            XCTAssertEqual(fitted.minimumConductance, parameters.minimumConductance, accuracy: 0.05 * range, "\(name) Gmin")
            assertWithinFivePercent(fitted.maximumConductance, parameters.maximumConductance, "\(name) Gmax")
            XCTAssertLessThan(result.residualRootMeanSquare, 1e-5 * range, name)
            XCTAssertEqual(result.pointCount, 1 + parameters.potentiation.levels + parameters.depression.levels, name)
        }
    }

    /// The reported A is Pmax·a(NL), and NL carries its propagated uncertainty.
    func testNonlinearReportsCurveConstants() throws {
        let parameters = Self.pulsePositionCases[0].parameters
        let result = try fit(PulseTrainFixtures.readings(of: parameters), model: .nonlinear)
        assertWithinFivePercent(result.value(of: "A (potentiation)"), parameters.nominalPotentiationCurve.curveConstant, "A LTP")
        assertWithinFivePercent(result.value(of: "A (depression)"), parameters.nominalDepressionCurve.curveConstant, "A LTD")
        let label = result.quantities.first { $0.name == "NL (potentiation)" }
        XCTAssertEqual(label?.origin, .derived)
        XCTAssertNotNil(label?.uncertainty)
        XCTAssertEqual(result.value(of: "levels (depression)"), 100)
    }

    func testNonlinearWithEveryFourthPulseRead() throws {
        let parameters = Self.pulsePositionCases[0].parameters
        let readings = PulseTrainFixtures.readings(of: parameters, readEvery: 4)
        XCTAssertLessThan(readings.count, 60)
        let result = try fit(readings, model: .nonlinear)
        guard case .pulsePosition(let fitted) = result.profile.parameters else { return XCTFail("not pulse-position") }
        XCTAssertEqual(fitted.potentiation.levels, 97)
        XCTAssertEqual(fitted.depression.levels, 100)
        assertWithinFivePercent(fitted.potentiation.nonlinearity, 2.4, "NL LTP")
        assertWithinFivePercent(fitted.depression.nonlinearity, -4.88, "NL LTD")
    }

    func testNonlinearLinearDevice() throws {
        let parameters = PulsePositionParameters(minimumConductance: 1e-7, maximumConductance: 5e-6,
                                                 potentiation: .init(levels: 64, nonlinearity: 0),
                                                 depression: .init(levels: 64, nonlinearity: 0))
        let result = try fit(PulseTrainFixtures.readings(of: parameters), model: .nonlinear)
        guard case .pulsePosition(let fitted) = result.profile.parameters else { return XCTFail("not pulse-position") }
        XCTAssertEqual(fitted.potentiation.nonlinearity, 0, accuracy: 0.01)
        XCTAssertEqual(fitted.depression.nonlinearity, 0, accuracy: 0.01)
    }

    /// A train that jumps to its high state in one pulse is steeper than |NL| = 9 allows.
    func testNonlinearRejectsAbruptTrain() {
        var readings: [PulseTrainMeasurement.Reading] = [.init(pulse: 0, polarity: .initial, conductance: 1e-7, line: 2)]
        for pulse in 1...10 { readings.append(.init(pulse: pulse, polarity: .potentiation, conductance: 1e-6, line: pulse + 2)) }
        for pulse in 11...20 { readings.append(.init(pulse: pulse, polarity: .depression, conductance: 1e-7, line: pulse + 2)) }
        XCTAssertThrowsError(try fit(readings, model: .nonlinear)) { error in
            guard case .fittedValueOutOfRange(_, _, let quantity, _)? = error as? DeviceFitError else { return XCTFail("\(error)") }
            XCTAssertTrue(quantity.hasPrefix("NL"), quantity)
        }
    }

    // MARK: - Step models

    /// Returns the measured weights of `readings` in the fit's units, −1 and 1 at the extremes.
    func fitWeights(_ readings: [PulseTrainMeasurement.Reading]) -> [Double] {
        let conductances = readings.map(\.conductance)
        let (lowest, highest) = (conductances.min()!, conductances.max()!)
        return conductances.map { -1 + 2 * ($0 - lowest) / (highest - lowest) }
    }

    /// Runs a fitted step profile through the simulator's own kernel (`StepDevices`, single
    /// precision) over the train of `readings`, from the fitted start weight.
    func simulate(_ result: DeviceFitResult, over readings: [PulseTrainMeasurement.Reading]) throws -> [Double] {
        guard case .step(let parameters) = result.profile.parameters else { throw XCTSkip("not a step profile") }
        let devices = parameters.makePopulation(count: 1, variation: RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0)))
        devices.program(device: 0, conductance: Float(result.value(of: "start weight w₀")!))
        var weights = [Double(devices.conductances[0])]
        for index in readings.indices.dropFirst() {
            let pulses = readings[index].pulse - readings[index - 1].pulse
            devices.applyPulsesWithoutNoise(readings[index].polarity == .depression ? -pulses : pulses, toDevice: 0)
            weights.append(Double(devices.conductances[0]))
        }
        return weights
    }

    /// Asserts that the fitted profile, run by the simulator, retraces the measured train to 0.1 %
    /// of the range.
    func assertProfileRetracesTrain(_ result: DeviceFitResult, _ readings: [PulseTrainMeasurement.Reading], _ name: String,
                                    file: StaticString = #filePath, line: UInt = #line) throws {
        let measured = fitWeights(readings)
        let simulated = try simulate(result, over: readings)
        let largest = zip(measured, simulated).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThan(largest, 2e-3, "\(name): largest difference \(largest) of the range 2", file: file, line: line)
    }

    func testSoftBoundsRecoversRatesAndBounds() throws {
        let parameters = StepDeviceParameters(response: .softBounds(SoftBoundsStep()), minimumStep: 0.02, upDownAsymmetry: -0.2,
                                              minimumWeight: -1, maximumWeight: 1.2)
        let readings = PulseTrainFixtures.readings(of: parameters, start: -0.95, upPulses: 300, downPulses: 300)
        let result = try fit(readings, model: .softBounds)

        // The fit's weights are the device's, stretched so the measured extremes sit at ±1.
        let deviceWeights = readings.map { ($0.conductance - 2e-6) / 1e-6 }
        let (lowest, highest) = (deviceWeights.min()!, deviceWeights.max()!)
        func fitWeight(_ w: Double) -> Double { -1 + 2 * (w - lowest) / (highest - lowest) }
        // s⁺ = (1 − 0.2)·0.02 and s⁻ = 0.02; the rates s/|b| do not depend on the weight scale.
        assertWithinFivePercent(result.value(of: "up rate k⁺"), 0.016 / 1.2, "k⁺")
        assertWithinFivePercent(result.value(of: "down rate k⁻"), 0.02 / 1, "k⁻")
        assertWithinFivePercent(result.value(of: "w_max"), fitWeight(1.2), "w_max")
        assertWithinFivePercent(result.value(of: "w_min"), fitWeight(-1), "w_min")
        assertWithinFivePercent(result.value(of: "start weight w₀"), -1, "w₀")
        try assertProfileRetracesTrain(result, readings, "soft-bounds")
    }

    /// Exp-step devices with each sign of a, whose trains reach both bounds, so the fit's
    /// weights are the device's.
    static let exponentialCases: [(name: String, parameters: StepDeviceParameters, pulses: Int)] = [
        ("a = 1", StepDeviceParameters(response: .exponential(ExponentialStep(amplitudeUp: 0.2, amplitudeDown: 0.3, gammaUp: 1.5,
                                                                               gammaDown: 1, a: 1, b: 0)),
                                       minimumStep: 0.02, upDownAsymmetry: 0.1), 400),
        ("a = −1", StepDeviceParameters(response: .exponential(ExponentialStep(amplitudeUp: -1.2, amplitudeDown: -0.08, gammaUp: 2.5,
                                                                                gammaDown: 2.5, a: -1, b: 0)),
                                        minimumStep: 0.005, upDownAsymmetry: -0.25), 600),
    ]

    func testExponentialStepRecoversParameters() throws {
        for (name, parameters, pulses) in Self.exponentialCases {
            guard case .exponential(let expected) = parameters.response else { return XCTFail(name) }
            let readings = PulseTrainFixtures.readings(of: parameters, start: -1, upPulses: pulses, downPulses: pulses)
            let deviceWeights = readings.map { ($0.conductance - 2e-6) / 1e-6 }
            XCTAssertEqual(deviceWeights.max()!, 1, accuracy: 1e-6, "\(name): the train reaches w = 1")
            XCTAssertEqual(deviceWeights.min()!, -1, accuracy: 1e-6, "\(name): the train reaches w = −1")

            let result = try fit(readings, model: .exponentialStep)
            let biases = StepDeviceParameters.asymmetryBiases(parameters.upDownAsymmetry)
            XCTAssertEqual(result.value(of: "a"), expected.a, name)
            assertWithinFivePercent(result.value(of: "up step scale s⁺"), (1 + biases.up) * parameters.minimumStep, "\(name) s⁺")
            assertWithinFivePercent(result.value(of: "down step scale s⁻"), (1 + biases.down) * parameters.minimumStep, "\(name) s⁻")
            assertWithinFivePercent(result.value(of: "A_up"), expected.amplitudeUp, "\(name) A_up")
            assertWithinFivePercent(result.value(of: "A_down"), expected.amplitudeDown, "\(name) A_down")
            assertWithinFivePercent(result.value(of: "γ_up"), expected.gammaUp, "\(name) γ_up")
            assertWithinFivePercent(result.value(of: "γ_down"), expected.gammaDown, "\(name) γ_down")
            assertWithinFivePercent(result.value(of: "dw_min"), parameters.minimumStep, "\(name) dw_min")
            assertWithinFivePercent(result.value(of: "up/down asymmetry"), parameters.upDownAsymmetry, "\(name) β")
            try assertProfileRetracesTrain(result, readings, "exp-step \(name)")
        }
    }

    func testPiecewiseRecoversNodeSteps() throws {
        let up = [1, 0.8, 0.6, 0.4, 0.2]
        let down = [0.3, 0.5, 0.7, 0.9, 1.0]
        let parameters = StepDeviceParameters(response: .piecewise(PiecewiseStep(upNodes: up, downNodes: down)), minimumStep: 0.02)
        let readings = PulseTrainFixtures.readings(of: parameters, start: -1, upPulses: 250, downPulses: 250)
        let deviceWeights = readings.map { ($0.conductance - 2e-6) / 1e-6 }
        XCTAssertEqual(deviceWeights.max()!, 1, accuracy: 1e-6, "the train reaches w = 1")
        XCTAssertEqual(deviceWeights.min()!, -1, accuracy: 1e-6, "the train reaches w = −1")

        let result = try fit(readings, model: .piecewise, nodeCount: 5)
        for (index, label) in ["-1", "-0.5", "0", "0.5", "1"].enumerated() {
            assertWithinFivePercent(result.value(of: "up step at w = \(label)"), 0.02 * up[index], "up node \(label)")
            assertWithinFivePercent(result.value(of: "down step at w = \(label)"), 0.02 * down[index], "down node \(label)")
        }
        assertWithinFivePercent(result.value(of: "dw_min"), 0.02, "dw_min")
        try assertProfileRetracesTrain(result, readings, "piecewise")
    }

    /// The fits' double-precision step sizes equal those of the simulator's kernel.
    func testFitShapesMatchSimulatorSteps() {
        let softBounds = StepDeviceParameters(response: .softBounds(SoftBoundsStep()), minimumStep: 0.02, upDownAsymmetry: -0.2,
                                              minimumWeight: -1.3, maximumWeight: 1.2)
        let piecewise = StepDeviceParameters(response: .piecewise(PiecewiseStep(upNodes: [1, 0.7, 0.2], downNodes: [0.1, 0.6, 0.9])),
                                             minimumStep: 0.03)
        let cases: [(name: String, parameters: StepDeviceParameters, shape: any StepModelShape, θ: [Double])] = [
            ("soft-bounds", softBounds, SoftBoundsShape(), [0.016 / 1.2, 0.02 / 1.3, -1.3, 1.2]),
            ("exp-step a = 1", Self.exponentialCases[0].parameters, ExponentialStepShape(exponentSign: 1), [0.02, 0.018, 0.2, 0.3, 1.5, 1]),
            ("exp-step a = −1", Self.exponentialCases[1].parameters, ExponentialStepShape(exponentSign: -1),
             [0.00375, 0.005, -1.2, -0.08, 2.5, 2.5]),
            ("piecewise", piecewise, PiecewiseStepShape(nodeCount: 3), [0.03, 0.021, 0.006, 0.003, 0.018, 0.027]),
        ]
        for (name, parameters, shape, θ) in cases {
            let devices = parameters.makePopulation(count: 1, variation: RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0)))
            for weight in stride(from: -1.0, through: 1.0, by: 0.05) {
                let expected = shape.stepSizes(θ, at: weight)
                XCTAssertEqual(Double(devices.step(device: 0, up: true, weight: Float(weight))), expected.up,
                               accuracy: 1e-6 * max(expected.up, 1e-3), "\(name) up at \(weight)")
                XCTAssertEqual(Double(devices.step(device: 0, up: false, weight: Float(weight))), expected.down,
                               accuracy: 1e-6 * max(expected.down, 1e-3), "\(name) down at \(weight)")
            }
        }
    }

    /// Soft-bounds steps are linear in w, which exp-step reaches only with an infinite step scale.
    func testExponentialStepRejectsLinearSteps() {
        let parameters = StepDeviceParameters(response: .softBounds(SoftBoundsStep()), minimumStep: 0.02, minimumWeight: -1, maximumWeight: 1)
        let readings = PulseTrainFixtures.readings(of: parameters, start: -0.9, upPulses: 200, downPulses: 200)
        XCTAssertThrowsError(try fit(readings, model: .exponentialStep)) { error in
            guard case .fittedValueOutOfRange(_, .exponentialStep, "dw_min", let problem)? = error as? DeviceFitError else {
                return XCTFail("\(error)")
            }
            XCTAssertTrue(problem.contains("--model soft-bounds"), problem)
        }
    }

    func testTooFewReadingsForNodes() {
        let parameters = StepDeviceParameters(response: .softBounds(SoftBoundsStep()), minimumStep: 0.1)
        let readings = PulseTrainFixtures.readings(of: parameters, start: -0.9, upPulses: 10, downPulses: 10)
        XCTAssertThrowsError(try fit(readings, model: .piecewise, nodeCount: 20)) { error in
            XCTAssertEqual(error as? DeviceFitError, .tooFewPoints(path: "synthetic.csv", model: .piecewise, points: 21, parameters: 41))
        }
    }

    // MARK: - Profile

    func testProfileRecordsSourceAndLoads() throws {
        let result = try DeviceFitter.fit(measurement(PulseTrainFixtures.readings(of: Self.pulsePositionCases[0].parameters)),
                                          model: .nonlinear, name: "my-device", command: "analogsim device fit x.csv --model nonlinear")
        XCTAssertEqual(result.profile.name, "my-device")
        XCTAssertTrue(result.profile.source.hasPrefix("fitted to synthetic.csv with 'analogsim device fit x.csv --model nonlinear'"),
                      result.profile.source)
        XCTAssertTrue(result.profile.source.contains("198 readings, residual RMS"), result.profile.source)
        let bytes = [UInt8](try JSONEncoder().encode(result.profile))
        XCTAssertEqual(try DeviceProfileReader.parse(bytes: bytes, path: "fitted.json"), result.profile)
    }

    func testDefaultProfileNames() {
        XCTAssertEqual(DeviceFitter.defaultProfileName(forDataPath: "examples/fitting/ag-a-si-measured.csv"), "ag-a-si-measured")
        XCTAssertEqual(DeviceFitter.defaultProfileName(forDataPath: "/data/run 3 (cold).csv"), "run-3--cold-")
        XCTAssertEqual(DeviceFitter.defaultProfileName(forDataPath: "_trace.csv"), "fitted-trace")
        XCTAssertThrowsError(try DeviceFitter.checkProfileName("my device")) { error in
            XCTAssertEqual(error as? DeviceFitError, .invalidName(name: "my device"))
        }
    }
}
