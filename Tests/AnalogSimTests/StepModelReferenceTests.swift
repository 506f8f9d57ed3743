import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// The step models against responses computed with aihwkit 1.1.0 (Tests/Fixtures/aihwkit).
final class StepModelReferenceTests: XCTestCase {
    static let fixtures = RepositoryPaths.root + "/Tests/Fixtures/aihwkit"

    /// Rows of a CSV file with a header, as columns by name.
    func readColumns(_ file: String) throws -> [String: [Double]] {
        let text = try String(contentsOfFile: Self.fixtures + "/" + file, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        var columns = [String: [Double]](uniqueKeysWithValues: header.map { ($0, []) })
        for line in lines {
            for (name, cell) in zip(header, line.split(separator: ",")) {
                columns[name]!.append(Double(cell)!)
            }
        }
        return columns
    }

    /// The devices of the deterministic reference, with the parameters its README lists.
    static let referenceDevices: [(column: String, parameters: StepDeviceParameters)] = [
        ("constant", StepDeviceParameters(response: .constant, minimumStep: 0.01, upDownAsymmetry: 0.2)),
        ("linear", StepDeviceParameters(response: .linear(LinearStep(slopeUp: 0.5, slopeDown: 0.3, multiplicativeNoise: false)),
                                        minimumStep: 0.01)),
        ("softbounds", StepDeviceParameters(response: .softBounds(SoftBoundsStep()), minimumStep: 0.02)),
        ("expstep", StepDeviceParameters(response: .exponential(ExponentialStep(amplitudeUp: -1.18445, amplitudeDown: -0.081404,
                                                                                 gammaUp: 5, gammaDown: 5, a: -0.5, b: -0.5)),
                                         minimumStep: 0.00135, upDownAsymmetry: 0.259359)),
        ("powstep", StepDeviceParameters(response: .power(PowerStep(gamma: 2)), minimumStep: 0.01)),
        ("piecewise", StepDeviceParameters(response: .piecewise(PiecewiseStep(upNodes: [0.5, 1, 1.5, 1, 0.5],
                                                                               downNodes: [1, 0.8, 0.6, 0.4, 0.2])),
                                           minimumStep: 0.01)),
        ("pcm", StepDeviceParameters(response: .exponential(ExponentialStep(amplitudeUp: -27.235, amplitudeDown: -2.235,
                                                                             gammaUp: 2.5, gammaDown: 2.5, a: -1, b: 0)),
                                     minimumStep: 0.01, minimumWeight: 0, maximumWeight: 2)),
    ]

    /// Every deterministic reference response is matched pulse by pulse to 1e-4 of the weight range.
    func testDeterministicResponsesMatchAihwkit() throws {
        let columns = try readColumns("aihwkit-pulse-response.csv")
        let directions = columns["direction"]!
        for (column, parameters) in Self.referenceDevices {
            let devices = parameters.makePopulation(count: 1, variation: RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0)))
            devices.program(device: 0, conductance: 0)
            let reference = columns[column]!
            let tolerance = 1e-4 * (parameters.maximumWeight - parameters.minimumWeight)
            var largestError = 0.0
            for (pulse, direction) in directions.enumerated() {
                devices.applyPulsesWithoutNoise(direction > 0 ? 1 : -1, toDevice: 0)
                largestError = max(largestError, abs(Double(devices.conductances[0]) - reference[pulse]))
            }
            print("\(column): largest difference from aihwkit \(largestError)")
            XCTAssertLessThanOrEqual(largestError, tolerance, column)
        }
    }

    /// 4 000 soft-bounds devices with aihwkit's class defaults, against aihwkit's 1 000: after every
    /// pulse the mean and the standard deviation over devices agree within four standard errors of
    /// their difference, `√(s_ref²/1000 + s²/4000)` for the mean and, for normally distributed
    /// weights, `√(s_ref²/2000 + s²/8000)` for the standard deviation.
    func testVariationStatisticsMatchAihwkit() throws {
        let columns = try readColumns("aihwkit-variation-stats.csv")
        let parameters = StepDeviceParameters(
            response: .softBounds(SoftBoundsStep(multiplicativeNoise: true)), minimumStep: 0.001, minimumStepDeviceToDevice: 0.3,
            cycleToCycle: 0.3, upDownAsymmetryDeviceToDevice: 0.01, minimumWeight: -0.6, maximumWeight: 0.6,
            minimumWeightDeviceToDevice: 0.3, maximumWeightDeviceToDevice: 0.3)
        let count = 4_000
        let devices = parameters.makePopulation(count: count, variation: RandomSource(seed: 3, stream: .deviceVariation(layer: 0, polarity: 0)))
        let noise = RandomSource(seed: 3, stream: .cycleToCycle(layer: 0))
        for device in 0..<count {
            devices.program(device: device, conductance: 0)
        }

        var largestMeanScore = 0.0
        var largestSpreadScore = 0.0
        for (pulse, direction) in columns["direction"]!.enumerated() {
            var sum = 0.0
            var sumOfSquares = 0.0
            for device in 0..<count {
                devices.applyPulses(direction > 0 ? 1 : -1, toDevice: device, noise: noise)
                let weight = Double(devices.conductances[device])
                sum += weight
                sumOfSquares += weight * weight
            }
            let mean = sum / Double(count)
            let spread = (sumOfSquares / Double(count) - mean * mean).squareRoot()
            let referenceMean = columns["softbounds_mean"]![pulse]
            let referenceSpread = columns["softbounds_std"]![pulse]
            let meanError = (referenceSpread * referenceSpread / 1000 + spread * spread / Double(count)).squareRoot()
            let spreadError = (referenceSpread * referenceSpread / 2000 + spread * spread / Double(2 * count)).squareRoot()
            largestMeanScore = max(largestMeanScore, abs(mean - referenceMean) / meanError)
            largestSpreadScore = max(largestSpreadScore, abs(spread - referenceSpread) / spreadError)
        }
        print(String(format: "variation statistics: largest |difference|/standard error %.2f (mean), %.2f (standard deviation)",
                     largestMeanScore, largestSpreadScore))
        XCTAssertLessThan(largestMeanScore, 4, "mean")
        XCTAssertLessThan(largestSpreadScore, 4, "standard deviation")
    }
}
