/// Receives progress from training runs; the command-line tool prints it. Calls may come from
/// several threads when runs execute in parallel.
public protocol TrainingObserver: AnyObject, Sendable {
    /// `samplesDone` of `sampleCount` training samples of `epoch` are done in run `run`.
    func trainingProgress(run: String, epoch: Int, samplesDone: Int, sampleCount: Int)
    /// Epoch `record.epoch` of `epochCount` of run `run` finished.
    func epochFinished(run: String, record: EpochRecord, epochCount: Int)
}
