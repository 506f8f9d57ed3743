import Foundation

/// The mean-field network's loss and field gradient in double precision with plain loops: the
/// reference that tests check `MeanFieldLayer`'s BLAS kernels against and differentiate by finite
/// differences. The equations are those of `MeanFieldLayer`, and the loss is the cross-entropy
/// summed over the batch. The noise ξ is given (`noise[layer][sample][unit]`), so the loss is a
/// deterministic function of the fields.
enum MeanFieldReference {
    /// The values of a forward pass that the backward pass needs, per layer.
    struct ForwardPass {
        /// `activations[0]` are the inputs; `activations[l + 1]` the outputs of layer l.
        var activations: [[[Double]]]
        var preactivations: [[[Double]]]
        var standardDeviations: [[[Double]]]
    }

    /// Runs the batch through the network of `sizes` (inputs first) with `fields[l]` row-major.
    static func forward(fields: [[Double]], sizes: [Int], beta: Double, inputs: [[Double]],
                        noise: [[[Double]]]) -> ForwardPass {
        var pass = ForwardPass(activations: [inputs], preactivations: [], standardDeviations: [])
        for layer in 0..<(sizes.count - 1) {
            let (fanIn, fanOut) = (sizes[layer], sizes[layer + 1])
            let isOutput = layer == sizes.count - 2
            var layerPreactivations: [[Double]] = []
            var layerDeviations: [[Double]] = []
            var layerOutputs: [[Double]] = []
            for (sample, input) in pass.activations[layer].enumerated() {
                var preactivation = [Double](repeating: 0, count: fanOut)
                var deviation = [Double](repeating: 0, count: fanOut)
                for row in 0..<fanOut {
                    var mean = 0.0
                    var variance = 0.0
                    for column in 0..<fanIn {
                        let weightMean = Foundation.tanh(beta * fields[layer][row * fanIn + column])
                        mean += weightMean * input[column]
                        variance += (1 - weightMean * weightMean) * input[column] * input[column]
                    }
                    deviation[row] = (variance / Double(fanIn) + Double(MeanFieldLayer.varianceFloor)).squareRoot()
                    preactivation[row] = mean / Double(fanIn).squareRoot() + deviation[row] * noise[layer][sample][row]
                }
                layerPreactivations.append(preactivation)
                layerDeviations.append(deviation)
                layerOutputs.append(isOutput ? softmax(preactivation) : preactivation.map { max($0, 0) })
            }
            pass.preactivations.append(layerPreactivations)
            pass.standardDeviations.append(layerDeviations)
            pass.activations.append(layerOutputs)
        }
        return pass
    }

    /// Returns the batch's summed cross-entropy −Σ_b log p_b(label_b).
    static func loss(fields: [[Double]], sizes: [Int], beta: Double, inputs: [[Double]], labels: [Int],
                     noise: [[[Double]]]) -> Double {
        let pass = forward(fields: fields, sizes: sizes, beta: beta, inputs: inputs, noise: noise)
        var total = 0.0
        for (sample, label) in labels.enumerated() {
            total -= Foundation.log(pass.activations.last![sample][label])
        }
        return total
    }

    /// ∂L/∂θ of every layer, row-major, by the field-gradient equations.
    static func fieldGradients(fields: [[Double]], sizes: [Int], beta: Double, inputs: [[Double]], labels: [Int],
                               noise: [[[Double]]]) -> [[Double]] {
        let pass = forward(fields: fields, sizes: sizes, beta: beta, inputs: inputs, noise: noise)
        let layerCount = sizes.count - 1
        var gradients = (0..<layerCount).map { [Double](repeating: 0, count: sizes[$0] * sizes[$0 + 1]) }
        var errors: [[Double]] = pass.activations.last!.enumerated().map { sample, probabilities in
            probabilities.enumerated().map { unit, probability in probability - (unit == labels[sample] ? 1 : 0) }
        }

        for layer in stride(from: layerCount - 1, through: 0, by: -1) {
            let (fanIn, fanOut) = (sizes[layer], sizes[layer + 1])
            let rootFanIn = Double(fanIn).squareRoot()
            var inputErrors = [[Double]](repeating: [Double](repeating: 0, count: fanIn), count: errors.count)
            for sample in 0..<errors.count {
                let input = pass.activations[layer][sample]
                for row in 0..<fanOut {
                    let error = errors[sample][row]
                    let xi = noise[layer][sample][row]
                    let deviation = pass.standardDeviations[layer][sample][row]
                    for column in 0..<fanIn {
                        let weightMean = Foundation.tanh(beta * fields[layer][row * fanIn + column])
                        let weightVariance = 1 - weightMean * weightMean
                        let a = input[column]
                        gradients[layer][row * fanIn + column] += beta * weightVariance * error
                            * (a / rootFanIn - xi * weightMean * a * a / (Double(fanIn) * deviation))
                        inputErrors[sample][column] += error
                            * (weightMean / rootFanIn + xi * weightVariance * a / (Double(fanIn) * deviation))
                    }
                }
            }
            guard layer > 0 else { break }
            for sample in 0..<errors.count {
                for column in 0..<fanIn where pass.preactivations[layer - 1][sample][column] <= 0 {
                    inputErrors[sample][column] = 0
                }
            }
            errors = inputErrors
        }
        return gradients
    }

    /// KL(q_θ ‖ q_θ′) of one binary weight with q_θ(w) ∝ exp(β·θ·w):
    /// `β·(θ − θ′)·tanh(βθ) − log cosh(βθ) + log cosh(βθ′)`, whose derivative in θ is
    /// `β²·(1 − tanh²(βθ))·(θ − θ′)`.
    static func klDivergence(field: Double, priorField: Double, beta: Double) -> Double {
        beta * (field - priorField) * Foundation.tanh(beta * field)
            - Foundation.log(Foundation.cosh(beta * field)) + Foundation.log(Foundation.cosh(beta * priorField))
    }

    private static func softmax(_ logits: [Double]) -> [Double] {
        let largest = logits.max()!
        let exponentials = logits.map { Foundation.exp($0 - largest) }
        let sum = exponentials.reduce(0, +)
        return exponentials.map { $0 / sum }
    }
}
