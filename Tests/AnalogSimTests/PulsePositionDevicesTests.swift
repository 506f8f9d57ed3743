import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class PulsePositionDevicesTests: XCTestCase {
    func agASiParameters() -> PulsePositionParameters {
        PulsePositionParameters(
            minimumConductance: 3.0769e-9, maximumConductance: 3.8462e-8,
            potentiation: CurveParameters(levels: 97, nonlinearity: 2.40),
            depression: CurveParameters(levels: 100, nonlinearity: -4.88))
    }

    func variedParameters(noise: CycleToCycleNoiseForm = .perWrite) -> PulsePositionParameters {
        var parameters = agASiParameters()
        parameters.cycleToCycleSigma = 0.05
        parameters.cycleToCycleNoise = noise
        parameters.deviceToDevice = DeviceToDeviceVariation(nonlinearitySigma: 1.0, conductanceRangeSigma: 0.3, levelsSigma: 0.2)
        return parameters
    }

    func population(_ parameters: PulsePositionParameters, count: Int, seed: UInt64 = 1) -> PulsePositionDevices {
        parameters.makePopulation(count: count, variation: RandomSource(seed: seed, stream: .deviceVariation(layer: 0, polarity: 0)))
    }

    func testFullTrainsSpanTheRange() {
        let devices = population(agASiParameters(), count: 1)
        let noise = RandomSource(seed: 1, stream: .cycleToCycle(layer: 0))
        devices.applyPulses(97, toDevice: 0, noise: noise)
        XCTAssertEqual(Double(devices.conductances[0]), 3.8462e-8, accuracy: 3.8462e-8 * 1e-6)
        devices.applyPulses(-100, toDevice: 0, noise: noise)
        XCTAssertEqual(Double(devices.conductances[0]), 3.0769e-9, accuracy: 3.8462e-8 * 1e-6)
    }

    func testPulseByPulseMatchesDoubleReference() {
        let parameters = agASiParameters()
        let devices = population(parameters, count: 1)
        let potentiation = parameters.nominalPotentiationCurve
        let depression = parameters.nominalDepressionCurve
        let range = parameters.maximumConductance - parameters.minimumConductance
        var reference = parameters.minimumConductance
        var generator = SplitMix64(state: 3)
        for _ in 0..<2_000 {
            let pulses = Int(generator.next() % 21) - 10
            devices.applyPulsesWithoutNoise(pulses, toDevice: 0)
            if pulses > 0 {
                reference = potentiation.conductance(atPosition: potentiation.position(atConductance: reference) + Double(pulses))
            } else if pulses < 0 {
                reference = depression.conductance(atPosition: depression.position(atConductance: reference) + Double(pulses))
            }
            XCTAssertEqual(Double(devices.conductances[0]), reference, accuracy: 1e-4 * range)
            // Re-align so single-precision error cannot accumulate over the sequence.
            devices.program(device: 0, conductance: Float(reference))
        }
    }

    func testZeroPulsesLeaveDeviceUnchanged() {
        let devices = population(variedParameters(), count: 4)
        let noise = RandomSource(seed: 2, stream: .cycleToCycle(layer: 0))
        devices.program(device: 2, conductance: 2e-8)
        let before = devices.conductances[2]
        devices.applyPulses(0, toDevice: 2, noise: noise)
        XCTAssertEqual(devices.conductances[2], before)
    }

    func testSaturatedDeviceStaysAtBound() {
        let devices = population(agASiParameters(), count: 1)
        let noise = RandomSource(seed: 2, stream: .cycleToCycle(layer: 0))
        devices.applyPulses(500, toDevice: 0, noise: noise)
        let top = devices.conductances[0]
        XCTAssertEqual(top, devices.maximumConductance(ofDevice: 0))
        devices.applyPulses(5, toDevice: 0, noise: noise)
        XCTAssertEqual(devices.conductances[0], top)
        XCTAssertEqual(devices.pulsesNeeded(forChange: 1e-9, device: 0), 0)
    }

    /// Long random pulse sequences with every spread on never leave a device's own bounds.
    func testConductanceStaysWithinOwnBounds() {
        for form in CycleToCycleNoiseForm.allCases {
            let devices = population(variedParameters(noise: form), count: 200, seed: 11)
            let noise = RandomSource(seed: 12, stream: .cycleToCycle(layer: 0))
            var generator = SplitMix64(state: 13)
            for _ in 0..<100 {
                for device in 0..<devices.count {
                    let pulses = Int(generator.next() % 61) - 30
                    devices.applyPulses(pulses, toDevice: device, noise: noise)
                }
                XCTAssertTrue(devices.allConductancesWithinBounds(), "\(form.rawValue)")
            }
        }
    }

    func testDeviceToDeviceDrawsVaryBoundsAndCurves() {
        let devices = population(variedParameters(), count: 10_000, seed: 21)
        let maxima = (0..<devices.count).map { Double(devices.maximumConductance(ofDevice: $0)) / 3.8462e-8 }
        let mean = maxima.reduce(0, +) / Double(maxima.count)
        let deviation = (maxima.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(maxima.count)).squareRoot()
        // σ_range = 0.3 relative; redraws of crossed bounds trim the lower tail slightly.
        XCTAssertEqual(mean, 1.0, accuracy: 0.02)
        XCTAssertEqual(deviation, 0.3, accuracy: 0.02)
        for device in 0..<devices.count {
            XCTAssertLessThan(devices.minimumConductance(ofDevice: device), devices.maximumConductance(ofDevice: device))
            XCTAssertGreaterThanOrEqual(devices.minimumConductance(ofDevice: device), 0)
        }
        let constants = Set((0..<100).map { devices.potentiationCurveConstants[$0] })
        XCTAssertGreaterThan(constants.count, 90, "nonlinearity should differ between devices")
    }

    /// One pulse from mid-range, repeated: the spread around the noiseless result is σ_c2c of
    /// the range (10 000 draws: the standard error of σ is 0.7 %, the band is 5 %).
    func testCycleToCycleSpreadMatchesSigma() {
        var parameters = agASiParameters()
        parameters.cycleToCycleSigma = 0.02
        let devices = population(parameters, count: 1)
        let noise = RandomSource(seed: 5, stream: .cycleToCycle(layer: 0))
        let start: Float = 2e-8
        devices.program(device: 0, conductance: start)
        devices.applyPulsesWithoutNoise(1, toDevice: 0)
        let expected = Double(devices.conductances[0])
        let range = parameters.maximumConductance - parameters.minimumConductance

        var deviations: [Double] = []
        for _ in 0..<10_000 {
            devices.program(device: 0, conductance: start)
            devices.applyPulses(1, toDevice: 0, noise: noise)
            deviations.append((Double(devices.conductances[0]) - expected) / range)
        }
        let mean = deviations.reduce(0, +) / Double(deviations.count)
        let sigma = (deviations.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(deviations.count)).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 0.001)
        XCTAssertEqual(sigma, 0.02, accuracy: 0.001)
    }

    /// Per-write noise of n pulses has spread σ·√n.
    func testPerWriteNoiseScalesWithRootOfPulseCount() {
        var parameters = agASiParameters()
        parameters.cycleToCycleSigma = 0.01
        let devices = population(parameters, count: 1)
        let noise = RandomSource(seed: 6, stream: .cycleToCycle(layer: 0))
        let start: Float = 1e-8
        devices.program(device: 0, conductance: start)
        devices.applyPulsesWithoutNoise(9, toDevice: 0)
        let expected = Double(devices.conductances[0])
        let range = parameters.maximumConductance - parameters.minimumConductance
        var sumOfSquares = 0.0
        for _ in 0..<10_000 {
            devices.program(device: 0, conductance: start)
            devices.applyPulses(9, toDevice: 0, noise: noise)
            let deviation = (Double(devices.conductances[0]) - expected) / range
            sumOfSquares += deviation * deviation
        }
        XCTAssertEqual((sumOfSquares / 10_000).squareRoot(), 0.03, accuracy: 0.0015)
    }

    func testLinearDeviceNeedsChangeOverStep() {
        var parameters = agASiParameters()
        parameters.potentiation = CurveParameters(levels: 1024, nonlinearity: 0)
        parameters.depression = CurveParameters(levels: 1024, nonlinearity: 0)
        let devices = population(parameters, count: 1)
        devices.program(device: 0, conductance: 2e-8)
        let step = Float(parameters.maximumConductance - parameters.minimumConductance) / 1024
        XCTAssertEqual(devices.pulsesNeeded(forChange: 7.3 * step, device: 0), 7.3, accuracy: 1e-3)
        XCTAssertEqual(devices.pulsesNeeded(forChange: -2.5 * step, device: 0), -2.5, accuracy: 1e-3)
    }

    /// No change below the population's screen can round to a pulse, at any conductance.
    func testSmallestResolvableChangeIsConservative() {
        let devices = population(variedParameters(), count: 300, seed: 31)
        let screen = devices.smallestResolvableChange
        XCTAssertGreaterThan(screen, 0)
        var generator = SplitMix64(state: 32)
        for device in 0..<devices.count {
            let minimum = devices.minimumConductance(ofDevice: device)
            let span = devices.maximumConductance(ofDevice: device) - minimum
            for _ in 0..<20 {
                devices.program(device: device, conductance: minimum + Float(generator.nextFraction()) * span)
                let change = Float(generator.nextFraction()) * screen * (generator.next() % 2 == 0 ? 1 : -1)
                XCTAssertLessThan(abs(devices.pulsesNeeded(forChange: change, device: device)), 0.5)
            }
        }
    }

    /// The fast count (no logarithm below half a pulse or between half a pulse and 1.5 pulses)
    /// equals rounding the plain fractional count, with changes concentrated around the half-pulse
    /// and 1.5-pulse boundaries of each device.
    func testFastPulseCountMatchesRoundedFraction() {
        let devices = population(variedParameters(), count: 500, seed: 51)
        var generator = SplitMix64(state: 52)
        var nonZero = 0
        for device in 0..<devices.count {
            let minimum = devices.minimumConductance(ofDevice: device)
            let span = devices.maximumConductance(ofDevice: device) - minimum
            for _ in 0..<40 {
                devices.program(device: device, conductance: minimum + Float(generator.nextFraction()) * span)
                let sign: Float = generator.next() % 2 == 0 ? 1 : -1
                let localStep = abs(devices.pulsesNeeded(forChange: sign * span * 1e-3, device: device))
                let halfPulseChange = localStep > 0 ? 0.5 * span * 1e-3 / localStep : span
                let boundary: Float = [1, 1, 3, 3, 5][Int(generator.next() % 5)]
                let change = sign * halfPulseChange * Float(0.9 + 0.2 * generator.nextFraction()) * boundary
                let fast = devices.roundedPulseCount(forChange: change, device: device)
                XCTAssertEqual(fast, roundedHalfUp(devices.pulsesNeeded(forChange: change, device: device)), "device \(device)")
                nonZero += fast != 0 ? 1 : 0
            }
        }
        XCTAssertGreaterThan(nonZero, 2_000, "the cases should straddle the threshold")
    }

    /// The steepest labels allowed, with spreads that reach them, in every direction: counts stay
    /// finite and within the device's ±Pmax, full trains span the range, and each write follows
    /// the double-precision curve from the device's conductance.
    func testExtremeNonlinearityStaysFinite() {
        let range = 3.8462e-8 - 3.0769e-9
        for (potentiation, depression) in [(9.0, -9.0), (-9.0, 9.0), (8.5, 8.5)] {
            var parameters = agASiParameters()
            parameters.potentiation = CurveParameters(levels: 100, nonlinearity: potentiation)
            parameters.depression = CurveParameters(levels: 100, nonlinearity: depression)
            let nominal = population(parameters, count: 1)
            nominal.applyPulsesWithoutNoise(100, toDevice: 0)
            XCTAssertEqual(Double(nominal.conductances[0]), 3.8462e-8, accuracy: 1e-6 * range, "NL \(potentiation)")
            nominal.applyPulsesWithoutNoise(-100, toDevice: 0)
            XCTAssertEqual(Double(nominal.conductances[0]), 3.0769e-9, accuracy: 1e-6 * range, "NL \(depression)")

            var generator = SplitMix64(state: 60)
            for _ in 0..<500 {
                let start = Float(3.0769e-9 + generator.nextFraction() * range)
                let pulses = Int(generator.next() % 41) - 20
                nominal.program(device: 0, conductance: start)
                nominal.applyPulsesWithoutNoise(pulses, toDevice: 0)
                let curve = pulses > 0 ? parameters.nominalPotentiationCurve : parameters.nominalDepressionCurve
                let expected = curve.conductance(atPosition: curve.position(atConductance: Double(start)) + Double(pulses))
                XCTAssertEqual(Double(nominal.conductances[0]), expected, accuracy: 1e-4 * range, "NL \(potentiation)/\(depression), \(pulses) pulses")
            }

            parameters.cycleToCycleSigma = 0.02
            parameters.deviceToDevice = DeviceToDeviceVariation(nonlinearitySigma: 2, conductanceRangeSigma: 0.2, levelsSigma: 0.2)
            let devices = population(parameters, count: 300, seed: 61)
            let noise = RandomSource(seed: 62, stream: .cycleToCycle(layer: 0))
            for _ in 0..<50 {
                for device in 0..<devices.count {
                    let span = devices.maximumConductance(ofDevice: device) - devices.minimumConductance(ofDevice: device)
                    let change = Float(2 * generator.nextFraction() - 1) * span * Float(generator.nextFraction())
                    let fraction = devices.pulsesNeeded(forChange: change, device: device)
                    let pulseRange = max(devices.potentiationPulseRanges[device], devices.depressionPulseRanges[device])
                    XCTAssertTrue(fraction.isFinite, "NL \(potentiation)/\(depression), device \(device)")
                    XCTAssertLessThanOrEqual(abs(fraction), pulseRange)
                    devices.applyPulses(devices.roundedPulseCount(forChange: change, device: device), toDevice: device, noise: noise)
                }
                XCTAssertTrue(devices.allConductancesWithinBounds())
            }
        }
    }

    func testSameSeedDrawsSameDevices() {
        let first = population(variedParameters(), count: 500, seed: 41)
        let second = population(variedParameters(), count: 500, seed: 41)
        let third = population(variedParameters(), count: 500, seed: 42)
        func drawn(_ devices: PulsePositionDevices) -> (maxima: [Float], curveConstants: [Float]) {
            ((0..<devices.count).map { devices.maximumConductances[$0] }, (0..<devices.count).map { devices.potentiationCurveConstants[$0] })
        }
        XCTAssertEqual(drawn(first).maxima, drawn(second).maxima)
        XCTAssertEqual(drawn(first).curveConstants, drawn(second).curveConstants)
        XCTAssertNotEqual(drawn(first).maxima, drawn(third).maxima)
    }
}
