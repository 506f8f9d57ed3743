import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class WriteCostTests: XCTestCase {
    let write = WritePulses(potentiationVoltage: 3, depressionVoltage: 2, potentiationPulseWidth: 1e-6, depressionPulseWidth: 2e-6)

    func profile(_ parameters: DeviceParameters) -> DeviceProfile {
        DeviceProfile(name: "test", description: "", source: "test", parameters: parameters, write: write)
    }

    /// Energy `V²·t·Σ n·Ḡ` per polarity and latency `t·slots`, evaluated by hand.
    func testEstimateFromStatistics() {
        var statistics = PulseStatistics()
        statistics.potentiationConductancePulses = 2e-6
        statistics.depressionConductancePulses = 5e-6
        statistics.potentiationPulseSlots = 10
        statistics.depressionPulseSlots = 4
        let parameters = PulsePositionParameters(minimumConductance: 1e-7, maximumConductance: 1e-6,
                                                 potentiation: CurveParameters(levels: 10, nonlinearity: 0),
                                                 depression: CurveParameters(levels: 10, nonlinearity: 0))
        let cost = WriteCost.estimate(statistics, profile: profile(.pulsePosition(parameters)))
        XCTAssertEqual(cost?.energy ?? 0, 9 * 1e-6 * 2e-6 + 4 * 2e-6 * 5e-6, accuracy: 1e-20)
        XCTAssertEqual(cost?.latency ?? 0, 10 * 1e-6 + 4 * 2e-6, accuracy: 1e-15)

        let step = StepDeviceParameters(response: .constant, minimumStep: 0.01)
        XCTAssertNil(WriteCost.estimate(statistics, profile: profile(.step(step)))?.energy, "weights have no energy")
        XCTAssertNil(WriteCost.estimate(statistics, profile: nil))
    }

    /// The kernels record the mean conductance of every write: one write of n pulses from G₀ to G₁
    /// adds n·(G₀ + G₁)/2.
    func testKernelsRecordConductancePulses() {
        let crossbar = DifferentialCrossbarTests.crossbar(DifferentialCrossbarTests.parameters(levels: 100, nonlinearity: 0, symmetric: true),
                                                          rows: 1, columns: 1)
        crossbar.program(synapse: 0, weight: 0, placement: .fromMinimum)
        var context = PulseUpdateContext(settings: HardwareUpdateSettings(), rowCount: 1, columnCount: 1,
                                         writeNoise: RandomSource(seed: 1, stream: .cycleToCycle(layer: 0)),
                                         pulseTrainRandom: Xoshiro256StarStar(seed: 1, stream: .pulseTrains(layer: 0)))
        let before = crossbar.positive.conductances[0]
        let input: [Float] = [1]
        let active: [Int32] = [0]
        let stepWeight = crossbar.weightRange / 100
        input.withUnsafeBufferPointer { values in
            active.withUnsafeBufferPointer { indices in
                UnidirectionalUpdate.apply(to: crossbar, input: SparseInput(values: values.baseAddress!, activeIndices: indices),
                                           errors: [-5 * stepWeight], learningRate: 1, refreshThreshold: 1, context: &context)
            }
        }
        let after = crossbar.positive.conductances[0]
        XCTAssertEqual(context.statistics.potentiationPulses, 5)
        XCTAssertEqual(context.statistics.potentiationPulseSlots, 5)
        XCTAssertEqual(context.statistics.potentiationConductancePulses, 5 * 0.5 * Double(before + after), accuracy: 1e-18)
    }
}
