import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// The fast kernels against their plain references. Two crossbars built from the same seed take
/// the same random sparse inputs and errors, one through the screened deterministic update kernel
/// and one through its reference, and must end with bit-identical conductances, weights and pulse
/// statistics. The sparse forward pass must match the dense BLAS pass to rounding.
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

    /// A context for one kernel. With a `screenedRequestCapacity` of a few requests the screened
    /// kernels write their collected requests many times per update, in the middle of rows.
    func makeContext(seed: UInt64, columnCount: Int, screenedRequestCapacity: Int = 256) -> PulseUpdateContext {
        PulseUpdateContext(settings: HardwareUpdateSettings(), rowCount: rowCount, columnCount: columnCount,
                           writeNoise: RandomSource(seed: seed, stream: .cycleToCycle(layer: 0)),
                           pulseTrainRandom: Xoshiro256StarStar(seed: seed, stream: .pulseTrains(layer: 0)),
                           screenedRequestCapacity: screenedRequestCapacity)
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
        let buffers = [("G⁺", Array(fast.positive.conductances), Array(reference.positive.conductances)),
                       ("G⁻", Array(fast.negative.conductances), Array(reference.negative.conductances)),
                       ("W", fast.weightMatrix(), reference.weightMatrix())]
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
            // Every other case collects at most 3 screened requests before writing them.
            var fastContext = makeContext(seed: seed, columnCount: kernelCase.columnCount,
                                          screenedRequestCapacity: index % 2 == 0 ? 256 : 3)
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
        let deviceCount = 600
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
            let exactPotentiation = devices.potentiationThreshold(atConductance: conductance, device: device)
            let exactDepression = devices.depressionThreshold(atConductance: conductance, device: device)
            let roomToMaximum = devices.maximumConductance(ofDevice: device) - conductance
            let roomToMinimum = conductance - devices.minimumConductance(ofDevice: device)
            if roomToMaximum < exactPotentiation {
                XCTAssertEqual(potentiation, .infinity, "write \(write): a device next to Gmax takes no potentiation")
            } else {
                XCTAssertEqual(potentiation.bitPattern, exactPotentiation.bitPattern & 0xFFFF_0000,
                               "write \(write) of kind \(kind), device \(device)")
                XCTAssertLessThanOrEqual(potentiation, exactPotentiation, "the stored threshold is a lower bound")
                XCTAssertGreaterThanOrEqual(potentiation, exactPotentiation * (1 - 1.0 / 128), "the stored threshold is within 2⁻⁷")
            }
            if roomToMinimum < exactDepression {
                XCTAssertEqual(depression, .infinity, "write \(write): a device next to Gmin takes no depression")
            } else {
                XCTAssertEqual(depression.bitPattern, exactDepression.bitPattern & 0xFFFF_0000,
                               "write \(write) of kind \(kind), device \(device)")
                XCTAssertLessThanOrEqual(depression, exactDepression, "the stored threshold is a lower bound")
            }
            let block = device / PulseCountThresholds.blockSize
            let blockMembers = (block * PulseCountThresholds.blockSize)..<min((block + 1) * PulseCountThresholds.blockSize, deviceCount)
            XCTAssertEqual(thresholds.potentiationBlockMinima[block], blockMembers.map { thresholds.potentiation[$0] }.min(),
                           "write \(write): the block minimum follows its devices")
            let group = block / PulseCountThresholds.blockSize
            let blockCount = (deviceCount + PulseCountThresholds.blockSize - 1) / PulseCountThresholds.blockSize
            let groupMembers = (group * PulseCountThresholds.blockSize)..<min((group + 1) * PulseCountThresholds.blockSize, blockCount)
            XCTAssertEqual(thresholds.potentiationGroupMinima[group], groupMembers.map { thresholds.potentiationBlockMinima[$0] }.min(),
                           "write \(write): the group minimum follows its blocks")
            XCTAssertEqual(devices.roundedPulseCount(forChange: exactPotentiation.nextDown, device: device), 0,
                           "write \(write): a potentiation just below the threshold")
            XCTAssertEqual(devices.roundedPulseCount(forChange: -exactDepression.nextDown, device: device), 0,
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

    /// Returns `W·x` in double precision from the exact weights, and `Σ_j |W_ij·x_j|` per row, the
    /// scale of the rounding error of a single-precision sum.
    func exactProduct(_ crossbar: Crossbar, input: [Float]) -> (product: [Double], scale: [Double]) {
        let matrix = crossbar.weightMatrix()
        var product = [Double](repeating: 0, count: crossbar.rowCount)
        var scale = [Double](repeating: 0, count: crossbar.rowCount)
        for row in 0..<crossbar.rowCount {
            for column in 0..<crossbar.columnCount {
                let term = Double(matrix[row * crossbar.columnCount + column]) * Double(input[column])
                product[row] += term
                scale[row] += abs(term)
            }
        }
        return (product, scale)
    }

    /// Row counts that are and are not a multiple of 4, active counts of every remainder modulo 4,
    /// sparse and nearly dense inputs.
    func testSparseForwardMatchesDense() {
        var generator = SplitMix64(state: 21)
        for (rows, columns) in [(13, 29), (16, 64), (7, 100)] {
            let crossbar = DifferentialCrossbarTests.crossbar(parameters(noise: .perWrite), rows: rows, columns: columns, seed: 4)
            for synapse in 0..<(rows * columns) {
                crossbar.program(synapse: synapse, weight: Float(2 * generator.nextFraction() - 1), placement: .centered)
            }

            for density in [0.05, 0.2, 0.45, 0.9] {
                for trial in 0..<25 {
                    let input = (0..<columns).map { _ in
                        generator.nextFraction() < density ? Float(2 * generator.nextFraction() - 1) : 0
                    }
                    let active = input.indices.filter { input[$0] != 0 }.map(Int32.init)
                    var sparse = [Float](repeating: .nan, count: rows)
                    var dense = [Float](repeating: .nan, count: rows)
                    active.withUnsafeBufferPointer { activeIndices in
                        SparseMatrixVector.multiply(
                            columnMajorMatrix: crossbar.columnMajorWeights.baseAddress!, rowCount: rows,
                            input: input, activeIndices: activeIndices, output: &sparse)
                    }
                    crossbar.multiply(input: input, output: &dense)

                    let exact = exactProduct(crossbar, input: input)
                    for row in 0..<rows {
                        let tolerance = 1e-6 * exact.scale[row] + 1e-12
                        let name = "\(rows)×\(columns), density \(density), trial \(trial), row \(row)"
                        XCTAssertEqual(Double(sparse[row]), exact.product[row], accuracy: tolerance, "sparse: \(name)")
                        XCTAssertEqual(Double(dense[row]), exact.product[row], accuracy: tolerance, "dense: \(name)")
                    }
                }
            }
        }
    }

    /// At most `largestSparseInputFraction` of the inputs active, the crossbar's forward pass is
    /// the sparse column sum.
    func testSparseInputTakesSparsePath() {
        let crossbar = DifferentialCrossbarTests.crossbar(parameters(noise: .perWrite), rows: 10, columns: 20, seed: 6)
        var generator = SplitMix64(state: 8)
        for synapse in 0..<200 {
            crossbar.program(synapse: synapse, weight: Float(2 * generator.nextFraction() - 1), placement: .centered)
        }
        var input = [Float](repeating: 0, count: 20)
        let active: [Int32] = [1, 2, 3, 5, 8, 13, 17]
        for index in active {
            input[Int(index)] = Float(generator.nextFraction() + 0.01)
        }
        var fromCrossbar = [Float](repeating: 0, count: 10)
        var sparse = [Float](repeating: 0, count: 10)
        active.withUnsafeBufferPointer { activeIndices in
            crossbar.multiply(input: input, activeIndices: activeIndices, output: &fromCrossbar)
            SparseMatrixVector.multiply(columnMajorMatrix: crossbar.columnMajorWeights.baseAddress!, rowCount: 10,
                                        input: input, activeIndices: activeIndices, output: &sparse)
        }
        XCTAssertEqual(fromCrossbar.map(\.bitPattern), sparse.map(\.bitPattern))
    }

    /// Above `largestSparseInputFraction` of the inputs active, the forward pass is the dense
    /// BLAS call.
    func testDenseInputTakesBlasPath() {
        let crossbar = DifferentialCrossbarTests.crossbar(parameters(noise: .perWrite), rows: 10, columns: 20, seed: 6)
        var generator = SplitMix64(state: 7)
        for synapse in 0..<200 {
            crossbar.program(synapse: synapse, weight: Float(2 * generator.nextFraction() - 1), placement: .centered)
        }
        let input = (0..<20).map { _ in Float(generator.nextFraction() + 0.01) }
        let active = (0..<20).map(Int32.init)
        var fromIndices = [Float](repeating: 0, count: 10)
        var dense = [Float](repeating: 0, count: 10)
        active.withUnsafeBufferPointer { crossbar.multiply(input: input, activeIndices: $0, output: &fromIndices) }
        crossbar.multiply(input: input, output: &dense)
        XCTAssertEqual(fromIndices.map(\.bitPattern), dense.map(\.bitPattern))
    }

    /// The column-major cache reads back row-major through `weightMatrix` and by synapse.
    func testWeightMatrixIsRowMajor() {
        let crossbar = DifferentialCrossbarTests.crossbar(parameters(noise: .perWrite), rows: 3, columns: 5, seed: 2)
        for synapse in 0..<15 {
            crossbar.program(synapse: synapse, weight: Float(synapse) * 0.05 - 0.3, placement: .fromMinimum)
        }
        let matrix = crossbar.weightMatrix()
        for synapse in 0..<15 {
            XCTAssertEqual(matrix[synapse], Float(synapse) * 0.05 - 0.3, accuracy: 1e-5, "synapse \(synapse)")
            XCTAssertEqual(matrix[synapse], crossbar.weight(synapse: synapse), "synapse \(synapse)")
            XCTAssertEqual(matrix[synapse], crossbar.readWeight(synapse: synapse), "synapse \(synapse)")
        }
    }
}
