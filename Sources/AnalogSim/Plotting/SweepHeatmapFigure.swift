/// The figure of `analogsim sweep plot --x NAME --y NAME`: a heatmap of the mean final test
/// accuracy over seeds, one filled rectangle per pair of values, in five color classes that the
/// legend names.
public enum SweepHeatmapFigure {
    /// A sequential palette from dark violet to yellow (viridis), which stays ordered in grayscale.
    static let classColors: [Figure.Color] = [
        Figure.Color(red: 68, green: 1, blue: 84),
        Figure.Color(red: 59, green: 82, blue: 139),
        Figure.Color(red: 33, green: 145, blue: 140),
        Figure.Color(red: 94, green: 201, blue: 98),
        Figure.Color(red: 253, green: 231, blue: 37),
    ]

    /// Builds the figure of `grid`. `details` ends the x-axis label, for example the fixed settings
    /// and the seeds.
    public static func make(_ grid: SweepAccuracyGrid, title: String, details: String) -> Figure {
        let xEdges = cellEdges(grid.xValues)
        let yEdges = cellEdges(grid.yValues)
        let means = grid.cells.flatMap { $0.compactMap { $0?.mean } }.map { $0 * 100 }
        let classes = colorClasses(lowest: means.min() ?? 0, highest: means.max() ?? 100)

        var bands: [Figure.Band] = []
        var firstCellOfClass: [Int: (x: Double, y: Double)] = [:]
        for (j, row) in grid.cells.enumerated() {
            for (i, cell) in row.enumerated() {
                guard let cell else { continue }
                let classIndex = classes.index(of: cell.mean * 100)
                let x = inset(xEdges[i])
                let y = inset(yEdges[j])
                bands.append(Figure.Band(x: [x.lowerBound, x.upperBound], lower: [y.lowerBound, y.lowerBound],
                                         upper: [y.upperBound, y.upperBound], color: classColors[classIndex]))
                if firstCellOfClass[classIndex] == nil {
                    firstCellOfClass[classIndex] = (grid.xValues[i], grid.yValues[j])
                }
            }
        }

        // Each legend entry is a single point at the center of a cell of its own color, so its
        // marker vanishes into that cell and only the legend shows it.
        let legend = firstCellOfClass.keys.sorted().map { classIndex in
            let center = firstCellOfClass[classIndex]!
            return Figure.Series(label: classes.label(of: classIndex), x: [center.x], y: [center.y],
                                 color: classColors[classIndex], marker: .square)
        }
        let panel = Figure.Panel(
            title: title,
            xLabel: details.isEmpty ? grid.xParameter : "\(grid.xParameter) (\(details))",
            yLabel: grid.yParameter,
            xRange: xEdges.first!.lowerBound...xEdges.last!.upperBound,
            yRange: yEdges.first!.lowerBound...yEdges.last!.upperBound,
            xTickSpacing: tickSpacing(grid.xValues),
            yTickSpacing: tickSpacing(grid.yValues),
            series: legend,
            legendColumns: max(legend.count, 1),
            bands: bands)
        return Figure(width: 960, height: 600, panels: [panel])
    }

    /// Returns `range` shrunk by 1.5 % of its width at each end, so that the white gaps between
    /// neighboring cells of one color show where each cell ends.
    static func inset(_ range: ClosedRange<Double>) -> ClosedRange<Double> {
        let margin = (range.upperBound - range.lowerBound) * 0.015
        return (range.lowerBound + margin)...(range.upperBound - margin)
    }

    /// Returns the smallest gap between neighboring values, so an evenly spaced axis gets a tick at
    /// every value. With one value or more than 12 it returns nil, and PLplot chooses.
    static func tickSpacing(_ values: [Double]) -> Double? {
        guard values.count > 1, values.count <= 12 else { return nil }
        return zip(values, values.dropFirst()).map { $1 - $0 }.min()
    }

    /// Returns the extent of the cell of each value: from halfway to the previous value to halfway
    /// to the next, with the outer cells as wide as their neighbors. A single value v spans v ± 0.5.
    static func cellEdges(_ values: [Double]) -> [ClosedRange<Double>] {
        guard values.count > 1 else { return values.map { ($0 - 0.5)...($0 + 0.5) } }
        let midpoints = zip(values, values.dropFirst()).map { ($0 + $1) / 2 }
        let first = values[0] - (midpoints[0] - values[0])
        let last = values[values.count - 1] + (values[values.count - 1] - midpoints[midpoints.count - 1])
        let boundaries = [first] + midpoints + [last]
        return values.indices.map { boundaries[$0]...boundaries[$0 + 1] }
    }

    /// Five equal accuracy classes (in %) from the lowest whole percent at or below the lowest mean to
    /// the highest at or above the highest mean.
    struct ColorClasses {
        var lowest: Double
        var width: Double

        func index(of accuracy: Double) -> Int {
            guard width > 0 else { return classColors.count - 1 }
            return min(max(Int((accuracy - lowest) / width), 0), classColors.count - 1)
        }

        func label(of index: Int) -> String {
            guard width > 0 else { return String(format: "%.0f %%", lowest) }
            let from = lowest + Double(index) * width
            return "\(String(format: "%.1f", from))–\(String(format: "%.1f", from + width)) %"
        }
    }

    static func colorClasses(lowest: Double, highest: Double) -> ColorClasses {
        let bottom = lowest.rounded(.down)
        let top = highest.rounded(.up)
        return ColorClasses(lowest: bottom, width: (top - bottom) / Double(classColors.count))
    }
}
