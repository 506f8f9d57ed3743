import XCTest
import AnalogSim
@testable import AnalogSimCLI
import AnalogSimTestSupport

/// `analogsim sweep plot` on a sweep of the tiny dataset: the figure's data, the written SVG and
/// every error case.
final class SweepPlotCommandTests: CommandLineTestCase {
    /// An 8-point sweep: two rules, two level counts and two seeds.
    lazy var sweepDirectory: String = {
        let directory = RepositoryPaths.temporaryDirectory("sweep-plot-source")
        let outcome = run(["sweep", "--profile", "ag-a-si", "--vary", "rule=bidirectional,unidirectional", "--vary", "levels=16,32",
                           "--vary", "seed=1,2"] + tinyTraining + ["--output-dir", directory])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        return directory
    }()

    /// Returns the final test accuracy of each point in points.jsonl, by rule, levels and seed.
    func accuracies() throws -> [String: Double] {
        let text = try String(contentsOfFile: "\(sweepDirectory)/points.jsonl", encoding: .utf8)
        var result: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let parameters = try XCTUnwrap(object["parameters"] as? [String: String])
            let key = "\(parameters["rule"]!) \(parameters["levels"]!) \(parameters["seed"]!)"
            result[key] = try XCTUnwrap(object["testAccuracy"] as? Double)
        }
        return result
    }

    func testCurvesAverageSeeds() throws {
        let sweep = try SweepDirectory(path: sweepDirectory)
        let curves = SweepAccuracyCurves(rows: try sweep.finishedRows(), xParameter: "levels")
        let accuracy = try accuracies()
        XCTAssertEqual(accuracy.count, 8)

        XCTAssertEqual(curves.curves.map(\.rule), [.bidirectional, .unidirectional])
        for curve in curves.curves {
            XCTAssertEqual(curve.points.map(\.x), [16, 32])
            for point in curve.points {
                let levels = String(Int(point.x))
                let values = try ["1", "2"].map { try XCTUnwrap(accuracy["\(curve.rule.rawValue) \(levels) \($0)"]) }
                XCTAssertEqual(point.mean, (values[0] + values[1]) / 2, accuracy: 1e-12, "\(curve.rule) levels=\(levels)")
                XCTAssertEqual(point.minimum, values.min()!, "\(curve.rule) levels=\(levels)")
                XCTAssertEqual(point.maximum, values.max()!, "\(curve.rule) levels=\(levels)")
                XCTAssertEqual(point.seedCount, 2)
            }
        }
    }

    func testPlotWritesSVG() throws {
        let path = RepositoryPaths.temporaryDirectory("sweep-plot-svg") + "/levels.svg"
        let outcome = run(["sweep", "plot", sweepDirectory, "--x", "levels", "--plot", path])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertEqual(outcome.output, "plot written to \(path)\n")

        let svg = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<?xml"), "an SVG file")
        XCTAssertGreaterThan(svg.components(separatedBy: "<path").count, 30, "the SVG draws axes, bands, lines and text")

        let again = run(["sweep", "plot", sweepDirectory, "--x", "levels", "--plot", path, "--force"])
        XCTAssertEqual(again.status, 0, again.errors)
    }

    func testLogarithmicAxisWritesSVG() throws {
        let path = RepositoryPaths.temporaryDirectory("sweep-plot-log") + "/levels.svg"
        let outcome = run(["sweep", "plot", sweepDirectory, "--x", "levels", "--log-x", "--plot", path])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        let linearPath = RepositoryPaths.temporaryDirectory("sweep-plot-linear") + "/levels.svg"
        XCTAssertEqual(run(["sweep", "plot", sweepDirectory, "--x", "levels", "--plot", linearPath]).status, 0)

        let svg = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<?xml"), "an SVG file")
        XCTAssertNotEqual(svg, try String(contentsOfFile: linearPath, encoding: .utf8), "the axes differ from the linear figure")
    }

    func testLogarithmicPanelDrawsLogarithms() {
        let series = Figure.Series(label: "a", x: [10, 100], y: [1, 2], color: .black)
        let panel = Figure.Panel(title: "t", xLabel: "x", yLabel: "y", xRange: 1...1000, series: [series],
                                 xIsLogarithmic: true)
        XCTAssertEqual(panel.linearizedForDrawing.series[0].x, [1, 2])
        XCTAssertEqual(panel.linearizedForDrawing.xRange, 0...3)
        var zero = panel
        zero.series[0].x = [0, 100]
        XCTAssertNotNil(Figure(width: 400, height: 300, panels: [zero]).validationProblem())
        XCTAssertNil(Figure(width: 400, height: 300, panels: [panel]).validationProblem())
    }

    /// An 8-point sweep over two numeric parameters and two seeds, with one rule.
    lazy var twoParameterDirectory: String = {
        let directory = RepositoryPaths.temporaryDirectory("sweep-plot-two-parameters")
        let outcome = run(["sweep", "--profile", "ag-a-si", "--rule", "bidirectional", "--vary", "levels=16,32",
                           "--vary", "readNoiseSigma=0,0.05", "--vary", "seed=1,2"] + tinyTraining + ["--output-dir", directory])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        return directory
    }()

    func testHeatmapCellsAverageSeeds() throws {
        let rows = try SweepDirectory(path: twoParameterDirectory).finishedRows()
        let grid = SweepAccuracyGrid(rows: rows, xParameter: "levels", yParameter: "readNoiseSigma")
        XCTAssertEqual(grid.xValues, [16, 32])
        XCTAssertEqual(grid.yValues, [0, 0.05])

        for (j, noise) in ["0", "0.05"].enumerated() {
            for (i, levels) in ["16", "32"].enumerated() {
                let values = rows.filter { $0.settings["levels"] == levels && $0.settings["readNoiseSigma"] == noise }.map(\.testAccuracy)
                XCTAssertEqual(values.count, 2, "levels=\(levels) readNoiseSigma=\(noise)")
                let cell = try XCTUnwrap(grid.cells[j][i], "levels=\(levels) readNoiseSigma=\(noise)")
                XCTAssertEqual(cell.mean, (values[0] + values[1]) / 2, accuracy: 1e-12, "levels=\(levels) readNoiseSigma=\(noise)")
                XCTAssertEqual(cell.seedCount, 2)
            }
        }
    }

    func testHeatmapWritesSVG() throws {
        let path = RepositoryPaths.temporaryDirectory("sweep-plot-heatmap") + "/heatmap.svg"
        let outcome = run(["sweep", "plot", twoParameterDirectory, "--x", "levels", "--y", "readNoiseSigma", "--plot", path])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertEqual(outcome.output, "plot written to \(path)\n")

        let svg = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<?xml"), "an SVG file")
        XCTAssertGreaterThan(svg.components(separatedBy: "<path").count, 20, "the SVG draws axes, cells and text")
    }

    /// Writes a directory whose spec.json has the axes `axes` and no points.
    func handWrittenSweep(_ name: String, axes: String) throws -> String {
        let directory = RepositoryPaths.temporaryDirectory(name)
        try #"{"axes": \#(axes), "configuration": {"rule": "bidirectional"}}"#
            .write(toFile: "\(directory)/spec.json", atomically: true, encoding: .utf8)
        return directory
    }

    func testErrorCases() throws {
        let directory = RepositoryPaths.temporaryDirectory("sweep-plot-errors")
        let existing = "\(directory)/existing.svg"
        try "keep me".write(toFile: existing, atomically: true, encoding: .utf8)
        let empty = RepositoryPaths.temporaryDirectory("sweep-plot-not-a-sweep")
        let unfinished = try handWrittenSweep("sweep-plot-unfinished", axes: #"[{"parameter": "levels", "values": ["16", "32"]}]"#)
        let twoAxes = try handWrittenSweep("sweep-plot-two-axes", axes: #"[{"parameter": "levels", "values": ["16", "32"]}, {"parameter": "readNoiseSigma", "values": ["0", "0.1"]}]"#)
        let heatmapSource = try handWrittenSweep("sweep-plot-heatmap-rules", axes: #"[{"parameter": "rule", "values": ["bidirectional", "unidirectional"]}, {"parameter": "levels", "values": ["16", "32"]}, {"parameter": "readNoiseSigma", "values": ["0", "0.1"]}]"#)
        let corrupt = try handWrittenSweep("sweep-plot-corrupt", axes: #"[{"parameter": "levels", "values": ["16", "32"]}]"#)
        try "not json\n".write(toFile: "\(corrupt)/points.jsonl", atomically: true, encoding: .utf8)
        let plot = "\(directory)/plot.svg"

        let cases: [(name: String, arguments: [String], status: Int32, message: String)] = [
            ("missing directory", ["\(directory)/none", "--x", "levels", "--plot", plot], 66,
             "sweep plot: directory \(directory)/none not found; give the --output-dir of an 'analogsim sweep' run."),
            ("not a sweep directory", [empty, "--x", "levels", "--plot", plot], 66,
             "sweep plot: \(empty) is not a sweep directory because it has no spec.json; give the --output-dir of an 'analogsim sweep' run."),
            ("parameter not swept", [sweepDirectory, "--x", "onOffRatio", "--plot", plot], 64,
             "sweep plot: 'onOffRatio' is not swept in this directory; swept parameters: rule, levels, seed."),
            ("seed on x", [sweepDirectory, "--x", "seed", "--plot", plot], 64,
             "sweep plot: seed cannot be on an axis because the figure averages over seeds, and rules and update schemes are not numbers; choose a numeric swept parameter."),
            ("rule on y", [sweepDirectory, "--x", "levels", "--y", "rule", "--plot", plot], 64,
             "sweep plot: rule cannot be on an axis because the figure averages over seeds, and rules and update schemes are not numbers; choose a numeric swept parameter."),
            ("same parameter on both axes", [sweepDirectory, "--x", "levels", "--y", "levels", "--plot", plot], 64,
             "sweep plot: --x and --y are both levels; choose two different swept parameters."),
            ("no finished points", [unfinished, "--x", "levels", "--plot", plot], 65,
             "sweep plot: \(unfinished) has no finished points; run or resume the sweep first."),
            ("corrupt points line", [corrupt, "--x", "levels", "--plot", plot], 65,
             "sweep plot: \(corrupt)/points.jsonl is not valid: line 1 is not a finished point with parameters, configuration and testAccuracy."),
            ("unfixed axis", [twoAxes, "--x", "levels", "--plot", plot], 64,
             "sweep plot: the sweep varies readNoiseSigma besides --x, rule, seed; fix each with --where readNoiseSigma=V (one of 0, 0.1)."),
            ("heatmap without one rule", [heatmapSource, "--x", "levels", "--y", "readNoiseSigma", "--plot", plot], 64,
             "sweep plot: the sweep varies rule besides --x, --y, seed; fix each with --where rule=V (one of bidirectional, unidirectional)."),
            ("where value not swept", [twoAxes, "--x", "levels", "--where", "readNoiseSigma=0.2", "--plot", plot], 64,
             "sweep plot: --where 'readNoiseSigma=0.2' is not valid: readNoiseSigma takes the values 0, 0.1."),
            ("bad extension", [sweepDirectory, "--x", "levels", "--plot", "\(directory)/plot.pdf"], 64,
             "--plot \(directory)/plot.pdf has the unsupported extension '.pdf'. The extension chooses the format and must be .svg or .png, for example --plot \(directory)/plot.svg."),
            ("existing file", [sweepDirectory, "--x", "levels", "--plot", existing], 64,
             "\(existing) already exists. Choose another --plot path, or pass --force to replace it."),
            ("log axis with heatmap", [twoParameterDirectory, "--x", "levels", "--y", "readNoiseSigma", "--log-x", "--plot", plot], 64,
             "sweep plot: --log-x applies to the line figure, but --y draws a heatmap of grid cells. Drop --log-x or --y."),
            ("log axis over zero", [twoParameterDirectory, "--x", "readNoiseSigma", "--where", "levels=16", "--log-x", "--plot", plot], 64,
             "sweep plot: --log-x needs positive values of readNoiseSigma, but the sweep has 0.0. Drop --log-x or plot another parameter."),
            ("missing --x", [sweepDirectory, "--plot", plot], 64,
             "sweep plot: --x NAME is required; it names the swept parameter on the x axis."),
        ]
        for testCase in cases {
            let outcome = run(["sweep", "plot"] + testCase.arguments)
            XCTAssertEqual(outcome.status, testCase.status, testCase.name)
            XCTAssertEqual(outcome.errors, "error: \(testCase.message)\n", testCase.name)
            XCTAssertEqual(outcome.output, "", testCase.name)
        }
        XCTAssertEqual(try String(contentsOfFile: existing, encoding: .utf8), "keep me")
        XCTAssertFalse(FileManager.default.fileExists(atPath: plot), "no plot is written after an error")
    }
}
