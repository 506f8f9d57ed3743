import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class PulseUpdateTests: XCTestCase {
    typealias Crossbar = DifferentialCrossbar<PulsePositionDevices>

    let rows = 12
    let columns = 40

    func variedParameters() -> PulsePositionParameters {
        DifferentialCrossbarTests.parameters(
            cycleToCycle: 0.03, variation: DeviceToDeviceVariation(nonlinearitySigma: 0.5, conductanceRangeSigma: 0.1, levelsSigma: 0.1))
    }

    /// Random sparse inputs (about 30 % non-zero, like MNIST) and errors.
    func randomStep(_ generator: inout SplitMix64) -> (input: [Float], active: [Int32], errors: [Float]) {
        let input = (0..<columns).map { _ in generator.nextFraction() < 0.3 ? Float(generator.nextFraction()) : 0 }
        let active = input.indices.filter { input[$0] != 0 }.map(Int32.init)
        let errors = (0..<rows).map { _ in Float(generator.nextFraction() - 0.5) * 0.2 }
        return (input, active, errors)
    }

    // MARK: - Plain references: every synapse, no screens.

    func referenceUnidirectional(_ crossbar: Crossbar, input: [Float], errors: [Float], learningRate: Float,
                                 threshold: Float, noise: RandomSource, statistics: inout PulseStatistics) {
        for row in 0..<rows {
            for column in 0..<columns {
                let change = -learningRate * errors[row] * input[column] / crossbar.weightPerConductance
                guard change != 0 else { continue }
                let synapse = row * columns + column
                let target = change > 0 ? crossbar.positive : crossbar.negative
                let pulses = roundedHalfUp(target.pulsesNeeded(forChange: abs(change), device: synapse))
                guard pulses > 0 else { continue }
                target.applyPulses(pulses, toDevice: synapse, noise: noise)
                crossbar.updateWeight(synapse: synapse)
                statistics.potentiationPulses += pulses
                let minimum = target.minimumConductance(ofDevice: synapse)
                if target.conductances[synapse] > minimum + threshold * (target.maximumConductance(ofDevice: synapse) - minimum) {
                    PairRefresh.refresh(crossbar, synapse: synapse, noise: noise, statistics: &statistics)
                }
            }
        }
    }

    func referenceBidirectional(_ crossbar: Crossbar, input: [Float], errors: [Float], learningRate: Float, noise: RandomSource) {
        for row in 0..<rows {
            for column in 0..<columns {
                let change = -0.5 * learningRate * errors[row] * input[column] / crossbar.weightPerConductance
                guard change != 0 else { continue }
                let synapse = row * columns + column
                let positivePulses = roundedHalfUp(crossbar.positive.pulsesNeeded(forChange: change, device: synapse))
                let negativePulses = roundedHalfUp(crossbar.negative.pulsesNeeded(forChange: -change, device: synapse))
                crossbar.positive.applyPulses(positivePulses, toDevice: synapse, noise: noise)
                crossbar.negative.applyPulses(negativePulses, toDevice: synapse, noise: noise)
                crossbar.updateWeight(synapse: synapse)
            }
        }
    }

    func makePair(seed: UInt64) -> (Crossbar, Crossbar) {
        let fast = DifferentialCrossbarTests.crossbar(variedParameters(), rows: rows, columns: columns, seed: seed)
        let reference = DifferentialCrossbarTests.crossbar(variedParameters(), rows: rows, columns: columns, seed: seed)
        var generator = SplitMix64(state: seed)
        for synapse in 0..<(rows * columns) {
            let weight = Float(generator.nextFraction() - 0.5)
            fast.program(synapse: synapse, weight: weight, placement: .fromMinimum)
            reference.program(synapse: synapse, weight: weight, placement: .fromMinimum)
        }
        return (fast, reference)
    }

    /// The sparse, screened kernel sends exactly the pulses of the plain loop, noise included.
    func testUnidirectionalKernelMatchesReference() {
        let (fast, reference) = makePair(seed: 3)
        var context = makeContext(seed: 3)
        let referenceNoise = RandomSource(seed: 3, stream: .cycleToCycle(layer: 0))
        var referenceStatistics = PulseStatistics()
        var generator = SplitMix64(state: 4)
        for _ in 0..<200 {
            let step = randomStep(&generator)
            step.input.withUnsafeBufferPointer { input in
                step.active.withUnsafeBufferPointer { active in
                    UnidirectionalUpdate.apply(
                        to: fast, input: SparseInput(values: input.baseAddress!, activeIndices: active),
                        errors: step.errors, learningRate: 0.5, refreshThreshold: 0.9, context: &context)
                }
            }
            referenceUnidirectional(reference, input: step.input, errors: step.errors, learningRate: 0.5, threshold: 0.9,
                                    noise: referenceNoise, statistics: &referenceStatistics)
        }
        XCTAssertEqual(Array(fast.positive.conductances), Array(reference.positive.conductances))
        XCTAssertEqual(Array(fast.negative.conductances), Array(reference.negative.conductances))
        XCTAssertEqual(Array(fast.columnMajorWeights), Array(reference.columnMajorWeights))
        XCTAssertEqual(context.statistics.potentiationPulses, referenceStatistics.potentiationPulses)
        XCTAssertEqual(context.statistics.refreshes, referenceStatistics.refreshes)
        XCTAssertGreaterThan(context.statistics.refreshes, 0, "the sequence should reach the refresh threshold")
        XCTAssertEqual(context.statistics.depressionPulses, 0, "unidirectional updates never depress")
    }

    func testBidirectionalKernelMatchesReference() {
        let (fast, reference) = makePair(seed: 5)
        var context = makeContext(seed: 5)
        let referenceNoise = RandomSource(seed: 5, stream: .cycleToCycle(layer: 0))
        var generator = SplitMix64(state: 6)
        for _ in 0..<200 {
            let step = randomStep(&generator)
            step.input.withUnsafeBufferPointer { input in
                step.active.withUnsafeBufferPointer { active in
                    BidirectionalUpdate.apply(
                        to: fast, input: SparseInput(values: input.baseAddress!, activeIndices: active),
                        errors: step.errors, learningRate: 0.5, pairWrites: .both, context: &context)
                }
            }
            referenceBidirectional(reference, input: step.input, errors: step.errors, learningRate: 0.5, noise: referenceNoise)
        }
        XCTAssertEqual(Array(fast.positive.conductances), Array(reference.positive.conductances))
        XCTAssertEqual(Array(fast.negative.conductances), Array(reference.negative.conductances))
        XCTAssertGreaterThan(context.statistics.depressionPulses, 0)
        XCTAssertGreaterThan(context.statistics.potentiationPulses, 0)
    }

    /// On a noiseless linear device each half-request rounds to whole steps: ΔW = 5.2 steps
    /// requests 2.6 steps of each device, which rounds to 3, so the weight moves by 6 steps.
    func testBidirectionalRoundsEachHalfOnLinearDevice() {
        let crossbar = DifferentialCrossbarTests.crossbar(DifferentialCrossbarTests.parameters(levels: 200, nonlinearity: 0, symmetric: true),
                                                          rows: 1, columns: 1)
        crossbar.program(synapse: 0, weight: 0, placement: .centered)
        crossbar.positive.program(device: 0, conductance: 2e-8)
        crossbar.negative.program(device: 0, conductance: 2e-8)
        crossbar.updateWeight(synapse: 0)
        let stepWeight = crossbar.weightRange / 200
        var context = makeContext(seed: 1)
        applyBidirectional(crossbar, requestedWeightChange: 5.2 * stepWeight, context: &context)
        XCTAssertEqual(crossbar.weight(synapse: 0), 6 * stepWeight, accuracy: 1e-4 * stepWeight)
        XCTAssertEqual(context.statistics.potentiationPulses, 3)
        XCTAssertEqual(context.statistics.depressionPulses, 3)

        applyBidirectional(crossbar, requestedWeightChange: 0.9 * stepWeight, context: &context)
        XCTAssertEqual(context.statistics.appliedUpdates, 1, "0.45 steps per device is below half a step and is dropped")
        XCTAssertEqual(context.statistics.requestedUpdates, 2)
    }

    func makeContext(seed: UInt64, scheme: UpdateScheme = .deterministic, rows: Int? = nil, columns: Int? = nil) -> PulseUpdateContext {
        PulseUpdateContext(settings: HardwareUpdateSettings(scheme: scheme), rowCount: rows ?? self.rows,
                           columnCount: columns ?? self.columns,
                           writeNoise: RandomSource(seed: seed, stream: .cycleToCycle(layer: 0)),
                           pulseTrainRandom: Xoshiro256StarStar(seed: seed, stream: .pulseTrains(layer: 0)))
    }

    func applyBidirectional(_ crossbar: Crossbar, requestedWeightChange: Float, context: inout PulseUpdateContext) {
        let input: [Float] = [1]
        let active: [Int32] = [0]
        let errors: [Float] = [-requestedWeightChange]
        input.withUnsafeBufferPointer { input in
            active.withUnsafeBufferPointer { active in
                BidirectionalUpdate.apply(to: crossbar, input: SparseInput(values: input.baseAddress!, activeIndices: active),
                                          errors: errors, learningRate: 1, pairWrites: .both, context: &context)
            }
        }
    }

    /// A refresh keeps the weight (to within a step), leaves one device at Gmin and the other
    /// below the threshold.
    func testRefreshPreservesWeight() {
        let crossbar = DifferentialCrossbarTests.crossbar(DifferentialCrossbarTests.parameters(), rows: 1, columns: 1)
        crossbar.positive.program(device: 0, conductance: 3.6e-8)
        crossbar.negative.program(device: 0, conductance: 3.3e-8)
        crossbar.updateWeight(synapse: 0)
        let before = crossbar.weight(synapse: 0)
        var statistics = PulseStatistics()
        PairRefresh.refresh(crossbar, synapse: 0, noise: RandomSource(seed: 1, stream: .cycleToCycle(layer: 0)), statistics: &statistics)

        XCTAssertEqual(crossbar.negative.conductances[0], crossbar.negative.minimumConductance(ofDevice: 0))
        let largestStep = Float(DifferentialCrossbarTests.parameters().nominalPotentiationCurve.slope(atPosition: 0)) * crossbar.weightPerConductance
        XCTAssertEqual(crossbar.weight(synapse: 0), before, accuracy: 0.5 * largestStep)
        XCTAssertEqual(statistics.refreshes, 1)
        XCTAssertGreaterThan(statistics.refreshPulses, 0)
    }
}
