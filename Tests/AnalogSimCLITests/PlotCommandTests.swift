import XCTest
import AnalogSim
import AnalogSimTestSupport
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `--plot` of `device show`, `train` and `compare`: the files are whole SVG or PNG images, and
/// bad or existing paths are rejected before anything runs.
final class PlotCommandTests: CommandLineTestCase {
    /// The page sizes of the two figures, in pixels (PNG) or points (SVG).
    let deviceFigureSize = (width: 1280, height: 600)
    let accuracyFigureSize = (width: 960, height: 600)

    func testDeviceShowPlotKeepsTableOutput() throws {
        let directory = RepositoryPaths.temporaryDirectory("device-plot")
        let plain = run(["device", "show", "ag-a-si"])
        for format in PlotFormat.allCases {
            let path = "\(directory)/device.\(format.rawValue)"
            let outcome = run(["device", "show", "ag-a-si", "--plot", path])
            XCTAssertEqual(outcome.status, 0, outcome.errors)
            XCTAssertEqual(outcome.output, plain.output, "the table must not change with --plot")
            XCTAssertEqual(outcome.errors, "plot written to \(path)\n")
            try assertImage(at: path, format: format, size: deviceFigureSize)
        }
    }

    func testDeviceShowPlotsDrawnDevices() throws {
        let path = RepositoryPaths.temporaryDirectory("device-variation") + "/variation.png"
        let profile = RepositoryPaths.root + "/examples/device-variation/ag-a-si-variation.json"
        let outcome = run(["device", "show", profile, "--plot", path, "--devices", "3", "--noise", "--format", "csv"])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertTrue(outcome.output.hasPrefix("pulse,polarity,conductance_siemens,normalized\n"), outcome.output)
        try assertImage(at: path, format: .png, size: deviceFigureSize)
    }

    func testTrainPlotsAccuracy() throws {
        let directory = RepositoryPaths.temporaryDirectory("train-plot")
        for format in PlotFormat.allCases {
            let path = "\(directory)/accuracy.\(format.rawValue)"
            let outcome = run(["train", "--rule", "unidirectional", "--profile", "ag-a-si", "--plot", path] + tinyTraining)
            XCTAssertEqual(outcome.status, 0, outcome.errors)
            XCTAssertTrue(outcome.output.hasSuffix("plot written to \(path)\n"), outcome.output)
            try assertImage(at: path, format: format, size: accuracyFigureSize)
        }
    }

    func testComparePlotsAccuracy() throws {
        let directory = RepositoryPaths.temporaryDirectory("compare-plot")
        for format in PlotFormat.allCases {
            let path = "\(directory)/compare.\(format.rawValue)"
            let outcome = run(["compare", "--profile", "ag-a-si", "--output", "\(directory)/compare-\(format.rawValue).json",
                               "--plot", path, "--jobs", "2"] + tinyTraining)
            XCTAssertEqual(outcome.status, 0, outcome.errors)
            XCTAssertTrue(outcome.output.hasSuffix("plot written to \(path)\n"), outcome.output)
            try assertImage(at: path, format: format, size: accuracyFigureSize)
        }
        let svg = try String(contentsOfFile: "\(directory)/compare.svg", encoding: .utf8)
        XCTAssertGreaterThan(svg.components(separatedBy: "<path").count, 50, "the SVG draws axes, lines and text")
    }

    func testBadPlotPathsRejectedBeforeWork() throws {
        let directory = RepositoryPaths.temporaryDirectory("bad-plot")
        let cases: [(arguments: [String], message: String)] = [
            (["device", "show", "ag-a-si", "--plot", "\(directory)/device.pdf"],
             "--plot \(directory)/device.pdf has the unsupported extension '.pdf'. The extension chooses the format and must be .svg or .png, for example --plot \(directory)/device.svg."),
            (["train", "--rule", "software", "--plot", "\(directory)/accuracy.jpg"] + tinyTraining,
             "--plot \(directory)/accuracy.jpg has the unsupported extension '.jpg'. The extension chooses the format and must be .svg or .png, for example --plot \(directory)/accuracy.svg."),
            (["compare", "--profile", "ag-a-si", "--output", "\(directory)/compare.json", "--plot", "\(directory)/accuracy"] + tinyTraining,
             "--plot \(directory)/accuracy has no extension. The extension chooses the format and must be .svg or .png, for example --plot \(directory)/accuracy.svg."),
            (["train", "--rule", "software", "--plot", ""] + tinyTraining,
             "--plot is empty; give the path of an .svg or .png file, for example --plot plot.svg."),
            (["train", "--rule", "software", "--plot", "/nonexistent/dir/accuracy.png"] + tinyTraining,
             "cannot write /nonexistent/dir/accuracy.png: directory /nonexistent/dir does not exist. Create it or choose another --plot path."),
            (["device", "show", "ag-a-si", "--devices", "3"],
             "device show: --devices applies only to the --plot figure; add --plot FILE.svg or --plot FILE.png, or leave --devices out."),
            (["device", "show", "ag-a-si", "--force"],
             "device show: --force applies only to the --plot figure; add --plot FILE.svg or --plot FILE.png, or leave --force out."),
            (["device", "show", "ag-a-si", "--plot", "\(directory)/device.svg", "--devices", "101"],
             "device: --devices must be a whole number from 0 to 100, but it is '101'."),
        ]
        for testCase in cases {
            let outcome = run(testCase.arguments)
            let label = testCase.arguments.joined(separator: " ")
            XCTAssertEqual(outcome.status, 64, label)
            XCTAssertEqual(outcome.errors, "error: \(testCase.message)\n", label)
            XCTAssertEqual(outcome.output, "", label)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [], "no file may be left")
    }

    func testPlotDirectoryIsRejected() throws {
        let directory = RepositoryPaths.temporaryDirectory("plot-directory") + "/figure.svg"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let outcome = run(["device", "show", "ag-a-si", "--plot", directory])
        XCTAssertEqual(outcome.status, 64)
        XCTAssertEqual(outcome.errors, "error: --plot \(directory) is a directory; give a file path inside it, for example \(directory)/plot.svg.\n")
    }

    func testExistingPlotIsKeptWithoutForce() throws {
        let directory = RepositoryPaths.temporaryDirectory("plot-force")
        let commands: [(name: String, arguments: [String])] = [
            ("device.svg", ["device", "show", "ag-a-si"]),
            ("train.png", ["train", "--rule", "software"] + tinyTraining),
            ("compare.svg", ["compare", "--profile", "ideal-linear", "--output", "\(directory)/compare.json"] + tinyTraining),
        ]
        for command in commands {
            let path = "\(directory)/\(command.name)"
            try "keep me".write(toFile: path, atomically: true, encoding: .utf8)

            let refused = run(command.arguments + ["--plot", path])
            XCTAssertEqual(refused.status, 64, command.name)
            XCTAssertEqual(refused.errors, "error: \(path) already exists. Choose another --plot path, or pass --force to replace it.\n")
            XCTAssertEqual(refused.output, "", "nothing may run before the check")
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "keep me")

            let forced = run(command.arguments + ["--plot", path, "--force"])
            XCTAssertEqual(forced.status, 0, "\(command.name): \(forced.errors)")
            let format = try XCTUnwrap(PlotFormat(path: path))
            let size = command.name.hasPrefix("device") ? deviceFigureSize : accuracyFigureSize
            try assertImage(at: path, format: format, size: size)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [], "no temporary file may be left")
    }

    // MARK: - Image checks

    /// Checks that `path` contains a whole image of `format`, of a plausible file size, with
    /// `size` as its page size.
    func assertImage(at path: String, format: PlotFormat, size: (width: Int, height: Int),
                     file: StaticString = #filePath, line: UInt = #line) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertGreaterThan(data.count, 5_000, "\(path) is too small for a figure", file: file, line: line)
        XCTAssertLessThan(data.count, 5_000_000, "\(path) is too large for a figure", file: file, line: line)
        switch format {
        case .svg: assertSVG(data, path: path, size: size, file: file, line: line)
        case .png: assertPNG([UInt8](data), path: path, size: size, file: file, line: line)
        }
    }

    /// Checks that `data` is well-formed XML whose root element is `svg`, with the page size.
    func assertSVG(_ data: Data, path: String, size: (width: Int, height: Int), file: StaticString, line: UInt) {
        let parser = XMLParser(data: data)
        let recorder = RootElementRecorder()
        parser.delegate = recorder
        XCTAssertTrue(parser.parse(), "\(path): \(parser.parserError.map(String.init(describing:)) ?? "invalid XML")", file: file, line: line)
        XCTAssertEqual(recorder.rootName, "svg", path, file: file, line: line)
        XCTAssertEqual(recorder.rootAttributes["width"], "\(size.width)pt", path, file: file, line: line)
        XCTAssertEqual(recorder.rootAttributes["height"], "\(size.height)pt", path, file: file, line: line)
    }

    /// Checks the PNG signature, that the first chunk is IHDR with the page size, and that the
    /// file ends with the IEND chunk.
    func assertPNG(_ bytes: [UInt8], path: String, size: (width: Int, height: Int), file: StaticString, line: UInt) {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        XCTAssertEqual(Array(bytes.prefix(8)), signature, "\(path): PNG signature", file: file, line: line)
        guard bytes.count >= 33 else { return XCTFail("\(path): shorter than a PNG header", file: file, line: line) }
        func bigEndian(_ offset: Int) -> Int {
            bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
        }
        XCTAssertEqual(bigEndian(8), 13, "\(path): IHDR length", file: file, line: line)
        XCTAssertEqual(String(decoding: bytes[12..<16], as: UTF8.self), "IHDR", path, file: file, line: line)
        XCTAssertEqual(bigEndian(16), size.width, "\(path): width", file: file, line: line)
        XCTAssertEqual(bigEndian(20), size.height, "\(path): height", file: file, line: line)
        XCTAssertEqual(String(decoding: bytes.suffix(8).prefix(4), as: UTF8.self), "IEND", "\(path): last chunk", file: file, line: line)
    }
}

/// Records the name and attributes of the first element an `XMLParser` reports.
private final class RootElementRecorder: NSObject, XMLParserDelegate {
    var rootName: String?
    var rootAttributes: [String: String] = [:]

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        guard rootName == nil else { return }
        rootName = elementName
        rootAttributes = attributes
    }
}
