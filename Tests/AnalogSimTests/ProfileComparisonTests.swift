import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// `ProfileComparison`: run order, software trained once per seed, and the bar chart's heights.
final class ProfileComparisonTests: XCTestCase {
    let profileNames = ["ag-a-si", "taox-hfox"]

    func configuration(seed: UInt64, data: DatasetSplit) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(hiddenLayers: [8], epochs: 2, rule: .software, seed: seed)
        configuration.dataset = data.dataset
        return configuration
    }

    func profiles() throws -> [DeviceProfileRecord] {
        try profileNames.map { name in
            let loaded = try RepositoryPaths.profileLibrary.load(name)
            return DeviceProfileRecord(path: loaded.path, content: loaded.profile)
        }
    }

    func compareProfiles(seed: UInt64, seedCount: Int, parallelRuns: Int = 2) throws -> ProfileComparison.Result {
        let data = SyntheticImages.split(trainingCount: 200, testCount: 100)
        let comparison = ProfileComparison(configuration: configuration(seed: seed, data: data), profiles: try profiles(),
                                           data: data, seedCount: seedCount)
        return try comparison.run(parallelRuns: parallelRuns, observer: nil)
    }

    func testRunsOrderedSoftwareThenProfiles() throws {
        let result = try compareProfiles(seed: 10, seedCount: 2)
        let deviceRules = ProfileComparison.deviceRules
        XCTAssertEqual(result.runs.count, 2 + 2 * 2 * 2)
        XCTAssertEqual(result.runs.map(\.configuration.rule), [.software, .software] + Array(repeating: deviceRules, count: 4).flatMap { $0 })
        XCTAssertEqual(result.runs.map(\.configuration.seed), [10, 11, 10, 10, 11, 11, 10, 10, 11, 11])
        XCTAssertEqual(result.runs.map { $0.profile?.content.name }, [nil, nil] + ["ag-a-si", "taox-hfox"].flatMap { Array(repeating: $0, count: 4) })
        XCTAssertEqual(result.runs.filter { $0.configuration.rule == .software }.count, 2, "software runs once per seed")
        XCTAssertEqual(result.table.map(\.profile), profileNames)
    }

    func testProfileRunsEqualOneProfileComparisons() throws {
        let result = try compareProfiles(seed: 3, seedCount: 1)
        let data = SyntheticImages.split(trainingCount: 200, testCount: 100)
        for (profileIndex, profile) in try profiles().enumerated() {
            let single = try Comparison(configuration: configuration(seed: 3, data: data), profile: profile, data: data)
                .run(parallelRuns: 2, observer: nil)
            XCTAssertEqual(result.runs[0].testAccuracy, single.runs[0].testAccuracy, "software")
            for (ruleIndex, rule) in ProfileComparison.deviceRules.enumerated() {
                let fromProfiles = result.runs[1 + profileIndex * 2 + ruleIndex]
                let fromSingle = single.runs[Comparison.rules.firstIndex(of: rule)!]
                let label = "\(profile.content.name), \(rule.rawValue)"
                XCTAssertEqual(fromProfiles.configuration.rule, rule, label)
                XCTAssertEqual(fromProfiles.testAccuracy, fromSingle.testAccuracy, label)
                XCTAssertEqual(fromProfiles.pulses, fromSingle.pulses, label)
                XCTAssertEqual(result.table[profileIndex].rules[ruleIndex], single.table[Comparison.rules.firstIndex(of: rule)!], label)
            }
        }
    }

    func testResultIndependentOfParallelRuns() throws {
        let serial = try compareProfiles(seed: 5, seedCount: 2, parallelRuns: 1)
        let parallel = try compareProfiles(seed: 5, seedCount: 2, parallelRuns: 3)
        XCTAssertEqual(serial.table, parallel.table)
        XCTAssertEqual(serial.software, parallel.software)
        XCTAssertEqual(serial.runs.map(\.testAccuracy), parallel.runs.map(\.testAccuracy))
        XCTAssertEqual(serial.runs.map(\.pulses), parallel.runs.map(\.pulses))
    }

    func testTableMatchesRuns() throws {
        let result = try compareProfiles(seed: 1, seedCount: 2)
        let softwareMean = (result.runs[0].testAccuracy + result.runs[1].testAccuracy) / 2
        XCTAssertEqual(result.software.testAccuracy, softwareMean, accuracy: 1e-12)
        for (profileIndex, row) in result.table.enumerated() {
            for (ruleIndex, ruleRow) in row.rules.enumerated() {
                let runs = (0..<2).map { result.runs[2 + profileIndex * 4 + $0 * 2 + ruleIndex] }
                let mean = (runs[0].testAccuracy + runs[1].testAccuracy) / 2
                let label = "\(row.profile), \(ruleRow.rule.rawValue)"
                XCTAssertEqual(ruleRow.rule, ProfileComparison.deviceRules[ruleIndex], label)
                XCTAssertEqual(ruleRow.seedTestAccuracies, runs.map(\.testAccuracy), label)
                XCTAssertEqual(ruleRow.testAccuracy, mean, accuracy: 1e-12, label)
                XCTAssertEqual(ruleRow.gapToSoftware, mean - softwareMean, accuracy: 1e-12, label)
                XCTAssertEqual(ruleRow.testAccuracyStandardDeviation!, abs(runs[0].testAccuracy - runs[1].testAccuracy) / 2.squareRoot(),
                               accuracy: 1e-12, label)
            }
        }
    }

    func testBarHeightsAreTableAccuracies() throws {
        let result = try compareProfiles(seed: 1, seedCount: 1)
        let panel = AccuracyFigure.make(profileComparison: result).panels[0]
        XCTAssertNil(AccuracyFigure.make(profileComparison: result).validationProblem())
        XCTAssertEqual(panel.series.count, 2 * 2 + 1)
        XCTAssertEqual(panel.xLabel, "profile: 1 ag-a-si, 2 taox-hfox")
        XCTAssertEqual(panel.xRange, 0.5...2.5)
        XCTAssertEqual(panel.labelledSeries.map(\.label), ["bidirectional", "unidirectional",
                                                           String(format: "software: %.2f %%", result.software.testAccuracy * 100)])

        for (ruleIndex, rule) in ProfileComparison.deviceRules.enumerated() {
            for (profileIndex, row) in result.table.enumerated() {
                let bar = panel.series[ruleIndex * 2 + profileIndex]
                let height = row.rules[ruleIndex].testAccuracy * 100
                let label = "\(row.profile), \(rule.rawValue)"
                XCTAssertTrue(bar.isFilled, label)
                XCTAssertEqual(bar.y, [0, height, height, 0], label)
                XCTAssertEqual(bar.x[2] - bar.x[0], AccuracyFigure.barWidth, accuracy: 1e-12, label)
                XCTAssertGreaterThan(bar.x[0], Double(profileIndex) + 0.5, label)
                XCTAssertLessThan(bar.x[2], Double(profileIndex) + 1.5, label)
            }
        }
        XCTAssertLessThan(panel.series[0].x[0], panel.series[2].x[0], "bidirectional left of unidirectional")

        let software = panel.series[4]
        XCTAssertTrue(software.isDashed)
        XCTAssertFalse(software.isFilled)
        XCTAssertEqual(software.y, [result.software.testAccuracy * 100, result.software.testAccuracy * 100])
        XCTAssertEqual(software.x, [0.5, 2.5])
    }
}
