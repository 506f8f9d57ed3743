import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// The stochastic kernels visit only firing rows and inputs and take the pulse direction from
/// signs. They must send the pulses of the plain reference kernels, noise draws included.
final class StochasticKernelTests: XCTestCase {
    let rows = 12
    let columns = 40

    /// Short trains with BL management, full trains without it, and trains with probabilities
    /// above 1 (a large learning rate), each with and without negative inputs.
    static let cases: [(name: String, settings: PulseTrainSettings, learningRate: Float, negativeInputs: Bool)] = [
        ("BL management", PulseTrainSettings(), 0.5, false),
        ("BL management, negative inputs", PulseTrainSettings(), 0.5, true),
        ("31 slots", PulseTrainSettings(bitLength: 31, updateManagement: true, bitLengthManagement: false), 0.5, false),
        ("31 slots, negative inputs", PulseTrainSettings(bitLength: 31, updateManagement: false, bitLengthManagement: false), 0.5, true),
        ("clipped probabilities", PulseTrainSettings(bitLength: 64, updateManagement: false, bitLengthManagement: false), 20, true),
    ]

    static let stepDevices = StepDeviceParameters(
        response: .softBounds(SoftBoundsStep(multiplicativeNoise: false)), minimumStep: 0.02, minimumStepDeviceToDevice: 0.2,
        cycleToCycle: 0.1, upDownAsymmetry: 0.1, minimumWeightDeviceToDevice: 0.1, maximumWeightDeviceToDevice: 0.1, writeNoise: 0.3)
    static let noiselessStepDevices = StepDeviceParameters(response: .softBounds(SoftBoundsStep()), minimumStep: 0.02)
    static let pulsePositionDevices = DifferentialCrossbarTests.parameters(
        cycleToCycle: 0.03, variation: DeviceToDeviceVariation(nonlinearitySigma: 0.5, conductanceRangeSigma: 0.1, levelsSigma: 0.1))

    /// Noiseless step devices take the batched path of the kernels, noisy ones and pulse-position
    /// devices the one-by-one path.
    func testModelsCoverBothPaths() {
        let random = RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0))
        XCTAssertFalse(Self.noiselessStepDevices.makePopulation(count: 1, variation: random).writesDrawNoise)
        XCTAssertTrue(Self.stepDevices.makePopulation(count: 1, variation: random).writesDrawNoise)
        XCTAssertTrue(Self.pulsePositionDevices.makePopulation(count: 1, variation: random).writesDrawNoise)
    }

    /// A product δ_i·x_j that underflows to 0 is not negative, so it increases no weight even when
    /// the signs differ; elsewhere the signs decide.
    func testDirectionFollowsProductSign() {
        let ordinary = RowChangeDirection(error: -0.5, smallestInputMagnitude: 0.1)
        XCTAssertTrue(ordinary.increases(input: 0.3, inputIsNegative: false))
        XCTAssertFalse(ordinary.increases(input: -0.3, inputIsNegative: true))
        let positiveError = RowChangeDirection(error: 0.5, smallestInputMagnitude: 0.1)
        XCTAssertFalse(positiveError.increases(input: 0.3, inputIsNegative: false))
        XCTAssertTrue(positiveError.increases(input: -0.3, inputIsNegative: true))

        let tiny = RowChangeDirection(error: -1e-30, smallestInputMagnitude: 1e-20)
        XCTAssertEqual(Float(-1e-30) * Float(1e-20), 0, "the product underflows")
        XCTAssertFalse(tiny.increases(input: 1e-20, inputIsNegative: false))
        XCTAssertTrue(tiny.increases(input: 0.5, inputIsNegative: false))
    }

    func testBidirectionalMatchesReference() {
        for testCase in Self.cases {
            for pairWrites in [BidirectionalPairWrites.both, .positiveOnly] {
                let label = "\(testCase.name), \(pairWrites)"
                let update = { (crossbar: DifferentialCrossbar<StepDevices>, input: SparseInput, errors: [Float],
                                context: inout PulseUpdateContext, reference: Bool) in
                    if reference {
                        BidirectionalUpdate.applyStochasticReference(crossbar, input, errors, testCase.learningRate, pairWrites, &context)
                        context.finishUpdate()
                    } else {
                        BidirectionalUpdate.apply(to: crossbar, input: input, errors: errors, learningRate: testCase.learningRate,
                                                  pairWrites: pairWrites, context: &context)
                    }
                }
                assertKernelsMatch(model: Self.stepDevices, testCase: testCase, placement: .centered, label: "step, \(label)", update: update)
                assertKernelsMatch(model: Self.noiselessStepDevices, testCase: testCase, placement: .centered,
                                   label: "noiseless step, \(label)", update: update)
                assertKernelsMatch(model: Self.pulsePositionDevices, testCase: testCase, placement: .centered, label: "pulse position, \(label)") {
                    crossbar, input, errors, context, reference in
                    if reference {
                        BidirectionalUpdate.applyStochasticReference(crossbar, input, errors, testCase.learningRate, pairWrites, &context)
                        context.finishUpdate()
                    } else {
                        BidirectionalUpdate.apply(to: crossbar, input: input, errors: errors, learningRate: testCase.learningRate,
                                                  pairWrites: pairWrites, context: &context)
                    }
                }
            }
        }
    }

    func testUnidirectionalMatchesReference() {
        let threshold: Float = 0.7
        for testCase in Self.cases {
            let update = { (crossbar: DifferentialCrossbar<StepDevices>, input: SparseInput, errors: [Float],
                            context: inout PulseUpdateContext, reference: Bool) in
                if reference {
                    UnidirectionalUpdate.applyStochasticReference(crossbar, input, errors, testCase.learningRate, threshold, &context)
                    context.finishUpdate()
                } else {
                    UnidirectionalUpdate.apply(to: crossbar, input: input, errors: errors, learningRate: testCase.learningRate,
                                               refreshThreshold: threshold, context: &context)
                }
            }
            assertKernelsMatch(model: Self.stepDevices, testCase: testCase, placement: .fromMinimum, label: "step, \(testCase.name)",
                               update: update)
            assertKernelsMatch(model: Self.noiselessStepDevices, testCase: testCase, placement: .fromMinimum,
                               label: "noiseless step, \(testCase.name)", update: update)
            assertKernelsMatch(model: Self.pulsePositionDevices, testCase: testCase, placement: .fromMinimum,
                               label: "pulse position, \(testCase.name)") { crossbar, input, errors, context, reference in
                if reference {
                    UnidirectionalUpdate.applyStochasticReference(crossbar, input, errors, testCase.learningRate, threshold, &context)
                    context.finishUpdate()
                } else {
                    UnidirectionalUpdate.apply(to: crossbar, input: input, errors: errors, learningRate: testCase.learningRate,
                                               refreshThreshold: threshold, context: &context)
                }
            }
        }
    }

    /// Runs 150 random updates through the fast kernel on one crossbar and through the reference
    /// on an identical one, with identically seeded streams. Every conductance must match bit for
    /// bit, and so must the weights, the counts and the number of noise values drawn.
    func assertKernelsMatch<Model: DeviceModel>(
        model: Model, testCase: (name: String, settings: PulseTrainSettings, learningRate: Float, negativeInputs: Bool),
        placement: PairPlacement, label: String,
        update: (DifferentialCrossbar<Model.Population>, SparseInput, [Float], inout PulseUpdateContext, Bool) -> Void
    ) {
        let fast = makeCrossbar(model: model, placement: placement)
        let reference = makeCrossbar(model: model, placement: placement)
        var fastContext = makeContext(settings: testCase.settings)
        var referenceContext = makeContext(settings: testCase.settings)
        var generator = SplitMix64(state: 11)

        for _ in 0..<150 {
            let input = (0..<columns).map { _ -> Float in
                guard generator.nextFraction() < 0.3 else { return 0 }
                let sign: Float = testCase.negativeInputs && generator.nextFraction() < 0.3 ? -1 : 1
                return sign * Float(generator.nextFraction())
            }
            let active = input.indices.filter { input[$0] != 0 }.map(Int32.init)
            let errors = (0..<rows).map { _ in generator.nextFraction() < 0.1 ? 0 : Float(generator.nextFraction() - 0.5) * 0.2 }
            input.withUnsafeBufferPointer { values in
                active.withUnsafeBufferPointer { indices in
                    let sparse = SparseInput(values: values.baseAddress!, activeIndices: indices)
                    update(fast, sparse, errors, &fastContext, false)
                    update(reference, sparse, errors, &referenceContext, true)
                }
            }
        }

        XCTAssertEqual(fast.positive.conductances.map(\.bitPattern), reference.positive.conductances.map(\.bitPattern), "\(label): G⁺")
        XCTAssertEqual(fast.negative.conductances.map(\.bitPattern), reference.negative.conductances.map(\.bitPattern), "\(label): G⁻")
        XCTAssertEqual(fast.columnMajorWeights.map(\.bitPattern), reference.columnMajorWeights.map(\.bitPattern), "\(label): weights")
        XCTAssertEqual(fastContext.statistics, referenceContext.statistics, "\(label): counts")
        XCTAssertGreaterThan(fastContext.statistics.appliedUpdates, 100, "\(label): the updates should send pulses")
        XCTAssertEqual(fastContext.writeNoise.standardNormal(), referenceContext.writeNoise.standardNormal(), "\(label): noise values drawn")
    }

    func makeCrossbar<Model: DeviceModel>(model: Model, placement: PairPlacement) -> DifferentialCrossbar<Model.Population> {
        let crossbar = DifferentialCrossbar(
            model: model, rowCount: rows, columnCount: columns, weightRange: 1,
            positiveVariation: RandomSource(seed: 3, stream: .deviceVariation(layer: 0, polarity: 0)),
            negativeVariation: RandomSource(seed: 3, stream: .deviceVariation(layer: 0, polarity: 1)),
            readNoise: RandomSource(seed: 3, stream: .readNoise(layer: 0)))
        var generator = SplitMix64(state: 4)
        for synapse in 0..<(rows * columns) {
            crossbar.program(synapse: synapse, weight: Float(generator.nextFraction() - 0.5), placement: placement)
        }
        return crossbar
    }

    func makeContext(settings: PulseTrainSettings) -> PulseUpdateContext {
        PulseUpdateContext(settings: HardwareUpdateSettings(scheme: .stochastic, pulseTrains: settings), rowCount: rows,
                           columnCount: columns, writeNoise: RandomSource(seed: 5, stream: .cycleToCycle(layer: 0)),
                           pulseTrainRandom: Xoshiro256StarStar(seed: 5, stream: .pulseTrains(layer: 0)))
    }
}
