/// The figure of `analogsim continual --plot FILE`: each task's test accuracy after every task
/// of the sequence, one line per task (a column of the accuracy matrix).
public enum ContinualAccuracyFigure {
    static let palette: [Figure.Color] = [.blue, .vermillion, .bluishGreen, .orange, .reddishPurple, .skyBlue, .black]
    static let markers: [Figure.Marker] = [.circle, .square, .triangle]

    public static func make(result: ContinualResult) -> Figure {
        let taskCount = result.tasks.count
        let series = result.tasks.indices.map { task in
            Figure.Series(
                label: "task \(task + 1) (\(result.tasks[task].name))",
                x: (1...taskCount).map(Double.init),
                y: result.accuracyOverSequence[task].map { $0 * 100 },
                color: palette[task % palette.count], lineWidth: 2, marker: markers[task % markers.count])
        }
        let device = result.profile.map { "on \($0.content.name)" } ?? "in software"
        let metrics = result.metrics
        let title = String(format: "%@ %@, %@: ACC %.2f %%", result.configuration.rule.rawValue, device,
                           result.configuration.stream.name, metrics.averageAccuracy * 100)
        let panel = Figure.Panel(
            title: title,
            xLabel: "tasks trained (seed \(result.configuration.seed), \(result.configuration.epochsPerTask) epoch(s) per task)",
            yLabel: "test accuracy (%)",
            xRange: 0.5...(Double(taskCount) + 0.5),
            yRange: 0...100,
            xTickSpacing: taskCount <= 12 ? 1 : nil,
            yTickSpacing: 10,
            series: series,
            legendColumns: min(taskCount, 3))
        return Figure(width: 960, height: 600, panels: [panel])
    }
}
