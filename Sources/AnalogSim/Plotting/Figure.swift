import Foundation

/// A figure of line charts: one or more panels side by side on one page, which `PlotFile`
/// draws with PLplot.
///
/// A figure is plain data in the units that its axis labels name. It contains no PLplot state, so
/// chart code builds and tests it without the C library.
public struct Figure: Equatable, Sendable {
    /// Page width and height: pixels in PNG, points (1/72 inch) in SVG.
    public var width: Int
    public var height: Int
    /// The panels, left to right.
    public var panels: [Panel]

    public init(width: Int, height: Int, panels: [Panel]) {
        self.width = width
        self.height = height
        self.panels = panels
    }

    /// One chart: axes, lines and a legend below the axes.
    public struct Panel: Equatable, Sendable {
        public var title: String
        public var xLabel: String
        public var yLabel: String
        /// The axis ranges; nil fits the data with a margin of 4 % on each side.
        public var xRange: ClosedRange<Double>?
        public var yRange: ClosedRange<Double>?
        /// The distance between labelled ticks; nil lets PLplot choose.
        public var xTickSpacing: Double?
        public var yTickSpacing: Double?
        /// Lines in drawing order: a later series is drawn over an earlier one.
        public var series: [Series]
        /// Legend entries per row; the legend lists the labelled series in drawing order.
        public var legendColumns: Int
        /// Filled areas, drawn in order under every series and left out of the legend.
        public var bands: [Band]
        /// Whether the x axis is logarithmic (base 10). Every x value and `xRange` must then be
        /// positive; `xTickSpacing` is ignored and the ticks sit at the series' x values.
        public var xIsLogarithmic: Bool

        public init(title: String, xLabel: String, yLabel: String, xRange: ClosedRange<Double>? = nil,
                    yRange: ClosedRange<Double>? = nil, xTickSpacing: Double? = nil, yTickSpacing: Double? = nil,
                    series: [Series], legendColumns: Int = 1, bands: [Band] = [], xIsLogarithmic: Bool = false) {
            self.title = title
            self.xLabel = xLabel
            self.yLabel = yLabel
            self.xRange = xRange
            self.yRange = yRange
            self.xTickSpacing = xTickSpacing
            self.yTickSpacing = yTickSpacing
            self.series = series
            self.legendColumns = legendColumns
            self.bands = bands
            self.xIsLogarithmic = xIsLogarithmic
        }

        /// The panel as drawn on a linear axis: with a logarithmic x axis, every x value and the
        /// x range replaced by its base-10 logarithm.
        public var linearizedForDrawing: Panel {
            guard xIsLogarithmic else { return self }
            var panel = self
            panel.series = series.map { series in
                var copy = series
                copy.x = series.x.map { log10($0) }
                return copy
            }
            panel.bands = bands.map { band in
                var copy = band
                copy.x = band.x.map { log10($0) }
                return copy
            }
            panel.xRange = xRange.map { log10($0.lowerBound)...log10($0.upperBound) }
            panel.xTickSpacing = nil
            return panel
        }

        /// The series that appear in the legend.
        public var labelledSeries: [Series] {
            series.filter { $0.label != nil }
        }

        /// The x range drawn: `xRange`, or the data's range with a margin.
        public var drawnXRange: ClosedRange<Double> {
            xRange ?? Self.fittedRange(series.flatMap(\.x))
        }

        /// The y range drawn: `yRange`, or the data's range with a margin.
        public var drawnYRange: ClosedRange<Double> {
            yRange ?? Self.fittedRange(series.flatMap(\.y) + bands.flatMap { $0.lower + $0.upper })
        }

        /// Returns the range of `values` widened by 4 % on each side. A single value v gets ±10 % of
        /// |v| (±1 for 0), so the range is never empty. No values give [0, 1].
        static func fittedRange(_ values: [Double]) -> ClosedRange<Double> {
            guard let lowest = values.min(), let highest = values.max() else { return 0...1 }
            guard highest > lowest else {
                let margin = lowest == 0 ? 1 : abs(lowest) * 0.1
                return (lowest - margin)...(highest + margin)
            }
            let margin = (highest - lowest) * 0.04
            return (lowest - margin)...(highest + margin)
        }

        /// The number of legend rows below the axes.
        public var legendRows: Int {
            let entries = labelledSeries.count
            return entries == 0 ? 0 : (entries + max(legendColumns, 1) - 1) / max(legendColumns, 1)
        }
    }

    /// One line through points `(x[i], y[i])`, optionally with a marker at each point.
    public struct Series: Equatable, Sendable {
        /// The legend text; nil leaves the series out of the legend.
        public var label: String?
        public var x: [Double]
        public var y: [Double]
        public var color: Color
        /// Line width in PLplot's units (1 is a thin line).
        public var lineWidth: Double
        /// Whether the line is dashed, so that it stays visible over an equal solid line.
        public var isDashed: Bool
        public var marker: Marker?
        /// Whether the polygon through the points is filled with the color under the line, as
        /// for a bar. A filled series needs at least three points.
        public var isFilled: Bool

        public init(label: String?, x: [Double], y: [Double], color: Color, lineWidth: Double = 1.5,
                    isDashed: Bool = false, marker: Marker? = nil, isFilled: Bool = false) {
            self.label = label
            self.x = x
            self.y = y
            self.color = color
            self.lineWidth = lineWidth
            self.isDashed = isDashed
            self.marker = marker
            self.isFilled = isFilled
        }
    }

    /// The area between two curves over the same x values: the polygon through `(x[i], upper[i])`
    /// left to right and back through `(x[i], lower[i])`, filled with `color`.
    public struct Band: Equatable, Sendable {
        public var x: [Double]
        public var lower: [Double]
        public var upper: [Double]
        /// The fill color; an opacity below 1 keeps the grid and other bands visible.
        public var color: Color

        public init(x: [Double], lower: [Double], upper: [Double], color: Color) {
            self.x = x
            self.lower = lower
            self.upper = upper
            self.color = color
        }
    }

    /// A marker glyph drawn at each point of a series.
    public enum Marker: String, Equatable, Sendable {
        case circle = "●"
        case square = "■"
        case triangle = "▲"
    }

    /// An sRGB color with an opacity in [0, 1].
    public struct Color: Equatable, Sendable {
        public var red: UInt8
        public var green: UInt8
        public var blue: UInt8
        public var opacity: Double

        public init(red: UInt8, green: UInt8, blue: UInt8, opacity: Double = 1) {
            self.red = red
            self.green = green
            self.blue = blue
            self.opacity = opacity
        }

        /// Returns the same color with another opacity.
        public func withOpacity(_ opacity: Double) -> Color {
            Color(red: red, green: green, blue: blue, opacity: opacity)
        }

        // The Okabe–Ito palette, which readers with color-vision deficiency can tell apart.
        public static let black = Color(red: 0, green: 0, blue: 0)
        public static let orange = Color(red: 230, green: 159, blue: 0)
        public static let skyBlue = Color(red: 86, green: 180, blue: 233)
        public static let bluishGreen = Color(red: 0, green: 158, blue: 115)
        public static let blue = Color(red: 0, green: 114, blue: 178)
        public static let vermillion = Color(red: 213, green: 94, blue: 0)
        public static let reddishPurple = Color(red: 204, green: 121, blue: 167)
    }
}
