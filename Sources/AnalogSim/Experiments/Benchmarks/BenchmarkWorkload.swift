import Foundation

/// A fixed training run that `analogsim bench` times: a configuration and a device profile on
/// MNIST, one epoch over the 60 000 training images, then the 10 000 test images.
///
/// The workloads are fixed, so figures taken on different machines or versions compare.
/// `aihwkitReference` is the configuration that `benchmarks/aihwkit-comparison/run.sh` also runs
/// in IBM's aihwkit. The Ag:a-Si workloads use the NeuroSim-style device with variation.
public struct BenchmarkWorkload: Sendable {
    /// The name `--workload` takes.
    public let name: String
    /// One line on what runs.
    public let summary: String
    public let configuration: TrainingConfiguration
    public let profile: DeviceProfileRecord
    /// OpenBLAS threads of the run (one for batch size 1, where threads only add overhead).
    public let blasThreadCount: Int

    /// Returns every workload, in the order `--workload all` runs them.
    public static func all(library: ProfileLibrary) throws -> [BenchmarkWorkload] {
        let agASi = try agASiWithVariation(library: library)
        return [
            aihwkitReference(),
            agASiWorkload(name: "ag-a-si-unidirectional", hidden: 256, profile: agASi,
                          summary: "Ag:a-Si with device-to-device and cycle-to-cycle variation, 784-256-10, deterministic counts, unidirectional with refresh"),
            agASiWorkload(name: "ag-a-si-hidden-1024", hidden: 1024, profile: agASi,
                          summary: "the same with 1024 hidden units, softmax cross-entropy and η 0.2"),
            agASiWorkload(name: "ag-a-si-batch-64", hidden: 256, batchSize: 64, profile: agASi,
                          summary: "the ag-a-si-unidirectional network in batches of 64 (one write per synapse per batch), cross-entropy, η 2, OpenBLAS on every processor"),
        ]
    }

    /// The names of all workloads, for help and messages.
    public static let names = ["aihwkit-reference", "ag-a-si-unidirectional", "ag-a-si-hidden-1024", "ag-a-si-batch-64"]

    /// Returns aihwkit's reference: 784-256-10, sigmoid hidden layer, softmax cross-entropy, batch
    /// size 1, η 0.05, digital biases and PyTorch's initial weights and biases (±1/√fanIn). Each weight is one soft-bounds device (dw_min 0.02, bounds
    /// ±1, no variation or noise) against a fixed reference. Updates are stochastic pulse trains
    /// with BL 31, update management and BL management.
    public static func aihwkitReference() -> BenchmarkWorkload {
        var configuration = TrainingConfiguration(
            dataset: .mnist, hiddenLayers: [256], learningRate: 0.05, loss: .crossEntropy, rule: .bidirectional)
        configuration.hardware.scheme = .stochastic
        configuration.hardware.pulseTrains = PulseTrainSettings(bitLength: 31, updateManagement: true, bitLengthManagement: true)
        configuration.hardware.weightMapping = .fixedReference
        configuration.hardware.pairWrites = .positiveOnly
        configuration.weightInitialization = .fanInUniform
        let parameters = StepDeviceParameters(
            response: .softBounds(SoftBoundsStep(multiplicativeNoise: false)),
            minimumStep: 0.02, cycleToCycle: 0, minimumWeight: -1, maximumWeight: 1)
        let profile = DeviceProfile(
            name: "aihwkit-reference-soft-bounds",
            description: "Soft-bounds device of the aihwkit comparison: dw_min 0.02, bounds ±1, no variation or noise",
            source: "aihwkit 1.1.0 SoftBoundsDevice with these parameters; the configuration of benchmarks/aihwkit-comparison",
            parameters: .step(parameters))
        return BenchmarkWorkload(
            name: "aihwkit-reference",
            summary: "aihwkit's reference: soft bounds dw_min 0.02 ±1, one device per weight, stochastic BL 31, 784-256-10, cross-entropy, η 0.05",
            configuration: configuration, profile: DeviceProfileRecord(path: "(built into analogsim bench)", content: profile),
            blasThreadCount: 1)
    }

    /// Loads the bundled `ag-a-si` profile and adds the device-to-device spreads of
    /// `examples/device-variation/ag-a-si-variation.json` (σ_NL 0.5, range 10 %, levels 10 %).
    /// The cycle-to-cycle noise (3.5 % per write) stays the bundled profile's.
    static func agASiWithVariation(library: ProfileLibrary) throws -> DeviceProfileRecord {
        let loaded = try library.load("ag-a-si")
        var profile = loaded.profile
        guard case .pulsePosition(var parameters) = profile.parameters else {
            throw BenchmarkError.unexpectedProfile(path: loaded.path)
        }
        parameters.deviceToDevice = DeviceToDeviceVariation(nonlinearitySigma: 0.5, conductanceRangeSigma: 0.1, levelsSigma: 0.1)
        profile.parameters = .pulsePosition(parameters)
        profile.name = "ag-a-si-variation"
        profile.description = "Ag:a-Si with device-to-device variation (σ_NL 0.5, range and levels 10 %) and its 3.5 % cycle-to-cycle noise"
        return DeviceProfileRecord(path: loaded.path, content: profile)
    }

    /// Returns an Ag:a-Si workload. Batches use OpenBLAS on every processor, single samples one thread.
    static func agASiWorkload(name: String, hidden: Int, batchSize: Int = 1, profile: DeviceProfileRecord,
                              summary: String) -> BenchmarkWorkload {
        var configuration = TrainingConfiguration(dataset: .mnist, hiddenLayers: [hidden], batchSize: batchSize, rule: .unidirectional)
        if hidden > 256 && batchSize == 1 {
            // With squared error at η 0.5 the sums of 1024 sigmoid outputs saturate the output
            // layer within a few hundred images and it stops learning (test accuracy 0.09 after
            // 10 000 images); with cross-entropy at η 0.2 it reaches 0.87 after 20 000.
            configuration.learningRate = 0.2
            configuration.loss = .crossEntropy
        }
        if batchSize > 1 {
            // A batch writes its mean request once, so η must grow for the writes to reach half a
            // step; squared error on sigmoid outputs saturates at such rates, cross-entropy does not.
            configuration.learningRate = 2
            configuration.loss = .crossEntropy
        }
        let threads = batchSize > 1 ? ProcessInfo.processInfo.activeProcessorCount : 1
        return BenchmarkWorkload(name: name, summary: summary, configuration: configuration, profile: profile, blasThreadCount: threads)
    }
}
