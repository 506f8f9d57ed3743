import Foundation

/// One training run: builds the network, trains it epoch by epoch on the training images in an
/// order drawn from the seed, and tests it after every epoch. With a `RoundSchedule` it trains in
/// rounds instead: each round draws its images at random, with replacement, from the seed's data
/// order stream, and each round is recorded, reported and tested as an epoch.
public final class TrainingRun {
    public let configuration: TrainingConfiguration
    public let profile: DeviceProfileRecord?
    /// The name of the run in progress reports.
    public let name: String

    /// The training and test images after the configuration's input transform.
    public let training: LabeledImages
    public let test: LabeledImages

    /// Epochs of the run, or rounds with a rounds schedule.
    public var epochCount: Int {
        configuration.schedule?.rounds ?? configuration.epochs
    }

    /// Samples between progress reports: every 500, or every 5 % of a smaller epoch.
    static func progressInterval(sampleCount: Int) -> Int {
        max(1, min(500, sampleCount / 20))
    }

    /// Draws the training images of one round: `size` indices uniform in `0..<trainingCount`,
    /// with replacement, as NeuroSim draws each image of a round independently.
    static func drawRound(size: Int, trainingCount: Int, source: RandomSource) -> [Int] {
        (0..<size).map { _ in source.uniformInteger(below: trainingCount) }
    }

    public init(configuration: TrainingConfiguration, profile: DeviceProfileRecord?, training: LabeledImages,
                test: LabeledImages, name: String? = nil) {
        precondition(!configuration.rule.usesDevices || profile != nil, "a device rule needs a profile")
        self.configuration = configuration
        self.profile = profile
        self.training = configuration.inputTransform.apply(to: training)
        self.test = configuration.inputTransform.apply(to: test)
        self.name = name ?? configuration.rule.rawValue
    }

    /// Trains and returns the result. Throws `TrainingError` at the first step whose loss or
    /// outputs are not finite (`MultilayerPerceptron.lastStepFault`), which changed no weight, or
    /// when the test loss after a period is not finite.
    ///
    /// With `checkpointing`, the run saves snapshots on its schedule. When its stop request is
    /// set, the run saves one after the sample (or mini-batch) in progress and throws
    /// `TrainingInterruption`. With `snapshot`, from a run of the same configuration and profile,
    /// the run continues from it instead of starting; the result equals the uninterrupted run's
    /// apart from timings.
    public func run(observer: TrainingObserver? = nil, checkpointing: TrainingCheckpointing? = nil,
                    resumingFrom snapshot: TrainingSnapshot? = nil) throws -> TrainingResult {
        let network = NetworkFactory.makeNetwork(
            configuration: configuration, profile: profile?.content,
            inputCount: training.pixelsPerImage, classCount: 10)
        let dataOrder = RandomSource(seed: configuration.seed, stream: .dataOrder)
        var state = snapshot ?? TrainingSnapshot(
            epoch: 1, samplesDone: 0, order: Array(0..<training.count), lossSum: 0, correctCount: 0,
            statisticsAtEpochStart: PulseStatistics(), records: [], samplesTrained: 0, elapsedSeconds: 0,
            trainingSeconds: 0, evaluationSeconds: 0, epochElapsedSeconds: 0, dataOrderState: [],
            network: NetworkState(bytes: []))
        if let snapshot {
            try restore(snapshot, network: network, dataOrder: dataOrder)
        }
        let runStart = Date().addingTimeInterval(-state.elapsedSeconds)
        var resuming = snapshot != nil

        while state.epoch <= epochCount {
            if !resuming {
                beginEpoch(&state, network: network, dataOrder: dataOrder)
                if let interval = checkpointing?.interval, state.epoch > 1, (state.epoch - 1) % interval == 0 {
                    try checkpointing?.save(capture(state, network: network, dataOrder: dataOrder, runStart: runStart, epochStart: Date()), .scheduled)
                }
            }
            resuming = false
            let epochStart = Date().addingTimeInterval(-state.epochElapsedSeconds)
            let progressInterval = TrainingRun.progressInterval(sampleCount: state.order.count)

            let stopped: Bool
            if configuration.batchSize > 1 {
                stopped = try trainBatches(network, state: &state, progressInterval: progressInterval,
                                           stopRequest: checkpointing?.stopRequest, observer: observer)
            } else {
                stopped = try trainSamples(network, state: &state, progressInterval: progressInterval,
                                           stopRequest: checkpointing?.stopRequest, observer: observer)
            }
            if stopped, let checkpointing, let signal = checkpointing.stopRequest?.signal {
                try checkpointing.save(capture(state, network: network, dataOrder: dataOrder, runStart: runStart, epochStart: epochStart),
                                       .interrupted)
                throw TrainingInterruption(signal: signal)
            }
            let record = try finishEpoch(&state, network: network, epochStart: epochStart)
            observer?.epochFinished(run: name, record: record, epochCount: epochCount)
        }

        if let checkpointing, snapshot?.epoch ?? 1 <= epochCount {
            state.order = []
            state.samplesDone = 0
            state.lossSum = 0
            state.correctCount = 0
            try checkpointing.save(capture(state, network: network, dataOrder: dataOrder, runStart: runStart, epochStart: Date()), .finished)
        }
        return makeResult(state, network: network, runStart: runStart)
    }

    /// Tests the network after the epoch in progress, appends its record and moves `state` to the
    /// next epoch; returns the record.
    private func finishEpoch(_ state: inout TrainingSnapshot, network: MultilayerPerceptron, epochStart: Date) throws -> EpochRecord {
        let sampleCount = state.order.count
        let epochTrainingSeconds = Date().timeIntervalSince(epochStart)
        state.trainingSeconds += epochTrainingSeconds

        let evaluationStart = Date()
        let evaluation = evaluate(network)
        guard evaluation.loss.isFinite else {
            throw TrainingError.nonFiniteTestLoss(run: name, period: periodName, periodIndex: state.epoch, learningRates: learningRates)
        }
        let epochEvaluationSeconds = Date().timeIntervalSince(evaluationStart)
        state.evaluationSeconds += epochEvaluationSeconds
        let record = EpochRecord(
            epoch: state.epoch,
            trainLoss: state.lossSum / Double(max(sampleCount, 1)),
            trainAccuracy: Double(state.correctCount) / Double(max(sampleCount, 1)),
            testLoss: evaluation.loss, testAccuracy: evaluation.accuracy,
            pulses: totalStatistics(network) - state.statisticsAtEpochStart,
            timing: Timing(seconds: Date().timeIntervalSince(epochStart),
                           imagesPerSecond: Double(sampleCount) / max(epochTrainingSeconds, 1e-9),
                           evaluationSeconds: epochEvaluationSeconds))
        state.records.append(record)
        state.epoch += 1
        return record
    }

    /// Returns the result of the finished run.
    private func makeResult(_ state: TrainingSnapshot, network: MultilayerPerceptron, runStart: Date) -> TrainingResult {
        let records = state.records
        return TrainingResult(
            configuration: configuration, profile: profile,
            network: [training.pixelsPerImage] + configuration.hiddenLayers + [10],
            trainingImages: training.count, testImages: test.count, epochs: records,
            testAccuracy: records.last?.testAccuracy ?? 0,
            pulses: totalStatistics(network), layerPulses: network.layers.map(\.statistics),
            writeCost: WriteCost.estimate(totalStatistics(network), profile: profile?.content),
            layerWriteCosts: profile?.content.write == nil ? nil
                : network.layers.compactMap { WriteCost.estimate($0.statistics, profile: profile?.content) },
            timing: Timing(seconds: Date().timeIntervalSince(runStart),
                           imagesPerSecond: Double(state.samplesTrained) / max(state.trainingSeconds, 1e-9),
                           evaluationSeconds: state.evaluationSeconds))
    }

    /// Starts epoch `state.epoch`: draws its data order and clears its sums.
    private func beginEpoch(_ state: inout TrainingSnapshot, network: MultilayerPerceptron, dataOrder: RandomSource) {
        state.statisticsAtEpochStart = totalStatistics(network)
        if let schedule = configuration.schedule {
            state.order = TrainingRun.drawRound(size: schedule.roundSize, trainingCount: training.count, source: dataOrder)
        } else {
            dataOrder.shuffle(&state.order)
        }
        state.samplesTrained += state.order.count
        state.samplesDone = 0
        state.lossSum = 0
        state.correctCount = 0
        state.epochElapsedSeconds = 0
    }

    /// Trains the samples of `state.order` from `state.samplesDone` on, one update each; returns
    /// true when it stopped early because `stopRequest` was set.
    private func trainSamples(_ network: MultilayerPerceptron, state: inout TrainingSnapshot, progressInterval: Int,
                              stopRequest: StopRequest?, observer: TrainingObserver?) throws -> Bool {
        let order = state.order
        for step in state.samplesDone..<order.count {
            if let stopRequest, stopRequest.isRequested { return true }
            let example = order[step]
            loadImage(example, of: training, into: network)
            let outcome = network.trainStep(label: Int(training.labels[example]))
            if let fault = network.lastStepFault {
                throw stopError(for: fault, epoch: state.epoch, samples: (step + 1)...(step + 1))
            }
            state.lossSum += Double(outcome.loss)
            state.correctCount += outcome.correct ? 1 : 0
            state.samplesDone = step + 1
            if (step + 1) % progressInterval == 0 {
                observer?.trainingProgress(run: name, epoch: state.epoch, samplesDone: step + 1, sampleCount: order.count)
            }
        }
        return false
    }

    /// Restores `network` and the data-order stream from `snapshot`.
    private func restore(_ snapshot: TrainingSnapshot, network: MultilayerPerceptron, dataOrder: RandomSource) throws {
        try snapshot.network.restore(into: network)
        guard dataOrder.restoreState(snapshot.dataOrderState) else {
            throw StateDecoder.Failure.invalid("the data-order stream has \(snapshot.dataOrderState.count) bytes, not the size of a GSL taus2 state")
        }
    }

    /// Returns `state` with the network, the data-order stream and the clocks of this moment.
    private func capture(_ state: TrainingSnapshot, network: MultilayerPerceptron, dataOrder: RandomSource,
                         runStart: Date, epochStart: Date) -> TrainingSnapshot {
        var snapshot = state
        let now = Date()
        snapshot.elapsedSeconds = now.timeIntervalSince(runStart)
        snapshot.epochElapsedSeconds = state.epoch <= epochCount
            ? now.timeIntervalSince(epochStart) : 0
        snapshot.dataOrderState = dataOrder.savedState()
        snapshot.network = NetworkState(capturing: network)
        return snapshot
    }

    /// Trains the samples of `state.order` from `state.samplesDone` on in mini-batches of
    /// `batchSize` samples, the last one possibly smaller. Returns true when it stopped between two
    /// batches because `stopRequest` was set. A stop leaves `samplesDone` a multiple of
    /// `batchSize`, so a resumed epoch has the same batches.
    private func trainBatches(_ network: MultilayerPerceptron, state: inout TrainingSnapshot, progressInterval: Int,
                              stopRequest: StopRequest?, observer: TrainingObserver?) throws -> Bool {
        let batchSize = configuration.batchSize
        let order = state.order
        network.prepareBatch(capacity: batchSize)
        var labels: [Int] = []
        labels.reserveCapacity(batchSize)

        for batchStart in stride(from: state.samplesDone, to: order.count, by: batchSize) {
            if let stopRequest, stopRequest.isRequested { return true }
            let batchEnd = min(batchStart + batchSize, order.count)
            labels.removeAll(keepingCapacity: true)
            for (sample, example) in order[batchStart..<batchEnd].enumerated() {
                loadImage(example, of: training, into: network.batchInput(sample: sample))
                labels.append(Int(training.labels[example]))
            }
            let outcome = network.trainBatch(labels: labels)
            if let fault = network.lastStepFault {
                throw stopError(for: fault, epoch: state.epoch, samples: (batchStart + 1)...batchEnd)
            }
            state.lossSum += Double(outcome.lossSum)
            state.correctCount += outcome.correctCount
            state.samplesDone = batchEnd
            if batchEnd / progressInterval > batchStart / progressInterval {
                observer?.trainingProgress(run: name, epoch: state.epoch, samplesDone: batchEnd, sampleCount: order.count)
            }
        }
        return false
    }

    /// Returns the error that stops the run at a step with a numerical fault.
    private func stopError(for fault: NumericalFault, epoch: Int, samples: ClosedRange<Int>) -> TrainingError {
        .nonFiniteLoss(run: name, period: periodName, periodIndex: epoch, samples: samples, learningRates: learningRates, fault: fault)
    }

    /// "round" with a rounds schedule, else "epoch".
    private var periodName: String {
        configuration.schedule == nil ? "epoch" : "round"
    }

    private var learningRates: [Double] {
        configuration.layerLearningRates ?? [configuration.learningRate]
    }

    /// Test loss and accuracy of `network` on the test images.
    func evaluate(_ network: MultilayerPerceptron) -> (loss: Double, accuracy: Double) {
        var lossSum = 0.0
        var correctCount = 0
        for example in 0..<test.count {
            loadImage(example, of: test, into: network)
            let outcome = network.evaluate(label: Int(test.labels[example]))
            lossSum += Double(outcome.loss)
            correctCount += outcome.correct ? 1 : 0
        }
        let count = Double(max(test.count, 1))
        return (lossSum / count, Double(correctCount) / count)
    }

    private func totalStatistics(_ network: MultilayerPerceptron) -> PulseStatistics {
        network.layers.reduce(PulseStatistics()) { $0 + $1.statistics }
    }

    /// Writes image `example` of `images`, scaled to [0, 1], into the network's input.
    private func loadImage(_ example: Int, of images: LabeledImages, into network: MultilayerPerceptron) {
        loadImage(example, of: images, into: network.input.baseAddress!)
    }

    /// Writes image `example` of `images`, scaled to [0, 1], into `input`.
    private func loadImage(_ example: Int, of images: LabeledImages, into input: UnsafeMutablePointer<Float>) {
        let start = example * images.pixelsPerImage
        images.pixels.withUnsafeBufferPointer { pixels in
            for index in 0..<images.pixelsPerImage {
                input[index] = Float(pixels[start + index]) * (1 / 255)
            }
        }
    }
}
