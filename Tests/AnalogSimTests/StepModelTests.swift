import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class StepModelTests: XCTestCase {
    func single(_ parameters: StepDeviceParameters) -> StepDevices {
        parameters.makePopulation(count: 1, variation: RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0)))
    }

    /// One pulse from a chosen weight against the model's equation evaluated by hand.
    func testPerPulseRulesAgainstHandValues() {
        let cases: [(name: String, parameters: StepDeviceParameters, start: Float, up: Float, down: Float)] = [
            // s⁺ = 0.01, s⁻ = (1 − 0.2)·0.01 = 0.008.
            ("constant", StepDeviceParameters(response: .constant, minimumStep: 0.01, upDownAsymmetry: 0.2), 0.3, 0.31, 0.292),
            // up 0.01·(1 − 0.5·0.4/1) = 0.008; down 0.01·(1 − 0.3·0.4/(−1)) = 0.0112.
            ("linear", StepDeviceParameters(response: .linear(LinearStep(slopeUp: 0.5, slopeDown: 0.3)), minimumStep: 0.01), 0.4, 0.408, 0.3888),
            // up 0.02·(1 − 0.5/1) = 0.01; down 0.02·(1 − 0.5/(−1)) = 0.03.
            ("soft bounds", StepDeviceParameters(response: .softBounds(SoftBoundsStep()), minimumStep: 0.02), 0.5, 0.51, 0.47),
            // z = 2·(−0.5)·0.2/2 − 0.5 = −0.6; up 0.01·(1 + 1.2·e^(−3)) = 0.0105974; down 0.01·(1 + 0.1·e^(3)) = 0.0300855.
            ("exponential", StepDeviceParameters(response: .exponential(ExponentialStep(amplitudeUp: -1.2, amplitudeDown: -0.1, gammaUp: 5,
                                                                                         gammaDown: 5, a: -0.5, b: -0.5)), minimumStep: 0.01),
             0.2, 0.2105974, 0.1699145),
            // up 0.01·((1 − 0.2)/2)² = 0.0016; down 0.01·((0.2 + 1)/2)² = 0.0036.
            ("power", StepDeviceParameters(response: .power(PowerStep(gamma: 2)), minimumStep: 0.01), 0.2, 0.2016, 0.1964),
            // u = (0.25 + 1)/2·4 = 2.5: up 0.01·(0.5·1.5 + 0.5·1) = 0.0125; down 0.01·(0.5·0.6 + 0.5·0.4) = 0.005.
            ("piecewise", StepDeviceParameters(response: .piecewise(PiecewiseStep(upNodes: [0.5, 1, 1.5, 1, 0.5], downNodes: [1, 0.8, 0.6, 0.4, 0.2])),
                                               minimumStep: 0.01), 0.25, 0.2625, 0.245),
        ]
        for testCase in cases {
            let devices = single(testCase.parameters)
            devices.program(device: 0, conductance: testCase.start)
            devices.applyPulsesWithoutNoise(1, toDevice: 0)
            XCTAssertEqual(devices.conductances[0], testCase.up, accuracy: 1e-6, "\(testCase.name) up")
            devices.program(device: 0, conductance: testCase.start)
            devices.applyPulsesWithoutNoise(-1, toDevice: 0)
            XCTAssertEqual(devices.conductances[0], testCase.down, accuracy: 1e-6, "\(testCase.name) down")
        }
    }

    /// Every model with every spread and noise on keeps each weight inside its own bounds.
    func testWeightsStayWithinOwnBounds() {
        let responses: [StepResponse] = [
            .constant, .linear(LinearStep(slopeUp: 2, slopeDown: 2, slopeUpDeviceToDevice: 0.5, slopeDownDeviceToDevice: 0.5)),
            .softBounds(SoftBoundsStep(multiplicativeNoise: false)),
            .exponential(ExponentialStep(amplitudeUp: -27.235, amplitudeDown: -2.235, gammaUp: 2.5, gammaDown: 2.5, a: -1, b: 0,
                                         noiseAdditive: 0.042, noiseSlope: 0.108)),
            .power(PowerStep(gamma: 3, upDownAsymmetry: 0.3, gammaDeviceToDevice: 0.3, upDownAsymmetryDeviceToDevice: 0.2)),
            .piecewise(PiecewiseStep(upNodes: [2, 0, 3], downNodes: [0.1, 5, 0.1])),
        ]
        for response in responses {
            let parameters = StepDeviceParameters(
                response: response, minimumStep: 0.05, minimumStepDeviceToDevice: 0.5, cycleToCycle: 2, upDownAsymmetry: 0.3,
                upDownAsymmetryDeviceToDevice: 0.1, minimumWeight: -0.8, maximumWeight: 1.2, minimumWeightDeviceToDevice: 0.4,
                maximumWeightDeviceToDevice: 0.4)
            let devices = parameters.makePopulation(count: 200, variation: RandomSource(seed: 5, stream: .deviceVariation(layer: 0, polarity: 0)))
            let noise = RandomSource(seed: 6, stream: .cycleToCycle(layer: 0))
            var generator = SplitMix64(state: 7)
            for _ in 0..<100 {
                for device in 0..<devices.count {
                    devices.applyPulses(Int(generator.next() % 21) - 10, toDevice: device, noise: noise)
                }
                XCTAssertTrue(devices.allConductancesWithinBounds(), response.modelName)
            }
        }
    }

    /// The spread of one noisy pulse around the noiseless one is σ_c times the step (multiplicative
    /// noise); 10 000 draws give a standard error of 0.7 % of σ, and the band is 5 %.
    func testCycleToCycleSpreadIsRelativeToStep() {
        let parameters = StepDeviceParameters(response: .softBounds(SoftBoundsStep()), minimumStep: 0.01, cycleToCycle: 0.3)
        let devices = single(parameters)
        let noise = RandomSource(seed: 9, stream: .cycleToCycle(layer: 0))
        let start: Float = 0.2
        let step = 0.01 * (1 - 0.2)
        var deviations: [Double] = []
        for _ in 0..<10_000 {
            devices.program(device: 0, conductance: start)
            devices.applyPulses(1, toDevice: 0, noise: noise)
            deviations.append((Double(devices.conductances[0]) - Double(start)) / step - 1)
        }
        let mean = deviations.reduce(0, +) / Double(deviations.count)
        let sigma = (deviations.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(deviations.count)).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 0.02)
        XCTAssertEqual(sigma, 0.3, accuracy: 0.015)
    }

    /// Write noise leaves the pulsed weight alone and spreads the weight as read by
    /// writeNoise·dw_min.
    func testWriteNoiseSpreadsTheRead() {
        let parameters = StepDeviceParameters(response: .constant, minimumStep: 0.001, writeNoise: 20)
        let devices = single(parameters)
        let noise = RandomSource(seed: 4, stream: .cycleToCycle(layer: 0))
        var sumOfSquares = 0.0
        for _ in 0..<10_000 {
            devices.program(device: 0, conductance: 0)
            devices.applyPulses(1, toDevice: 0, noise: noise)
            XCTAssertEqual(devices.pulsedWeights[0], 0.001, accuracy: 1e-7)
            let offset = Double(devices.conductances[0] - devices.pulsedWeights[0])
            sumOfSquares += offset * offset
        }
        XCTAssertEqual((sumOfSquares / 10_000).squareRoot(), 0.02, accuracy: 0.001)
    }

    /// Retention relaxes a weight towards its reset weight by 1 − 1/t per sample.
    func testRetentionRelaxesTowardsReset() {
        let parameters = StepDeviceParameters(response: .constant, minimumStep: 0.01, resetWeight: 0, lifetime: 100)
        let devices = single(parameters)
        devices.program(device: 0, conductance: 0.5)
        devices.applyRetention()
        XCTAssertEqual(devices.conductances[0], 0.5 * 0.99, accuracy: 1e-7)
        XCTAssertTrue(devices.hasRetention)
    }

    /// An exp-step device whose up step vanishes inside its bounds (at w = ln 2 here, where
    /// `1 − 0.5·e^w = 0`) approaches that point but never passes it, and no count exceeds twice
    /// the pulses of dw_min across the range (400), so a large request cannot hang a run.
    func testVanishingStepBoundsTheCount() {
        let parameters = StepDeviceParameters(
            response: .exponential(ExponentialStep(amplitudeUp: 0.5, amplitudeDown: -0.1, gammaUp: 2, gammaDown: 2, a: 0.5, b: 0)),
            minimumStep: 0.01)
        let devices = single(parameters)
        devices.program(device: 0, conductance: 0)
        let pulses = devices.pulsesNeeded(forChange: 0.9, device: 0)
        XCTAssertLessThanOrEqual(pulses, 400)
        devices.applyPulsesWithoutNoise(roundedHalfUp(pulses), toDevice: 0)
        XCTAssertGreaterThan(devices.conductances[0], 0.6)
        XCTAssertLessThan(devices.conductances[0], Float(log(2.0)))
        XCTAssertLessThanOrEqual(devices.pulsesNeeded(forChange: 0.5, device: 0), 400)
    }

    /// The count walks the device's own steps, so one write of the counted pulses lands on the
    /// target even where the step changes along the way (soft bounds here).
    func testCountFollowsChangingSteps() {
        let devices = single(StepDeviceParameters(response: .softBounds(SoftBoundsStep()), minimumStep: 0.02))
        devices.program(device: 0, conductance: -0.5)
        let pulses = devices.roundedPulseCount(forChange: 1.2, device: 0)
        devices.applyPulsesWithoutNoise(pulses, toDevice: 0)
        XCTAssertEqual(devices.conductances[0], 0.7, accuracy: 0.02 * (1 - 0.7), "within one step of the target")
        devices.program(device: 0, conductance: -0.5)
        devices.applyFractionalPulses(devices.pulsesNeeded(forChange: 1.2, device: 0), toDevice: 0)
        XCTAssertEqual(devices.conductances[0], 0.7, accuracy: 1e-5)
    }

    func testGranularityFollowsAihwkit() {
        XCTAssertEqual(StepDevices.granularity(StepDeviceParameters(response: .power(PowerStep(gamma: 2)), minimumStep: 0.01)), 0.0025, accuracy: 1e-12)
        let reRamES = StepDeviceParameters(
            response: .exponential(ExponentialStep(amplitudeUp: -1.18445, amplitudeDown: -0.081404, gammaUp: 5, gammaDown: 5, a: -0.5, b: -0.5)),
            minimumStep: 0.00135, upDownAsymmetry: 0.259359)
        // (1 − 0.259359)·0.00135·(1 + 0.081404·e^(2.5)) = 0.0019914.
        XCTAssertEqual(StepDevices.granularity(reRamES), 0.0019914, accuracy: 1e-7)
    }

    /// With no noise and no bound in reach, a constant-step device trained with the deterministic
    /// scheme follows floating-point SGD ever more closely as dw_min shrinks.
    func testConstantStepConvergesToSoftware() throws {
        let data = SyntheticImages.split(trainingCount: 150, testCount: 50)
        var configuration = TrainingConfiguration(hiddenLayers: [8], epochs: 1, rule: .software, seed: 2, weightRange: 20)
        let softwareNetwork = try trainedWeights(configuration, profile: nil, data: data)
        var previousError = Double.infinity
        for step in [0.01, 0.001, 0.0001] {
            configuration.rule = .bidirectional
            let profile = DeviceProfile(name: "constant", description: "", source: "test",
                                        parameters: .step(StepDeviceParameters(response: .constant, minimumStep: step,
                                                                               minimumWeight: -10, maximumWeight: 10)))
            let deviceNetwork = try trainedWeights(configuration, profile: profile, data: data)
            let error = zip(softwareNetwork, deviceNetwork).map { Double(($0 - $1) * ($0 - $1)) }.reduce(0, +).squareRoot()
            XCTAssertLessThan(error, previousError, "dw_min \(step)")
            previousError = error
        }
        XCTAssertLessThan(previousError, 0.05)
    }

    /// The expected-value scheme on an unbounded constant-step device is floating-point SGD.
    func testExpectedSchemeOnConstantStepEqualsSoftware() throws {
        let data = SyntheticImages.split(trainingCount: 150, testCount: 50)
        var configuration = TrainingConfiguration(hiddenLayers: [8], epochs: 1, rule: .software, seed: 2, weightRange: 20)
        let softwareNetwork = try trainedWeights(configuration, profile: nil, data: data)
        configuration.rule = .bidirectional
        configuration.hardware.scheme = .expected
        let profile = DeviceProfile(name: "constant", description: "", source: "test",
                                    parameters: .step(StepDeviceParameters(response: .constant, minimumStep: 0.01, minimumWeight: -10, maximumWeight: 10)))
        let deviceNetwork = try trainedWeights(configuration, profile: profile, data: data)
        for (software, device) in zip(softwareNetwork, deviceNetwork) {
            XCTAssertEqual(device, software, accuracy: 1e-4)
        }
    }

    func trainedWeights(_ configuration: TrainingConfiguration, profile: DeviceProfile?, data: DatasetSplit) throws -> [Float] {
        let network = NetworkFactory.makeNetwork(configuration: configuration, profile: profile, inputCount: data.training.pixelsPerImage, classCount: 10)
        for example in 0..<data.training.count {
            for pixel in 0..<data.training.pixelsPerImage {
                network.input[pixel] = Float(data.training.pixels[example * data.training.pixelsPerImage + pixel]) / 255
            }
            _ = network.trainStep(label: Int(data.training.labels[example]))
        }
        return network.layers.flatMap { $0.currentWeights() }
    }
}
