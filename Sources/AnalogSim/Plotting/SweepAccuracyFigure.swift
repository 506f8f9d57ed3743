/// The figure of `analogsim sweep plot --x NAME`: final test accuracy against a swept parameter,
/// one line per learning rule through the means over seeds, over a shaded band from the minimum
/// to the maximum over seeds.
public enum SweepAccuracyFigure {
    /// Builds the figure of `curves`. `details` ends the x-axis label, for example the fixed
    /// settings and the seeds. `logarithmicX` draws the x axis on a logarithmic scale, which spaces
    /// values swept in doubling steps (levels=4,8,…,128) evenly; every x value must be positive.
    public static func make(_ curves: SweepAccuracyCurves, title: String, details: String,
                            logarithmicX: Bool = false) -> Figure {
        let series = curves.curves.map { curve in
            let style = lineStyle(of: curve.rule)
            return Figure.Series(
                label: curve.rule.rawValue, x: curve.points.map(\.x), y: curve.points.map { $0.mean * 100 },
                color: style.color, lineWidth: 2, marker: style.marker)
        }
        let bands = curves.curves.map { curve in
            Figure.Band(x: curve.points.map(\.x), lower: curve.points.map { $0.minimum * 100 },
                        upper: curve.points.map { $0.maximum * 100 }, color: lineStyle(of: curve.rule).color.withOpacity(0.2))
        }
        let panel = Figure.Panel(
            title: title,
            xLabel: details.isEmpty ? curves.xParameter : "\(curves.xParameter) (\(details))",
            yLabel: "final test accuracy (%)",
            series: series,
            legendColumns: max(series.count, 1),
            bands: bands,
            xIsLogarithmic: logarithmicX)
        return Figure(width: 960, height: 600, panels: [panel])
    }

    private static func lineStyle(of rule: LearningRule) -> (color: Figure.Color, marker: Figure.Marker) {
        switch rule {
        case .software: return (.black, .circle)
        case .bidirectional: return (.vermillion, .square)
        case .unidirectional: return (.blue, .triangle)
        }
    }
}
