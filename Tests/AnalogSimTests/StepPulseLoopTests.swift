import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// `applyPulses` and `applyPulsesWithoutNoise` run loops specialised per model; they must give
/// the weights of the per-pulse reference bit for bit, noise draws included.
final class StepPulseLoopTests: XCTestCase {
    /// Every model and noise form, with a zero reference bound where a model treats it apart
    /// (linear-step with its own bounds, soft bounds) and with increasing linear steps.
    static let models: [(name: String, response: StepResponse, minimumWeight: Double)] = [
        ("constant", .constant, -0.8),
        ("linear, mean bounds", .linear(LinearStep(slopeUp: 0.8, slopeDown: 0.6, slopeUpDeviceToDevice: 0.2, slopeDownDeviceToDevice: 0.2)), -0.8),
        ("linear, own bounds, additive noise",
         .linear(LinearStep(slopeUp: 1.5, slopeDown: 0.5, meanBoundReference: false, multiplicativeNoise: false)), -0.8),
        ("linear, own lower bound 0", .linear(LinearStep(slopeUp: 1, slopeDown: 1, meanBoundReference: false)), 0),
        ("linear, increasing", .linear(LinearStep(slopeUp: -0.5, slopeDown: -0.3, allowIncreasing: true)), -0.8),
        ("soft bounds", .softBounds(SoftBoundsStep()), -0.8),
        ("soft bounds, additive noise", .softBounds(SoftBoundsStep(multiplicativeNoise: false)), -0.8),
        ("soft bounds, lower bound 0", .softBounds(SoftBoundsStep()), 0),
        ("exponential", .exponential(ExponentialStep(amplitudeUp: 0.00081, amplitudeDown: 0.36833, gammaUp: 12.44625,
                                                     gammaDown: 12.78785, a: 0.24478, b: 0.2425)), -0.8),
        ("exponential, additive noise",
         .exponential(ExponentialStep(amplitudeUp: -27.235, amplitudeDown: -2.235, gammaUp: 2.5, gammaDown: 2.5, a: -1, b: 0,
                                      noiseAdditive: 0.042, noiseSlope: 0.108)), -0.8),
        ("power", .power(PowerStep(gamma: 3, upDownAsymmetry: 0.3, gammaDeviceToDevice: 0.3, upDownAsymmetryDeviceToDevice: 0.2)), -0.8),
        ("piecewise", .piecewise(PiecewiseStep(upNodes: [2, 0.5, 3], downNodes: [0.1, 5, 0.1])), -0.8),
    ]

    func testFastLoopsMatchPerPulseReference() {
        for model in Self.models {
            for (cycleToCycle, writeNoise) in [(0.0, 0.0), (0.3, 0.0), (0.0, 0.5), (0.3, 0.5)] {
                let parameters = StepDeviceParameters(
                    response: model.response, minimumStep: 0.05, minimumStepDeviceToDevice: 0.3, cycleToCycle: cycleToCycle,
                    upDownAsymmetry: 0.2, upDownAsymmetryDeviceToDevice: 0.1, minimumWeight: model.minimumWeight, maximumWeight: 1.2,
                    minimumWeightDeviceToDevice: model.minimumWeight == 0 ? 0 : 0.3, maximumWeightDeviceToDevice: 0.3,
                    writeNoise: writeNoise)
                let label = "\(model.name), σ_c \(cycleToCycle), write noise \(writeNoise)"
                assertFastLoopsMatchReference(parameters, label: label)
            }
        }
    }

    /// A batch of writes gives the weights of the same writes applied one by one through the
    /// reference, for every model, with and without noise (noisy batches are applied write by
    /// write).
    func testBatchMatchesPerPulseReference() {
        for model in Self.models {
            for (cycleToCycle, writeNoise) in [(0.0, 0.0), (0.3, 0.5)] {
                let parameters = StepDeviceParameters(
                    response: model.response, minimumStep: 0.05, minimumStepDeviceToDevice: 0.3, cycleToCycle: cycleToCycle,
                    upDownAsymmetry: 0.2, minimumWeight: model.minimumWeight, maximumWeight: 1.2, writeNoise: writeNoise)
                let label = "\(model.name), σ_c \(cycleToCycle), write noise \(writeNoise)"
                let deviceCount = 60
                let variation = { RandomSource(seed: 5, stream: .deviceVariation(layer: 0, polarity: 0)) }
                let fast = parameters.makePopulation(count: deviceCount, variation: variation())
                let reference = parameters.makePopulation(count: deviceCount, variation: variation())
                let fastNoise = RandomSource(seed: 6, stream: .cycleToCycle(layer: 0))
                let referenceNoise = RandomSource(seed: 6, stream: .cycleToCycle(layer: 0))
                var generator = SplitMix64(state: 8)

                for _ in 0..<200 {
                    // Distinct devices in increasing order, as a kernel collects one row.
                    let devices = (0..<deviceCount).filter { _ in generator.next() % 3 == 0 }.map(Int32.init)
                    let pulseCounts = devices.map { _ in Int32(Int(generator.next() % 41) - 20) }
                    pulseCounts.withUnsafeBufferPointer { counts in
                        devices.withUnsafeBufferPointer { devices in
                            fast.applyPulses(counts, toDevices: devices, noise: fastNoise)
                        }
                    }
                    for (pulseCount, device) in zip(pulseCounts, devices) {
                        reference.applyPulsesReference(Int(pulseCount), toDevice: Int(device), noise: referenceNoise)
                    }
                }

                XCTAssertEqual(fast.writesDrawNoise, cycleToCycle > 0, label)
                XCTAssertEqual(fast.pulsedWeights.map(\.bitPattern), reference.pulsedWeights.map(\.bitPattern), "\(label): pulsed weights")
                XCTAssertEqual(fast.conductances.map(\.bitPattern), reference.conductances.map(\.bitPattern), "\(label): weights as read")
            }
        }
    }

    /// Applies the same random writes (counts from −40 to 40, some 0, one in eight without noise)
    /// to two identically drawn populations, one through the fast loops and one through the
    /// reference. 40 steps of 0.05 span the range of 2, so constant steps are clipped at the bounds.
    func assertFastLoopsMatchReference(_ parameters: StepDeviceParameters, label: String) {
        let deviceCount = 50
        let fast = parameters.makePopulation(count: deviceCount, variation: RandomSource(seed: 5, stream: .deviceVariation(layer: 0, polarity: 0)))
        let reference = parameters.makePopulation(count: deviceCount, variation: RandomSource(seed: 5, stream: .deviceVariation(layer: 0, polarity: 0)))
        let fastNoise = RandomSource(seed: 6, stream: .cycleToCycle(layer: 0))
        let referenceNoise = RandomSource(seed: 6, stream: .cycleToCycle(layer: 0))
        var generator = SplitMix64(state: 7)

        for _ in 0..<4_000 {
            let device = Int(generator.next() % UInt64(deviceCount))
            let pulseCount = Int(generator.next() % 81) - 40
            if generator.next() % 8 == 0 {
                fast.applyPulsesWithoutNoise(pulseCount, toDevice: device)
                reference.applyPulsesReference(pulseCount, toDevice: device, noise: nil)
            } else {
                fast.applyPulses(pulseCount, toDevice: device, noise: fastNoise)
                reference.applyPulsesReference(pulseCount, toDevice: device, noise: referenceNoise)
            }
        }

        XCTAssertEqual(fast.pulsedWeights.map(\.bitPattern), reference.pulsedWeights.map(\.bitPattern), "\(label): pulsed weights")
        XCTAssertEqual(fast.conductances.map(\.bitPattern), reference.conductances.map(\.bitPattern), "\(label): weights as read")
        XCTAssertEqual(fastNoise.standardNormal(), referenceNoise.standardNormal(), "\(label): both drew the same number of noise values")
    }
}
