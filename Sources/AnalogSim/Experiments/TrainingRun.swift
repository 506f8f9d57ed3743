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
    public func run(observer: TrainingObserver? = nil) throws -> TrainingResult {
        let network = NetworkFactory.makeNetwork(
            configuration: configuration, profile: profile?.content,
            inputCount: training.pixelsPerImage, classCount: 10)
        let dataOrder = RandomSource(seed: configuration.seed, stream: .dataOrder)
        var order = Array(0..<training.count)
        var records: [EpochRecord] = []
        let runStart = Date()
        var trainingSeconds = 0.0
        var evaluationSeconds = 0.0
        var samplesTrained = 0
        let epochCount = configuration.schedule?.rounds ?? configuration.epochs

        for epoch in 1...epochCount {
            let epochStart = Date()
            let pulsesBefore = totalStatistics(network)
            if let schedule = configuration.schedule {
                order = TrainingRun.drawRound(size: schedule.roundSize, trainingCount: training.count, source: dataOrder)
            } else {
                dataOrder.shuffle(&order)
            }
            samplesTrained += order.count

            let progressInterval = TrainingRun.progressInterval(sampleCount: order.count)
            var lossSum = 0.0
            var correctCount = 0
            if configuration.batchSize > 1 {
                let outcome = try trainBatches(network, order: order, epoch: epoch, progressInterval: progressInterval, observer: observer)
                lossSum = outcome.lossSum
                correctCount = outcome.correctCount
            } else {
                for (step, example) in order.enumerated() {
                    loadImage(example, of: training, into: network)
                    let outcome = network.trainStep(label: Int(training.labels[example]))
                    if let fault = network.lastStepFault {
                        throw stopError(for: fault, epoch: epoch, samples: (step + 1)...(step + 1))
                    }
                    lossSum += Double(outcome.loss)
                    correctCount += outcome.correct ? 1 : 0
                    if (step + 1) % progressInterval == 0 {
                        observer?.trainingProgress(run: name, epoch: epoch, samplesDone: step + 1, sampleCount: order.count)
                    }
                }
            }
            let epochTrainingSeconds = Date().timeIntervalSince(epochStart)
            trainingSeconds += epochTrainingSeconds

            let evaluationStart = Date()
            let evaluation = evaluate(network)
            guard evaluation.loss.isFinite else {
                throw TrainingError.nonFiniteTestLoss(run: name, period: periodName, periodIndex: epoch, learningRates: learningRates)
            }
            let epochEvaluationSeconds = Date().timeIntervalSince(evaluationStart)
            evaluationSeconds += epochEvaluationSeconds
            let record = EpochRecord(
                epoch: epoch,
                trainLoss: lossSum / Double(max(order.count, 1)),
                trainAccuracy: Double(correctCount) / Double(max(order.count, 1)),
                testLoss: evaluation.loss, testAccuracy: evaluation.accuracy,
                pulses: totalStatistics(network) - pulsesBefore,
                timing: Timing(seconds: Date().timeIntervalSince(epochStart),
                               imagesPerSecond: Double(order.count) / max(epochTrainingSeconds, 1e-9),
                               evaluationSeconds: epochEvaluationSeconds))
            records.append(record)
            observer?.epochFinished(run: name, record: record, epochCount: epochCount)
        }

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
                           imagesPerSecond: Double(samplesTrained) / max(trainingSeconds, 1e-9),
                           evaluationSeconds: evaluationSeconds))
    }

    /// Trains one epoch in mini-batches of `batchSize` samples (the last one may be smaller) and
    /// returns the summed loss and the number of right predictions.
    private func trainBatches(_ network: MultilayerPerceptron, order: [Int], epoch: Int, progressInterval: Int,
                              observer: TrainingObserver?) throws -> (lossSum: Double, correctCount: Int) {
        let batchSize = configuration.batchSize
        network.prepareBatch(capacity: batchSize)
        var labels: [Int] = []
        labels.reserveCapacity(batchSize)
        var lossSum = 0.0
        var correctCount = 0

        for batchStart in stride(from: 0, to: order.count, by: batchSize) {
            let batchEnd = min(batchStart + batchSize, order.count)
            labels.removeAll(keepingCapacity: true)
            for (sample, example) in order[batchStart..<batchEnd].enumerated() {
                loadImage(example, of: training, into: network.batchInput(sample: sample))
                labels.append(Int(training.labels[example]))
            }
            let outcome = network.trainBatch(labels: labels)
            if let fault = network.lastStepFault {
                throw stopError(for: fault, epoch: epoch, samples: (batchStart + 1)...batchEnd)
            }
            lossSum += Double(outcome.lossSum)
            correctCount += outcome.correctCount
            if batchEnd / progressInterval > batchStart / progressInterval {
                observer?.trainingProgress(run: name, epoch: epoch, samplesDone: batchEnd, sampleCount: order.count)
            }
        }
        return (lossSum, correctCount)
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
