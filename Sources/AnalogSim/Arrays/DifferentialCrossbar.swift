/// A crossbar of differential device pairs holding a `rowCount × columnCount` weight matrix.
///
///     W_ij = (G⁺_ij − G⁻_ij) · Wmax / (Gmax − Gmin)                   (differential mapping)
///     W_ij = (G⁺_ij − G⁻_ij) · 2·Wmax / (Gmax − Gmin)                 (fixed-reference mapping)
///
/// with `Gmax`, `Gmin` the profile's nominal bounds (S) and `Wmax` the weight range, so weights
/// lie in [−Wmax, Wmax]. With the fixed-reference mapping G⁻ is a reference device programmed
/// once to `(Gmax + Gmin)/2` and never written (see `WeightMapping`). Device `k = i·columnCount + j` of each population is the device of
/// synapse (i, j): row i is output i, column j is input j, row-major like the weight matrix.
///
/// Forward (`W·x`) and backward (`Wᵀ·δ`) passes are reads of all conductances. Without read
/// noise they use `weights`, a single-precision copy of W that the update kernels keep current
/// after every write; with read noise each pass draws a fresh noisy read of every device.
public final class DifferentialCrossbar<Devices: DevicePopulation> {
    public let rowCount: Int
    public let columnCount: Int
    /// Wmax: the weight of a pair with G⁺ − G⁻ = Gmax − Gmin.
    public let weightRange: Float
    /// Wmax / (Gmax − Gmin), or twice that with a fixed reference: weight per siemens of
    /// conductance difference.
    public let weightPerConductance: Float
    /// How the two devices of a synapse make its weight.
    public let mapping: WeightMapping
    /// The devices G⁺ and G⁻.
    public let positive: Devices
    public let negative: Devices
    /// W, kept equal to the exact read of the pairs.
    public let weights: UnsafeMutableBufferPointer<Float>

    private let noisyWeights: UnsafeMutableBufferPointer<Float>
    private let readNoise: RandomSource

    /// Builds the pairs, drawing the devices of G⁺ and G⁻ from their own variation streams,
    /// all starting at their reset state (weight 0 until `program` writes one).
    public init<Model: DeviceModel>(
        model: Model, rowCount: Int, columnCount: Int, weightRange: Float, mapping: WeightMapping = .differential,
        positiveVariation: RandomSource, negativeVariation: RandomSource, readNoise: RandomSource
    ) where Model.Population == Devices {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.weightRange = weightRange
        self.mapping = mapping
        positive = model.makePopulation(count: rowCount * columnCount, variation: positiveVariation)
        negative = model.makePopulation(count: rowCount * columnCount, variation: negativeVariation)
        let mappingFactor: Float = mapping == .fixedReference ? 2 : 1
        weightPerConductance = mappingFactor * weightRange / (positive.nominalMaximumConductance - positive.nominalMinimumConductance)
        weights = .allocate(capacity: rowCount * columnCount)
        noisyWeights = .allocate(capacity: positive.readNoiseSigma > 0 ? rowCount * columnCount : 0)
        self.readNoise = readNoise
        for synapse in 0..<(rowCount * columnCount) {
            updateWeight(synapse: synapse)
        }
    }

    deinit {
        weights.deallocate()
        noisyWeights.deallocate()
    }

    /// Recomputes the cached weight of `synapse` from its pair's conductances.
    @inline(__always)
    public func updateWeight(synapse: Int) {
        weights[synapse] = (positive.conductances[synapse] - negative.conductances[synapse]) * weightPerConductance
    }

    /// Programs weight `weight` into `synapse` by ideal direct writes, so that the pair's difference
    /// is `W/weightPerConductance`, with the pair placed as `placement` says; with the
    /// fixed-reference mapping G⁻ goes to the reference conductance and `placement` is not used.
    /// A weight within [−Wmax, Wmax] is reproduced exactly unless a device's own range is too narrow.
    public func program(synapse: Int, weight: Float, placement: PairPlacement) {
        let difference = weight / weightPerConductance
        positive.reset(device: synapse)
        negative.reset(device: synapse)

        if mapping == .fixedReference {
            let reference = 0.5 * (negative.nominalMinimumConductance + negative.nominalMaximumConductance)
            negative.program(device: synapse, conductance: reference)
            positive.program(device: synapse, conductance: negative.conductances[synapse] + difference)
            updateWeight(synapse: synapse)
            return
        }

        switch placement {
        case .fromMinimum:
            // Raise the device on the weight's side above the other one, which stays at Gmin; if
            // its own Gmin is already above that target, raise the other device instead.
            let (raised, other) = difference >= 0 ? (positive, negative) : (negative, positive)
            let target = other.conductances[synapse] + abs(difference)
            if target >= raised.conductances[synapse] {
                raised.program(device: synapse, conductance: target)
            } else {
                other.program(device: synapse, conductance: raised.conductances[synapse] - abs(difference))
            }
        case .centered:
            let center = 0.25 * (positive.minimumConductance(ofDevice: synapse) + positive.maximumConductance(ofDevice: synapse)
                                 + negative.minimumConductance(ofDevice: synapse) + negative.maximumConductance(ofDevice: synapse))
            positive.program(device: synapse, conductance: center + 0.5 * difference)
            negative.program(device: synapse, conductance: positive.conductances[synapse] - difference)
            positive.program(device: synapse, conductance: negative.conductances[synapse] + difference)
        }
        updateWeight(synapse: synapse)
    }

    /// Reads the weight of `synapse`: exact, or through noisy reads of both devices.
    @inline(__always)
    public func readWeight(synapse: Int) -> Float {
        guard positive.readNoiseSigma > 0 else { return weights[synapse] }
        return (noisyRead(positive, synapse) - noisyRead(negative, synapse)) * weightPerConductance
    }

    /// Computes `output = W·input` (a forward read).
    public func multiply(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        BLAS.multiply(matrix: readMatrix(), rowCount: rowCount, columnCount: columnCount, input: input, output: output)
    }

    /// Computes `output = Wᵀ·input` (a backward read).
    public func multiplyTransposed(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        BLAS.multiplyTransposed(matrix: readMatrix(), rowCount: rowCount, columnCount: columnCount, input: input, output: output)
    }

    /// Computes `W·x_b` for `count` inputs stored as rows (`outputs` holds `count` rows of
    /// `rowCount`). With read noise every sample gets its own noisy read.
    public func multiplyRows(inputs: UnsafePointer<Float>, count: Int, outputs: UnsafeMutablePointer<Float>) {
        guard positive.readNoiseSigma == 0 else {
            for sample in 0..<count {
                multiply(input: inputs + sample * columnCount, output: outputs + sample * rowCount)
            }
            return
        }
        BLAS.multiplyRows(matrix: UnsafePointer(weights.baseAddress!), rowCount: rowCount, columnCount: columnCount,
                          inputs: inputs, count: count, outputs: outputs)
    }

    /// Computes `Wᵀ·δ_b` for `count` errors stored as rows. With read noise every sample gets its
    /// own noisy read.
    public func multiplyRowsTransposed(inputs: UnsafePointer<Float>, count: Int, outputs: UnsafeMutablePointer<Float>) {
        guard positive.readNoiseSigma == 0 else {
            for sample in 0..<count {
                multiplyTransposed(input: inputs + sample * rowCount, output: outputs + sample * columnCount)
            }
            return
        }
        BLAS.multiplyRowsTransposed(matrix: UnsafePointer(weights.baseAddress!), rowCount: rowCount, columnCount: columnCount,
                                    inputs: inputs, count: count, outputs: outputs)
    }

    /// The matrix a pass reads: the cache, or a fresh noisy read of every pair.
    private func readMatrix() -> UnsafePointer<Float> {
        guard positive.readNoiseSigma > 0 else { return UnsafePointer(weights.baseAddress!) }
        for synapse in 0..<(rowCount * columnCount) {
            noisyWeights[synapse] = (noisyRead(positive, synapse) - noisyRead(negative, synapse)) * weightPerConductance
        }
        return UnsafePointer(noisyWeights.baseAddress!)
    }

    @inline(__always)
    private func noisyRead(_ devices: Devices, _ device: Int) -> Float {
        devices.conductances[device] * (1 + devices.readNoiseSigma * Float(readNoise.standardNormal()))
    }
}

/// Where the two devices of a pair sit when a weight is programmed.
public enum PairPlacement: String, Codable, Sendable {
    /// One device at its Gmin and the other above it: the most headroom for potentiation-only
    /// learning (unidirectional updates).
    case fromMinimum = "from-minimum"
    /// Both devices symmetric around the middle of the range, so each can move both ways
    /// (bidirectional updates).
    case centered
}
