extension AccuracyFigure {
    /// The width of one bar, in units of the x axis, where profile groups sit at 1, 2, 3, ….
    static let barWidth = 0.3

    /// Builds the figure of a comparison of several profiles: final test accuracy (%) as a bar
    /// chart with one group per profile at x = 1, 2, … and one bar per device rule, and software
    /// as a dashed horizontal line. With several seeds, each bar and the line are means over seeds.
    ///
    /// Each rule is one series that traces the outline of its bars, `[0, h, h, 0]` per profile
    /// in profile order, so the series joins its bars along the x axis.
    // NOTE: the bars are outlines because `Figure` draws lines and markers only; it has no fill.
    public static func make(profileComparison result: ProfileComparison.Result) -> Figure {
        let rules = ProfileComparison.deviceRules
        let groupCount = result.table.count
        var series: [Figure.Series] = rules.indices.map { ruleIndex in
            let rule = rules[ruleIndex]
            let offset = (Double(ruleIndex) - Double(rules.count - 1) / 2) * barWidth
            var x: [Double] = []
            var y: [Double] = []
            for (groupIndex, row) in result.table.enumerated() {
                let left = Double(groupIndex + 1) + offset - barWidth / 2
                let right = left + barWidth
                let height = row.rules[ruleIndex].testAccuracy * 100
                x += [left, left, right, right]
                y += [0, height, height, 0]
            }
            return Figure.Series(label: rule.rawValue, x: x, y: y, color: lineStyle(of: rule).color, lineWidth: 2)
        }

        let software = result.software.testAccuracy * 100
        series.append(Figure.Series(
            label: String(format: "software: %.2f %%", software),
            x: [0.5, Double(groupCount) + 0.5], y: [software, software],
            color: lineStyle(of: .software).color, lineWidth: 1, isDashed: true))

        let profileNames = result.table.enumerated().map { "\($0.offset + 1) \($0.element.profile)" }
        let seedText = result.seeds.count > 1
            ? "mean of seeds \(result.seeds[0])–\(result.seeds[result.seeds.count - 1])"
            : "seed \(result.seeds[0])"
        let panel = Figure.Panel(
            title: "final test accuracy per device profile and learning rule (\(seedText))",
            xLabel: "profile: " + profileNames.joined(separator: ", "),
            yLabel: "test accuracy (%)",
            xRange: 0.5...(Double(groupCount) + 0.5),
            yRange: 0...100,
            xTickSpacing: 1,
            yTickSpacing: 10,
            series: series,
            legendColumns: series.count)
        return Figure(width: 960, height: 600, panels: [panel])
    }
}
