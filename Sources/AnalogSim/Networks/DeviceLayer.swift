/// A layer whose weights are differential device pairs in a crossbar, learning by pulses.
///
/// The forward and backward passes are reads of the crossbar; an update turns
/// `ΔW = −η·δ·xᵀ` into pulses with the bidirectional or unidirectional kernel. The bias is
/// digital. Cycle-to-cycle noise of all writes in the layer comes from one stream.
public final class DeviceLayer<Devices: DevicePopulation>: TrainableLayer {
    public let crossbar: DifferentialCrossbar<Devices>
    public let rule: LearningRule
    public let settings: HardwareUpdateSettings
    public var statistics: PulseStatistics { context.statistics }
    public var inputCount: Int { crossbar.columnCount }
    public var outputCount: Int { crossbar.rowCount }

    private var biases: [Float]
    private var context: PulseUpdateContext
    private var samplesSinceRefresh = 0

    /// Creates the layer; `writeNoise` draws cycle-to-cycle noise, `pulseTrainRandom` the bits of
    /// the stochastic scheme.
    public init(crossbar: DifferentialCrossbar<Devices>, rule: LearningRule, settings: HardwareUpdateSettings,
                writeNoise: RandomSource, pulseTrainRandom: Xoshiro256StarStar) {
        precondition(rule.usesDevices, "a device layer needs a device rule")
        self.crossbar = crossbar
        self.rule = rule
        self.settings = settings
        context = PulseUpdateContext(settings: settings, rowCount: crossbar.rowCount, columnCount: crossbar.columnCount,
                                     writeNoise: writeNoise, pulseTrainRandom: pulseTrainRandom)
        biases = [Float](repeating: 0, count: crossbar.rowCount)
    }

    public func forward(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        crossbar.multiply(input: input, output: output)
        for row in 0..<outputCount {
            output[row] += biases[row]
        }
    }

    public func backward(error: UnsafePointer<Float>, inputError: UnsafeMutablePointer<Float>) {
        crossbar.multiplyTransposed(input: error, output: inputError)
    }

    public func update(input: SparseInput, error: UnsafePointer<Float>, learningRate: Float) {
        switch rule {
        case .bidirectional:
            BidirectionalUpdate.apply(
                to: crossbar, input: input, errors: error, learningRate: learningRate,
                pairWrites: settings.pairWrites, context: &context)
        case .unidirectional:
            UnidirectionalUpdate.apply(
                to: crossbar, input: input, errors: error, learningRate: learningRate,
                refreshThreshold: Float(settings.refresh.threshold), context: &context)
        case .software:
            preconditionFailure("a device layer never runs the software rule")
        }
        for row in 0..<outputCount {
            biases[row] -= learningRate * error[row]
        }
    }

    public func sampleFinished() {
        if crossbar.positive.hasRetention {
            crossbar.positive.applyRetention()
            crossbar.negative.applyRetention()
            for synapse in 0..<(crossbar.rowCount * crossbar.columnCount) {
                crossbar.updateWeight(synapse: synapse)
            }
        }
        guard rule == .unidirectional, settings.refresh.interval > 0 else { return }
        samplesSinceRefresh += 1
        if samplesSinceRefresh >= settings.refresh.interval {
            samplesSinceRefresh = 0
            PairRefresh.refreshAll(crossbar, noise: context.writeNoise, statistics: &context.statistics)
        }
    }

    public func setInitialWeights(_ weights: [Float]) {
        precondition(weights.count == inputCount * outputCount, "weight count does not match the layer")
        let placement = PairPlacement.forRule(rule)
        for synapse in 0..<weights.count {
            crossbar.program(synapse: synapse, weight: weights[synapse], placement: placement)
        }
        biases = [Float](repeating: 0, count: outputCount)
    }

    public func currentWeights() -> [Float] {
        Array(crossbar.weights)
    }
}
