extension AccuracyFigure {
    /// The width of one bar, in units of the x axis, where profile groups sit at 1, 2, 3, ….
    static let barWidth = 0.3

    /// Builds the figure of a comparison of several profiles: final test accuracy (%) as a bar
    /// chart with one group per profile at x = 1, 2, … and one bar per device rule, and software
    /// as a dashed horizontal line. With several seeds, each bar and the line are means over seeds.
    ///
    /// Each bar is one filled series with the points (left, 0), (left, h), (right, h), (right, 0).
    /// The series are ordered by rule and then by profile, and only each rule's first bar has a
    /// legend label.
    public static func make(profileComparison result: ProfileComparison.Result) -> Figure {
        let rules = ProfileComparison.deviceRules
        let groupCount = result.table.count
        var series: [Figure.Series] = []
        for (ruleIndex, rule) in rules.enumerated() {
            let offset = (Double(ruleIndex) - Double(rules.count - 1) / 2) * barWidth
            for (groupIndex, row) in result.table.enumerated() {
                let left = Double(groupIndex + 1) + offset - barWidth / 2
                let right = left + barWidth
                let height = row.rules[ruleIndex].testAccuracy * 100
                series.append(Figure.Series(
                    label: groupIndex == 0 ? rule.rawValue : nil,
                    x: [left, left, right, right], y: [0, height, height, 0],
                    color: lineStyle(of: rule).color, lineWidth: 1, isFilled: true))
            }
        }

        let software = result.software.testAccuracy * 100
        series.append(Figure.Series(
            label: String(format: "software: %.2f %%", software),
            x: [0.5, Double(groupCount) + 0.5], y: [software, software],
            color: lineStyle(of: .software).color, lineWidth: 1.5, isDashed: true))

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
            legendColumns: rules.count + 1)
        return Figure(width: 960, height: 600, panels: [panel])
    }
}
