import Foundation

/// Drives a `ContinualLearner` over the tasks of a stream and records the result.
///
/// For each task i: `beginTask`, `epochsPerTask` calls of `trainEpoch` (each followed by a test on
/// task i for the progress line), `endTask`, then a test on every task j of the stream, which is
/// row i of the accuracy matrix `R[i][j]`. Throws `ContinualRunError.nonFiniteState` after a
/// task that left a learned value NaN or infinite.
public enum ContinualRunner {
    public static func run(learner: ContinualLearner, tasks: [ContinualTask], configuration: ContinualConfiguration,
                           profile: DeviceProfileRecord?, observer: ContinualRunObserver?) throws -> ContinualResult {
        precondition(!tasks.isEmpty, "a stream has at least one task")
        let start = Date()
        let totalEpochs = tasks.count * configuration.epochsPerTask
        var matrix: [[Double]] = []
        var epochs: [ContinualResult.EpochRecord] = []

        for (taskIndex, task) in tasks.enumerated() {
            learner.beginTask(task, taskIndex: taskIndex)
            for epoch in 1...configuration.epochsPerTask {
                let epochStart = Date()
                learner.trainEpoch(on: task, globalEpoch: taskIndex * configuration.epochsPerTask + epoch - 1,
                                   totalEpochs: totalEpochs)
                let accuracy = learner.testAccuracy(on: task)
                epochs.append(.init(task: taskIndex, epoch: epoch, taskTestAccuracy: accuracy,
                                    timing: .init(seconds: Date().timeIntervalSince(epochStart))))
                observer?.epochFinished(task: taskIndex, taskName: task.name, epoch: epoch,
                                        epochsPerTask: configuration.epochsPerTask,
                                        elapsedSeconds: Date().timeIntervalSince(start), taskTestAccuracy: accuracy)
            }
            learner.endTask(task, taskIndex: taskIndex)
            if learner.hasNonFiniteState {
                throw ContinualRunError.nonFiniteState(task: taskIndex + 1, taskName: task.name,
                                                       learningRate: configuration.learningRate)
            }
            let row = tasks.map { learner.testAccuracy(on: $0) }
            matrix.append(row)
            observer?.taskFinished(task: taskIndex, taskName: task.name, accuracies: row,
                                   elapsedSeconds: Date().timeIntervalSince(start))
        }

        let metrics = ContinualMetrics(accuracyMatrix: matrix)
        let gradientLearner = learner as? GradientRuleLearner
        return ContinualResult(
            configuration: configuration, profile: profile, learner: learner.summary,
            network: [tasks[0].inputCount] + configuration.hiddenLayers + [10],
            storedValuesPerWeight: gradientLearner?.storedValuesPerWeight ?? configuration.rule.binaryRuleStoredValuesPerWeight,
            tasks: tasks.map { .init(name: $0.name, classes: $0.classes, trainingImages: $0.trainingCount, testImages: $0.testCount) },
            metrics: metrics,
            accuracyOverSequence: tasks.indices.map { metrics.accuracyOverSequence(task: $0) },
            epochs: epochs,
            pulses: learner.pulseCounts,
            estimatedGatedPulses: gradientLearner?.estimatedGatedPulses,
            pulseStatistics: gradientLearner.flatMap { $0.usesDevices ? $0.pulseStatistics : nil },
            timing: .init(seconds: Date().timeIntervalSince(start)))
    }
}

/// Why a continual run stopped before its last task.
public enum ContinualRunError: Error, Equatable, UserFacingError {
    /// Training task `task` (counted from 1) left a weight or hidden value NaN or infinite.
    case nonFiniteState(task: Int, taskName: String, learningRate: Double)

    public var kind: FailureKind { .runtime }

    public var message: String {
        switch self {
        case .nonFiniteState(let task, let taskName, let learningRate):
            return "training diverged: after task \(task) (\(taskName)) a weight or hidden value is NaN or infinite, "
                + "so the run stopped and wrote no result. Try a smaller --learning-rate than \(learningRate), "
                + "for example \(learningRate / 10)."
        }
    }
}
