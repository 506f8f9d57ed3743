import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class UpdateSchemeTests: XCTestCase {
    /// The mean coincidence count of every synapse is `η·|x_j·δ_i|/g`, and no synapse receives
    /// more than BL pulses. The values keep every probability at or below 1 (k = 8), so no count
    /// is clipped. With 20 000 updates the standard error of a mean count c is `√(c/20 000)`,
    /// under 0.7 % of c for c ≥ 1 and 0.0011 for the smallest (0.025); the band is 4 % plus 0.002.
    func testStochasticMeanCountMatchesRequest() {
        let input: [Float] = [0.2, 0.7, 1.0, 0.05]
        let active: [Int32] = [0, 1, 2, 3]
        let errors: [Float] = [0.3, -0.05, 0.8]
        let learningRate: Float = 0.1
        let granularity: Float = 0.01
        for settings in [PulseTrainSettings(), PulseTrainSettings(bitLength: 31, updateManagement: false, bitLengthManagement: false),
                         PulseTrainSettings(bitLength: 15, updateManagement: true, bitLengthManagement: false)] {
            let trains = StochasticPulseTrains(rowCount: 3, columnCount: 4)
            var random = Xoshiro256StarStar(seed: 8, stream: .pulseTrains(layer: 0))
            var sums = [Double](repeating: 0, count: 12)
            let repetitions = 20_000
            for _ in 0..<repetitions {
                input.withUnsafeBufferPointer { values in
                    active.withUnsafeBufferPointer { indices in
                        XCTAssertTrue(trains.generate(input: SparseInput(values: values.baseAddress!, activeIndices: indices),
                                                      errors: errors, rowCount: 3, learningRate: learningRate,
                                                      granularity: granularity, settings: settings, random: &random))
                    }
                }
                for row in 0..<3 {
                    for column in 0..<4 {
                        let count = (trains.rowMasks[row] & trains.columnMasks[column]).nonzeroBitCount
                        XCTAssertLessThanOrEqual(count, settings.bitLength)
                        sums[row * 4 + column] += Double(count)
                    }
                }
            }
            for row in 0..<3 {
                for column in 0..<4 {
                    let expected = Double(learningRate * abs(input[column] * errors[row]) / granularity)
                    let measured = sums[row * 4 + column] / Double(repetitions)
                    XCTAssertEqual(measured, expected, accuracy: 0.04 * expected + 0.002, "\(settings) synapse (\(row), \(column))")
                }
            }
        }
    }

    /// Every slot, whichever half of a 64-bit draw serves it, fires with the requested probability.
    /// Over 40 000 masks the standard error of a slot's frequency is at most 0.0025, and the band
    /// is 0.0125; over all 31 slots together it is at most 0.00045, and the band 0.002.
    func testSlotsFireWithTheirProbability() {
        var random = Xoshiro256StarStar(seed: 12)
        let slots = 31
        let repetitions = 40_000
        for probability: Float in [0.03, 0.37, 0.5, 0.9] {
            var counts = [Int](repeating: 0, count: slots)
            for _ in 0..<repetitions {
                let mask = StochasticPulseTrains.drawMask(probability: probability, slots: slots, random: &random)
                XCTAssertEqual(mask >> UInt64(slots), 0, "no bit beyond the last slot")
                for slot in 0..<slots where mask & (1 << UInt64(slot)) != 0 {
                    counts[slot] += 1
                }
            }
            for slot in 0..<slots {
                XCTAssertEqual(Double(counts[slot]) / Double(repetitions), Double(probability), accuracy: 0.0125, "p \(probability), slot \(slot)")
            }
            let overall = Double(counts.reduce(0, +)) / Double(repetitions * slots)
            XCTAssertEqual(overall, Double(probability), accuracy: 0.002, "p \(probability), all slots")
        }
    }

    /// Probabilities of 1 and more fire every slot, and 0, NaN and those below 2⁻³² none.
    func testDegenerateProbabilities() {
        var random = Xoshiro256StarStar(seed: 13)
        XCTAssertEqual(StochasticPulseTrains.drawMask(probability: 1, slots: 31, random: &random), 0x7FFF_FFFF)
        XCTAssertEqual(StochasticPulseTrains.drawMask(probability: 3, slots: 64, random: &random), ~0)
        XCTAssertEqual(StochasticPulseTrains.drawMask(probability: 1, slots: 1, random: &random), 1)
        for _ in 0..<1_000 {
            XCTAssertEqual(StochasticPulseTrains.drawMask(probability: 0, slots: 64, random: &random), 0)
            XCTAssertEqual(StochasticPulseTrains.drawMask(probability: .nan, slots: 64, random: &random), 0)
            XCTAssertEqual(StochasticPulseTrains.drawMask(probability: 1e-10, slots: 64, random: &random), 0)
        }
    }

    /// A request far beyond BL pulses is capped at BL for every synapse.
    func testCountsNeverExceedBitLength() {
        let trains = StochasticPulseTrains(rowCount: 2, columnCount: 2)
        let input: [Float] = [1, 0.9]
        let active: [Int32] = [0, 1]
        var random = Xoshiro256StarStar(seed: 2, stream: .pulseTrains(layer: 0))
        var largest = 0
        for _ in 0..<2_000 {
            input.withUnsafeBufferPointer { values in
                active.withUnsafeBufferPointer { indices in
                    _ = trains.generate(input: SparseInput(values: values.baseAddress!, activeIndices: indices), errors: [1, -0.7],
                                        rowCount: 2, learningRate: 10, granularity: 0.001, settings: PulseTrainSettings(), random: &random)
                }
            }
            for row in 0..<2 {
                for column in 0..<2 {
                    largest = max(largest, (trains.rowMasks[row] & trains.columnMasks[column]).nonzeroBitCount)
                }
            }
        }
        XCTAssertEqual(largest, 31)
    }

    /// BL management shortens the train to ⌈k⌉ slots, `k = η·max|x|·max|δ|/g`.
    func testBitLengthManagementShortensTrains() {
        let trains = StochasticPulseTrains(rowCount: 1, columnCount: 1)
        let input: [Float] = [0.5]
        let active: [Int32] = [0]
        var random = Xoshiro256StarStar(seed: 1, stream: .pulseTrains(layer: 0))
        input.withUnsafeBufferPointer { values in
            active.withUnsafeBufferPointer { indices in
                _ = trains.generate(input: SparseInput(values: values.baseAddress!, activeIndices: indices), errors: [0.1],
                                    rowCount: 1, learningRate: 0.1, granularity: 0.001, settings: PulseTrainSettings(),
                                    random: &random)
            }
        }
        XCTAssertEqual(trains.bitLength, 5)
    }

    func testZeroErrorsSendNothing() {
        let trains = StochasticPulseTrains(rowCount: 2, columnCount: 1)
        let input: [Float] = [0.5]
        let active: [Int32] = [0]
        var random = Xoshiro256StarStar(seed: 1, stream: .pulseTrains(layer: 0))
        let generated = input.withUnsafeBufferPointer { values in
            active.withUnsafeBufferPointer { indices in
                trains.generate(input: SparseInput(values: values.baseAddress!, activeIndices: indices), errors: [0, 0],
                                rowCount: 2, learningRate: 0.1, granularity: 0.001, settings: PulseTrainSettings(),
                                random: &random)
            }
        }
        XCTAssertFalse(generated)
        XCTAssertEqual(Array(trains.rowMasks), [0, 0])
    }

    /// On a noiseless linear device whose bounds are never reached, the expected-value scheme moves
    /// every weight by exactly the requested change, so training equals floating-point SGD.
    func testExpectedSchemeOnLinearDeviceEqualsSoftware() throws {
        let data = SyntheticImages.split(trainingCount: 200, testCount: 50)
        var linear = try RepositoryPaths.profileLibrary.load("ideal-linear").profile
        guard case .pulsePosition(var parameters) = linear.parameters else { return XCTFail("not pulse-position") }
        parameters.potentiation.levels = 100
        parameters.depression.levels = 100
        linear.parameters = .pulsePosition(parameters)

        var configuration = TrainingConfiguration(hiddenLayers: [16], epochs: 2, rule: .software, seed: 3, weightRange: 50)
        configuration.learningRate = 0.5
        let software = try TrainingRun(configuration: configuration, profile: nil, training: data.training, test: data.test).run()
        for rule in [LearningRule.bidirectional, .unidirectional] {
            configuration.rule = rule
            configuration.hardware.scheme = .expected
            configuration.hardware.refresh.threshold = 1
            let record = DeviceProfileRecord(path: "ideal-linear (100 levels)", content: linear)
            let device = try TrainingRun(configuration: configuration, profile: record, training: data.training, test: data.test).run()
            for (softwareEpoch, deviceEpoch) in zip(software.epochs, device.epochs) {
                XCTAssertEqual(deviceEpoch.trainLoss, softwareEpoch.trainLoss, accuracy: 1e-4 * softwareEpoch.trainLoss, rule.rawValue)
                XCTAssertEqual(deviceEpoch.testAccuracy, softwareEpoch.testAccuracy, rule.rawValue)
            }
        }
    }
}
