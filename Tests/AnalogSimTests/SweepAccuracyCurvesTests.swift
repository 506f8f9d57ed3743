import XCTest
@testable import AnalogSim

/// The data of `sweep plot --x`: means, minima and maxima over seeds per rule and x value.
final class SweepAccuracyCurvesTests: XCTestCase {
    func row(_ rule: LearningRule, levels: String, seed: UInt64, _ accuracy: Double) -> SweepAccuracyCurves.Row {
        SweepAccuracyCurves.Row(settings: ["levels": levels, "rule": rule.rawValue, "seed": String(seed)],
                                rule: rule, seed: seed, testAccuracy: accuracy)
    }

    func testMeansAndBandsPerRule() {
        let rows = [
            row(.unidirectional, levels: "64", seed: 1, 0.50),
            row(.bidirectional, levels: "64", seed: 1, 0.80),
            row(.bidirectional, levels: "16", seed: 1, 0.60),
            row(.bidirectional, levels: "16", seed: 2, 0.70),
            row(.bidirectional, levels: "16", seed: 3, 0.65),
            row(.bidirectional, levels: "64", seed: 2, 0.90),
        ]
        let curves = SweepAccuracyCurves(rows: rows, xParameter: "levels")

        XCTAssertEqual(curves.curves.map(\.rule), [.bidirectional, .unidirectional])
        let bidirectional = curves.curves[0].points
        XCTAssertEqual(bidirectional.map(\.x), [16, 64], "points are sorted by the numeric x value")
        XCTAssertEqual(bidirectional[0].mean, (0.60 + 0.70 + 0.65) / 3, accuracy: 1e-12)
        XCTAssertEqual(bidirectional[0].minimum, 0.60)
        XCTAssertEqual(bidirectional[0].maximum, 0.70)
        XCTAssertEqual(bidirectional[0].seedCount, 3)
        XCTAssertEqual(bidirectional[1].mean, (0.80 + 0.90) / 2, accuracy: 1e-12)
        XCTAssertEqual(bidirectional[1].seedCount, 2)

        let unidirectional = curves.curves[1].points
        XCTAssertEqual(unidirectional.count, 1)
        XCTAssertEqual(unidirectional[0].mean, 0.50)
        XCTAssertEqual(unidirectional[0].minimum, 0.50)
        XCTAssertEqual(unidirectional[0].maximum, 0.50)
    }

    func testNonNumericSettingsSkipped() {
        let rows = [
            row(.software, levels: "many", seed: 1, 0.9),
            row(.software, levels: "8", seed: 1, 0.7),
        ]
        let curves = SweepAccuracyCurves(rows: rows, xParameter: "levels")
        XCTAssertEqual(curves.curves.count, 1)
        XCTAssertEqual(curves.curves[0].points.map(\.x), [8])
    }

    func testFigureBandsFollowCurves() {
        let curves = SweepAccuracyCurves(rows: [
            row(.bidirectional, levels: "16", seed: 1, 0.6),
            row(.bidirectional, levels: "16", seed: 2, 0.7),
            row(.bidirectional, levels: "32", seed: 1, 0.8),
        ], xParameter: "levels")
        let figure = SweepAccuracyFigure.make(curves, title: "t", details: "2 seeds")
        let panel = figure.panels[0]

        XCTAssertNil(figure.validationProblem())
        XCTAssertEqual(panel.series.count, 1)
        XCTAssertEqual(panel.series[0].x, [16, 32])
        XCTAssertEqual(panel.series[0].y[0], 65, accuracy: 1e-9)
        XCTAssertEqual(panel.bands.count, 1)
        XCTAssertEqual(panel.bands[0].lower[0], 60, accuracy: 1e-9)
        XCTAssertEqual(panel.bands[0].upper[0], 70, accuracy: 1e-9)
        XCTAssertEqual(panel.bands[0].upper[1], 80, accuracy: 1e-9)
        XCTAssertEqual(panel.xLabel, "levels (2 seeds)")
    }
}

/// The data of `sweep plot --x --y`: the mean over seeds per pair of values, and the cell extents.
final class SweepAccuracyGridTests: XCTestCase {
    func row(levels: String, noise: String, seed: UInt64, _ accuracy: Double) -> SweepAccuracyCurves.Row {
        SweepAccuracyCurves.Row(settings: ["levels": levels, "readNoiseSigma": noise, "seed": String(seed)],
                                rule: .bidirectional, seed: seed, testAccuracy: accuracy)
    }

    func testCellsAreMeansOverSeeds() {
        let grid = SweepAccuracyGrid(rows: [
            row(levels: "32", noise: "0", seed: 1, 0.8),
            row(levels: "32", noise: "0", seed: 2, 0.6),
            row(levels: "16", noise: "0.1", seed: 1, 0.3),
            row(levels: "16", noise: "0", seed: 1, 0.5),
        ], xParameter: "levels", yParameter: "readNoiseSigma")

        XCTAssertEqual(grid.xValues, [16, 32])
        XCTAssertEqual(grid.yValues, [0, 0.1])
        XCTAssertEqual(grid.cells[0][0]?.mean, 0.5)
        XCTAssertEqual(grid.cells[0][1]?.mean ?? 0, 0.7, accuracy: 1e-12)
        XCTAssertEqual(grid.cells[0][1]?.seedCount, 2)
        XCTAssertEqual(grid.cells[1][0]?.mean, 0.3)
        XCTAssertNil(grid.cells[1][1], "no point finished at levels=32, readNoiseSigma=0.1")
    }

    func testCellEdgesAreMidpoints() {
        XCTAssertEqual(SweepHeatmapFigure.cellEdges([16, 32, 64]), [8...24, 24...48, 48...80])
        XCTAssertEqual(SweepHeatmapFigure.cellEdges([2]), [1.5...2.5])
    }

    func testFigureHasOneRectanglePerCell() {
        let grid = SweepAccuracyGrid(rows: [
            row(levels: "16", noise: "0", seed: 1, 0.5),
            row(levels: "32", noise: "0", seed: 1, 0.9),
            row(levels: "16", noise: "0.1", seed: 1, 0.1),
        ], xParameter: "levels", yParameter: "readNoiseSigma")
        let figure = SweepHeatmapFigure.make(grid, title: "t", details: "")
        let panel = figure.panels[0]

        XCTAssertNil(figure.validationProblem())
        XCTAssertEqual(panel.bands.count, 3)
        XCTAssertEqual(panel.bands[0].x[0], 8.24, accuracy: 1e-12, "the cell 8…24 inset by 1.5 % of 16")
        XCTAssertEqual(panel.bands[0].x[1], 23.76, accuracy: 1e-12)
        XCTAssertEqual(panel.bands[0].lower[0], -0.0485, accuracy: 1e-12)
        XCTAssertEqual(panel.bands[0].upper[0], 0.0485, accuracy: 1e-12)
        XCTAssertEqual(panel.xTickSpacing, 16)
        XCTAssertEqual(panel.bands[0].color, SweepHeatmapFigure.classColors[2], "50 % is in the middle class of 10–90 %")
        XCTAssertEqual(panel.bands[1].color, SweepHeatmapFigure.classColors[4])
        XCTAssertEqual(panel.bands[2].color, SweepHeatmapFigure.classColors[0])
        XCTAssertEqual(panel.series.map(\.label), ["10.0–26.0 %", "42.0–58.0 %", "74.0–90.0 %"])
    }
}
