import Foundation

/// The reason a training run stopped early.
public enum TrainingError: Error, Equatable, UserFacingError {
    /// A training step had a numerical fault: its loss became NaN or infinite, or an output
    /// overflowed. `period` is "epoch" or "round", `periodIndex` counts from 1, and `samples` are
    /// the step's samples within the period (one sample online, a batch otherwise).
    case nonFiniteLoss(run: String, period: String, periodIndex: Int, samples: ClosedRange<Int>,
                       learningRates: [Double], fault: NumericalFault)
    /// The test loss after a period is NaN or infinite: the last updates of the period made the
    /// weights or biases overflow, and no later training step saw it.
    case nonFiniteTestLoss(run: String, period: String, periodIndex: Int, learningRates: [Double])

    /// A run that diverged has no result worth keeping, so it exits with 1, the status of other
    /// failures at run time.
    public var kind: FailureKind { .runtime }

    public var message: String {
        switch self {
        case .nonFiniteLoss(let run, let period, let periodIndex, let samples, let learningRates, let fault):
            let sampleText = samples.count == 1 ? "sample \(samples.lowerBound)" : "the batch of samples \(samples.lowerBound)–\(samples.upperBound)"
            return "\(run): training stopped at \(period) \(periodIndex), \(sampleText): \(fault.explanation). "
                + Self.advice(learningRates)
        case .nonFiniteTestLoss(let run, let period, let periodIndex, let learningRates):
            return "\(run): training stopped after \(period) \(periodIndex): the test loss is NaN or infinite, "
                + "because the weights or biases overflowed single precision in the last updates of the \(period). "
                + Self.advice(learningRates)
        }
    }

    private static func advice(_ learningRates: [Double]) -> String {
        let configuredRates = learningRates.map(format).joined(separator: ",")
        let smallerRates = learningRates.map { format($0 / 10) }.joined(separator: ",")
        return "The learning rate \(configuredRates) is too large for this network; try a smaller --learning-rate, "
            + "for example \(smallerRates). No result was written."
    }

    private static func format(_ value: Double) -> String {
        String(format: "%g", value)
    }
}
