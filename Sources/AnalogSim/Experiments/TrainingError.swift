import Foundation

/// Why a training run stopped early.
public enum TrainingError: Error, Equatable, UserFacingError {
    /// A training step had a numerical fault: its loss became NaN or infinite, or an output
    /// overflowed. `period` is "epoch" or "round", `periodIndex` counts from 1, and `samples` are
    /// the step's samples within the period (one sample online, a batch otherwise).
    case nonFiniteLoss(run: String, period: String, periodIndex: Int, samples: ClosedRange<Int>,
                       learningRates: [Double], fault: NumericalFault)

    /// A run that diverged has no result worth keeping; exit 1 says the run failed, as other
    /// failures at run time do.
    public var kind: FailureKind { .runtime }

    public var message: String {
        switch self {
        case .nonFiniteLoss(let run, let period, let periodIndex, let samples, let learningRates, let fault):
            let sampleText = samples.count == 1 ? "sample \(samples.lowerBound)" : "the batch of samples \(samples.lowerBound)–\(samples.upperBound)"
            let given = learningRates.map(Self.format).joined(separator: ",")
            let smaller = learningRates.map { Self.format($0 / 10) }.joined(separator: ",")
            return "\(run): training stopped at \(period) \(periodIndex), \(sampleText): \(fault.explanation). "
                + "The learning rate \(given) is too large for this network; try a smaller --learning-rate, for example \(smaller). "
                + "No result was written."
        }
    }

    private static func format(_ value: Double) -> String {
        String(format: "%g", value)
    }
}
