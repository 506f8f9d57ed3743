/// The standard summary of a continual run, computed from its accuracy matrix.
///
/// `R[i][j]` is the test accuracy (a fraction) on task j after training task i, for T tasks
/// indexed from 0 here (the formulas below index from 1, as in the literature):
/// - average accuracy `ACC = mean_j R[T][j]`: the accuracy over all tasks at the end;
/// - backward transfer `BWT = mean_{j<T}(R[T][j] − R[j][j])`: negative when later tasks made
///   earlier ones worse;
/// - forgetting `F = mean_{j<T}(max_{i<T} R[i][j] − R[T][j])`: how far each earlier task ended
///   below the best accuracy it ever had before the last task.
/// BWT and F average over the first T − 1 tasks, so they are nil for a single task.
public struct ContinualMetrics: Codable, Equatable, Sendable {
    /// `accuracyMatrix[i][j]`: accuracy on task j after training task i (a square T × T matrix).
    public let accuracyMatrix: [[Double]]
    public let averageAccuracy: Double
    public let backwardTransfer: Double?
    public let forgetting: Double?

    /// Computes the metrics of a square, non-empty matrix.
    public init(accuracyMatrix: [[Double]]) {
        let taskCount = accuracyMatrix.count
        precondition(taskCount > 0 && accuracyMatrix.allSatisfy { $0.count == taskCount }, "the accuracy matrix must be square and non-empty")
        self.accuracyMatrix = accuracyMatrix
        let last = accuracyMatrix[taskCount - 1]
        averageAccuracy = last.reduce(0, +) / Double(taskCount)

        guard taskCount > 1 else {
            backwardTransfer = nil
            forgetting = nil
            return
        }
        let earlier = 0..<(taskCount - 1)
        let transfers = earlier.map { task in last[task] - accuracyMatrix[task][task] }
        backwardTransfer = transfers.reduce(0, +) / Double(taskCount - 1)
        let drops = earlier.map { task in
            let best = earlier.map { step in accuracyMatrix[step][task] }.max()!
            return best - last[task]
        }
        forgetting = drops.reduce(0, +) / Double(taskCount - 1)
    }

    /// Task j's accuracy after each task of the sequence: column j of the matrix.
    public func accuracyOverSequence(task: Int) -> [Double] {
        accuracyMatrix.map { $0[task] }
    }
}
