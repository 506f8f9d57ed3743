/// Receives progress from training runs; the command-line tool prints it. Calls may come from
/// several threads when runs execute in parallel.
public protocol TrainingObserver: AnyObject, Sendable {
    /// `samplesDone` of `sampleCount` training samples of `epoch` are done in run `run`.
    func trainingProgress(run: String, epoch: Int, samplesDone: Int, sampleCount: Int)
    /// Epoch `record.epoch` of `epochCount` of run `run` finished.
    func epochFinished(run: String, record: EpochRecord, epochCount: Int)
}

/// Why a training run stopped early.
public enum TrainingError: Error, Equatable, UserFacingError {
    /// The loss became NaN or infinite.
    case nonFiniteLoss(run: String, epoch: Int, step: Int, learningRate: Double)

    public var kind: FailureKind { .runtime }

    public var message: String {
        switch self {
        case .nonFiniteLoss(let run, let epoch, let step, let learningRate):
            return "\(run): the training loss became non-finite at epoch \(epoch), sample \(step). "
                + "The learning rate \(learningRate) is too large for this network; try a smaller --learning-rate."
        }
    }
}
