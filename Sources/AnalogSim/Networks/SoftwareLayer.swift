/// A layer with floating-point weights trained by plain SGD: `W ← W − η·δ·xᵀ`, `b ← b − η·δ`.
/// The weights are not clipped to the device weight range.
public final class SoftwareLayer: TrainableLayer {
    public let inputCount: Int
    public let outputCount: Int
    public var learnsBiases = true
    /// All zero but `nonFiniteUpdates`: a software layer sends no pulses.
    public internal(set) var statistics = PulseStatistics()

    var weights: [Float]
    var biases: [Float]

    public init(inputCount: Int, outputCount: Int) {
        self.inputCount = inputCount
        self.outputCount = outputCount
        weights = [Float](repeating: 0, count: inputCount * outputCount)
        biases = [Float](repeating: 0, count: outputCount)
    }

    /// Computes `W·input + b` with one BLAS call over the whole matrix, ignoring `activeIndices`,
    /// so the software baseline's results do not depend on how sparse its input is.
    public func forward(input: UnsafePointer<Float>, activeIndices: UnsafeBufferPointer<Int32>, output: UnsafeMutablePointer<Float>) {
        weights.withUnsafeBufferPointer { matrix in
            BLAS.multiply(matrix: matrix.baseAddress!, rowCount: outputCount, columnCount: inputCount, input: input, output: output)
        }
        for row in 0..<outputCount {
            output[row] += biases[row]
        }
    }

    public func backward(error: UnsafePointer<Float>, inputError: UnsafeMutablePointer<Float>) {
        weights.withUnsafeBufferPointer { matrix in
            BLAS.multiplyTransposed(matrix: matrix.baseAddress!, rowCount: outputCount, columnCount: inputCount,
                                    input: error, output: inputError)
        }
    }

    public func update(input: SparseInput, error: UnsafePointer<Float>, learningRate: Float) {
        guard FiniteUpdateCheck.isFinite(errors: error, rowCount: outputCount, input: input, learningRate: learningRate) else {
            statistics.nonFiniteUpdates += 1
            return
        }
        weights.withUnsafeMutableBufferPointer { matrix in
            BLAS.addOuterProduct(scale: -learningRate, rowVector: error, columnVector: input.values,
                                 matrix: matrix.baseAddress!, rowCount: outputCount, columnCount: inputCount)
        }
        if learnsBiases {
            for row in 0..<outputCount {
                biases[row] -= learningRate * error[row]
            }
        }
        checkInvariants()
    }

    public func forwardBatch(inputs: UnsafePointer<Float>, count: Int, outputs: UnsafeMutablePointer<Float>) {
        weights.withUnsafeBufferPointer { matrix in
            BLAS.multiplyRows(matrix: matrix.baseAddress!, rowCount: outputCount, columnCount: inputCount,
                              inputs: inputs, count: count, outputs: outputs)
        }
        for sample in 0..<count {
            for row in 0..<outputCount {
                outputs[sample * outputCount + row] += biases[row]
            }
        }
    }

    public func backwardBatch(errors: UnsafePointer<Float>, count: Int, inputErrors: UnsafeMutablePointer<Float>) {
        weights.withUnsafeBufferPointer { matrix in
            BLAS.multiplyRowsTransposed(matrix: matrix.baseAddress!, rowCount: outputCount, columnCount: inputCount,
                                        inputs: errors, count: count, outputs: inputErrors)
        }
    }

    public func updateBatch(inputs: UnsafePointer<Float>, errors: UnsafePointer<Float>, count: Int, learningRate: Float) {
        let scale = learningRate / Float(count)
        guard FiniteUpdateCheck.isFinite(errors: errors, rowCount: outputCount, inputs: inputs, columnCount: inputCount,
                                         count: count, learningRate: scale) else {
            statistics.nonFiniteUpdates += count
            return
        }
        weights.withUnsafeMutableBufferPointer { matrix in
            BLAS.addOuterProducts(scale: -scale, rowVectors: errors, columnVectors: inputs, count: count,
                                  keep: 1, matrix: matrix.baseAddress!, rowCount: outputCount, columnCount: inputCount)
        }
        if learnsBiases {
            BatchBias.update(&biases, errors: errors, count: count, scale: scale)
        }
        checkInvariants()
    }

    /// Checks that every weight and bias is finite after an update when the package is built with
    /// `ANALOGSIM_INVARIANT_CHECKS`; without it the call compiles to nothing.
    @inline(__always)
    private func checkInvariants() {
        #if ANALOGSIM_INVARIANT_CHECKS
        if let index = weights.firstIndex(where: { !$0.isFinite }) {
            InvariantChecks.report("software layer \(outputCount)×\(inputCount): weight \(index) is \(weights[index])")
        }
        if let row = biases.firstIndex(where: { !$0.isFinite }) {
            InvariantChecks.report("software layer \(outputCount)×\(inputCount): bias \(row) is \(biases[row])")
        }
        #endif
    }

    public func sampleFinished() {}

    public func setInitialWeights(_ weights: [Float], biases: [Float]) {
        precondition(weights.count == inputCount * outputCount, "weight count does not match the layer")
        self.weights = weights
        precondition(biases.count == outputCount, "bias count does not match the layer")
        self.biases = biases
    }

    public func currentWeights() -> [Float] {
        weights
    }
}

extension SoftwareLayer: RequestedChangeLayer {
    public var weightChangePerPulse: Float? { nil }

    public func applyRequestedChanges(weightChanges: UnsafePointer<Float>, biasChanges: UnsafePointer<Float>) {
        for index in 0..<weights.count {
            weights[index] += weightChanges[index]
        }
        for row in 0..<outputCount {
            biases[row] += biasChanges[row]
        }
    }

    public func copyWeights(into destination: UnsafeMutablePointer<Float>) {
        weights.withUnsafeBufferPointer { source in
            destination.update(from: source.baseAddress!, count: source.count)
        }
    }
}
