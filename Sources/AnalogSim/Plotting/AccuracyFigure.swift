/// The figure of `analogsim train --plot FILE` and `analogsim compare --plot FILE`: test
/// accuracy after each epoch, one line per learning rule.
public enum AccuracyFigure {
    /// Builds the figure of one training run.
    public static func make(training result: TrainingResult) -> Figure {
        let device = result.profile.map { " on \($0.content.name)" } ?? ""
        let title = "\(result.configuration.rule.rawValue)\(device): test accuracy per epoch"
        return make(runs: [result], title: title, details: details(of: result))
    }

    /// Builds the figure of a comparison, software included.
    public static func make(comparison result: Comparison.Result) -> Figure {
        let title = "\(result.profile.content.name): test accuracy per epoch and learning rule"
        return make(runs: result.runs, title: title, details: result.runs.first.map(details(of:)) ?? "")
    }

    /// Returns the dataset, network, image counts and seed of `result`, for the x-axis label.
    private static func details(of result: TrainingResult) -> String {
        let network = result.network.map(String.init).joined(separator: "-")
        return "\(result.configuration.dataset.rawValue), \(network), \(result.trainingImages) training and "
            + "\(result.testImages) test images, seed \(result.configuration.seed)"
    }

    private static func make(runs: [TrainingResult], title: String, details: String) -> Figure {
        let epochCount = runs.map(\.epochs.count).max() ?? 1
        let series = runs.map { run in
            let style = lineStyle(of: run.configuration.rule)
            return Figure.Series(
                label: String(format: "%@: %.2f %%", run.configuration.rule.rawValue, run.testAccuracy * 100),
                x: run.epochs.map { Double($0.epoch) }, y: run.epochs.map { $0.testAccuracy * 100 },
                color: style.color, lineWidth: 2, marker: style.marker)
        }
        let panel = Figure.Panel(
            title: title,
            xLabel: "epoch (\(details))",
            yLabel: "test accuracy (%)",
            xRange: 0.5...(Double(epochCount) + 0.5),
            yRange: 0...100,
            xTickSpacing: epochCount <= 12 ? 1 : nil,
            yTickSpacing: 10,
            series: series,
            legendColumns: runs.count)
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
