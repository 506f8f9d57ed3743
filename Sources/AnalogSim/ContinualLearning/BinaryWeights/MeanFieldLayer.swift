import Foundation

/// One layer of the mean-field network of binary weights, with the batch buffers of its forward
/// and backward passes (single precision, products through BLAS).
///
/// For fan-in N, weight means m_ij = tanh(β·θ_ij), variances s_ij = 1 − m_ij², and the inputs a_j
/// of one sample:
///
///     μ_i = Σ_j m_ij·a_j/√N,   v_i = √(Σ_j s_ij·a_j²/N + ε),   z_i = μ_i + v_i·ξ_i
///
/// (ξ_i standard normal, 0 when evaluating). With the error δ_i = ∂L/∂z_i of each sample:
///
///     ∂L/∂θ_ij = β·s_ij·Σ_batch δ_i·(a_j/√N − ξ_i·m_ij·a_j²/(N·v_i))
///     ∂L/∂a_j  = Σ_i δ_i·(m_ij/√N + ξ_i·s_ij·a_j/(N·v_i))
///
/// ε = `varianceFloor` keeps v positive when every input is 0 or every weight saturated; the
/// gradient is exact for the v so defined.
final class MeanFieldLayer {
    let inputCount: Int
    let outputCount: Int
    let batchCapacity: Int
    /// m = tanh(βθ), `outputCount × inputCount`.
    let means: UnsafeMutablePointer<Float>
    /// s = 1 − m².
    let variances: UnsafeMutablePointer<Float>
    /// z of every sample, `batch × outputCount`.
    let preactivations: UnsafeMutablePointer<Float>
    /// ξ of every sample.
    let noise: UnsafeMutablePointer<Float>
    /// v of every sample.
    let standardDeviations: UnsafeMutablePointer<Float>
    /// The layer's outputs: ReLU(z), or the softmax probabilities of the output layer.
    let activations: UnsafeMutablePointer<Float>
    /// δ = ∂L/∂z of every sample.
    let errors: UnsafeMutablePointer<Float>
    /// δ·ξ/v of every sample.
    private let scaledErrors: UnsafeMutablePointer<Float>
    /// a² of every input sample, `batch × inputCount`.
    private let squaredInputs: UnsafeMutablePointer<Float>
    /// A `batch × inputCount` scratch buffer for the error passed down.
    private let inputScratch: UnsafeMutablePointer<Float>
    /// An `outputCount × inputCount` scratch buffer for the gradient's second term.
    private let weightScratch: UnsafeMutablePointer<Float>

    static var varianceFloor: Float { 1e-12 }

    init(inputCount: Int, outputCount: Int, batchCapacity: Int) {
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.batchCapacity = batchCapacity
        let weightCount = inputCount * outputCount
        means = .allocate(capacity: weightCount)
        variances = .allocate(capacity: weightCount)
        weightScratch = .allocate(capacity: weightCount)
        preactivations = .allocate(capacity: batchCapacity * outputCount)
        noise = .allocate(capacity: batchCapacity * outputCount)
        noise.initialize(repeating: 0, count: batchCapacity * outputCount)
        standardDeviations = .allocate(capacity: batchCapacity * outputCount)
        activations = .allocate(capacity: batchCapacity * outputCount)
        errors = .allocate(capacity: batchCapacity * outputCount)
        scaledErrors = .allocate(capacity: batchCapacity * outputCount)
        squaredInputs = .allocate(capacity: batchCapacity * inputCount)
        inputScratch = .allocate(capacity: batchCapacity * inputCount)
    }

    deinit {
        for buffer in [means, variances, weightScratch, preactivations, noise, standardDeviations, activations,
                       errors, scaledErrors, squaredInputs, inputScratch] {
            buffer.deallocate()
        }
    }

    /// Computes m and s from the fields θ at inverse temperature β.
    func setFields(_ fields: UnsafePointer<Float>, beta: Float) {
        for index in 0..<(inputCount * outputCount) {
            let mean = tanhf(beta * fields[index])
            means[index] = mean
            variances[index] = 1 - mean * mean
        }
    }

    /// Sets m to the deployed binary weights and s to 0: the deterministic binary network.
    func setBinaryWeights(_ weights: UnsafePointer<Float>) {
        for index in 0..<(inputCount * outputCount) {
            means[index] = weights[index]
            variances[index] = 0
        }
    }

    /// Computes z for `count` input rows. With `noiseSource` it draws ξ and adds v·ξ; without it
    /// z = μ and ξ = 0. Then applies ReLU (hidden) or the softmax (`isOutput`).
    func forward(inputs: UnsafePointer<Float>, count: Int, noiseSource: RandomSource?, isOutput: Bool) {
        let sampleCount = count * outputCount
        let inverseRootFanIn = 1 / Float(inputCount).squareRoot()
        BLAS.multiplyRows(matrix: means, rowCount: outputCount, columnCount: inputCount,
                          inputs: inputs, count: count, outputs: preactivations)
        for index in 0..<sampleCount {
            preactivations[index] *= inverseRootFanIn
        }

        if let noiseSource {
            for index in 0..<(count * inputCount) {
                squaredInputs[index] = inputs[index] * inputs[index]
            }
            BLAS.multiplyRows(matrix: variances, rowCount: outputCount, columnCount: inputCount,
                              inputs: squaredInputs, count: count, outputs: standardDeviations)
            let inverseFanIn = 1 / Float(inputCount)
            for index in 0..<sampleCount {
                let deviation = (standardDeviations[index] * inverseFanIn + Self.varianceFloor).squareRoot()
                let xi = Float(noiseSource.standardNormal())
                standardDeviations[index] = deviation
                noise[index] = xi
                preactivations[index] += deviation * xi
            }
        } else {
            for index in 0..<sampleCount {
                noise[index] = 0
                standardDeviations[index] = 1
            }
        }

        if isOutput {
            Softmax.apply(logits: preactivations, count: count, classCount: outputCount, probabilities: activations)
        } else {
            for index in 0..<sampleCount {
                activations[index] = max(preactivations[index], 0)
            }
        }
    }

    /// Writes ∂L/∂θ of the batch into `gradients`, from `errors` (δ, set by the caller) and the
    /// layer's `inputs`. With `inputErrors` it also writes ∂L/∂a, times ReLU′ of the layer below
    /// (`inputPreactivations`), into it.
    func backward(inputs: UnsafePointer<Float>, count: Int, beta: Float, gradients: UnsafeMutablePointer<Float>,
                  inputErrors: UnsafeMutablePointer<Float>?, inputPreactivations: UnsafePointer<Float>?) {
        let sampleCount = count * outputCount
        let inverseRootFanIn = 1 / Float(inputCount).squareRoot()
        let inverseFanIn = 1 / Float(inputCount)
        let weightCount = inputCount * outputCount
        for index in 0..<sampleCount {
            scaledErrors[index] = errors[index] * noise[index] / standardDeviations[index]
        }

        // Σ_b δ_i·a_j/√N, then Σ_b (δ_i·ξ_i/v_i)·a_j², combined per weight.
        BLAS.addOuterProducts(scale: inverseRootFanIn, rowVectors: errors, columnVectors: inputs, count: count,
                              keep: 0, matrix: gradients, rowCount: outputCount, columnCount: inputCount)
        BLAS.addOuterProducts(scale: inverseFanIn, rowVectors: scaledErrors, columnVectors: squaredInputs, count: count,
                              keep: 0, matrix: weightScratch, rowCount: outputCount, columnCount: inputCount)
        for index in 0..<weightCount {
            gradients[index] = beta * variances[index] * (gradients[index] - means[index] * weightScratch[index])
        }

        guard let inputErrors, let inputPreactivations else { return }

        // Σ_i δ_i·m_ij/√N + a_j·Σ_i (δ_i·ξ_i/v_i)·s_ij/N, times ReLU′(z_j) below.
        BLAS.multiplyRowsTransposed(matrix: means, rowCount: outputCount, columnCount: inputCount,
                                    inputs: errors, count: count, outputs: inputErrors)
        BLAS.multiplyRowsTransposed(matrix: variances, rowCount: outputCount, columnCount: inputCount,
                                    inputs: scaledErrors, count: count, outputs: inputScratch)
        for index in 0..<(count * inputCount) {
            let error = inputErrors[index] * inverseRootFanIn + inputs[index] * inputScratch[index] * inverseFanIn
            inputErrors[index] = inputPreactivations[index] > 0 ? error : 0
        }
    }
}

/// The softmax of rows of logits, shifted by each row's maximum so that no exponential overflows.
enum Softmax {
    static func apply(logits: UnsafePointer<Float>, count: Int, classCount: Int, probabilities: UnsafeMutablePointer<Float>) {
        for sample in 0..<count {
            let row = logits + sample * classCount
            let output = probabilities + sample * classCount
            var largest = row[0]
            for index in 1..<classCount {
                largest = max(largest, row[index])
            }
            var sum: Float = 0
            for index in 0..<classCount {
                let exponential = expf(row[index] - largest)
                output[index] = exponential
                sum += exponential
            }
            for index in 0..<classCount {
                output[index] /= sum
            }
        }
    }
}
