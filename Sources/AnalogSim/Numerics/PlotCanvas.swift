import CNumerics
import Foundation

/// Draws a `Figure` with PLplot's cairo devices (`svgcairo`, `pngcairo`) into memory.
///
/// PLplot keeps its state in globals and is not thread-safe, so every PLplot call runs under
/// one process-wide lock. PLplot reports errors in two ways:
/// - `plabort` reports a bad argument and returns. The messages are collected with `plsError`,
///   so PLplot prints nothing, and `draw` throws them.
/// - `plexit` prints a message and ends the process. The checks before the first drawing call
///   keep it out of reach. The figure passes `Figure.validationProblem`, so every number is
///   finite and every range is non-empty. The device's driver loads, the device is listed and
///   the output stream is open, because PLplot would otherwise prompt on stdin for a device or
///   file name. Every text is cut below the cairo driver's length limit.
///
/// NOTE: `plexit` stays reachable when memory runs out. The handler set with `plsexit` then
/// writes which plot failed to standard error, and PLplot ends the process with status 1. No plot
/// file exists yet at that point, because drawing goes to memory.
enum PlotCanvas {
    /// A failure of PLplot to draw a figure.
    enum DrawingFailure: Error, Equatable {
        case invalidFigure(String)
        case deviceUnavailable(String)
        case plplotError(String)
    }

    /// Returns the PLplot output device of `format`.
    static func deviceName(for format: PlotFormat) -> String {
        switch format {
        case .svg: return "svgcairo"
        case .png: return "pngcairo"
        }
    }

    /// Draws `figure` and returns the bytes of the SVG or PNG file. `target` names the plot in
    /// the message written if PLplot ends the process.
    static func draw(_ figure: Figure, format: PlotFormat, target: String) throws -> [UInt8] {
        if let problem = figure.validationProblem() {
            throw DrawingFailure.invalidFigure(problem)
        }

        lock.lock()
        defer { lock.unlock() }
        return try withPLplotSession(target: target) {
            let device = deviceName(for: format)
            guard driverLoads(for: device), fileDeviceNames().contains(device) else {
                // plend releases the driver database, so a later call reads it again.
                c_plend()
                throw DrawingFailure.deviceUnavailable(device)
            }
            let bytes = try drawToMemory(figure, device: device)
            try checkComplete(bytes, format: format)
            return bytes
        }
    }

    // MARK: - PLplot session

    private static let lock = NSLock()

    /// The plot being drawn, for the exit handler's message; only read or written under `lock`.
    nonisolated(unsafe) private static var currentTarget = ""

    /// The error code and message that `plabort` fills in once `plsError` has registered them.
    /// They are allocated once, because PLplot keeps the pointers until `plend`.
    nonisolated(unsafe) private static let errorCode: UnsafeMutablePointer<PLINT> = .allocate(capacity: 1)
    private static let errorMessageCapacity = 1_024
    nonisolated(unsafe) private static let errorMessage: UnsafeMutablePointer<CChar> = .allocate(capacity: errorMessageCapacity)

    /// Runs `body` with PLplot's error reporting set up: `plabort` messages go to `errorMessage`
    /// instead of standard error, and an exit handler names `target`. The handler is removed
    /// afterwards.
    private static func withPLplotSession<Result>(target: String, _ body: () throws -> Result) rethrows -> Result {
        currentTarget = target
        errorCode.pointee = 0
        errorMessage.initialize(repeating: 0, count: errorMessageCapacity)
        plsError(errorCode, errorMessage)
        plsexit { message in
            let reason = message.map { String(cString: $0) } ?? "no message"
            fputs("error: PLplot ended the program while drawing \(PlotCanvas.currentTarget): \(reason). No plot file was written.\n", stderr)
            return FailureKind.runtime.exitStatus
        }
        defer { plsexit(nil) }
        return try body()
    }

    /// Returns whether a `.driver_info` file in PLplot's driver directory lists `device` and the
    /// driver library it names loads. PLplot 5.15 ends the process when no file lists a driver or
    /// the library fails to load. It also keeps stale driver counts when it cannot read the
    /// directory after an earlier `plend`, and then crashes while listing devices. So PLplot
    /// reads the directory only after this check passes.
    private static func driverLoads(for device: String) -> Bool {
        guard let directoryName = plGetDrvDir() else { return false }
        let directory = String(cString: directoryName)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }

        var driver: Substring?
        for entry in entries where entry.hasSuffix(".driver_info") {
            // PLplot stops reading the directory at the first file it cannot open.
            guard let text = try? String(contentsOfFile: (directory as NSString).appendingPathComponent(entry), encoding: .utf8) else {
                return false
            }
            // Each line is `device:description:type:driver:sequence:tag`.
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: ":", omittingEmptySubsequences: false)
                if fields.count >= 6, fields[0] == device {
                    driver = fields[3]
                }
            }
        }
        guard let driver else { return false }

        // PLplot keeps the cairo driver loaded once it has loaded it, so RTLD_NODELETE changes nothing.
        let library = (directory as NSString).appendingPathComponent("\(driver).so")
        guard let handle = dlopen(library, RTLD_NOW | RTLD_NODELETE) else { return false }
        dlclose(handle)
        return true
    }

    /// Returns the names of PLplot's file devices, as listed by its driver database.
    private static func fileDeviceNames() -> [String] {
        let capacity = 256
        var menuEntries = [UnsafePointer<CChar>?](repeating: nil, count: capacity)
        var names = [UnsafePointer<CChar>?](repeating: nil, count: capacity)
        var count = Int32(capacity)
        menuEntries.withUnsafeMutableBufferPointer { menuBuffer in
            names.withUnsafeMutableBufferPointer { nameBuffer in
                var menuPointer = menuBuffer.baseAddress
                var namePointer = nameBuffer.baseAddress
                plgFileDevs(&menuPointer, &namePointer, &count)
            }
        }
        return names.prefix(Int(max(0, min(count, Int32(capacity))))).compactMap { $0.map { String(cString: $0) } }
    }

    /// Draws `figure` on `device` into a memory stream and returns the stream's bytes.
    private static func drawToMemory(_ figure: Figure, device: String) throws -> [UInt8] {
        let bufferLocation = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 1)
        bufferLocation.initialize(to: nil)
        let sizeLocation = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        sizeLocation.initialize(to: 0)
        defer {
            free(bufferLocation.pointee)
            bufferLocation.deallocate()
            sizeLocation.deallocate()
        }
        guard let stream = open_memstream(bufferLocation, sizeLocation) else {
            throw DrawingFailure.plplotError("no memory stream for the drawing: \(String(cString: strerror(errno)))")
        }

        // An error from listing the devices does not concern the drawing once the device is found.
        let palette = Palette(figure)
        errorCode.pointee = 0
        errorMessage.initialize(repeating: 0, count: errorMessageCapacity)
        c_plsdev(device)
        // PLplot writes to the stream instead of opening a file.
        plsfile(stream)
        c_plspage(0, 0, PLINT(figure.width), PLINT(figure.height), 0, 0)
        palette.install()

        c_plinit()
        if errorCode.pointee == 0 {
            c_plschr(0, textScale)
            c_pladv(0)
            for (index, panel) in figure.panels.enumerated() {
                drawPanel(panel, index: index, of: figure.panels.count, seriesOffset: palette.firstIndex(ofPanel: index))
            }
        }
        // plend closes the stream only if plinit initialised the device. The stream must be
        // closed before the buffer is read and freed.
        var level: PLINT = 0
        c_plglevel(&level)
        c_plend()
        if level == 0 {
            fclose(stream)
        }

        guard errorCode.pointee == 0 else {
            let message = String(cString: errorMessage).trimmingCharacters(in: .whitespacesAndNewlines)
            throw DrawingFailure.plplotError(message.isEmpty ? "an unnamed error" : message)
        }
        guard let buffer = bufferLocation.pointee else {
            throw DrawingFailure.plplotError("the device wrote nothing")
        }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: sizeLocation.pointee) { bytes in
            Array(UnsafeBufferPointer(start: bytes, count: sizeLocation.pointee))
        }
    }

    /// Throws unless `bytes` form a whole file: PLplot's cairo driver ignores write errors, so a
    /// truncated file would otherwise pass unnoticed.
    private static func checkComplete(_ bytes: [UInt8], format: PlotFormat) throws {
        switch format {
        case .svg:
            let text = String(decoding: bytes, as: UTF8.self)
            guard text.contains("<svg"), text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</svg>") else {
                throw DrawingFailure.plplotError("the SVG output of \(bytes.count) bytes is incomplete")
            }
        case .png:
            let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            let endChunk: [UInt8] = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
            guard bytes.starts(with: signature), bytes.count > 20, Array(bytes.suffix(endChunk.count)) == endChunk else {
                throw DrawingFailure.plplotError("the PNG output of \(bytes.count) bytes is incomplete")
            }
        }
    }

    // MARK: - Drawing

    /// The colors of a figure in PLplot's color map 0: white background, black frame and text,
    /// a light gray for the grid, then one entry per series and then one per band of every panel.
    private struct Palette {
        static let background: PLINT = 0
        static let foreground: PLINT = 1
        static let grid: PLINT = 2
        static let firstSeries: PLINT = 3

        let seriesColors: [Figure.Color]
        let panelOffsets: [Int]

        init(_ figure: Figure) {
            seriesColors = figure.panels.flatMap { $0.series.map(\.color) + $0.bands.map(\.color) }
            var offsets: [Int] = []
            var offset = 0
            for panel in figure.panels {
                offsets.append(offset)
                offset += panel.series.count + panel.bands.count
            }
            panelOffsets = offsets
        }

        func firstIndex(ofPanel panel: Int) -> PLINT {
            Self.firstSeries + PLINT(panelOffsets[panel])
        }

        func install() {
            c_plscmap0n(Self.firstSeries + PLINT(seriesColors.count))
            c_plscolbg(255, 255, 255)
            c_plscol0(Self.foreground, 0, 0, 0)
            c_plscol0(Self.grid, 220, 220, 220)
            for (offset, color) in seriesColors.enumerated() {
                c_plscol0a(Self.firstSeries + PLINT(offset), PLINT(color.red), PLINT(color.green), PLINT(color.blue),
                           min(max(color.opacity, 0), 1))
            }
        }
    }

    /// The text size relative to PLplot's default, which is large for a page of 1000 pixels.
    private static let textScale = 0.68

    /// Margins around a panel's axes, in character heights.
    private enum Margin {
        static let left = 6.5
        static let right = 2.0
        static let top = 3.0
        static let belowAxes = 4.5
        static let perLegendRow = 2.0
    }

    /// Draws `panel` in the `index`-th of `panelCount` equal columns of the page. Its series use
    /// the color map entries from `seriesOffset` on, and its bands the entries after them.
    private static func drawPanel(_ requestedPanel: Figure.Panel, index: Int, of panelCount: Int, seriesOffset: PLINT) {
        let panel = requestedPanel.linearizedForDrawing
        let legendOffset = setViewport(for: panel, index: index, of: panelCount)
        drawAxes(panel)
        for (offset, band) in panel.bands.enumerated() {
            c_plcol0(seriesOffset + PLINT(panel.series.count + offset))
            let x = band.x + band.x.reversed()
            let y = band.upper + band.lower.reversed()
            c_plfill(PLINT(x.count), x, y)
        }
        if !panel.bands.isEmpty {
            // Opaque bands, such as heatmap cells, cover the frame, so it is drawn again over them.
            c_plcol0(Palette.foreground)
            c_plbox("bc", 0, 0, "bc", 0, 0)
        }
        for (offset, series) in panel.series.enumerated() {
            c_plcol0(seriesOffset + PLINT(offset))
            if series.isFilled {
                c_plfill(PLINT(series.x.count), series.x, series.y)
            }
            c_plwidth(series.lineWidth)
            c_pllsty(lineStyle(of: series))
            c_plline(PLINT(series.x.count), series.x, series.y)
            c_pllsty(solidLine)
            if let marker = series.marker {
                c_plstring(PLINT(series.x.count), series.x, series.y, marker.rawValue)
            }
        }
        c_plwidth(1)
        c_plcol0(Palette.foreground)
        drawLegend(panel, seriesOffset: seriesOffset, offsetBelowAxes: legendOffset)
    }

    /// PLplot's line styles: 1 is solid, 2 short dashes.
    private static let solidLine: PLINT = 1
    private static let dashedLine: PLINT = 2

    private static func lineStyle(of series: Figure.Series) -> PLINT {
        series.isDashed ? dashedLine : solidLine
    }

    /// Sets the viewport and window of `panel` in the `index`-th of `panelCount` columns, with
    /// margins for labels, title and legend. Returns the legend's distance below the x axis, as a
    /// fraction of the viewport height.
    private static func setViewport(for panel: Figure.Panel, index: Int, of panelCount: Int) -> Double {
        var pageLeft = 0.0, pageRight = 0.0, pageBottom = 0.0, pageTop = 0.0
        c_plgspa(&pageLeft, &pageRight, &pageBottom, &pageTop)
        var defaultHeight = 0.0, characterHeight = 0.0
        c_plgchr(&defaultHeight, &characterHeight)
        let pageWidth = pageRight - pageLeft
        let pageHeight = pageTop - pageBottom
        let characterWidthFraction = characterHeight / pageWidth
        let characterHeightFraction = characterHeight / pageHeight

        let regionLeft = Double(index) / Double(panelCount)
        let regionRight = Double(index + 1) / Double(panelCount)
        let legendHeight = Double(panel.legendRows) * Margin.perLegendRow
        let viewport = (left: regionLeft + Margin.left * characterWidthFraction,
                        right: regionRight - Margin.right * characterWidthFraction,
                        bottom: (Margin.belowAxes + legendHeight + 0.5) * characterHeightFraction,
                        top: 1 - Margin.top * characterHeightFraction)
        c_plvpor(viewport.left, viewport.right, viewport.bottom, viewport.top)
        let xRange = panel.drawnXRange
        let yRange = panel.drawnYRange
        c_plwind(xRange.lowerBound, xRange.upperBound, yRange.lowerBound, yRange.upperBound)

        let viewportHeight = (viewport.top - viewport.bottom) * pageHeight
        return (Margin.belowAxes - 0.5) * characterHeight / viewportHeight
    }

    /// Draws the grid, the frame with ticks and numbers, the axis labels and the title.
    private static func drawAxes(_ panel: Figure.Panel) {
        let xTick = panel.xTickSpacing ?? 0
        let yTick = panel.yTickSpacing ?? 0
        let yOptions = panel.yTickSpacing == nil ? "bcnstv" : "bcntv"
        c_plcol0(Palette.grid)
        c_plwidth(0.5)
        c_plbox(panel.xIsLogarithmic ? "" : "g", xTick, 0, "g", yTick, 0)

        // Minor ticks only where PLplot chooses the spacing.
        c_plcol0(Palette.foreground)
        c_plwidth(1)
        if panel.xIsLogarithmic {
            c_plbox("bc", 0, 0, yOptions, yTick, 0)
            drawLogarithmicXTicks(panel)
        } else {
            c_plbox(panel.xTickSpacing == nil ? "bcnst" : "bcnt", xTick, 0, yOptions, yTick, 0)
        }
        c_pllab(plplotText(panel.xLabel), plplotText(panel.yLabel), plplotText(panel.title))
    }

    /// Labels a logarithmic x axis, drawn in log10 units, at the x values of its series (a sweep's
    /// values rarely include a power of ten), with a grid line and a tick at each.
    private static func drawLogarithmicXTicks(_ panel: Figure.Panel) {
        let xRange = panel.drawnXRange
        let yRange = panel.drawnYRange
        let tickLength = (yRange.upperBound - yRange.lowerBound) * 0.015
        let positions = Set(panel.series.flatMap(\.x)).sorted()

        for position in positions where xRange.contains(position) {
            c_plcol0(Palette.grid)
            c_plwidth(0.5)
            c_pljoin(position, yRange.lowerBound, position, yRange.upperBound)
            c_plcol0(Palette.foreground)
            c_plwidth(1)
            c_pljoin(position, yRange.lowerBound, position, yRange.lowerBound + tickLength)
            let fraction = (position - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
            c_plmtex("b", 1.5, fraction, 0.5, String(format: "%g", pow(10, position)))
        }
    }

    /// Draws the legend of the labelled series below the axes, `offsetBelowAxes` (a fraction of
    /// the viewport height) under the x axis.
    private static func drawLegend(_ panel: Figure.Panel, seriesOffset: PLINT, offsetBelowAxes: Double) {
        let entries = panel.series.enumerated().filter { $0.element.label != nil }
        guard !entries.isEmpty else { return }

        let texts = entries.map { strdup(plplotText($0.element.label ?? "")) }
        let symbols = entries.map { strdup($0.element.marker?.rawValue ?? "") }
        defer {
            texts.forEach { free($0) }
            symbols.forEach { free($0) }
        }
        let options = entries.map { PLINT($0.element.marker == nil ? PL_LEGEND_LINE : PL_LEGEND_LINE | PL_LEGEND_SYMBOL) }
        let colors = entries.map { seriesOffset + PLINT($0.offset) }
        let lineWidths = entries.map { $0.element.lineWidth }
        let count = entries.count
        let textPointers = texts.map { UnsafePointer($0) }
        let symbolPointers = symbols.map { UnsafePointer($0) }
        let columns = max(1, min(panel.legendColumns, count))

        var legendWidth = 0.0, legendHeight = 0.0
        c_pllegend(&legendWidth, &legendHeight,
                   PLINT(0), PLINT(PL_POSITION_BOTTOM | PL_POSITION_OUTSIDE | PL_POSITION_VIEWPORT),
                   0, offsetBelowAxes, 0.08,
                   Palette.background, Palette.foreground, 1,
                   PLINT(panel.legendRows), PLINT(columns),
                   PLINT(count), options,
                   1.0, textScale, 2.0, 0,
                   [PLINT](repeating: Palette.foreground, count: count), textPointers,
                   [PLINT](repeating: 0, count: count), [PLINT](repeating: 0, count: count),
                   [PLFLT](repeating: 0, count: count), [PLFLT](repeating: 0, count: count),
                   colors, entries.map { lineStyle(of: $0.element) }, lineWidths,
                   colors, [PLFLT](repeating: textScale, count: count), [PLINT](repeating: 1, count: count), symbolPointers)
    }

    /// `text` as PLplot draws it literally: `#`, PLplot's escape character, doubled, and cut to
    /// 200 Unicode scalars, because the cairo driver skips strings of 500 or more.
    private static func plplotText(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(200) {
            scalars.append(scalar)
        }
        return String(scalars).replacingOccurrences(of: "#", with: "##")
    }
}
