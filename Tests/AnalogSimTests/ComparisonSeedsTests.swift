import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// `Comparison` with several seeds: run order and the accuracy figure's mean lines.
final class ComparisonSeedsTests: XCTestCase {
    func compare(seed: UInt64, seedCount: Int) throws -> Comparison.Result {
        let loaded = try RepositoryPaths.profileLibrary.load("ag-a-si")
        let data = SyntheticImages.split(trainingCount: 200, testCount: 100)
        var configuration = TrainingConfiguration(hiddenLayers: [8], epochs: 2, rule: .software, seed: seed)
        configuration.dataset = data.dataset
        let comparison = Comparison(configuration: configuration, profile: DeviceProfileRecord(path: loaded.path, content: loaded.profile),
                                    data: data, seedCount: seedCount)
        return try comparison.run(parallelRuns: 2, observer: nil)
    }

    func testRunsOrderedBySeedThenRule() throws {
        let result = try compare(seed: 10, seedCount: 2)
        XCTAssertEqual(result.seeds, [10, 11])
        XCTAssertEqual(result.runs.map(\.configuration.seed), [10, 10, 10, 11, 11, 11])
        XCTAssertEqual(result.runs.map(\.configuration.rule), Comparison.rules + Comparison.rules)
        XCTAssertEqual(result.table.map(\.rule), Comparison.rules)
    }

    func testFigureDrawsMeanOverSeeds() throws {
        let result = try compare(seed: 1, seedCount: 2)
        let panel = AccuracyFigure.make(comparison: result).panels[0]
        XCTAssertEqual(panel.series.count, 3)
        XCTAssertTrue(panel.xLabel.hasSuffix("mean of seeds 1–2)"), panel.xLabel)

        for (index, rule) in Comparison.rules.enumerated() {
            let runs = [result.runs[index], result.runs[3 + index]]
            let expected = (0..<2).map { epoch in (runs[0].epochs[epoch].testAccuracy + runs[1].epochs[epoch].testAccuracy) / 2 * 100 }
            let series = panel.series[index]
            XCTAssertEqual(series.x, [1, 2], rule.rawValue)
            XCTAssertEqual(series.y.count, 2, rule.rawValue)
            for (drawn, mean) in zip(series.y, expected) {
                XCTAssertEqual(drawn, mean, accuracy: 1e-9, rule.rawValue)
            }
            XCTAssertEqual(series.label, String(format: "%@: %.2f %%", rule.rawValue, result.table[index].testAccuracy * 100))
        }
    }

    func testOneSeedFigureDrawsEachRun() throws {
        let result = try compare(seed: 1, seedCount: 1)
        XCTAssertNil(result.seeds)
        let panel = AccuracyFigure.make(comparison: result).panels[0]
        XCTAssertTrue(panel.xLabel.hasSuffix("seed 1)"), panel.xLabel)
        XCTAssertEqual(panel.series.map(\.y), result.runs.map { run in run.epochs.map { $0.testAccuracy * 100 } })
    }

    func testLastSeedRejectsOverflow() {
        XCTAssertEqual(Comparison.lastSeed(from: 1, count: 1), 1)
        XCTAssertEqual(Comparison.lastSeed(from: 1, count: 1000), 1000)
        XCTAssertEqual(Comparison.lastSeed(from: UInt64.max - 2, count: 3), UInt64.max)
        XCTAssertNil(Comparison.lastSeed(from: UInt64.max - 2, count: 4))
    }
}
