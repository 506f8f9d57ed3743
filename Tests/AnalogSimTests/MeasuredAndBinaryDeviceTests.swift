import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class MeasuredAndBinaryDeviceTests: XCTestCase {
    /// Traces sampled from the Ag:a-Si curves at whole pulses, and two scaled copies.
    func agASiTraces(scales: [Double] = [1]) -> MeasuredCurveParameters {
        let parameters = PulsePositionParameters(minimumConductance: 3.0769e-9, maximumConductance: 3.8462e-8,
                                                 potentiation: CurveParameters(levels: 97, nonlinearity: 2.4),
                                                 depression: CurveParameters(levels: 100, nonlinearity: -4.88))
        let up = (0...97).map { parameters.nominalPotentiationCurve.conductance(atPosition: Double($0)) }
        let down = (0...100).map { parameters.nominalDepressionCurve.conductance(atPosition: Double(100 - $0)) }
        return MeasuredCurveParameters(potentiationTraces: scales.map { scale in up.map { $0 * scale } },
                                       depressionTraces: scales.map { scale in down.map { $0 * scale } })
    }

    func testWholePulsesReproduceTheTrace() {
        let parameters = agASiTraces()
        let devices = parameters.makePopulation(count: 1, variation: RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0)))
        let up = parameters.potentiationTraces[0]
        for pulse in 1...97 {
            devices.applyPulsesWithoutNoise(1, toDevice: 0)
            XCTAssertEqual(Double(devices.conductances[0]), up[pulse], accuracy: 1e-6 * up.last!, "pulse \(pulse)")
        }
        let down = parameters.depressionTraces[0]
        for pulse in 1...100 {
            devices.applyPulsesWithoutNoise(-1, toDevice: 0)
            XCTAssertEqual(Double(devices.conductances[0]), down[pulse], accuracy: 1e-6 * up.last!, "depression pulse \(pulse)")
        }
    }

    /// Between measured points the curve is linear, and the closed-loop count inverts it.
    func testInterpolationAndPulseCount() {
        let parameters = MeasuredCurveParameters(potentiationTraces: [[1e-8, 3e-8, 4e-8]], depressionTraces: [[4e-8, 2e-8, 1e-8]])
        let devices = parameters.makePopulation(count: 1, variation: RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0)))
        devices.program(device: 0, conductance: 2e-8)
        XCTAssertEqual(devices.pulsesNeeded(forChange: 1.5e-8, device: 0), 1.0, accuracy: 1e-5, "from position 0.5 to 1.5")
        devices.applyFractionalPulses(0.5, toDevice: 0)
        XCTAssertEqual(Double(devices.conductances[0]), 3e-8, accuracy: 1e-14)
        XCTAssertEqual(devices.pulsesNeeded(forChange: -1.5e-8, device: 0), -1.0, accuracy: 1e-5, "on the depression table, 1.5 down to 0.5")
    }

    /// Each device draws one of the traces; with three traces each is used by about a third.
    func testDevicesSampleTraces() {
        let devices = agASiTraces(scales: [0.8, 1, 1.2]).makePopulation(count: 3_000, variation: RandomSource(seed: 2, stream: .deviceVariation(layer: 0, polarity: 0)))
        var counts = [0, 0, 0]
        for device in 0..<devices.count {
            counts[Int(devices.potentiationTraceIndices[device])] += 1
            XCTAssertEqual(devices.potentiationTraceIndices[device], devices.depressionTraceIndices[device])
        }
        for count in counts {
            XCTAssertEqual(Double(count), 1_000, accuracy: 100, "a binomial spread of 26; the band is about 4 of them")
        }
    }

    func testNoisyMeasuredDevicesStayWithinBounds() {
        var parameters = agASiTraces(scales: [0.7, 1, 1.3])
        parameters.cycleToCycleSigma = 0.1
        let devices = parameters.makePopulation(count: 300, variation: RandomSource(seed: 3, stream: .deviceVariation(layer: 0, polarity: 0)))
        let noise = RandomSource(seed: 4, stream: .cycleToCycle(layer: 0))
        var generator = SplitMix64(state: 5)
        for _ in 0..<50 {
            for device in 0..<devices.count {
                devices.applyPulses(Int(generator.next() % 41) - 20, toDevice: device, noise: noise)
            }
            XCTAssertTrue(devices.allConductancesWithinBounds())
        }
    }

    /// One pulse switches with probability p, n pulses with 1 − (1 − p)ⁿ; 10 000 devices give a
    /// standard error of 0.005, and the band is 0.02.
    func testBinarySwitchingProbability() {
        let parameters = BinaryDeviceParameters(lowConductance: 1e-7, highConductance: 1e-6, switchingProbability: 0.3)
        for pulses in [1, 3] {
            let devices = parameters.makePopulation(count: 10_000, variation: RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0)))
            let noise = RandomSource(seed: UInt64(pulses), stream: .cycleToCycle(layer: 0))
            for device in 0..<devices.count {
                devices.applyPulses(pulses, toDevice: device, noise: noise)
            }
            let switched = Double((0..<devices.count).filter { devices.conductances[$0] == 1e-6 }.count) / Double(devices.count)
            XCTAssertEqual(switched, 1 - pow(0.7, Double(pulses)), accuracy: 0.02, "\(pulses) pulses")
        }
    }

    func testBinaryCountsHalfASwitch() {
        let devices = BinaryDeviceParameters(lowConductance: 1e-7, highConductance: 1e-6, switchingProbability: 1)
            .makePopulation(count: 1, variation: RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0)))
        XCTAssertEqual(devices.roundedPulseCount(forChange: 4e-7, device: 0), 0, "less than half a switch")
        XCTAssertEqual(devices.roundedPulseCount(forChange: 5e-7, device: 0), 1)
        XCTAssertEqual(devices.roundedPulseCount(forChange: -5e-7, device: 0), 0, "already low")
        devices.program(device: 0, conductance: 8e-7)
        XCTAssertEqual(devices.conductances[0], 1e-6, "programming picks the nearer state")
        devices.applyPulses(-1, toDevice: 0, noise: RandomSource(seed: 1, stream: .cycleToCycle(layer: 0)))
        XCTAssertEqual(devices.conductances[0], 1e-7)
    }

    func testBadMeasuredProfiles() {
        let cases: [(text: String, message: String)] = [
            (#"{"name": "m", "source": "t", "model": "measured", "potentiationTraces": [[1e-8, 3e-8, 2e-8]], "depressionTraces": [[3e-8, 1e-8]]}"#,
             "profile m.json: 'potentiationTraces[0]' turns back at point 2 (3e-08 to 2e-08 S); a potentiation trace must not fall. Average repeated cycles or smooth the trace first."),
            (#"{"name": "m", "source": "t", "model": "measured", "potentiationTraces": [[1e-8]], "depressionTraces": [[3e-8, 1e-8]]}"#,
             "profile m.json: 'potentiationTraces[0]' has 1 point; a trace needs the start and at least one pulse."),
            (#"{"name": "m", "source": "t", "model": "measured", "potentiationTraces": [], "depressionTraces": [[3e-8, 1e-8]]}"#,
             "profile m.json: 'potentiationTraces' is empty; give at least one trace."),
            (#"{"name": "m", "source": "t", "model": "measured", "potentiationTraces": [[1e-8, "2e-8"]], "depressionTraces": [[3e-8, 1e-8]]}"#,
             "profile m.json: 'potentiationTraces[0][1]' must be a number, but it is a string (\"2e-8\")."),
            (#"{"name": "b", "source": "t", "model": "binary", "lowConductance": 1e-6, "highConductance": 1e-7, "switchingProbability": 0.5}"#,
             "profile m.json: 'lowConductance' (1e-06 S) must be below highConductance (1e-07 S)."),
            (#"{"name": "b", "source": "t", "model": "binary", "lowConductance": 1e-7, "highConductance": 1e-6, "switchingProbability": 50}"#,
             "profile m.json: 'switchingProbability' is 50, but it is a probability and must be in (0, 1]."),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try DeviceProfileReader.parse(bytes: Array(testCase.text.utf8), path: "m.json")) { error in
                XCTAssertEqual((error as? DeviceProfileError)?.message, testCase.message)
            }
        }
    }
}
