/// A multilayer perceptron with sigmoid hidden units, trained online (batch size 1).
///
/// One training step: forward through every layer; the output error from the loss; the errors
/// of the hidden layers `δ_l = (W_{l+1}ᵀ·δ_{l+1}) ⊙ h_l ⊙ (1 − h_l)`, all computed with the
/// weights of the forward pass; then every layer's update.
///
/// With `hiddenActivationBits` set, each hidden layer passes `round(h·(2ⁿ − 1))/(2ⁿ − 1)` of its
/// sigmoid output `h` to the next layer's forward pass (with n = 1, 1 when `h ≥ 0.5`, else 0).
/// The backward pass keeps the analog `h`: in the derivative `h ⊙ (1 − h)` and as the input `x`
/// of the next layer's update `ΔW = −η·δ·xᵀ`, as NeuroSim V3.0's MLP trainer does.
public final class MultilayerPerceptron {
    public let layers: [TrainableLayer]
    public let loss: LossFunction

    /// activations[0] is the input, activations[l] the output of layer l − 1.
    private let activations: [UnsafeMutableBufferPointer<Float>]
    /// errors[l] is δ of layer l's output.
    private let errors: [UnsafeMutableBufferPointer<Float>]
    /// Indices of the non-zero entries of activations[l], and how many there are.
    private let activeIndices: [UnsafeMutableBufferPointer<Int32>]
    private var activeCounts: [Int]
    /// The buffers of mini-batch steps, allocated by `prepareBatch`.
    var batchWorkspace: BatchWorkspace?
    /// analogHidden[l] is the sigmoid output of hidden layer l before quantization; empty
    /// without `hiddenActivationBits`.
    private let analogHidden: [UnsafeMutableBufferPointer<Float>]
    /// Levels − 1 of the quantized hidden activations, 2ⁿ − 1 for n bits; nil passes analog values.
    private let hiddenLevelSteps: Float?
    /// allHiddenIndices[l] lists every unit of hidden layer l, the active inputs of an update
    /// from `analogHidden[l]`; empty without `hiddenActivationBits`.
    private let allHiddenIndices: [UnsafeMutableBufferPointer<Int32>]

    /// Builds the network. `hiddenActivationBits`, from 1 to 16, quantizes the hidden activations
    /// of the forward pass; nil passes them as analog values.
    public init(layers: [TrainableLayer], loss: LossFunction, hiddenActivationBits: Int? = nil) {
        precondition(!layers.isEmpty, "a network needs at least one layer")
        precondition(hiddenActivationBits.map { (1...16).contains($0) } ?? true, "hidden activations take 1 to 16 bits")
        for (lower, upper) in zip(layers, layers.dropFirst()) {
            precondition(lower.outputCount == upper.inputCount, "layer sizes do not chain")
        }
        self.layers = layers
        self.loss = loss
        let sizes = [layers[0].inputCount] + layers.map(\.outputCount)
        activations = sizes.map { size in
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: size)
            buffer.initialize(repeating: 0)
            return buffer
        }
        errors = layers.map { layer in
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: layer.outputCount)
            buffer.initialize(repeating: 0)
            return buffer
        }
        activeIndices = layers.map { UnsafeMutableBufferPointer<Int32>.allocate(capacity: $0.inputCount) }
        activeCounts = [Int](repeating: 0, count: layers.count)
        hiddenLevelSteps = hiddenActivationBits.map { Float((1 << $0) - 1) }
        analogHidden = hiddenActivationBits == nil ? [] : layers.dropLast().map { layer in
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: layer.outputCount)
            buffer.initialize(repeating: 0)
            return buffer
        }
        allHiddenIndices = hiddenActivationBits == nil ? [] : layers.dropLast().map { layer in
            let buffer = UnsafeMutableBufferPointer<Int32>.allocate(capacity: layer.outputCount)
            for unit in 0..<layer.outputCount {
                buffer[unit] = Int32(unit)
            }
            return buffer
        }
        layerLearningRates = [Float](repeating: 0.1, count: layers.count)
    }

    deinit {
        activations.forEach { $0.deallocate() }
        errors.forEach { $0.deallocate() }
        activeIndices.forEach { $0.deallocate() }
        analogHidden.forEach { $0.deallocate() }
        allHiddenIndices.forEach { $0.deallocate() }
    }

    /// The input buffer of the first layer, to be filled before `trainStep` or `predict`.
    public var input: UnsafeMutableBufferPointer<Float> { activations[0] }

    /// The output of the last forward pass (probabilities or sigmoid outputs).
    public var output: UnsafeMutableBufferPointer<Float> { activations[layers.count] }

    /// Runs the forward pass on `input` and returns the index of the largest output.
    public func predict() -> Int {
        forward()
        var best = 0
        for index in 1..<output.count where output[index] > output[best] {
            best = index
        }
        return best
    }

    /// Runs the forward pass and returns the loss for target `label` and whether the largest
    /// output is `label`, without changing the weights.
    public func evaluate(label: Int) -> (loss: Float, correct: Bool) {
        let prediction = predict()
        let last = layers.count - 1
        let sampleLoss = loss.outputError(
            outputs: UnsafePointer(output.baseAddress!), label: label, count: output.count,
            error: errors[last].baseAddress!)
        return (sampleLoss, prediction == label)
    }

    /// The numerical fault of the last `trainStep` or `trainBatch`, which then changed no weight;
    /// nil when the step trained.
    public private(set) var lastStepFault: NumericalFault?

    /// Trains on `input` with target `label`; returns the loss before the update and whether
    /// the prediction before the update was right. A step with a numerical fault changes no
    /// weight and sets `lastStepFault`.
    public func trainStep(label: Int) -> (loss: Float, correct: Bool) {
        let prediction = predict()
        let last = layers.count - 1
        let sampleLoss = loss.outputError(
            outputs: UnsafePointer(output.baseAddress!), label: label, count: output.count,
            error: errors[last].baseAddress!)
        lastStepFault = loss.fault(loss: sampleLoss, outputs: UnsafePointer(output.baseAddress!), label: label)
        guard lastStepFault == nil else { return (sampleLoss, prediction == label) }

        for layerIndex in stride(from: last, to: 0, by: -1) {
            let hidden = hiddenLevelSteps == nil ? activations[layerIndex] : analogHidden[layerIndex - 1]
            let error = errors[layerIndex - 1]
            layers[layerIndex].backward(error: UnsafePointer(errors[layerIndex].baseAddress!), inputError: error.baseAddress!)
            for unit in 0..<error.count {
                error[unit] *= hidden[unit] * (1 - hidden[unit])
            }
        }

        for (layerIndex, layer) in layers.enumerated() {
            let sparse = updateInput(layer: layerIndex)
            layer.update(input: sparse, error: UnsafePointer(errors[layerIndex].baseAddress!),
                         learningRate: layerLearningRates[layerIndex])
            layer.sampleFinished()
        }
        return (sampleLoss, prediction == label)
    }

    /// Allocates the buffers for mini-batch steps of up to `capacity` samples.
    public func prepareBatch(capacity: Int) {
        precondition(capacity >= 1, "a batch holds at least one sample")
        guard batchWorkspace?.capacity != capacity else { return }
        batchWorkspace = BatchWorkspace(sizes: [layers[0].inputCount] + layers.map(\.outputCount), capacity: capacity)
    }

    /// Returns the input row of sample `sample` of the next mini-batch step, to be filled before `trainBatch`.
    public func batchInput(sample: Int) -> UnsafeMutablePointer<Float> {
        guard let workspace = batchWorkspace else { preconditionFailure("call prepareBatch before filling a batch") }
        precondition(sample < workspace.capacity, "sample \(sample) is outside the batch")
        return workspace.activations[0].baseAddress! + sample * layers[0].inputCount
    }

    /// Trains on the first `labels.count` rows of the batch input: a forward pass of all of them
    /// with the present weights, their errors, then one update per layer for the batch's mean
    /// gradient. Returns the summed loss and the number of right predictions, both before the
    /// update. A batch with a numerical fault in any sample changes no weight and sets `lastStepFault`.
    public func trainBatch(labels: [Int]) -> (lossSum: Float, correctCount: Int) {
        guard let workspace = batchWorkspace else { preconditionFailure("call prepareBatch before trainBatch") }
        precondition(hiddenLevelSteps == nil, "mini-batch steps pass analog hidden activations only")
        let count = labels.count
        precondition(count >= 1 && count <= workspace.capacity, "the batch holds 1 to \(workspace.capacity) samples")
        let last = layers.count - 1

        for (layerIndex, layer) in layers.enumerated() {
            let output = workspace.activations[layerIndex + 1].baseAddress!
            layer.forwardBatch(inputs: workspace.activations[layerIndex].baseAddress!, count: count, outputs: output)
            for sample in 0..<count {
                let row = output + sample * layer.outputCount
                if layerIndex == last {
                    loss.activate(row, count: layer.outputCount)
                } else {
                    for unit in 0..<layer.outputCount {
                        row[unit] = Activation.sigmoid(row[unit])
                    }
                }
            }
        }

        var lossSum: Float = 0
        var correctCount = 0
        lastStepFault = nil
        let classCount = layers[last].outputCount
        for sample in 0..<count {
            let outputs = workspace.activations[layers.count].baseAddress! + sample * classCount
            var best = 0
            for index in 1..<classCount where outputs[index] > outputs[best] {
                best = index
            }
            correctCount += best == labels[sample] ? 1 : 0
            let sampleLoss = loss.outputError(outputs: outputs, label: labels[sample], count: classCount,
                                              error: workspace.errors[last].baseAddress! + sample * classCount)
            lossSum += sampleLoss
            if lastStepFault == nil {
                lastStepFault = loss.fault(loss: sampleLoss, outputs: outputs, label: labels[sample])
            }
        }
        guard lastStepFault == nil else { return (lossSum, correctCount) }

        for layerIndex in stride(from: last, to: 0, by: -1) {
            let hidden = workspace.activations[layerIndex]
            let error = workspace.errors[layerIndex - 1]
            layers[layerIndex].backwardBatch(errors: workspace.errors[layerIndex].baseAddress!, count: count,
                                             inputErrors: error.baseAddress!)
            for index in 0..<(count * layers[layerIndex].inputCount) {
                error[index] *= hidden[index] * (1 - hidden[index])
            }
        }

        for (layerIndex, layer) in layers.enumerated() {
            layer.updateBatch(inputs: workspace.activations[layerIndex].baseAddress!,
                              errors: workspace.errors[layerIndex].baseAddress!, count: count, learningRate: layerLearningRates[layerIndex])
            for _ in 0..<count {
                layer.sampleFinished()
            }
        }
        return (lossSum, correctCount)
    }

    /// η of each layer, input layer first.
    public var layerLearningRates: [Float] {
        didSet { precondition(layerLearningRates.count == layers.count, "one learning rate per layer") }
    }

    /// η of the first layer; setting it sets the same η in every layer.
    public var learningRate: Float {
        get { layerLearningRates[0] }
        set { layerLearningRates = [Float](repeating: newValue, count: layers.count) }
    }

    private func forward() {
        let last = layers.count - 1
        for (layerIndex, layer) in layers.enumerated() {
            recordActiveIndices(layer: layerIndex)
            let output = activations[layerIndex + 1]
            let active = UnsafeBufferPointer(rebasing: activeIndices[layerIndex][0..<activeCounts[layerIndex]])
            layer.forward(input: UnsafePointer(activations[layerIndex].baseAddress!), activeIndices: active, output: output.baseAddress!)
            if layerIndex == last {
                loss.activate(output.baseAddress!, count: output.count)
            } else {
                for unit in 0..<output.count {
                    output[unit] = Activation.sigmoid(output[unit])
                }
                if let hiddenLevelSteps {
                    quantize(output, levelSteps: hiddenLevelSteps, keepingAnalogIn: analogHidden[layerIndex])
                }
            }
        }
    }

    /// Returns the input of layer `layer`'s update: the analog hidden activations when the forward pass
    /// quantized them, else the forward pass's input with its non-zero entries.
    private func updateInput(layer: Int) -> SparseInput {
        guard hiddenLevelSteps != nil, layer > 0 else {
            return SparseInput(
                values: UnsafePointer(activations[layer].baseAddress!),
                activeIndices: UnsafeBufferPointer(rebasing: activeIndices[layer][0..<activeCounts[layer]]))
        }
        return SparseInput(values: UnsafePointer(analogHidden[layer - 1].baseAddress!),
                           activeIndices: UnsafeBufferPointer(allHiddenIndices[layer - 1]))
    }

    /// Copies `values` into `analog`, then rounds each value in [0, 1] to the nearest of
    /// `levelSteps + 1` equally spaced levels, halves rounding up.
    private func quantize(_ values: UnsafeMutableBufferPointer<Float>, levelSteps: Float,
                          keepingAnalogIn analog: UnsafeMutableBufferPointer<Float>) {
        for unit in 0..<values.count {
            analog[unit] = values[unit]
            values[unit] = (values[unit] * levelSteps + 0.5).rounded(.down) / levelSteps
        }
    }

    private func recordActiveIndices(layer: Int) {
        let values = activations[layer]
        let indices = activeIndices[layer]
        // Written without a branch on the value, which is as good as random for pixels: every
        // index is stored at the end of the list, and the list grows past it only when the value
        // is non-zero. The buffer has room for every index, so the store stays inside it.
        var count = 0
        for index in 0..<values.count {
            indices[count] = Int32(truncatingIfNeeded: index)
            count += values[index] != 0 ? 1 : 0
        }
        activeCounts[layer] = count
    }
}
