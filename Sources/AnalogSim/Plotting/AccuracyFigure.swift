/// The figure of `analogsim train --plot FILE` and `analogsim compare --plot FILE`: test
/// accuracy after each epoch, one line per learning rule (its mean over seeds when `compare`
/// runs several).
public enum AccuracyFigure {
    /// One rule's line: the test accuracy (a fraction) after each epoch, and after the last.
    private struct Line {
        var rule: LearningRule
        var epochs: [Int]
        var testAccuracies: [Double]
        var finalTestAccuracy: Double

        init(run: TrainingResult) {
            rule = run.configuration.rule
            epochs = run.epochs.map(\.epoch)
            testAccuracies = run.epochs.map(\.testAccuracy)
            finalTestAccuracy = run.testAccuracy
        }

        /// Averages `runs`, which are runs of one rule with the same number of epochs, epoch by epoch.
        init(meanOf runs: [TrainingResult]) {
            self.init(run: runs[0])
            let runCount = Double(runs.count)
            testAccuracies = epochs.indices.map { index in
                runs.reduce(0) { $0 + $1.epochs[index].testAccuracy } / runCount
            }
            finalTestAccuracy = runs.reduce(0) { $0 + $1.testAccuracy } / runCount
        }
    }

    /// Builds the figure of one training run.
    public static func make(training result: TrainingResult) -> Figure {
        let device = result.profile.map { " on \($0.content.name)" } ?? ""
        let title = "\(result.configuration.rule.rawValue)\(device): test accuracy per epoch"
        return make(lines: [Line(run: result)], title: title, details: details(of: result))
    }

    /// Builds the figure of a comparison, software included. With several seeds, each rule's line
    /// is its mean over the seeds.
    public static func make(comparison result: Comparison.Result) -> Figure {
        let title = "\(result.profile.content.name): test accuracy per epoch and learning rule"
        guard let seeds = result.seeds, seeds.count > 1, let first = result.runs.first else {
            return make(lines: result.runs.map(Line.init(run:)), title: title,
                        details: result.runs.first.map { details(of: $0) } ?? "")
        }

        let lines = Comparison.rules.map { rule in
            Line(meanOf: result.runs.filter { $0.configuration.rule == rule })
        }
        let seedText = "mean of seeds \(seeds[0])–\(seeds[seeds.count - 1])"
        return make(lines: lines, title: title, details: details(of: first, seedText: seedText))
    }

    /// Returns the dataset, network, image counts and seed of `result`, for the x-axis label.
    private static func details(of result: TrainingResult, seedText: String? = nil) -> String {
        let network = result.network.map(String.init).joined(separator: "-")
        return "\(result.configuration.dataset.rawValue), \(network), \(result.trainingImages) training and "
            + "\(result.testImages) test images, \(seedText ?? "seed \(result.configuration.seed)")"
    }

    private static func make(lines: [Line], title: String, details: String) -> Figure {
        let epochCount = lines.map(\.epochs.count).max() ?? 1
        let series = lines.map { line in
            let style = lineStyle(of: line.rule)
            return Figure.Series(
                label: String(format: "%@: %.2f %%", line.rule.rawValue, line.finalTestAccuracy * 100),
                x: line.epochs.map(Double.init), y: line.testAccuracies.map { $0 * 100 },
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
            legendColumns: lines.count)
        return Figure(width: 960, height: 600, panels: [panel])
    }

    static func lineStyle(of rule: LearningRule) -> (color: Figure.Color, marker: Figure.Marker) {
        switch rule {
        case .software: return (.black, .circle)
        case .bidirectional: return (.vermillion, .square)
        case .unidirectional: return (.blue, .triangle)
        }
    }
}
