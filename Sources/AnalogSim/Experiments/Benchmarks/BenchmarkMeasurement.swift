/// What `analogsim bench` measured for one workload.
///
/// `imagesPerSecond` is training throughput, test evaluation excluded.
/// `nanosecondsPerSynapseUpdate = trainingSeconds·10⁹ / (images · synapses)` spreads the training
/// time of an image over every synapse of the network, whether or not it received pulses.
/// `peakResidentBytes` is the process's peak resident memory during the workload, dataset included.
public struct BenchmarkMeasurement: Encodable, Sendable {
    public var workload: String
    public var summary: String
    public var imagesPerSecond: Double
    public var trainingSeconds: Double
    /// Seconds for evaluating all test images once.
    public var evaluationSeconds: Double
    /// Seconds of the run outside training and evaluation: mostly building the network, whose
    /// devices with a nonlinearity spread each take a bisection for their curve constant.
    public var setupSeconds: Double
    public var testImages: Int
    public var nanosecondsPerSynapseUpdate: Double
    public var synapses: Int
    /// Nil where `/proc/self/status` cannot be read.
    public var peakResidentBytes: Int?
    public var blasThreads: Int
    public var testAccuracy: Double
    /// The full training result: configuration, profile, pulses, epochs.
    public var result: TrainingResult
}

/// The result file of `analogsim bench`: the machine, and one measurement per workload. With a
/// single workload its figures are repeated at the top level, so that scripts can read
/// `imagesPerSecond`, `evaluationSeconds` and `testAccuracy` directly.
public struct BenchmarkReport: Encodable, Sendable {
    public var tool = "analogsim"
    public var version = AnalogSimVersion.current
    public var command = "bench"
    public var machine: MachineDescription
    public var workloads: [BenchmarkMeasurement]

    public init(machine: MachineDescription, workloads: [BenchmarkMeasurement]) {
        self.machine = machine
        self.workloads = workloads
    }

    private enum CodingKeys: String, CodingKey {
        case tool, version, command, machine, workloads
        case imagesPerSecond, evaluationSeconds, testAccuracy, peakResidentBytes
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tool, forKey: .tool)
        try container.encode(version, forKey: .version)
        try container.encode(command, forKey: .command)
        try container.encode(machine, forKey: .machine)
        try container.encode(workloads, forKey: .workloads)
        if workloads.count == 1, let only = workloads.first {
            try container.encode(only.imagesPerSecond, forKey: .imagesPerSecond)
            try container.encode(only.evaluationSeconds, forKey: .evaluationSeconds)
            try container.encode(only.testAccuracy, forKey: .testAccuracy)
            try container.encode(only.peakResidentBytes, forKey: .peakResidentBytes)
        }
    }
}
