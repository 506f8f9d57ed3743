import AnalogSim

/// `--plot FILE.svg|FILE.png`: the figure that `train`, `compare` and `device show` draw
/// besides their usual output.
enum PlotOption {
    static let name = "--plot"
    static let valueName = "FILE.svg|FILE.png"

    /// Checks, before any work starts, that the plot can be written to `path`; does nothing
    /// without `--plot`.
    static func check(_ path: String?, overwrite: Bool) throws {
        guard let path else { return }
        try PlotFile.checkWritable(path: path, overwrite: overwrite)
    }

    /// Builds the figure, writes it to `path` and reports the file on `report`; does nothing
    /// without `--plot`.
    static func write(_ figure: @autoclosure () -> Figure, to path: String?, report: TextSink) throws {
        guard let path else { return }
        try PlotFile.write(figure(), to: path)
        report.write("plot written to \(path)\n")
    }
}
