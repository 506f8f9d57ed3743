import Foundation

/// Writes a `Figure` to an SVG or PNG file, chosen by the file's extension.
///
/// PLplot draws the figure into memory. The finished bytes are checked to be a complete SVG or
/// PNG file and then written with `ResultFileWriter.writeAtomically` (a temporary file in the
/// same directory, renamed over the target), so a failure at any step leaves no partial file.
public enum PlotFile {
    /// `--plot`, the option of every command that draws a plot.
    public static let option = ResultFileWriter.FileOption(
        flag: "--plot", fileKind: "an .svg or .png file", exampleFileName: "plot.svg")

    /// A failure to check or write a plot file.
    public enum Failure: Error, Equatable, UserFacingError {
        case unsupportedExtension(path: String)
        case deviceUnavailable(format: PlotFormat, device: String)
        case invalidFigure(path: String, reason: String)
        case drawingFailed(path: String, reason: String)

        public var kind: FailureKind {
            switch self {
            case .unsupportedExtension: return .usage
            case .deviceUnavailable, .invalidFigure, .drawingFailed: return .runtime
            }
        }

        public var message: String {
            switch self {
            case .unsupportedExtension(let path):
                let found = (path as NSString).pathExtension
                let problem = found.isEmpty ? "has no extension" : "has the unsupported extension '.\(found)'"
                return "--plot \(path) \(problem). The extension chooses the format and must be \(PlotFormat.extensionList), for example --plot \(Self.suggestedPath(for: path))."
            case .deviceUnavailable(let format, let device):
                return "cannot write .\(format.rawValue) plots: PLplot's '\(device)' output device is not installed or its driver library does not load. Install the Debian package plplot-driver-cairo, or set PLPLOT_DRV_DIR to the directory of PLplot's drivers."
            case .invalidFigure(let path, let reason):
                return "cannot draw \(path): \(reason). No plot file was written."
            case .drawingFailed(let path, let reason):
                return "cannot draw \(path): PLplot failed (\(reason)). No plot file was written."
            }
        }

        private static func suggestedPath(for path: String) -> String {
            let base = (path as NSString).deletingPathExtension
            return (base.isEmpty ? "plot" : base) + ".svg"
        }
    }

    /// Checks, before any work starts, that a plot can be written to `path`: its extension names
    /// a format, its directory exists and is writable, and the file does not exist unless
    /// `overwrite` is set. A small test figure is then drawn in memory in that format, so a
    /// missing or broken PLplot driver shows up before the work and not after it.
    @discardableResult
    public static func checkWritable(path: String, overwrite: Bool) throws -> PlotFormat {
        guard !path.isEmpty else {
            throw ResultFileWriter.Failure.emptyPath(option: option)
        }
        guard let format = PlotFormat(path: path) else {
            throw Failure.unsupportedExtension(path: path)
        }
        try ResultFileWriter.checkWritable(path: path, overwrite: overwrite, option: option)
        _ = try draw(testFigure, format: format, path: path, target: "\(path) (a test drawing before any work starts)")
        return format
    }

    /// Draws `figure` and writes it atomically to `path`, in the format of its extension,
    /// replacing an existing file. Call `checkWritable` first, before the work that the figure
    /// shows.
    public static func write(_ figure: Figure, to path: String) throws {
        guard let format = PlotFormat(path: path) else {
            throw Failure.unsupportedExtension(path: path)
        }
        let bytes = try draw(figure, format: format, path: path, target: path)
        try ResultFileWriter.writeAtomically(Data(bytes), to: path)
    }

    /// A figure with one short line, drawn by `checkWritable` to test the PLplot device.
    static let testFigure = Figure(width: 200, height: 150, panels: [
        Figure.Panel(title: "test", xLabel: "x", yLabel: "y", series: [
            Figure.Series(label: "line", x: [0, 1], y: [0, 1], color: .black),
        ]),
    ])

    /// Draws `figure` in memory and returns the file's bytes, with PLplot's failures as
    /// `Failure` values that name `path`. `target` names the drawing if PLplot ends the process.
    private static func draw(_ figure: Figure, format: PlotFormat, path: String, target: String) throws -> [UInt8] {
        do {
            return try PlotCanvas.draw(figure, format: format, target: target)
        } catch let failure as PlotCanvas.DrawingFailure {
            switch failure {
            case .invalidFigure(let reason):
                throw Failure.invalidFigure(path: path, reason: reason)
            case .deviceUnavailable(let device):
                throw Failure.deviceUnavailable(format: format, device: device)
            case .plplotError(let reason):
                throw Failure.drawingFailed(path: path, reason: reason)
            }
        }
    }
}
