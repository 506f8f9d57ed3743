import AnalogSim
import Foundation

/// Prints a continual run's progress on standard error: a line per epoch with the accuracy on
/// the task under way, and a line per task with its row of the accuracy matrix.
struct ContinualProgressPrinter: ContinualRunObserver {
    let sink: TextSink

    func epochFinished(task: Int, taskName: String, epoch: Int, epochsPerTask: Int, elapsedSeconds: Double,
                       taskTestAccuracy: Double) {
        sink.write(String(format: "task %d (%@) epoch %d/%d  %.1f s  test accuracy on this task %.4f\n",
                          task + 1, taskName, epoch, epochsPerTask, elapsedSeconds, taskTestAccuracy))
    }

    func taskFinished(task: Int, taskName: String, accuracies: [Double], elapsedSeconds: Double) {
        let row = accuracies.map { String(format: "%.4f", $0) }.joined(separator: " ")
        sink.write(String(format: "after task %d (%@)  %.1f s  accuracy on tasks 1–%d: %@\n",
                          task + 1, taskName, elapsedSeconds, accuracies.count, row))
    }
}
