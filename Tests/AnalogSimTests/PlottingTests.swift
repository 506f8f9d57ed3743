import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// The figures' content, their validation and the plot file's format and failure handling.
final class PlottingTests: XCTestCase {
    func testFormatFromExtension() {
        let cases: [(path: String, format: PlotFormat?)] = [
            ("plot.svg", .svg), ("plot.png", .png), ("dir/Plot.PNG", .png), ("a.b/plot.Svg", .svg),
            ("plot.pdf", nil), ("plot", nil), ("plot.svg.json", nil), ("dir.svg/plot", nil), (".svg", nil), ("", nil),
        ]
        for testCase in cases {
            XCTAssertEqual(PlotFormat(path: testCase.path), testCase.format, testCase.path)
        }
    }

    func testConductanceUnitKeepsValuesReadable() {
        let cases: [(largest: Double, symbol: String)] = [
            (3.8462e-8, "nS"), (5e-6, "µS"), (1e-6, "µS"), (9.99e-7, "nS"), (2e-3, "mS"), (0.5, "mS"), (1, "S"),
            (4e-10, "pS"), (0, "pS"),
        ]
        for testCase in cases {
            XCTAssertEqual(ConductanceUnit.suited(toLargest: testCase.largest).symbol, testCase.symbol, "\(testCase.largest)")
        }
        XCTAssertEqual(ConductanceUnit.suited(toLargest: 3.8462e-8).scaled(3.8462e-8), 38.462, accuracy: 1e-9)
    }

    func testFittedRangeIsNeverEmpty() {
        XCTAssertEqual(Figure.Panel.fittedRange([0, 10]), -0.4...10.4)
        XCTAssertEqual(Figure.Panel.fittedRange([5, 5]), 4.5...5.5)
        XCTAssertEqual(Figure.Panel.fittedRange([0]), -1...1)
        XCTAssertEqual(Figure.Panel.fittedRange([]), 0...1)
    }

    func testValidationProblemsTable() {
        let line = Figure.Series(label: "line", x: [0, 1], y: [0, 1], color: .black)
        func figure(_ series: Figure.Series, xRange: ClosedRange<Double>? = nil, tick: Double? = nil, width: Int = 800) -> Figure {
            Figure(width: width, height: 600, panels: [
                Figure.Panel(title: "panel", xLabel: "x", yLabel: "y", xRange: xRange, xTickSpacing: tick, series: [series]),
            ])
        }
        var unequal = line
        unequal.y = [0]
        var empty = line
        empty.x = []
        empty.y = []
        var notFinite = line
        notFinite.y = [0, .nan]
        var filledLine = line
        filledLine.isFilled = true
        var filledTriangle = filledLine
        filledTriangle.x = [0, 1, 1]
        filledTriangle.y = [0, 1, 0]

        let cases: [(name: String, figure: Figure, problem: String?)] = [
            ("valid", figure(line), nil),
            ("page too small", figure(line, width: 10), "the page is 10 × 600, but each side must be from 100 to 8000"),
            ("no panels", Figure(width: 800, height: 600, panels: []), "the figure has no panels"),
            ("unequal counts", figure(unequal), "line in panel 'panel' has 2 x and 1 y values, but it needs the same positive number of each"),
            ("no points", figure(empty), "line in panel 'panel' has 0 x and 0 y values, but it needs the same positive number of each"),
            ("NaN", figure(notFinite), "line in panel 'panel' has a value that is not finite (NaN or infinity)"),
            ("filled, two points", figure(filledLine), "line in panel 'panel' is filled but has 2 points; a filled polygon needs at least 3"),
            ("filled, three points", figure(filledTriangle), nil),
            ("empty range", figure(line, xRange: 1...1), "panel 'panel' has the axis range 1.0...1.0, which is empty or not finite"),
            ("zero tick", figure(line, tick: 0), "panel 'panel' has the tick spacing 0.0, but it must be positive and finite"),
        ]
        for testCase in cases {
            XCTAssertEqual(testCase.figure.validationProblem(), testCase.problem, testCase.name)
        }
    }

    func testInvalidFigureLeavesNoFile() throws {
        let directory = RepositoryPaths.temporaryDirectory("invalid-figure")
        let path = directory + "/figure.svg"
        let series = Figure.Series(label: "broken", x: [0, 1], y: [0, .infinity], color: .black)
        let figure = Figure(width: 800, height: 600, panels: [Figure.Panel(title: "t", xLabel: "x", yLabel: "y", series: [series])])

        XCTAssertThrowsError(try PlotFile.write(figure, to: path)) { error in
            XCTAssertEqual(error as? PlotFile.Failure, .invalidFigure(
                path: path, reason: "broken in panel 't' has a value that is not finite (NaN or infinity)"))
            XCTAssertEqual((error as? PlotFile.Failure)?.kind, .runtime)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
    }

    /// PLplot reads `PLPLOT_DRV_DIR` whenever it loads its driver database.
    func testMissingDriversAreReported() throws {
        let directory = RepositoryPaths.temporaryDirectory("missing-drivers")
        let path = directory + "/figure.png"
        // Draw first: after an earlier plend, an unreadable driver directory crashes PLplot 5.15
        // unless AnalogSim checks the directory before PLplot reads it.
        try PlotFile.write(PlotFile.testFigure, to: directory + "/before.svg")
        let withoutDriverInformation = RepositoryPaths.temporaryDirectory("no-driver-information")
        let withoutLibrary = RepositoryPaths.temporaryDirectory("no-driver-library")
        try "pngcairo:Cairo PNG Driver:0:cairo:105:pngcairo\n".write(
            toFile: withoutLibrary + "/cairo.driver_info", atomically: true, encoding: .utf8)

        do {
            defer { unsetenv("PLPLOT_DRV_DIR") }
            for driverDirectory in ["/nonexistent/plplot-drivers", withoutDriverInformation, withoutLibrary] {
                setenv("PLPLOT_DRV_DIR", driverDirectory, 1)
                XCTAssertThrowsError(try PlotFile.checkWritable(path: path, overwrite: false), driverDirectory) { error in
                    XCTAssertEqual(error as? PlotFile.Failure, .deviceUnavailable(format: .png, device: "pngcairo"))
                    XCTAssertEqual((error as? PlotFile.Failure)?.kind, .runtime)
                }
            }
        }

        XCTAssertEqual(try PlotFile.checkWritable(path: path, overwrite: false), .png, "the drivers are found again")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "the check writes no file")
    }

    func testEscapeCharacterAndLongTextDraw() throws {
        let path = RepositoryPaths.temporaryDirectory("literal-text") + "/figure.svg"
        let longTitle = String(repeating: "#u long title ", count: 60)
        let series = Figure.Series(label: "50 # of 100", x: [0, 1], y: [0, 1], color: .blue, marker: .circle)
        let figure = Figure(width: 400, height: 300, panels: [
            Figure.Panel(title: longTitle, xLabel: "x (µS)", yLabel: "ΔG", series: [series]),
        ])
        try PlotFile.write(figure, to: path)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(svg.hasSuffix("</svg>\n"), "a whole SVG file")
    }

    func testEveryBundledProfileHasDrawableFigure() throws {
        let library = RepositoryPaths.profileLibrary
        for name in library.bundledNames() {
            let profile = try library.load(name).profile
            let figure = DeviceResponseFigure.make(profile: profile, deviceCount: 4, withNoise: true, seed: 3)
            XCTAssertNil(figure.validationProblem(), name)
            XCTAssertEqual(figure.panels.count, 2, name)
            XCTAssertEqual(figure.panels[0].series.count, 1 + 4 + 1, "\(name): nominal, 4 drawn devices, nominal on top")
            XCTAssertEqual(figure.panels[1].series.map(\.x.count), [profile.model.fullTrainPulseCounts.potentiation,
                                                                     profile.model.fullTrainPulseCounts.depression], name)
        }
    }

    func testDrawnDevicesWithoutVariationCoincide() throws {
        let profile = try RepositoryPaths.profileLibrary.load("ag-a-si").profile
        let figure = DeviceResponseFigure.make(profile: profile, deviceCount: 3, withNoise: false, seed: 1)
        let trains = figure.panels[0]
        for drawn in trains.series[1...3] {
            XCTAssertEqual(drawn.y, trains.series[0].y)
        }
        XCTAssertEqual(trains.labelledSeries.map(\.label), ["nominal device", "3 drawn devices: no device-to-device variation, so they coincide"])
        XCTAssertEqual(trains.yLabel, "conductance G (nS)")
    }

    func testDrawnDevicesShowVariation() throws {
        let path = RepositoryPaths.root + "/examples/device-variation/ag-a-si-variation.json"
        let profile = try DeviceProfileReader.read(path: path)
        let first = PulseTrainResponse.measureDrawnDevices(profile: profile, count: 8, withNoise: false, seed: 1)
        XCTAssertEqual(first, PulseTrainResponse.measureDrawnDevices(profile: profile, count: 8, withNoise: false, seed: 1))
        XCTAssertNotEqual(first, PulseTrainResponse.measureDrawnDevices(profile: profile, count: 8, withNoise: false, seed: 2))

        let nominal = PulseTrainResponse.measure(profile: profile, withNoise: false, seed: 1)
        let peaks = first.map { steps in steps.map(\.conductance).max() ?? 0 }
        XCTAssertEqual(first.count, 8)
        XCTAssertTrue(first.allSatisfy { $0.count == nominal.count })
        XCTAssertGreaterThan(Set(peaks).count, 4, "drawn devices reach different Gmax")
        XCTAssertTrue(PulseTrainResponse.measureDrawnDevices(profile: profile, count: 0, withNoise: false, seed: 1).isEmpty)
    }

    func testStepSizesMatchPulseTrain() throws {
        let profile = try RepositoryPaths.profileLibrary.load("ag-a-si").profile
        let nominal = PulseTrainResponse.measure(profile: profile, withNoise: false, seed: 1)
        let figure = DeviceResponseFigure.make(profile: profile, deviceCount: 0, withNoise: false, seed: 1)
        let steps = figure.panels[1]
        XCTAssertEqual(steps.series.map(\.label), ["potentiation (97 pulses from Gmin)", "depression (100 pulses from Gmax)"])
        // The first potentiation step starts at Gmin; its size is the change of the first pulse, in nS.
        XCTAssertEqual(steps.series[0].x[0], nominal[0].conductance / 1e-9, accuracy: 1e-9)
        XCTAssertEqual(steps.series[0].y[0], (nominal[1].conductance - nominal[0].conductance) / 1e-9, accuracy: 1e-9)
        XCTAssertTrue(steps.series.allSatisfy { $0.y.allSatisfy { $0 >= 0 } }, "step sizes are magnitudes")
    }
}
