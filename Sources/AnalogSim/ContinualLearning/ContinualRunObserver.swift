/// Receives the progress of a continual run, for progress lines on standard error.
public protocol ContinualRunObserver {
    /// Called after each epoch with the run's elapsed seconds and the accuracy on the task under way.
    func epochFinished(task: Int, taskName: String, epoch: Int, epochsPerTask: Int, elapsedSeconds: Double,
                       taskTestAccuracy: Double)
    /// Called after each task with row `task` of the accuracy matrix (accuracy on every task so far
    /// and after).
    func taskFinished(task: Int, taskName: String, accuracies: [Double], elapsedSeconds: Double)
}
