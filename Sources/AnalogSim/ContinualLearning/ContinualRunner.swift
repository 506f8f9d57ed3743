import Foundation

/// Drives a `ContinualLearner` over the tasks of a stream and records the result.
///
/// For each task i the runner calls `beginTask`, then `trainEpoch` `epochsPerTask` times (each
/// followed by a test on task i for the progress line), then `endTask`. It then tests every task j
/// of the stream, which gives row i of the accuracy matrix `R[i][j]`. Throws `ContinualRunError.nonFiniteState` after a
/// task that left a learned value NaN or infinite.
public enum ContinualRunner {
    /// Runs the stream. With `checkpointing`, the runner saves a `ContinualSnapshot` after every
    /// `interval` epochs and, when a stop is requested, at the next epoch or task boundary, then
    /// throws `TrainingInterruption`. A stop requested during the last task lets the run finish.
    /// With `snapshot`, the run restores the learner and continues where the snapshot was taken;
    /// it throws `StateDecoder.Failure` when the learner's state does not fit.
    public static func run(learner: ContinualLearner, tasks: [ContinualTask], configuration: ContinualConfiguration,
                           profile: DeviceProfileRecord?, observer: ContinualRunObserver?,
                           checkpointing: ContinualCheckpointing? = nil,
                           resumingFrom snapshot: ContinualSnapshot? = nil) throws -> ContinualResult {
        precondition(!tasks.isEmpty, "a stream has at least one task")
        let epochsPerTask = configuration.epochsPerTask
        let totalEpochs = tasks.count * epochsPerTask
        var matrix = snapshot?.accuracyRows ?? []
        var epochs = snapshot?.epochs ?? []
        let start = Date().addingTimeInterval(-(snapshot?.elapsedSeconds ?? 0))
        if let snapshot {
            var decoder = StateDecoder(bytes: snapshot.learnerState)
            try learner.restoreState(from: &decoder)
            guard decoder.remainingCount == 0 else {
                throw StateDecoder.Failure.invalid("\(decoder.remainingCount) bytes follow the learner state")
            }
        }

        /// Saves a snapshot at (taskIndex, epochsDone) when the schedule or a stop request calls
        /// for one. After saving for a stop request, it throws `TrainingInterruption`.
        func checkpointIfDue(taskIndex: Int, epochsDone: Int) throws {
            guard let checkpointing else { return }
            let globalEpochs = taskIndex * epochsPerTask + epochsDone
            let stopSignal = checkpointing.stopRequest?.signal
            let scheduled = checkpointing.interval.map { globalEpochs % $0 == 0 } ?? false
            guard scheduled || stopSignal != nil else { return }

            var encoder = StateEncoder()
            learner.encodeState(into: &encoder)
            try checkpointing.save(ContinualSnapshot(taskIndex: taskIndex, epochsDone: epochsDone, accuracyRows: matrix,
                                                     epochs: epochs, elapsedSeconds: Date().timeIntervalSince(start),
                                                     learnerState: encoder.bytes))
            if let stopSignal {
                throw TrainingInterruption(signal: stopSignal)
            }
        }

        let firstTask = snapshot?.taskIndex ?? 0
        for taskIndex in firstTask..<tasks.count {
            let task = tasks[taskIndex]
            let epochsDone = taskIndex == firstTask ? snapshot?.epochsDone ?? 0 : 0
            if epochsDone == 0 {
                learner.beginTask(task, taskIndex: taskIndex)
            }
            for epoch in (epochsDone + 1)..<(epochsPerTask + 1) {
                let epochStart = Date()
                learner.trainEpoch(on: task, globalEpoch: taskIndex * epochsPerTask + epoch - 1, totalEpochs: totalEpochs)
                let accuracy = learner.testAccuracy(on: task)
                epochs.append(.init(task: taskIndex, epoch: epoch, taskTestAccuracy: accuracy,
                                    timing: .init(seconds: Date().timeIntervalSince(epochStart))))
                observer?.epochFinished(task: taskIndex, taskName: task.name, epoch: epoch, epochsPerTask: epochsPerTask,
                                        elapsedSeconds: Date().timeIntervalSince(start), taskTestAccuracy: accuracy)
                if epoch < epochsPerTask {
                    try checkpointIfDue(taskIndex: taskIndex, epochsDone: epoch)
                }
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
            if taskIndex + 1 < tasks.count {
                try checkpointIfDue(taskIndex: taskIndex + 1, epochsDone: 0)
            }
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

/// The reason a continual run stopped before its last task.
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
