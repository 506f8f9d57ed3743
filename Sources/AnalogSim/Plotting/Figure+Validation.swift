extension Figure {
    /// The page sizes that PLplot's cairo devices draw well, in pixels or points.
    public static let pageSizeRange = 100...8_000

    /// Returns why the figure cannot be drawn, or nil when it can. A figure cannot be drawn with a
    /// page size outside `pageSizeRange` or without panels. Each series needs points, as many x
    /// as y values, and finite coordinates, and a filled series at least three points. Axis
    /// ranges and tick spacings must be finite and not empty. Each band needs points, as many
    /// lower and upper as x values, and finite coordinates. A logarithmic x axis needs every x
    /// value and its range positive.
    public func validationProblem() -> String? {
        guard Self.pageSizeRange.contains(width), Self.pageSizeRange.contains(height) else {
            return "the page is \(width) × \(height), but each side must be from \(Self.pageSizeRange.lowerBound) to \(Self.pageSizeRange.upperBound)"
        }
        guard !panels.isEmpty else { return "the figure has no panels" }

        for panel in panels {
            if panel.xIsLogarithmic {
                let xValues = panel.series.flatMap(\.x) + panel.bands.flatMap(\.x)
                    + [panel.xRange?.lowerBound, panel.xRange?.upperBound].compactMap { $0 }
                if let value = xValues.first(where: { !($0 > 0) }) {
                    return "panel '\(panel.title)' has a logarithmic x axis but the x value \(value), which is not positive"
                }
            }
            for range in [panel.xRange, panel.yRange].compactMap({ $0 }) {
                guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound else {
                    return "panel '\(panel.title)' has the axis range \(range), which is empty or not finite"
                }
            }
            for spacing in [panel.xTickSpacing, panel.yTickSpacing].compactMap({ $0 }) {
                guard spacing.isFinite, spacing > 0 else {
                    return "panel '\(panel.title)' has the tick spacing \(spacing), but it must be positive and finite"
                }
            }
            for series in panel.series {
                let name = series.label ?? "an unlabelled series"
                guard !series.x.isEmpty, series.x.count == series.y.count else {
                    return "\(name) in panel '\(panel.title)' has \(series.x.count) x and \(series.y.count) y values, but it needs the same positive number of each"
                }
                guard !series.isFilled || series.x.count >= 3 else {
                    return "\(name) in panel '\(panel.title)' is filled but has \(series.x.count) points; a filled polygon needs at least 3"
                }
                guard series.x.allSatisfy(\.isFinite), series.y.allSatisfy(\.isFinite) else {
                    return "\(name) in panel '\(panel.title)' has a value that is not finite (NaN or infinity)"
                }
            }
            for band in panel.bands {
                guard !band.x.isEmpty, band.lower.count == band.x.count, band.upper.count == band.x.count else {
                    return "a band in panel '\(panel.title)' has \(band.x.count) x, \(band.lower.count) lower and \(band.upper.count) upper values, but it needs the same positive number of each"
                }
                guard (band.x + band.lower + band.upper).allSatisfy(\.isFinite) else {
                    return "a band in panel '\(panel.title)' has a value that is not finite (NaN or infinity)"
                }
            }
        }
        return nil
    }
}
