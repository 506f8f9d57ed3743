import Foundation

/// The training loss and the output activation it goes with.
public enum LossFunction: String, CaseIterable, Codable, Sendable {
    /// Squared error on sigmoid outputs (NeuroSim): `L = ½·Σ(y_k − t_k)²`, `y = σ(z)`,
    /// `δ_k = (y_k − t_k)·y_k·(1 − y_k)`.
    case meanSquaredError = "mse"
    /// Softmax cross-entropy (aihwkit): `p = softmax(z)`, `L = −ln p_label`, `δ_k = p_k − t_k`.
    case crossEntropy = "cross-entropy"
    /// Squared error on sigmoid outputs without the ½, as NeuroSim V3.0's MLP trainer computes it:
    /// `L = Σ(y_k − t_k)²`, `δ_k = 2·(y_k − t_k)·y_k·(1 − y_k)`. With the same η its updates are
    /// twice those of `meanSquaredError`.
    case squaredErrorSum = "sse"

    /// Applies the output activation to `values` in place.
    func activate(_ values: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .meanSquaredError, .squaredErrorSum:
            for index in 0..<count {
                values[index] = Activation.sigmoid(values[index])
            }
        case .crossEntropy:
            var largest = -Float.infinity
            for index in 0..<count {
                largest = max(largest, values[index])
            }
            var sum: Float = 0
            for index in 0..<count {
                values[index] = exp(values[index] - largest)
                sum += values[index]
            }
            for index in 0..<count {
                values[index] /= sum
            }
        }
    }

    /// Writes the output error δ for one-hot target `label` and returns the loss.
    func outputError(outputs: UnsafePointer<Float>, label: Int, count: Int, error: UnsafeMutablePointer<Float>) -> Float {
        switch self {
        case .meanSquaredError:
            var loss: Float = 0
            for index in 0..<count {
                let target: Float = index == label ? 1 : 0
                let difference = outputs[index] - target
                loss += 0.5 * difference * difference
                error[index] = difference * outputs[index] * (1 - outputs[index])
            }
            return loss
        case .squaredErrorSum:
            var loss: Float = 0
            for index in 0..<count {
                let target: Float = index == label ? 1 : 0
                let difference = outputs[index] - target
                loss += difference * difference
                error[index] = 2 * difference * outputs[index] * (1 - outputs[index])
            }
            return loss
        case .crossEntropy:
            for index in 0..<count {
                error[index] = outputs[index] - (index == label ? 1 : 0)
            }
            return -log(max(outputs[label], Float.leastNormalMagnitude))
        }
    }
}

extension LossFunction {
    /// Returns the fault of a training sample's outputs and loss, or nil when they are usable:
    /// the loss is not finite, or the label's output overflowed (`NumericalFault.overflowedOutput`).
    /// Every loss reads sigmoid or softmax outputs, and the label's output is exactly 0 only when an
    /// exponential overflowed. Another output at 0 is the target of a class that is not the label.
    func fault(loss: Float, outputs: UnsafePointer<Float>, label: Int) -> NumericalFault? {
        guard loss.isFinite else { return .nonFiniteLoss }
        return outputs[label] == 0 ? .overflowedOutput : nil
    }
}

/// The hidden-unit activation.
enum Activation {
    /// σ(z) = 1 / (1 + e^(−z)).
    @inline(__always)
    static func sigmoid(_ value: Float) -> Float {
        1 / (1 + exp(-value))
    }
}
