import Foundation

/// The nonlinearity label NL that device papers and NeuroSim's device table quote, and its
/// conversion to the curve constant of `ExponentialSaturationCurve`.
///
/// The normalised response of a device is `ĝ(x̂) = (1 − e^(−x̂/a)) / (1 − e^(−1/a))`, with
/// `x̂ = P/Pmax` the pulse position and `ĝ` the normalised conductance, both in [0, 1]. The
/// label is defined by the largest distance of that curve from the straight line `ĝ = x̂`:
///
///     max over x̂ of |ĝ(x̂) − x̂| = 0.099 · |NL|,      sign(a) = sign(NL).
///
/// NL = 0 is the linear device (a = ±∞). A negative label gives the mirrored curvature, whose
/// largest distance from the line is the same, so `a(−NL) = −a(NL)`. The label is bounded by
/// `|NL| < 1/0.099 ≈ 10.1`, where the curve degenerates into a step.
public enum NonlinearityLabel {
    /// The slope of the label: a label of 1 is a largest deviation of 0.099.
    public static let deviationPerUnit = 0.099

    /// The largest |NL| that `normalizedCurveConstant(forLabel:)` accepts.
    public static let maximumMagnitude = 10.0

    /// The largest |a| returned; beyond it a curve is linear to better than 1e-6 of its range,
    /// and the value stays finite for the curve arithmetic.
    public static let linearLimit = 1.0e6

    /// The largest deviation of the normalised curve with constant `a > 0` from the line.
    ///
    /// The maximum of `ĝ(x̂) − x̂` lies where `ĝ′(x̂) = 1`, that is at
    /// `x̂* = −a · ln(a · (1 − e^(−1/a)))`.
    public static func maximumDeviation(normalizedCurveConstant a: Double) -> Double {
        precondition(a > 0, "maximumDeviation(normalizedCurveConstant:) takes a > 0")
        let span = -expm1(-1 / a)
        let peakPosition = -a * log(a * span)
        let clampedPeak = min(max(peakPosition, 0), 1)
        return -expm1(-clampedPeak / a) / span - clampedPeak
    }

    /// Solves `maximumDeviation(a) = 0.099·|NL|` for `a` by bisection on ln(a), where the
    /// deviation decreases monotonically; the result carries the sign of NL.
    ///
    /// Returns `linearLimit` (with NL's sign, + for 0) when the label is too small to bend the
    /// curve by more than the deviation at `linearLimit`.
    public static func normalizedCurveConstant(forLabel label: Double) -> Double {
        precondition(label.isFinite && abs(label) < maximumMagnitude,
                     "nonlinearity label \(label) is outside (−\(maximumMagnitude), \(maximumMagnitude))")
        let sign: Double = label < 0 ? -1 : 1
        let target = deviationPerUnit * abs(label)
        guard target > maximumDeviation(normalizedCurveConstant: linearLimit) else {
            return sign * linearLimit
        }

        var lowerLog = log(1.0e-4)
        var upperLog = log(linearLimit)
        for _ in 0..<200 {
            let middleLog = 0.5 * (lowerLog + upperLog)
            if maximumDeviation(normalizedCurveConstant: exp(middleLog)) > target {
                lowerLog = middleLog
            } else {
                upperLog = middleLog
            }
            if upperLog - lowerLog < 1e-14 { break }
        }
        return sign * exp(0.5 * (lowerLog + upperLog))
    }

    /// Returns the label NL of the normalised curve constant `a` (either sign): the largest
    /// deviation of the curve from the line over `deviationPerUnit`, with the sign of `a`. The
    /// inverse of `normalizedCurveConstant(forLabel:)`; infinite `a` is the linear label 0.
    public static func label(forNormalizedCurveConstant a: Double) -> Double {
        precondition(!a.isNaN && a != 0, "label(forNormalizedCurveConstant:) takes a non-zero a")
        // `normalizedCurveConstant(forLabel: 0)` returns ±linearLimit, so that limit and beyond
        // read back as the linear label.
        guard abs(a) < linearLimit else { return 0 }
        let sign: Double = a < 0 ? -1 : 1
        // Beyond |a| = 10⁸ the deviation, about 1/(8|a|), is computed as that limit, because the
        // closed form cancels to zero there.
        let deviation = abs(a) > 1e8 ? 1 / (8 * abs(a)) : maximumDeviation(normalizedCurveConstant: abs(a))
        return sign * deviation / deviationPerUnit
    }
}
