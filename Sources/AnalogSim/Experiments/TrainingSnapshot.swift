/// The whole state of a `TrainingRun` between two samples (or mini-batches): the network's
/// state, the data-order stream, and how far the run has come, including the records of the
/// epochs it finished. A run resumed from a snapshot produces the result that the uninterrupted
/// run would have produced, apart from timings.
///
/// The snapshot is taken in an epoch whose data order is already drawn: at its start
/// (`samplesDone` 0, what `--checkpoint-every` saves) or after a sample (what an interrupt
/// saves). An `epoch` past the last one marks a finished run.
public struct TrainingSnapshot: Equatable, Sendable {
    /// The epoch (or round) in progress, from 1.
    public var epoch: Int
    /// Training images of `epoch` already trained on.
    public var samplesDone: Int
    /// The order of the training images in `epoch`. The next epoch shuffles this order again,
    /// so it is state, not only progress.
    public var order: [Int]
    /// Sums over the samples of `epoch` trained so far, and the run's pulse statistics when it began.
    public var lossSum: Double
    public var correctCount: Int
    public var statisticsAtEpochStart: PulseStatistics
    /// The records of the finished epochs.
    public var records: [EpochRecord]
    /// Training images presented so far, over all epochs.
    public var samplesTrained: Int
    /// Wall-clock seconds spent so far: in the whole run, in training and evaluation, and in
    /// `epoch` (the epoch in progress).
    public var elapsedSeconds: Double
    public var trainingSeconds: Double
    public var evaluationSeconds: Double
    public var epochElapsedSeconds: Double
    /// The state of the data-order stream.
    public var dataOrderState: [UInt8]
    public var network: NetworkState

    /// Appends the snapshot in the layout that `init(from:)` reads.
    public func encode(into encoder: inout StateEncoder) {
        encoder.write(epoch)
        encoder.write(samplesDone)
        encoder.write(integers: order)
        encoder.write(lossSum)
        encoder.write(correctCount)
        encoder.write(statistics: statisticsAtEpochStart)
        encoder.write(records.count)
        for record in records {
            encoder.write(record: record)
        }
        encoder.write(samplesTrained)
        encoder.write(elapsedSeconds)
        encoder.write(trainingSeconds)
        encoder.write(evaluationSeconds)
        encoder.write(epochElapsedSeconds)
        encoder.write(rawBytes: dataOrderState)
        encoder.write(rawBytes: network.bytes)
    }

    /// Reads a snapshot and checks its progress against a run of `epochCount` epochs over
    /// `trainingCount` images (`roundSize` per round with a rounds schedule).
    public init(from decoder: inout StateDecoder, epochCount: Int, trainingCount: Int, roundSize: Int?) throws {
        epoch = try decoder.readInt("epoch in progress", in: 1...(epochCount + 1))
        let finished = epoch > epochCount
        let orderCount = finished ? 0 : (roundSize ?? trainingCount)
        samplesDone = try decoder.readInt("samples done", in: 0...orderCount)
        order = try decoder.readIntegers("data order", count: orderCount)
        guard order.allSatisfy({ (0..<trainingCount).contains($0) }) else {
            throw StateDecoder.Failure.invalid("the data order names an image outside the \(trainingCount) training images")
        }
        lossSum = try decoder.readDouble("loss sum")
        correctCount = try decoder.readInt("correct count", in: 0...samplesDone)
        statisticsAtEpochStart = try decoder.readPulseStatistics()
        let recordCount = try decoder.readInt("record count", in: (epoch - 1)...(epoch - 1))
        records = try (0..<recordCount).map { _ in try decoder.readEpochRecord() }
        samplesTrained = try decoder.readInt("samples trained", in: 0...Int.max)
        elapsedSeconds = try decoder.readDouble("elapsed seconds")
        trainingSeconds = try decoder.readDouble("training seconds")
        evaluationSeconds = try decoder.readDouble("evaluation seconds")
        epochElapsedSeconds = try decoder.readDouble("epoch seconds")
        dataOrderState = try decoder.readRawBytes("data-order stream")
        network = NetworkState(bytes: try decoder.readRawBytes("network state"))
    }

    public init(epoch: Int, samplesDone: Int, order: [Int], lossSum: Double, correctCount: Int,
                statisticsAtEpochStart: PulseStatistics, records: [EpochRecord], samplesTrained: Int,
                elapsedSeconds: Double, trainingSeconds: Double, evaluationSeconds: Double,
                epochElapsedSeconds: Double, dataOrderState: [UInt8], network: NetworkState) {
        self.epoch = epoch
        self.samplesDone = samplesDone
        self.order = order
        self.lossSum = lossSum
        self.correctCount = correctCount
        self.statisticsAtEpochStart = statisticsAtEpochStart
        self.records = records
        self.samplesTrained = samplesTrained
        self.elapsedSeconds = elapsedSeconds
        self.trainingSeconds = trainingSeconds
        self.evaluationSeconds = evaluationSeconds
        self.epochElapsedSeconds = epochElapsedSeconds
        self.dataOrderState = dataOrderState
        self.network = network
    }
}

extension StateEncoder {
    mutating func write(record: EpochRecord) {
        write(record.epoch)
        write(record.trainLoss)
        write(record.trainAccuracy)
        write(record.testLoss)
        write(record.testAccuracy)
        write(statistics: record.pulses)
        write(timing: record.timing)
    }

    mutating func write(timing: Timing) {
        write(timing.seconds)
        write(timing.imagesPerSecond)
        write(timing.evaluationSeconds)
    }
}

extension StateDecoder {
    mutating func readEpochRecord() throws -> EpochRecord {
        EpochRecord(
            epoch: try readInt("record epoch"), trainLoss: try readDouble("training loss"),
            trainAccuracy: try readDouble("training accuracy"), testLoss: try readDouble("test loss"),
            testAccuracy: try readDouble("test accuracy"), pulses: try readPulseStatistics(), timing: try readTiming())
    }

    mutating func readTiming() throws -> Timing {
        Timing(seconds: try readDouble("seconds"), imagesPerSecond: try readDouble("images per second"),
               evaluationSeconds: try readDouble("evaluation seconds"))
    }
}
