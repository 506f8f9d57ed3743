import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// The screened deterministic update kernels against their plain references: two crossbars built
/// from the same seed take the same random sparse inputs and errors, one through each kernel, and
/// must end with bit-identical conductances, weights and pulse statistics.
final class FastKernelTests: XCTestCase {
    typealias Crossbar = DifferentialCrossbar<PulsePositionDevices>

    struct KernelCase {
        let name: String
        let columnCount: Int
        /// Whether some inputs are negative, which the unidirectional kernel handles in a second pass.
        let negativeInputs: Bool
        let noise: CycleToCycleNoiseForm
    }

    /// Column counts that are and are not a multiple of 16, inputs of one sign and of both, and
    /// both forms of cycle-to-cycle noise.
    static let cases = [
        KernelCase(name: "40 columns, positive inputs", columnCount: 40, negativeInputs: false, noise: .perWrite),
        KernelCase(name: "48 columns, positive inputs", columnCount: 48, negativeInputs: false, noise: .perWrite),
        KernelCase(name: "48 columns, signed inputs", columnCount: 48, negativeInputs: true, noise: .perWrite),
        KernelCase(name: "37 columns, signed inputs, per-pulse noise", columnCount: 37, negativeInputs: true, noise: .perPulse),
    ]

    let rowCount = 12
    let stepCount = 300

    func parameters(noise: CycleToCycleNoiseForm) -> PulsePositionParameters {
        var parameters = DifferentialCrossbarTests.parameters(
            cycleToCycle: 0.03,
            variation: DeviceToDeviceVariation(nonlinearitySigma: 0.5, conductanceRangeSigma: 0.1, levelsSigma: 0.1))
        parameters.cycleToCycleNoise = noise
        return parameters
    }

    /// Two crossbars with the same devices and the same random initial weights.
    func makePair(_ kernelCase: KernelCase, seed: UInt64, placement: PairPlacement) -> (fast: Crossbar, reference: Crossbar) {
        let parameters = parameters(noise: kernelCase.noise)
        let fast = DifferentialCrossbarTests.crossbar(parameters, rows: rowCount, columns: kernelCase.columnCount, seed: seed)
        let reference = DifferentialCrossbarTests.crossbar(parameters, rows: rowCount, columns: kernelCase.columnCount, seed: seed)
        var generator = SplitMix64(state: seed)
        for synapse in 0..<(rowCount * kernelCase.columnCount) {
            let weight = Float(generator.nextFraction() - 0.5)
            fast.program(synapse: synapse, weight: weight, placement: placement)
            reference.program(synapse: synapse, weight: weight, placement: placement)
        }
        return (fast, reference)
    }

    func makeContext(seed: UInt64, columnCount: Int) -> PulseUpdateContext {
        PulseUpdateContext(settings: HardwareUpdateSettings(), rowCount: rowCount, columnCount: columnCount,
                           writeNoise: RandomSource(seed: seed, stream: .cycleToCycle(layer: 0)),
                           pulseTrainRandom: RandomSource(seed: seed, stream: .pulseTrains(layer: 0)))
    }

    /// Draws a sparse input whose active entries come in runs, like the strokes of a digit (about
    /// a third active), and errors of which about one in ten is 0.
    func randomStep(_ generator: inout SplitMix64, columnCount: Int, negativeInputs: Bool)
        -> (input: [Float], active: [Int32], errors: [Float]) {
        var input = [Float](repeating: 0, count: columnCount)
        var inRun = false
        for column in 0..<columnCount {
            if generator.nextFraction() < (inRun ? 0.3 : 0.15) {
                inRun.toggle()
            }
            guard inRun else { continue }
            let magnitude = Float(1 - generator.nextFraction())
            input[column] = negativeInputs && generator.nextFraction() < 0.3 ? -magnitude : magnitude
        }
        let active = input.indices.filter { input[$0] != 0 }.map(Int32.init)
        let errors = (0..<rowCount).map { _ in
            generator.nextFraction() < 0.1 ? 0 : Float(generator.nextFraction() - 0.5) * 0.2
        }
        return (input, active, errors)
    }

    func withSparseInput(_ input: [Float], _ active: [Int32], _ body: (SparseInput) -> Void) {
        input.withUnsafeBufferPointer { values in
            active.withUnsafeBufferPointer { indices in
                body(SparseInput(values: values.baseAddress!, activeIndices: indices))
            }
        }
    }

    func assertBitIdentical(_ fast: Crossbar, _ reference: Crossbar, _ name: String,
                            file: StaticString = #filePath, line: UInt = #line) {
        let buffers = [("G⁺", fast.positive.conductances, reference.positive.conductances),
                       ("G⁻", fast.negative.conductances, reference.negative.conductances),
                       ("W", fast.weights, reference.weights)]
        for (quantity, fastValues, referenceValues) in buffers {
            let synapse = fastValues.indices.first { fastValues[$0].bitPattern != referenceValues[$0].bitPattern }
            XCTAssertNil(synapse, "\(name): \(quantity) of synapse \(synapse ?? -1) is \(fastValues[synapse ?? 0]) "
                         + "after the fast kernel but \(referenceValues[synapse ?? 0]) after the reference", file: file, line: line)
        }
    }

    func testUnidirectionalMatchesReference() {
        for (index, kernelCase) in Self.cases.enumerated() {
            let seed = UInt64(11 + index)
            let (fast, reference) = makePair(kernelCase, seed: seed, placement: .fromMinimum)
            var fastContext = makeContext(seed: seed, columnCount: kernelCase.columnCount)
            var referenceContext = makeContext(seed: seed, columnCount: kernelCase.columnCount)
            var generator = SplitMix64(state: seed + 100)

            for _ in 0..<stepCount {
                let step = randomStep(&generator, columnCount: kernelCase.columnCount, negativeInputs: kernelCase.negativeInputs)
                withSparseInput(step.input, step.active) { input in
                    UnidirectionalUpdate.apply(to: fast, input: input, errors: step.errors, learningRate: 0.5,
                                               refreshThreshold: 0.9, context: &fastContext)
                    UnidirectionalUpdate.applyDeterministicReference(reference, input, step.errors, 0.5, 0.9, &referenceContext)
                    referenceContext.finishUpdate()
                }
            }

            assertBitIdentical(fast, reference, kernelCase.name)
            XCTAssertEqual(fastContext.statistics, referenceContext.statistics, kernelCase.name)
            XCTAssertGreaterThan(fastContext.statistics.appliedUpdates, 100, "\(kernelCase.name): too few writes to compare")
            XCTAssertGreaterThan(fastContext.statistics.refreshes, 0, "\(kernelCase.name): no refresh was compared")
        }
    }

    func testBidirectionalMatchesReference() {
        for pairWrites in BidirectionalPairWrites.allCases {
            for (index, kernelCase) in Self.cases.enumerated() {
                let name = "\(kernelCase.name), \(pairWrites.rawValue)"
                let seed = UInt64(31 + index)
                let (fast, reference) = makePair(kernelCase, seed: seed, placement: .centered)
                var fastContext = makeContext(seed: seed, columnCount: kernelCase.columnCount)
                var referenceContext = makeContext(seed: seed, columnCount: kernelCase.columnCount)
                var generator = SplitMix64(state: seed + 100)

                for _ in 0..<stepCount {
                    let step = randomStep(&generator, columnCount: kernelCase.columnCount, negativeInputs: kernelCase.negativeInputs)
                    withSparseInput(step.input, step.active) { input in
                        BidirectionalUpdate.apply(to: fast, input: input, errors: step.errors, learningRate: 0.5,
                                                  pairWrites: pairWrites, context: &fastContext)
                        BidirectionalUpdate.applyDeterministicReference(reference, input, step.errors, 0.5, pairWrites, &referenceContext)
                        referenceContext.finishUpdate()
                    }
                }

                assertBitIdentical(fast, reference, name)
                XCTAssertEqual(fastContext.statistics, referenceContext.statistics, name)
                XCTAssertGreaterThan(fastContext.statistics.potentiationPulses, 100, "\(name): too few potentiation pulses to compare")
                XCTAssertGreaterThan(fastContext.statistics.depressionPulses, 100, "\(name): too few depression pulses to compare")
            }
        }
    }

    /// After every kind of write the stored thresholds are those of the device's new conductance,
    /// and no change below a threshold gets a pulse.
    func testThresholdsFollowEveryWrite() throws {
        let deviceCount = 64
        let devices = parameters(noise: .perWrite).makePopulation(
            count: deviceCount, variation: RandomSource(seed: 5, stream: .deviceVariation(layer: 0, polarity: 0)))
        let noise = RandomSource(seed: 5, stream: .cycleToCycle(layer: 0))
        let thresholds = try XCTUnwrap(devices.pulseCountThresholds)
        var generator = SplitMix64(state: 6)

        for write in 0..<3_000 {
            let device = Int(generator.next() % UInt64(deviceCount))
            let pulses = Int(generator.next() % 41) - 20
            let kind = write % 6
            switch kind {
            case 0: devices.applyPulses(pulses, toDevice: device, noise: noise)
            case 1: devices.applyPulsesWithoutNoise(pulses, toDevice: device)
            case 2: devices.applyFractionalPulses(Float(pulses) * 0.37, toDevice: device)
            case 3: devices.program(device: device, conductance: Float(generator.nextFraction()) * 4e-8)
            case 4: devices.reset(device: device)
            default: devices.applyPulses(pulses, toDevice: device, noise: noise)
            }

            let conductance = devices.conductances[device]
            let potentiation = thresholds.potentiation[device]
            let depression = thresholds.depression[device]
            XCTAssertEqual(potentiation.bitPattern, devices.potentiationThreshold(atConductance: conductance, device: device).bitPattern,
                           "write \(write) of kind \(kind), device \(device)")
            XCTAssertEqual(depression.bitPattern, devices.depressionThreshold(atConductance: conductance, device: device).bitPattern,
                           "write \(write) of kind \(kind), device \(device)")
            XCTAssertEqual(devices.roundedPulseCount(forChange: potentiation.nextDown, device: device), 0,
                           "write \(write): a potentiation just below the threshold")
            XCTAssertEqual(devices.roundedPulseCount(forChange: -depression.nextDown, device: device), 0,
                           "write \(write): a depression just below the threshold")
        }
    }

    /// Random changes of every size: whenever one gets pulses, it reached its device's threshold.
    func testNoPulsesBelowThreshold() throws {
        let deviceCount = 32
        let devices = parameters(noise: .perWrite).makePopulation(
            count: deviceCount, variation: RandomSource(seed: 8, stream: .deviceVariation(layer: 0, polarity: 1)))
        let thresholds = try XCTUnwrap(devices.pulseCountThresholds)
        var generator = SplitMix64(state: 9)
        var pulsedRequests = 0

        for request in 0..<20_000 {
            let device = Int(generator.next() % UInt64(deviceCount))
            if request % 50 == 0 {
                devices.program(device: device, conductance: Float(generator.nextFraction()) * 4e-8)
            }
            // Log-uniform between 1e-12 S and 1e-8 S, either sign.
            let magnitude = Float(pow(10, -12 + 4 * generator.nextFraction()))
            let change = generator.nextFraction() < 0.5 ? magnitude : -magnitude
            guard devices.roundedPulseCount(forChange: change, device: device) != 0 else { continue }
            pulsedRequests += 1
            let threshold = change > 0 ? thresholds.potentiation[device] : thresholds.depression[device]
            XCTAssertGreaterThanOrEqual(magnitude, threshold, "request \(request): change \(change) S on device \(device)")
        }
        XCTAssertGreaterThan(pulsedRequests, 1_000, "too few requests got pulses to test the bound")
    }
}
