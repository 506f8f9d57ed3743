import CNumerics

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
/// noise they use `columnMajorWeights`, a single-precision copy of W that the update kernels keep
/// current after every write. With read noise each pass draws a fresh noisy read of every device.
/// The copy is column-major, so the weights of one input are contiguous and a forward pass over
/// a sparse input (most MNIST pixels are 0) reads only the columns of its non-zero entries.
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
    /// W, kept equal to the exact read of the pairs, in column-major order: the weight of synapse
    /// (i, j) is at `j·rowCount + i`. `weight(synapse:)` and `weightMatrix()` read it by synapse.
    public let columnMajorWeights: UnsafeMutableBufferPointer<Float>

    /// The largest fraction of non-zero inputs for which `multiply(input:activeIndices:output:)`
    /// sums the active columns instead of calling BLAS on the whole matrix. On the development
    /// machine (AMD EPYC, OpenBLAS 0.3.21) the two took equal time at about 0.6 for a 256 × 784
    /// matrix, and below that the column sum is faster.
    public static var largestSparseInputFraction: Float { 0.5 }

    private let noisyWeights: UnsafeMutableBufferPointer<Float>
    let readNoise: RandomSource

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
        columnMajorWeights = .allocate(capacity: rowCount * columnCount)
        noisyWeights = .allocate(capacity: positive.readNoiseSigma > 0 ? rowCount * columnCount : 0)
        self.readNoise = readNoise
        updateAllWeights()
    }

    deinit {
        columnMajorWeights.deallocate()
        noisyWeights.deallocate()
    }

    /// Recomputes the cached weight of synapse (`row`, `column`) from its pair's conductances.
    @inline(__always)
    public func updateWeight(row: Int, column: Int) {
        let synapse = row * columnCount + column
        columnMajorWeights[column * rowCount + row] =
            (positive.conductances[synapse] - negative.conductances[synapse]) * weightPerConductance
    }

    /// Prefetches what a write to synapse (`row`, `column`) reads and writes: both devices and the
    /// cached weight.
    @inline(__always)
    public func prefetch(row: Int, column: Int) {
        let synapse = row * columnCount + column
        positive.prefetch(device: synapse)
        negative.prefetch(device: synapse)
        analogsim_prefetch_for_write(columnMajorWeights.baseAddress! + column * rowCount + row)
    }

    /// Recomputes the cached weight of `synapse` (`row·columnCount + column`); kernels that know
    /// the row and column call `updateWeight(row:column:)`, which needs no division.
    public func updateWeight(synapse: Int) {
        let row = synapse / columnCount
        updateWeight(row: row, column: synapse - row * columnCount)
    }

    /// Recomputes every cached weight, after a change to all devices such as retention loss.
    public func updateAllWeights() {
        for row in 0..<rowCount {
            for column in 0..<columnCount {
                updateWeight(row: row, column: column)
            }
        }
    }

    /// Returns the cached (exact) weight of `synapse`.
    public func weight(synapse: Int) -> Float {
        let row = synapse / columnCount
        return columnMajorWeights[(synapse - row * columnCount) * rowCount + row]
    }

    /// Returns W as read exactly, row-major (`rowCount × columnCount`).
    public func weightMatrix() -> [Float] {
        var matrix = [Float](repeating: 0, count: rowCount * columnCount)
        for row in 0..<rowCount {
            for column in 0..<columnCount {
                matrix[row * columnCount + column] = columnMajorWeights[column * rowCount + row]
            }
        }
        return matrix
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
        guard positive.readNoiseSigma > 0 else { return weight(synapse: synapse) }
        return (noisyRead(positive, synapse) - noisyRead(negative, synapse)) * weightPerConductance
    }

    /// Computes `output = W·input` (a forward read) with one BLAS call over the whole matrix.
    public func multiply(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        // W is the transpose of the row-major `columnCount × rowCount` matrix stored.
        BLAS.multiplyTransposed(matrix: readMatrix(), rowCount: columnCount, columnCount: rowCount, input: input, output: output)
    }

    /// Computes `output = W·input` (a forward read), where `activeIndices` lists every non-zero
    /// entry of `input`. Without read noise and with at most `largestSparseInputFraction` of the
    /// inputs active, it sums `input[j]·W[:, j]` over the active columns only; otherwise it calls
    /// `multiply(input:output:)`. The two differ only in the order of the float additions.
    public func multiply(input: UnsafePointer<Float>, activeIndices: UnsafeBufferPointer<Int32>,
                         output: UnsafeMutablePointer<Float>) {
        let sparseLimit = Float(columnCount) * Self.largestSparseInputFraction
        guard positive.readNoiseSigma == 0, Float(activeIndices.count) <= sparseLimit else {
            multiply(input: input, output: output)
            return
        }
        SparseMatrixVector.multiply(
            columnMajorMatrix: UnsafePointer(columnMajorWeights.baseAddress!), rowCount: rowCount,
            input: input, activeIndices: activeIndices, output: output)
    }

    /// Computes `output = Wᵀ·input` (a backward read).
    public func multiplyTransposed(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        BLAS.multiply(matrix: readMatrix(), rowCount: columnCount, columnCount: rowCount, input: input, output: output)
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
        // The cache holds Wᵀ row by row, so X·Wᵀ is the product with that matrix untransposed.
        BLAS.multiplyRowsTransposed(matrix: UnsafePointer(columnMajorWeights.baseAddress!), rowCount: columnCount, columnCount: rowCount,
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
        BLAS.multiplyRows(matrix: UnsafePointer(columnMajorWeights.baseAddress!), rowCount: columnCount, columnCount: rowCount,
                          inputs: inputs, count: count, outputs: outputs)
    }

    /// Returns the column-major matrix a pass reads: the cache, or a fresh noisy read of every
    /// pair, drawn synapse by synapse in row-major order.
    private func readMatrix() -> UnsafePointer<Float> {
        guard positive.readNoiseSigma > 0 else { return UnsafePointer(columnMajorWeights.baseAddress!) }
        for row in 0..<rowCount {
            for column in 0..<columnCount {
                let synapse = row * columnCount + column
                noisyWeights[column * rowCount + row] =
                    (noisyRead(positive, synapse) - noisyRead(negative, synapse)) * weightPerConductance
            }
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
