import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class WeightMappingTests: XCTestCase {
    /// aihwkit's reference device: soft bounds, dw_min 0.02, bounds ±1, no noise.
    static let softBounds = StepDeviceParameters(response: .softBounds(SoftBoundsStep()), minimumStep: 0.02)

    static func crossbar(_ parameters: StepDeviceParameters, mapping: WeightMapping, weightRange: Float = 1) -> DifferentialCrossbar<StepDevices> {
        DifferentialCrossbar(
            model: parameters, rowCount: 4, columnCount: 5, weightRange: weightRange, mapping: mapping,
            positiveVariation: RandomSource(seed: 3, stream: .deviceVariation(layer: 0, polarity: 0)),
            negativeVariation: RandomSource(seed: 3, stream: .deviceVariation(layer: 0, polarity: 1)),
            readNoise: RandomSource(seed: 3, stream: .readNoise(layer: 0)))
    }

    /// With a fixed reference, G⁻ sits at the middle of the nominal range and W is
    /// `(G⁺ − Gref)·2·Wmax/(Gmax − Gmin)`. On a device with bounds ±1 and Wmax 1, W is the
    /// device's own weight, as in aihwkit's tiles.
    func testFixedReferenceProgramsAgainstMidRange() {
        let crossbar = Self.crossbar(Self.softBounds, mapping: .fixedReference, weightRange: 0.5)
        var generator = SplitMix64(state: 11)
        for synapse in 0..<20 {
            let weight = Float(generator.nextFraction() - 0.5)
            crossbar.program(synapse: synapse, weight: weight, placement: .centered)
            XCTAssertEqual(crossbar.negative.conductances[synapse], 0)
            XCTAssertEqual(crossbar.weight(synapse: synapse), weight, accuracy: 1e-6)
            XCTAssertEqual(crossbar.positive.conductances[synapse] * 2 * 0.5 / 2, weight, accuracy: 1e-6)
        }

        let unit = Self.crossbar(Self.softBounds, mapping: .fixedReference)
        unit.program(synapse: 0, weight: 0.3, placement: .centered)
        XCTAssertEqual(unit.positive.conductances[0], 0.3, accuracy: 1e-6)
    }

    /// A differential crossbar has half the factor, because each device spans only half of W's range.
    func testDifferentialFactorIsHalfTheReference() {
        let differential = Self.crossbar(Self.softBounds, mapping: .differential)
        let reference = Self.crossbar(Self.softBounds, mapping: .fixedReference)
        XCTAssertEqual(reference.weightPerConductance, 2 * differential.weightPerConductance)
    }

    /// Training with a fixed reference never writes G⁻, and every pulse lands on G⁺.
    func testFixedReferenceNeverWritesReference() throws {
        let data = SyntheticImages.split(trainingCount: 300, testCount: 100)
        var configuration = TrainingConfiguration(hiddenLayers: [16], epochs: 2, learningRate: 0.05, loss: .crossEntropy,
                                                  rule: .bidirectional)
        configuration.hardware.scheme = .stochastic
        configuration.hardware.weightMapping = .fixedReference
        let profile = DeviceProfile(name: "soft-bounds", description: "test device", source: "test",
                                    parameters: .step(Self.softBounds))
        let network = NetworkFactory.makeNetwork(configuration: configuration, profile: profile, inputCount: 64, classCount: 10)
        network.learningRate = 0.05
        let layers = network.layers.compactMap { $0 as? DeviceLayer<StepDevices> }
        XCTAssertEqual(layers.count, 2)
        let referencesBefore = layers.map { Array($0.crossbar.negative.conductances) }
        let devicesBefore = layers.map { Array($0.crossbar.positive.conductances) }

        for example in 0..<data.training.count {
            for pixel in 0..<64 {
                network.input[pixel] = Float(data.training.pixels[example * 64 + pixel]) / 255
            }
            _ = network.trainStep(label: Int(data.training.labels[example]))
        }

        for (index, layer) in layers.enumerated() {
            XCTAssertEqual(Array(layer.crossbar.negative.conductances), referencesBefore[index])
            XCTAssertNotEqual(Array(layer.crossbar.positive.conductances), devicesBefore[index])
            XCTAssertEqual(layer.crossbar.mapping, .fixedReference)
            XCTAssertGreaterThan(layer.statistics.totalPulses, 0)
        }
    }

    /// For a symmetric soft-bounds device without noise, a centred differential pair written on
    /// both sides keeps `w⁻ = −w⁺`, so `W = (w⁺ − w⁻)/2 = w⁺`: the same trajectory as one device
    /// against a reference at 0, pulse event for pulse event (both have g = dw_min).
    func testSymmetricPairMatchesFixedReference() throws {
        let data = SyntheticImages.split(trainingCount: 300, testCount: 100)
        let profile = DeviceProfileRecord(path: "test", content: DeviceProfile(
            name: "soft-bounds", description: "test device", source: "test", parameters: .step(Self.softBounds)))
        var results: [TrainingResult] = []
        for mapping in WeightMapping.allCases {
            var configuration = TrainingConfiguration(hiddenLayers: [16], epochs: 2, learningRate: 0.05, loss: .crossEntropy,
                                                      rule: .bidirectional)
            configuration.hardware.scheme = .stochastic
            configuration.hardware.weightMapping = mapping
            results.append(try TrainingRun(configuration: configuration, profile: profile, training: data.training, test: data.test).run())
        }
        XCTAssertEqual(results[0].epochs.map(\.trainLoss), results[1].epochs.map(\.trainLoss))
        XCTAssertEqual(results[0].testAccuracy, results[1].testAccuracy)
        XCTAssertEqual(results[0].pulses.totalPulses, 2 * results[1].pulses.totalPulses, "a pair moves two devices per event")
    }

    /// Unidirectional layers need both devices of a pair, so they keep the differential mapping.
    func testUnidirectionalKeepsDifferentialPairs() {
        let settings = HardwareUpdateSettings(weightMapping: .fixedReference)
        XCTAssertEqual(settings.weightMapping(for: .unidirectional), .differential)
        XCTAssertEqual(settings.weightMapping(for: .bidirectional), .fixedReference)
        XCTAssertEqual(settings.pairWrites(under: .fixedReference), .positiveOnly)
    }
}
