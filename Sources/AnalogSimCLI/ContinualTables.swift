import AnalogSim
import Foundation

/// The text output of `continual`: the accuracy matrix and the metrics.
enum ContinualTables {
    static func render(_ result: ContinualResult) -> String {
        let metrics = result.metrics
        var matrix = TextTable(header: ["after task"] + result.tasks.indices.map { "task \($0 + 1)" })
        for (index, row) in metrics.accuracyMatrix.enumerated() {
            matrix.append(["\(index + 1) (\(result.tasks[index].name))"] + row.map { String(format: "%.4f", $0) })
        }

        var header = ["rule", "average accuracy", "backward transfer", "forgetting", "stored values per weight"]
        var cells = [
            result.configuration.rule.rawValue,
            String(format: "%.4f", metrics.averageAccuracy),
            metrics.backwardTransfer.map { String(format: "%+.4f", $0) } ?? "—",
            metrics.forgetting.map { String(format: "%.4f", $0) } ?? "—",
            result.storedValuesPerWeight.map(String.init) ?? "—",
        ]
        if let pulses = result.pulses {
            header += ["pulses", "gated requests"]
            cells += [String(pulses.total), String(pulses.gatedRequests)]
        }
        if let saved = result.estimatedGatedPulses {
            header.append("pulses saved by the gate (estimate)")
            cells.append(String(saved))
        }
        header.append("seconds")
        cells.append(String(format: "%.1f", result.timing.seconds))
        var summary = TextTable(header: header)
        summary.append(cells)
        return "accuracy matrix R (row: after training task i; column: test accuracy on task j)\n"
            + matrix.render() + "\n" + summary.render()
    }
}
