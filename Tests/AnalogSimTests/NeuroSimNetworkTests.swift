import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// The parts of NeuroSim V3.0's network and hardware that AnalogSim reproduces as options: the
/// seven-level initial weights, layers without biases, the reference-column ADC readout and the
/// ideal write that leaves out Gmin.
final class NeuroSimNetworkTests: XCTestCase {
    func testSevenLevelWeightsTakeSevenValues() {
        let source = RandomSource(seed: 4, stream: .weightInitialization)
        let initial = NetworkFactory.initialParameters(.sevenLevels, fanIn: 400, fanOut: 100, weightRange: 2, source: source)
        let values = Set(initial.weights)
        let expected = Set((-3...3).map { Float($0) / 3 * 2 })

        XCTAssertEqual(values, expected)
        XCTAssertTrue(initial.biases.allSatisfy { $0 == 0 })
        let mean = initial.weights.reduce(0, +) / Float(initial.weights.count)
        // 40 000 draws of variance 8/9·Wmax²: the mean's standard error is 0.0047.
        XCTAssertEqual(mean, 0, accuracy: 0.025)
        for value in expected {
            let share = Double(initial.weights.filter { $0 == value }.count) / Double(initial.weights.count)
            XCTAssertEqual(share, 1.0 / 7, accuracy: 0.01, "value \(value)")
        }
    }

    func testLayerWithoutBiasesKeepsThemZero() {
        let layer = SoftwareLayer(inputCount: 2, outputCount: 2)
        layer.setInitialWeights([0, 0, 0, 0], biases: [0, 0])
        layer.learnsBiases = false
        var input: [Float] = [0, 0]
        let error: [Float] = [0.5, -0.25]
        let active: [Int32] = []
        input.withUnsafeMutableBufferPointer { values in
            active.withUnsafeBufferPointer { indices in
                layer.update(input: SparseInput(values: UnsafePointer(values.baseAddress!), activeIndices: indices),
                             error: error, learningRate: 1)
                var output: [Float] = [7, 7]
                layer.forward(input: values.baseAddress!, activeIndices: indices, output: &output)
                XCTAssertEqual(output, [0, 0])
            }
        }

        layer.learnsBiases = true
        input.withUnsafeMutableBufferPointer { values in
            active.withUnsafeBufferPointer { indices in
                layer.update(input: SparseInput(values: UnsafePointer(values.baseAddress!), activeIndices: indices),
                             error: error, learningRate: 1)
                var output: [Float] = [0, 0]
                layer.forward(input: values.baseAddress!, activeIndices: indices, output: &output)
                XCTAssertEqual(output, [-0.5, 0.25])
            }
        }
    }

    /// The converter against the currents summed cell by cell in double precision.
    func testReadoutMatchesCurrentsCellByCell() {
        let fanIn = 40
        let offset: Float = 0.25
        let weightRange: Float = 1
        let readout = ReferenceColumnReadout(bits: 8, minimumOffset: offset)
        let source = RandomSource(seed: 9, stream: .dataOrder)

        for _ in 0..<200 {
            let normalised = (0..<fanIn).map { _ in source.uniform() }
            let inputs = (0..<fanIn).map { _ in source.uniform() < 0.4 ? 1.0 : 0.0 }
            let weights = normalised.map { Float(2 * $0 - 1) * weightRange }
            var weightedSum: Float = zip(weights, inputs).reduce(0) { $0 + $1.0 * Float($1.1) }
            let inputSum = Float(inputs.reduce(0, +))
            readout.convert(weightedSums: &weightedSum, rowCount: 1, inputSum: inputSum, fanIn: fanIn, weightRange: weightRange)

            let rowCurrent = zip(normalised, inputs).reduce(0.0) { $0 + (Double(offset) + $1.0) * $1.1 }
            let referenceCurrent = inputs.reduce(0.0) { $0 + (Double(offset) + 0.5) * $1 }
            let digitsPerUnit = 255.0 / Double(fanIn)
            let expected = ((rowCurrent * digitsPerUnit).rounded(.down) - (referenceCurrent * digitsPerUnit).rounded(.down))
                / digitsPerUnit
            // Single and double precision may put a current on opposite sides of a digit boundary.
            let step = 1 / digitsPerUnit
            XCTAssertEqual(Double(weightedSum), expected, accuracy: step * 1.01)
            let halfSum = zip(normalised, inputs).reduce(0.0) { $0 + ($1.0 - 0.5) * $1.1 }
            XCTAssertEqual(Double(weightedSum), halfSum, accuracy: step * 1.01)
        }
    }

    func testReadoutHalvesSumAtSixteenBits() {
        let readout = ReferenceColumnReadout(bits: 16, minimumOffset: 0.1)
        var sums: [Float] = [3, -2.5, 0]
        readout.convert(weightedSums: &sums, rowCount: 3, inputSum: 10, fanIn: 16, weightRange: 2)
        // z = W·x/(2·Wmax) = W·x/4, within one step 16/65535.
        XCTAssertEqual(sums[0], 0.75, accuracy: 16.0 / 65535)
        XCTAssertEqual(sums[1], -0.625, accuracy: 16.0 / 65535)
        XCTAssertEqual(sums[2], 0, accuracy: 16.0 / 65535)
    }

    func testNeuroSimInitialWriteShiftsWeights() throws {
        let loaded = try RepositoryPaths.profileLibrary.load("alox-hfo2")
        guard case .pulsePosition(let parameters) = loaded.profile.parameters else { return XCTFail("not pulse-position") }
        var configuration = TrainingConfiguration(hiddenLayers: [3], rule: .bidirectional, weightInitialization: .sevenLevels)
        configuration.hardware.weightMapping = .fixedReference
        configuration.hardware.pairWrites = .positiveOnly
        let exact = NetworkFactory.makeNetwork(configuration: configuration, profile: loaded.profile, inputCount: 4, classCount: 2)
        configuration.initialWrite = .neurosim
        let shifted = NetworkFactory.makeNetwork(configuration: configuration, profile: loaded.profile, inputCount: 4, classCount: 2)

        let shift = Float(2 * parameters.minimumConductance / (parameters.maximumConductance - parameters.minimumConductance))
        XCTAssertGreaterThan(shift, 0.5)
        for (exactLayer, shiftedLayer) in zip(exact.layers, shifted.layers) {
            for (drawn, written) in zip(exactLayer.currentWeights(), shiftedLayer.currentWeights()) {
                XCTAssertEqual(written, max(drawn - shift, -1), accuracy: 1e-4)
            }
        }
    }
}
