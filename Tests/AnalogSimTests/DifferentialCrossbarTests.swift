import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class DifferentialCrossbarTests: XCTestCase {
    /// An asymmetric device like Ag:a-Si by default; `symmetric` gives both polarities the same
    /// levels and mirrored nonlinearity.
    static func parameters(levels: Int = 97, nonlinearity: Double = 2.4, symmetric: Bool = false, cycleToCycle: Double = 0,
                           variation: DeviceToDeviceVariation = DeviceToDeviceVariation(), readNoise: Double = 0) -> PulsePositionParameters {
        PulsePositionParameters(
            minimumConductance: 3.0769e-9, maximumConductance: 3.8462e-8,
            potentiation: CurveParameters(levels: levels, nonlinearity: nonlinearity),
            depression: CurveParameters(levels: symmetric ? levels : levels + 3, nonlinearity: symmetric ? -nonlinearity : -2 * nonlinearity),
            cycleToCycleSigma: cycleToCycle, deviceToDevice: variation, readNoiseSigma: readNoise)
    }

    static func crossbar(_ parameters: PulsePositionParameters, rows: Int, columns: Int, seed: UInt64 = 1,
                         weightRange: Float = 1) -> DifferentialCrossbar<PulsePositionDevices> {
        DifferentialCrossbar(
            model: parameters, rowCount: rows, columnCount: columns, weightRange: weightRange,
            positiveVariation: RandomSource(seed: seed, stream: .deviceVariation(layer: 0, polarity: 0)),
            negativeVariation: RandomSource(seed: seed, stream: .deviceVariation(layer: 0, polarity: 1)),
            readNoise: RandomSource(seed: seed, stream: .readNoise(layer: 0)))
    }

    func testWeightIsScaledConductanceDifference() {
        let crossbar = Self.crossbar(Self.parameters(), rows: 3, columns: 4, weightRange: 0.8)
        crossbar.positive.program(device: 5, conductance: 2.0e-8)
        crossbar.negative.program(device: 5, conductance: 1.0e-8)
        crossbar.updateWeight(synapse: 5)
        XCTAssertEqual(Double(crossbar.weight(synapse: 5)), 1.0e-8 / (3.8462e-8 - 3.0769e-9) * 0.8, accuracy: 1e-6)
        XCTAssertEqual(crossbar.weight(synapse: 0), 0, "a fresh pair at Gmin holds weight 0")
    }

    func testProgrammedWeightsReadBack() {
        let crossbar = Self.crossbar(Self.parameters(), rows: 10, columns: 20)
        var generator = SplitMix64(state: 5)
        for synapse in 0..<200 {
            let weight = Float(2 * generator.nextFraction() - 1)
            crossbar.program(synapse: synapse, weight: weight, placement: .fromMinimum)
            XCTAssertEqual(crossbar.weight(synapse: synapse), weight, accuracy: 1e-5)
            XCTAssertTrue(crossbar.positive.conductances[synapse] == crossbar.positive.minimumConductance(ofDevice: synapse)
                          || crossbar.negative.conductances[synapse] == crossbar.negative.minimumConductance(ofDevice: synapse),
                          "one device of the pair stays at Gmin")
        }
    }

    /// With varied bounds a weight is exact when the raised device can reach it, and saturates
    /// at that device's own Gmax otherwise.
    func testCenteredPlacementKeepsHeadroomBothWays() {
        let crossbar = Self.crossbar(Self.parameters(variation: DeviceToDeviceVariation(conductanceRangeSigma: 0.1)), rows: 4, columns: 10)
        var generator = SplitMix64(state: 6)
        for synapse in 0..<40 {
            let weight = Float(1.6 * generator.nextFraction() - 0.8)
            crossbar.program(synapse: synapse, weight: weight, placement: .centered)
            XCTAssertEqual(crossbar.weight(synapse: synapse), weight, accuracy: 1e-5)
            for devices in [crossbar.positive, crossbar.negative] {
                XCTAssertGreaterThan(devices.conductances[synapse], devices.minimumConductance(ofDevice: synapse), "synapse \(synapse)")
                XCTAssertLessThan(devices.conductances[synapse], devices.maximumConductance(ofDevice: synapse), "synapse \(synapse)")
            }
        }
    }

    func testProgrammingWithVariedBoundsIsExactWhenInRange() {
        let variation = DeviceToDeviceVariation(conductanceRangeSigma: 0.2)
        let crossbar = Self.crossbar(Self.parameters(variation: variation), rows: 10, columns: 20)
        var exactCount = 0
        for synapse in 0..<200 {
            crossbar.program(synapse: synapse, weight: 0.3, placement: .fromMinimum)
            let needed = crossbar.negative.minimumConductance(ofDevice: synapse) + 0.3 / crossbar.weightPerConductance
            let reachable = crossbar.positive.maximumConductance(ofDevice: synapse)
            if needed <= reachable {
                XCTAssertEqual(crossbar.weight(synapse: synapse), 0.3, accuracy: 1e-5, "synapse \(synapse)")
                exactCount += 1
            } else {
                let saturated = (reachable - crossbar.negative.minimumConductance(ofDevice: synapse)) * crossbar.weightPerConductance
                XCTAssertEqual(crossbar.weight(synapse: synapse), saturated, accuracy: 1e-5, "synapse \(synapse)")
            }
        }
        XCTAssertGreaterThan(exactCount, 190)
    }

    func testForwardAndBackwardMatchScalarReference() {
        let crossbar = Self.crossbar(Self.parameters(), rows: 13, columns: 29)
        var generator = SplitMix64(state: 9)
        for synapse in 0..<(13 * 29) {
            crossbar.program(synapse: synapse, weight: Float(2 * generator.nextFraction() - 1), placement: .centered)
        }
        let input = (0..<29).map { _ in Float(generator.nextFraction()) }
        let error = (0..<13).map { _ in Float(generator.nextFraction() - 0.5) }
        var output = [Float](repeating: 0, count: 13)
        var backward = [Float](repeating: 0, count: 29)
        crossbar.multiply(input: input, output: &output)
        crossbar.multiplyTransposed(input: error, output: &backward)

        for row in 0..<13 {
            let expected = (0..<29).reduce(Float(0)) { $0 + crossbar.weight(synapse: row * 29 + $1) * input[$1] }
            XCTAssertEqual(output[row], expected, accuracy: 1e-5)
        }
        for column in 0..<29 {
            let expected = (0..<13).reduce(Float(0)) { $0 + crossbar.weight(synapse: $1 * 29 + column) * error[$1] }
            XCTAssertEqual(backward[column], expected, accuracy: 1e-5)
        }
    }

    /// With read noise every pass differs, and the mean of many passes approaches the exact read.
    func testReadNoiseAveragesToExactRead() {
        let crossbar = Self.crossbar(Self.parameters(readNoise: 0.1), rows: 4, columns: 6)
        for synapse in 0..<24 {
            crossbar.program(synapse: synapse, weight: Float(synapse % 5) * 0.2 - 0.4, placement: .centered)
        }
        let input = [Float](repeating: 1, count: 6)
        var exact = [Float](repeating: 0, count: 4)
        BLAS.multiply(matrix: crossbar.weightMatrix(), rowCount: 4, columnCount: 6, input: input, output: &exact)

        var sum = [Double](repeating: 0, count: 4)
        var previous: [Float] = []
        for _ in 0..<4_000 {
            var output = [Float](repeating: 0, count: 4)
            crossbar.multiply(input: input, output: &output)
            XCTAssertNotEqual(output, previous)
            previous = output
            for row in 0..<4 { sum[row] += Double(output[row]) }
        }
        for row in 0..<4 {
            XCTAssertEqual(sum[row] / 4_000, Double(exact[row]), accuracy: 0.02)
        }
    }
}
