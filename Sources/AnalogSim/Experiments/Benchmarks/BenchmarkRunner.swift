import Foundation

/// Runs benchmark workloads on a loaded MNIST split and measures them.
public enum BenchmarkRunner {
    /// Trains `workload` for one epoch on `data` (limited to `trainLimit` images when given),
    /// tests it once on all test images, and returns the figures. Sets OpenBLAS to the
    /// workload's thread count for the run and back to one afterwards.
    public static func measure(_ workload: BenchmarkWorkload, data: DatasetSplit, trainLimit: Int? = nil,
                               seed: UInt64 = 1, observer: TrainingObserver? = nil) throws -> BenchmarkMeasurement {
        guard data.training.pixelsPerImage == 784 else {
            throw BenchmarkError.wrongImageSize(directory: data.directory, pixelsPerImage: data.training.pixelsPerImage)
        }
        var configuration = workload.configuration
        configuration.dataDirectory = data.directory
        configuration.trainLimit = trainLimit
        configuration.seed = seed
        let training = data.training.prefix(trainLimit)

        BLAS.setThreadCount(workload.blasThreadCount)
        defer { BLAS.setThreadCount(1) }
        ResidentMemory.resetPeak()
        let start = Date()
        let run = TrainingRun(configuration: configuration, profile: workload.profile, training: training,
                              test: data.test, name: workload.name)
        let result = try run.run(observer: observer)
        let wallSeconds = Date().timeIntervalSince(start)
        let peak = ResidentMemory.peakBytes

        let trainingSeconds = Double(training.count) / max(result.timing.imagesPerSecond, 1e-12)
        let setupSeconds = max(0, wallSeconds - trainingSeconds - result.timing.evaluationSeconds)
        let synapses = zip(result.network, result.network.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
        return BenchmarkMeasurement(
            workload: workload.name, summary: workload.summary,
            imagesPerSecond: result.timing.imagesPerSecond, trainingSeconds: trainingSeconds,
            evaluationSeconds: result.timing.evaluationSeconds, setupSeconds: setupSeconds, testImages: data.test.count,
            nanosecondsPerSynapseUpdate: trainingSeconds * 1e9 / (Double(max(training.count, 1)) * Double(synapses)),
            synapses: synapses, peakResidentBytes: peak, blasThreads: workload.blasThreadCount,
            testAccuracy: result.testAccuracy, result: result)
    }
}
