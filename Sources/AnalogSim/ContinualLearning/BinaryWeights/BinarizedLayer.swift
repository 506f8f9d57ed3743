/// One layer of a binarized network with the batch buffers of its passes: binary weights
/// w = ±1 (read from the deployed devices), a fixed 1/√N scale in place of batch normalisation,
/// and a digital gain γ and bias b per unit:
///
///     u_i = Σ_j w_ij·a_j/√N,   z_i = γ_i·u_i + b_i,   a′_i = sign(z_i)   (hidden; softmax at the output)
///
/// The backward pass takes δ = ∂L/∂z and uses the straight-through estimator: ∂w/∂W_h = 1 for the
/// hidden weight W_h behind w, and ∂sign(z)/∂z = 1 for |z| ≤ 1, 0 beyond.
final class BinarizedLayer {
    let inputCount: Int
    let outputCount: Int
    /// γ, then b: the digital parameters of the units.
    let unitParameters: UnsafeMutableBufferPointer<Float>
    /// u of every sample, `batch × outputCount`.
    let sums: UnsafeMutablePointer<Float>
    /// z of every sample.
    let preactivations: UnsafeMutablePointer<Float>
    /// sign(z), or the softmax probabilities of the output layer.
    let activations: UnsafeMutablePointer<Float>
    /// δ = ∂L/∂z of every sample, set by the caller.
    let errors: UnsafeMutablePointer<Float>
    /// δ·γ = ∂L/∂u of every sample.
    private let sumErrors: UnsafeMutablePointer<Float>

    init(inputCount: Int, outputCount: Int, batchCapacity: Int) {
        self.inputCount = inputCount
        self.outputCount = outputCount
        unitParameters = .allocate(capacity: 2 * outputCount)
        unitParameters.initialize(repeating: 0)
        for unit in 0..<outputCount {
            unitParameters[unit] = 1
        }
        sums = .allocate(capacity: batchCapacity * outputCount)
        preactivations = .allocate(capacity: batchCapacity * outputCount)
        activations = .allocate(capacity: batchCapacity * outputCount)
        errors = .allocate(capacity: batchCapacity * outputCount)
        sumErrors = .allocate(capacity: batchCapacity * outputCount)
    }

    deinit {
        unitParameters.deallocate()
        for buffer in [sums, preactivations, activations, errors, sumErrors] {
            buffer.deallocate()
        }
    }

    /// Computes z and the activations of `count` input rows with the binary `weights`.
    func forward(inputs: UnsafePointer<Float>, count: Int, weights: UnsafePointer<Float>, isOutput: Bool) {
        let inverseRootFanIn = 1 / Float(inputCount).squareRoot()
        BLAS.multiplyRows(matrix: weights, rowCount: outputCount, columnCount: inputCount, inputs: inputs, count: count, outputs: sums)
        for sample in 0..<count {
            for unit in 0..<outputCount {
                let index = sample * outputCount + unit
                sums[index] *= inverseRootFanIn
                preactivations[index] = unitParameters[unit] * sums[index] + unitParameters[outputCount + unit]
            }
        }
        if isOutput {
            Softmax.apply(logits: preactivations, count: count, classCount: outputCount, probabilities: activations)
        } else {
            for index in 0..<(count * outputCount) {
                activations[index] = binarySign(preactivations[index])
            }
        }
    }

    /// Writes ∂L/∂W_h into `weightGradients` and ∂L/∂(γ, b) into `unitGradients`; with
    /// `inputErrors`, also ∂L/∂z of the layer below through its straight-through window
    /// (`inputPreactivations`).
    func backward(inputs: UnsafePointer<Float>, count: Int, weights: UnsafePointer<Float>,
                  weightGradients: UnsafeMutablePointer<Float>, unitGradients: UnsafeMutablePointer<Float>,
                  inputErrors: UnsafeMutablePointer<Float>?, inputPreactivations: UnsafePointer<Float>?) {
        let inverseRootFanIn = 1 / Float(inputCount).squareRoot()
        for unit in 0..<(2 * outputCount) {
            unitGradients[unit] = 0
        }
        for sample in 0..<count {
            for unit in 0..<outputCount {
                let index = sample * outputCount + unit
                unitGradients[unit] += errors[index] * sums[index]
                unitGradients[outputCount + unit] += errors[index]
                sumErrors[index] = errors[index] * unitParameters[unit]
            }
        }
        BLAS.addOuterProducts(scale: inverseRootFanIn, rowVectors: sumErrors, columnVectors: inputs, count: count,
                              keep: 0, matrix: weightGradients, rowCount: outputCount, columnCount: inputCount)

        guard let inputErrors, let inputPreactivations else { return }
        BLAS.multiplyRowsTransposed(matrix: weights, rowCount: outputCount, columnCount: inputCount,
                                    inputs: sumErrors, count: count, outputs: inputErrors)
        for index in 0..<(count * inputCount) {
            inputErrors[index] = abs(inputPreactivations[index]) <= 1 ? inputErrors[index] * inverseRootFanIn : 0
        }
    }
}
