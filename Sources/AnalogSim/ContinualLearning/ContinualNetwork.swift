import Foundation

/// A multilayer perceptron for continual learning: ReLU hidden units, a softmax cross-entropy
/// output, and mini-batch gradients that it hands to a learning rule instead of applying them.
///
/// A step runs `forward` on the first `count` rows of `inputRows`, `outputErrors` for the labels,
/// `backward`, then `computeGradients`: `G_l = (1/B)·Σ_b δ_l,b·x_l,bᵀ` and `g_l = (1/B)·Σ_b δ_l,b`
/// for each layer l, with `δ = p − t` at the output and `δ_l = (W_{l+1}ᵀ·δ_{l+1}) ⊙ [z_l > 0]` below.
/// A rule turns the gradients into requested changes, which `applyChanges` hands to the layers.
///
/// When a task lists fewer classes than there are outputs (split MNIST), the softmax, the loss
/// and the prediction use only the task's outputs: the others get probability 0 and no error.
public final class ContinualNetwork {
    public let layers: [RequestedChangeLayer]
    /// The maximum number of images one `forward` call takes.
    public let batchCapacity: Int
    /// Images per forward pass when testing or estimating a Fisher, so that those passes use
    /// matrix-matrix products even when training runs one image at a time.
    public static let defaultTestBatch = 256

    /// activations[0] is the input rows, activations[l] the outputs of layer l − 1 (logits for
    /// the last layer), `batchCapacity` rows each.
    private let activations: [UnsafeMutableBufferPointer<Float>]
    /// errors[l] contains δ of layer l's outputs, `batchCapacity` rows.
    private let errors: [UnsafeMutableBufferPointer<Float>]
    /// The gradients of the last `computeGradients`, per layer.
    public let weightGradients: [UnsafeMutableBufferPointer<Float>]
    public let biasGradients: [UnsafeMutableBufferPointer<Float>]
    /// The biases, mirrored here because layers do not expose them: they change only by
    /// `applyChanges`, which adds the same changes to both.
    public internal(set) var biases: [[Float]]

    /// Builds the network on `layers` (whose sizes must chain) with `initialBiases`.
    public init(layers: [RequestedChangeLayer], initialBiases: [[Float]], batchCapacity: Int) {
        precondition(!layers.isEmpty && batchCapacity >= 1, "a network needs a layer and room for one image")
        for (lower, upper) in zip(layers, layers.dropFirst()) {
            precondition(lower.outputCount == upper.inputCount, "layer sizes do not chain")
        }
        self.layers = layers
        self.batchCapacity = batchCapacity
        biases = initialBiases
        let sizes = [layers[0].inputCount] + layers.map(\.outputCount)
        activations = sizes.map { Self.zeroed($0 * batchCapacity) }
        errors = layers.map { Self.zeroed($0.outputCount * batchCapacity) }
        weightGradients = layers.map { Self.zeroed($0.inputCount * $0.outputCount) }
        biasGradients = layers.map { Self.zeroed($0.outputCount) }
    }

    deinit {
        (activations + errors + weightGradients + biasGradients).forEach { $0.deallocate() }
    }

    public var inputCount: Int { layers[0].inputCount }
    public var classCount: Int { layers[layers.count - 1].outputCount }

    /// The input rows of the next `forward`, `batchCapacity × inputCount`.
    public var inputRows: UnsafeMutableBufferPointer<Float> { activations[0] }

    /// Runs the forward pass of the first `count` input rows, leaving logits in the output rows.
    public func forward(count: Int) {
        precondition(count >= 1 && count <= batchCapacity, "the batch holds 1 to \(batchCapacity) images")
        let last = layers.count - 1
        for (index, layer) in layers.enumerated() {
            let outputs = activations[index + 1]
            layer.forwardBatch(inputs: activations[index].baseAddress!, count: count, outputs: outputs.baseAddress!)
            guard index < last else { continue }
            for unit in 0..<(count * layer.outputCount) where outputs[unit] < 0 {
                outputs[unit] = 0
            }
        }
    }

    /// Turns the logits of the last `forward` into output errors `δ = p − t` over `classes`
    /// (softmax over those outputs only), and returns the summed loss and how many images the
    /// network classified right among `classes`.
    @discardableResult
    public func outputErrors(labels: ArraySlice<UInt8>, classes: [Int]) -> (lossSum: Double, correctCount: Int) {
        let logits = activations[layers.count]
        let error = errors[layers.count - 1]
        var lossSum = 0.0
        var correctCount = 0
        for (sample, label) in labels.enumerated() {
            let row = sample * classCount
            let best = classes.max { logits[row + $0] < logits[row + $1] }!
            correctCount += best == Int(label) ? 1 : 0
            let largest = logits[row + best]
            var sum: Float = 0
            for unit in 0..<classCount {
                error[row + unit] = 0
            }
            for unit in classes {
                let exponential = exp(logits[row + unit] - largest)
                error[row + unit] = exponential
                sum += exponential
            }
            for unit in classes {
                error[row + unit] /= sum
            }
            lossSum -= Double(log(max(error[row + Int(label)], Float.leastNormalMagnitude)))
            error[row + Int(label)] -= 1
        }
        return (lossSum, correctCount)
    }

    /// Propagates the output errors down: `δ_l = (W_{l+1}ᵀ·δ_{l+1}) ⊙ [z_l > 0]`.
    public func backward(count: Int) {
        for index in stride(from: layers.count - 1, to: 0, by: -1) {
            let lower = errors[index - 1]
            let hidden = activations[index]
            layers[index].backwardBatch(errors: errors[index].baseAddress!, count: count, inputErrors: lower.baseAddress!)
            for unit in 0..<(count * layers[index].inputCount) where hidden[unit] <= 0 {
                lower[unit] = 0
            }
        }
    }

    /// Computes each layer's mean gradient over the first `count` images into `weightGradients`
    /// and `biasGradients`.
    public func computeGradients(count: Int) {
        let scale = 1 / Float(count)
        for (index, layer) in layers.enumerated() {
            BLAS.addOuterProducts(scale: scale, rowVectors: errors[index].baseAddress!,
                                  columnVectors: activations[index].baseAddress!, count: count, keep: 0,
                                  matrix: weightGradients[index].baseAddress!, rowCount: layer.outputCount,
                                  columnCount: layer.inputCount)
            let biasGradient = biasGradients[index]
            for unit in 0..<layer.outputCount {
                var sum: Float = 0
                for sample in 0..<count {
                    sum += errors[index][sample * layer.outputCount + unit]
                }
                biasGradient[unit] = sum * scale
            }
        }
    }

    /// Computes, for layer `layer`, the sums over the first `count` images of each image's
    /// squared gradient, `Σ_b (δ_b ⊙ δ_b)·(x_b ⊙ x_b)ᵀ` and `Σ_b δ_b ⊙ δ_b`, for a Fisher estimate.
    /// It squares the errors and inputs of the last pass in place, so call it after every
    /// other use of them.
    public func squaredGradientSums(layer: Int, count: Int, weights: UnsafeMutablePointer<Float>,
                                    biases: UnsafeMutablePointer<Float>) {
        let (rowCount, columnCount) = (layers[layer].outputCount, layers[layer].inputCount)
        let error = errors[layer]
        let input = activations[layer]
        for index in 0..<(count * rowCount) {
            error[index] *= error[index]
        }
        for index in 0..<(count * columnCount) {
            input[index] *= input[index]
        }
        BLAS.addOuterProducts(scale: 1, rowVectors: error.baseAddress!, columnVectors: input.baseAddress!, count: count,
                              keep: 0, matrix: weights, rowCount: rowCount, columnCount: columnCount)
        for unit in 0..<rowCount {
            var sum: Float = 0
            for sample in 0..<count {
                sum += error[sample * rowCount + unit]
            }
            biases[unit] = sum
        }
    }

    /// Hands layer `layer` its requested changes and updates the mirrored biases.
    public func applyChanges(layer: Int, weightChanges: UnsafePointer<Float>, biasChanges: UnsafePointer<Float>) {
        layers[layer].applyRequestedChanges(weightChanges: weightChanges, biasChanges: biasChanges)
        for unit in 0..<layers[layer].outputCount {
            biases[layer][unit] += biasChanges[unit]
        }
    }

    /// Returns how many of `task`'s test images the network classifies right among the task's classes.
    public func correctTestCount(on task: ContinualTask) -> Int {
        var correct = 0
        var start = 0
        while start < task.testCount {
            let count = min(batchCapacity, task.testCount - start)
            fillInputs(from: task.testInputs, start: start, count: count)
            forward(count: count)
            correct += predictions(count: count, classes: task.classes).enumerated().filter { sample, prediction in
                prediction == Int(task.testLabels[start + sample])
            }.count
            start += count
        }
        return correct
    }

    /// Copies `count` images from row `start` of `source` into the input rows.
    public func fillInputs(from source: [Float], start: Int, count: Int) {
        let size = inputCount
        source.withUnsafeBufferPointer { images in
            inputRows.baseAddress!.update(from: images.baseAddress! + start * size, count: count * size)
        }
    }

    /// Copies the images with indices `order[start..<start + count]` into the input rows.
    public func fillInputs(from source: [Float], order: ArraySlice<Int>) {
        let size = inputCount
        source.withUnsafeBufferPointer { images in
            for (row, image) in order.enumerated() {
                (inputRows.baseAddress! + row * size).update(from: images.baseAddress! + image * size, count: size)
            }
        }
    }

    /// Returns the index of the largest logit among `classes` for each of the first `count` rows.
    private func predictions(count: Int, classes: [Int]) -> [Int] {
        let logits = activations[layers.count]
        return (0..<count).map { sample in
            classes.max { logits[sample * classCount + $0] < logits[sample * classCount + $1] }!
        }
    }

    private static func zeroed(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        buffer.initialize(repeating: 0)
        return buffer
    }
}
