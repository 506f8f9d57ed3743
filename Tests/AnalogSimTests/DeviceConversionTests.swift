import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class DeviceConversionTests: XCTestCase {
    func pulsePosition(_ levels: (Int, Int), _ nonlinearity: (Double, Double)) -> PulsePositionParameters {
        PulsePositionParameters(minimumConductance: 3.0769e-9, maximumConductance: 3.8462e-8,
                                potentiation: CurveParameters(levels: levels.0, nonlinearity: nonlinearity.0),
                                depression: CurveParameters(levels: levels.1, nonlinearity: nonlinearity.1))
    }

    /// The converted linear-step device follows the pulse-position device pulse by pulse over a
    /// full potentiation train and a full depression train (as weights in [−1, 1]).
    func testLinearStepFollowsPulsePositionCurve() {
        for (levels, nonlinearity) in [((97, 100), (2.4, -4.88)), ((128, 128), (0.04, -0.63)), ((100, 120), (0.105, 2.4)), ((32, 32), (1.75, 1.46))] {
            let original = pulsePosition(levels, nonlinearity)
            let converted = DeviceConversion.linearStep(from: original)
            let devices = original.makePopulation(count: 1, variation: RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0)))
            let steps = converted.makePopulation(count: 1, variation: RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0)))
            steps.program(device: 0, conductance: -1)
            let range = Float(original.maximumConductance - original.minimumConductance)
            var largestError: Float = 0
            for pulse in Array(repeating: 1, count: levels.0) + Array(repeating: -1, count: levels.1) {
                devices.applyPulsesWithoutNoise(pulse, toDevice: 0)
                steps.applyPulsesWithoutNoise(pulse, toDevice: 0)
                let weight = -1 + 2 * (devices.conductances[0] - Float(original.minimumConductance)) / range
                largestError = max(largestError, abs(weight - steps.conductances[0]))
            }
            XCTAssertLessThan(largestError, 1e-4, "levels \(levels), NL \(nonlinearity)")
        }
    }

    /// Converting there and back recovers the level counts and the labels.
    func testRoundTripRecoversLevelsAndLabels() throws {
        for (levels, nonlinearity) in [((97, 100), (2.4, -4.88)), ((50, 50), (3.68, -6.76)), ((64, 64), (0.5, -0.5)), ((1024, 1024), (0, 0))] {
            let original = pulsePosition(levels, nonlinearity)
            let back = try DeviceConversion.pulsePosition(from: DeviceConversion.linearStep(from: original),
                                                          minimumConductance: original.minimumConductance, maximumConductance: original.maximumConductance)
            XCTAssertEqual(back.potentiation.levels, levels.0)
            XCTAssertEqual(back.depression.levels, levels.1)
            XCTAssertEqual(back.potentiation.nonlinearity, nonlinearity.0, accuracy: 1e-6, "NL \(nonlinearity)")
            XCTAssertEqual(back.depression.nonlinearity, nonlinearity.1, accuracy: 1e-6, "NL \(nonlinearity)")
        }
    }

    /// A constant step is a linear curve of range/dw_min levels; soft bounds reach their bounds
    /// only asymptotically, so they have no pulse count from bound to bound.
    func testConstantConvertsSoftBoundsDoNot() throws {
        let constant = try DeviceConversion.pulsePosition(from: StepDeviceParameters(response: .constant, minimumStep: 0.01),
                                                          minimumConductance: 1e-7, maximumConductance: 1e-6)
        XCTAssertEqual(constant.potentiation.levels, 200)
        XCTAssertEqual(constant.potentiation.nonlinearity, 0)
        XCTAssertThrowsError(try DeviceConversion.pulsePosition(from: StepDeviceParameters(response: .softBounds(SoftBoundsStep()), minimumStep: 0.01),
                                                                minimumConductance: 1e-7, maximumConductance: 1e-6)) { error in
            XCTAssertEqual(error as? DeviceConversion.Failure, .softBounds)
        }
    }
}
