import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// Non-finite updates send no pulse and are counted; a faulty step is recognised; the invariant
/// check finds a corrupted crossbar.
final class NumericalFaultTests: XCTestCase {
    let rows = 4
    let columns = 6

    func makeLayer(rule: LearningRule, scheme: UpdateScheme) throws -> DeviceLayer<PulsePositionDevices> {
        guard case .pulsePosition(let parameters) = try RepositoryPaths.profileLibrary.load("ag-a-si").profile.parameters else {
            throw XCTSkip("ag-a-si is not a pulse-position profile")
        }
        let crossbar = DifferentialCrossbar(
            model: parameters, rowCount: rows, columnCount: columns, weightRange: 1,
            positiveVariation: RandomSource(seed: 3, stream: .deviceVariation(layer: 0, polarity: 0)),
            negativeVariation: RandomSource(seed: 3, stream: .deviceVariation(layer: 0, polarity: 1)),
            readNoise: RandomSource(seed: 3, stream: .readNoise(layer: 0)))
        let layer = DeviceLayer(crossbar: crossbar, rule: rule, settings: HardwareUpdateSettings(scheme: scheme),
                                writeNoise: RandomSource(seed: 5, stream: .cycleToCycle(layer: 0)),
                                pulseTrainRandom: Xoshiro256StarStar(seed: 5, stream: .pulseTrains(layer: 0)))
        let weights = (0..<(rows * columns)).map { Float($0 % 5) * 0.2 - 0.4 }
        layer.setInitialWeights(weights, biases: [Float](repeating: 0.1, count: rows))
        return layer
    }

    /// Errors, inputs and learning rates of one sample whose update is not finite.
    var nonFiniteRequests: [(name: String, errors: [Float], inputs: [Float], learningRate: Float)] {
        let errors: [Float] = [0.3, -0.2, 0.1, -0.4]
        let inputs: [Float] = [0.5, 0, 1, 0.25, 0, 0.75]
        return [
            ("NaN error", [0.3, .nan, 0.1, -0.4], inputs, 0.5),
            ("infinite error", [0.3, -0.2, .infinity, -0.4], inputs, 0.5),
            ("NaN input", errors, [0.5, 0, .nan, 0.25, 0, 0.75], 0.5),
            ("infinite input", errors, [0.5, 0, 1, -.infinity, 0, 0.75], 0.5),
            ("overflowing product", errors, [0.5, 0, 3, 0.25, 0, 0.75], 3e38),
        ]
    }

    func testHugeFiniteRequestsKeepDevicesInBounds() throws {
        for rule in [LearningRule.bidirectional, .unidirectional] {
            for scheme in UpdateScheme.allCases where !(rule == .unidirectional && scheme == .openLoop) {
                let label = "\(rule) \(scheme)"
                let layer = try makeLayer(rule: rule, scheme: scheme)
                applySample(layer, errors: [0.3, -0.2, 0.1, -0.4], inputs: [0.5, 0, 1, 0.25, 0, 0.75], learningRate: 3e38)
                XCTAssertEqual(layer.statistics.nonFiniteUpdates, 0, label)
                if scheme != .stochastic {
                    // NOTE: the stochastic scheme sends no pulse for this request, whose train
                    // scale η/(Δg·BL) overflows to infinity; it must only not crash.
                    XCTAssertGreaterThan(layer.statistics.totalPulses, 0, label)
                }
                XCTAssertNil(layer.crossbar.invariantViolation(), label)
            }
        }
    }

    func testNonFiniteRequestsSendNoPulses() throws {
        for rule in [LearningRule.bidirectional, .unidirectional] {
            for scheme in [UpdateScheme.deterministic, .stochastic, .expected] {
                for request in nonFiniteRequests {
                    let label = "\(rule) \(scheme) \(request.name)"
                    let layer = try makeLayer(rule: rule, scheme: scheme)
                    let positiveBefore = Array(layer.crossbar.positive.conductances)
                    let negativeBefore = Array(layer.crossbar.negative.conductances)
                    let weightsBefore = layer.currentWeights()
                    let outputBefore = forward(layer, input: [Float](repeating: 1, count: columns))

                    applySample(layer, errors: request.errors, inputs: request.inputs, learningRate: request.learningRate)

                    XCTAssertEqual(layer.statistics.totalPulses, 0, label)
                    XCTAssertEqual(layer.statistics.requestedUpdates, 0, label)
                    XCTAssertEqual(layer.statistics.nonFiniteUpdates, 1, label)
                    XCTAssertEqual(Array(layer.crossbar.positive.conductances), positiveBefore, label)
                    XCTAssertEqual(Array(layer.crossbar.negative.conductances), negativeBefore, label)
                    XCTAssertEqual(layer.currentWeights(), weightsBefore, label)
                    XCTAssertEqual(forward(layer, input: [Float](repeating: 1, count: columns)), outputBefore, "\(label): biases")
                }
            }
        }
    }

    func testFiniteRequestStillSendsPulses() throws {
        let layer = try makeLayer(rule: .bidirectional, scheme: .deterministic)
        applySample(layer, errors: [0.3, -0.2, 0.1, -0.4], inputs: [0.5, 0, 1, 0.25, 0, 0.75], learningRate: 0.5)
        XCTAssertGreaterThan(layer.statistics.totalPulses, 0)
        XCTAssertEqual(layer.statistics.nonFiniteUpdates, 0)
    }

    func testNonFiniteBatchSendsNoPulses() throws {
        for scheme in [UpdateScheme.deterministic, .stochastic] {
            let layer = try makeLayer(rule: .bidirectional, scheme: scheme)
            let weightsBefore = layer.currentWeights()
            var inputs = [Float](repeating: 0.5, count: 3 * columns)
            inputs[columns + 2] = .nan
            let errors = [Float](repeating: 0.2, count: 3 * rows)
            inputs.withUnsafeBufferPointer { inputBuffer in
                errors.withUnsafeBufferPointer { errorBuffer in
                    layer.updateBatch(inputs: inputBuffer.baseAddress!, errors: errorBuffer.baseAddress!, count: 3, learningRate: 0.5)
                }
            }
            XCTAssertEqual(layer.statistics.totalPulses, 0, "\(scheme)")
            XCTAssertEqual(layer.statistics.nonFiniteUpdates, 3, "\(scheme)")
            XCTAssertEqual(layer.currentWeights(), weightsBefore, "\(scheme)")
        }
    }

    func testSoftwareLayerSkipsNonFiniteUpdates() {
        for request in nonFiniteRequests {
            let layer = SoftwareLayer(inputCount: columns, outputCount: rows)
            let weights = (0..<(rows * columns)).map { Float($0) * 0.01 }
            layer.setInitialWeights(weights, biases: [Float](repeating: 0.1, count: rows))
            applySample(layer, errors: request.errors, inputs: request.inputs, learningRate: request.learningRate)
            XCTAssertEqual(layer.currentWeights(), weights, request.name)
            XCTAssertEqual(layer.statistics.nonFiniteUpdates, 1, request.name)
        }
    }

    func testLossFaults() {
        let cases: [(name: String, loss: LossFunction, outputs: [Float], sampleLoss: Float, fault: NumericalFault?)] = [
            ("usable squared error", .meanSquaredError, [0.1, 0.9, 1e-30], 0.4, nil),
            ("NaN loss", .meanSquaredError, [0.1, 0.9, 0.2], .nan, .nonFiniteLoss),
            ("infinite loss", .crossEntropy, [0.1, 0.8, 0.1], .infinity, .nonFiniteLoss),
            ("sigmoid label output of zero", .meanSquaredError, [0.1, 0, 0.3], 1.1, .overflowedOutput),
            ("sigmoid label output of zero, sse", .squaredErrorSum, [0.2, 0, 0.3], 1.1, .overflowedOutput),
            ("sigmoid other output of zero", .meanSquaredError, [0.1, 0.9, 0], 0.02, nil),
            ("sigmoid other output of zero, sse", .squaredErrorSum, [0, 0.9, 0.3], 0.1, nil),
            ("label probability of zero", .crossEntropy, [1, 0, 0], 87, .overflowedOutput),
            ("other probability of zero", .crossEntropy, [0, 1, 0], 0, nil),
        ]
        for testCase in cases {
            let fault = testCase.outputs.withUnsafeBufferPointer { outputs in
                testCase.loss.fault(loss: testCase.sampleLoss, outputs: outputs.baseAddress!, label: 1)
            }
            XCTAssertEqual(fault, testCase.fault, testCase.name)
        }
        XCTAssertEqual(Activation.sigmoid(-89), 0, "e^89 overflows single precision, so σ(−89) is exactly 0")
        XCTAssertGreaterThan(Activation.sigmoid(-88), 0)
    }

    func testFaultyStepChangesNoWeight() {
        let layers: [TrainableLayer] = [SoftwareLayer(inputCount: 3, outputCount: 2)]
        layers[0].setInitialWeights([200, 0, 0, -200, 0, 0], biases: [0, 0])
        let network = MultilayerPerceptron(layers: layers, loss: .meanSquaredError)
        network.input[0] = 1
        _ = network.trainStep(label: 0)
        XCTAssertNil(network.lastStepFault, "output 1 at exactly 0 is the target of a class that is not the label")

        layers[0].setInitialWeights([200, 0, 0, -200, 0, 0], biases: [0, 0])
        _ = network.trainStep(label: 1)
        XCTAssertEqual(network.lastStepFault, .overflowedOutput)
        XCTAssertEqual(layers[0].currentWeights(), [200, 0, 0, -200, 0, 0])

        layers[0].setInitialWeights([2, 0, 0, -2, 0, 0], biases: [0, 0])
        _ = network.trainStep(label: 0)
        XCTAssertNil(network.lastStepFault)
        XCTAssertNotEqual(layers[0].currentWeights(), [2, 0, 0, -2, 0, 0])
    }

    func testInvariantViolationFindsCorruptedDevice() throws {
        let layer = try makeLayer(rule: .bidirectional, scheme: .deterministic)
        XCTAssertNil(layer.crossbar.invariantViolation())

        let saved = layer.crossbar.positive.conductances[7]
        layer.crossbar.positive.conductances[7] = .nan
        XCTAssertEqual(layer.crossbar.invariantViolation(), "G⁺ of synapse 7 (row 1, column 1): the conductance is nan")
        layer.crossbar.positive.conductances[7] = saved

        let maximum = layer.crossbar.negative.maximumConductance(ofDevice: 10)
        layer.crossbar.negative.conductances[10] = maximum * 2
        XCTAssertTrue(layer.crossbar.invariantViolation()?.hasPrefix("G⁻ of synapse 10 (row 1, column 4): the state") ?? false)
    }

    #if ANALOGSIM_INVARIANT_CHECKS
    /// Runs only in a build with the checks: `ANALOGSIM_INVARIANT_CHECKS=1 swift test --filter NumericalFaultTests`.
    func testInvariantChecksTripAfterUpdate() throws {
        var reports: [String] = []
        let original = InvariantChecks.handler
        InvariantChecks.handler = { reports.append($0) }
        defer { InvariantChecks.handler = original }

        let layer = try makeLayer(rule: .bidirectional, scheme: .deterministic)
        applySample(layer, errors: [0.3, -0.2, 0.1, -0.4], inputs: [0.5, 0, 1, 0.25, 0, 0.75], learningRate: 0.5)
        XCTAssertEqual(reports, [], "a sound update breaks no invariant")

        // Column 1 has no input, so no write touches the corrupted device: only the check of
        // the whole crossbar after the update can find it.
        layer.crossbar.positive.conductances[7] = .nan
        applySample(layer, errors: [0.3, -0.2, 0.1, -0.4], inputs: [0.5, 0, 1, 0.25, 0, 0.75], learningRate: 0.5)
        XCTAssertEqual(reports.first, "device layer 4×6: G⁺ of synapse 7 (row 1, column 1): the conductance is nan")
    }
    #endif

    private func applySample(_ layer: TrainableLayer, errors: [Float], inputs: [Float], learningRate: Float) {
        let active = inputs.indices.filter { inputs[$0] != 0 }.map { Int32($0) }
        inputs.withUnsafeBufferPointer { values in
            active.withUnsafeBufferPointer { indices in
                errors.withUnsafeBufferPointer { errorBuffer in
                    layer.update(input: SparseInput(values: values.baseAddress!, activeIndices: indices),
                                 error: errorBuffer.baseAddress!, learningRate: learningRate)
                }
            }
        }
    }

    private func forward(_ layer: TrainableLayer, input: [Float]) -> [Float] {
        var output = [Float](repeating: 0, count: layer.outputCount)
        let active = input.indices.map { Int32($0) }
        input.withUnsafeBufferPointer { values in
            active.withUnsafeBufferPointer { indices in
                output.withUnsafeMutableBufferPointer { outputBuffer in
                    layer.forward(input: values.baseAddress!, activeIndices: indices, output: outputBuffer.baseAddress!)
                }
            }
        }
        return output
    }
}
