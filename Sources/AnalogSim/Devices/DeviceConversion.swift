import Foundation

/// Conversion between NeuroSim's description of a device (levels, nonlinearity label, on/off
/// ratio: the pulse-position model) and aihwkit's normalised step description (the linear-step
/// model), which describe the same per-pulse rule.
///
/// Conductance maps linearly to weight, `w = w_min + (w_max − w_min)·(G − Gmin)/(Gmax − Gmin)`
/// with `[w_min, w_max] = [−1, 1]`. On a pulse-position curve every pulse multiplies the distance
/// to the asymptote, `w∞ − w`, by `e^(−1/A)`, so a potentiation pulse changes the weight by
/// `(1 − e^(−1/A⁺))·(w∞⁺ − w)`, and a depression pulse by `(e^(1/A⁻) − 1)·(w∞⁻ − w)`, both linear in
/// w. A linear-step device with mean-bound references has steps `s⁺·(1 − γ⁺·w/w_max)` and
/// `s⁻·(1 − γ⁻·w/w_min)`, also linear in w; matching the value at w = 0 and the slope gives
///
///     s⁺ = (1 − e^(−1/A⁺))·w∞⁺,   γ⁺ = w_max/w∞⁺,      s⁻ = (e^(1/A⁻) − 1)·w∞⁻,   γ⁻ = w_min/w∞⁻,
///
/// and back `A⁺ = −1/ln(1 − s⁺γ⁺/w_max)`, `w∞⁺ = w_max/γ⁺`, and Pmax from the distances at the two
/// bounds, `Pmax = A·ln((w∞ − w_min)/(w∞ − w_max))`, rounded to whole pulses. Up and down steps are
/// expressed as dw_min and an up/down asymmetry. Cycle-to-cycle noise of `σ·(Gmax − Gmin)` per
/// pulse becomes additive noise of `σ·(w_max − w_min)/dw_min` steps. Device-to-device spreads are
/// not converted.
public enum DeviceConversion {
    /// A conversion that is not possible.
    public enum Failure: Error, Equatable, UserFacingError {
        case unsupportedModel(model: String, target: String)
        case softBounds
        case notACurve(reason: String)

        public var kind: FailureKind { .usage }

        public var message: String {
            switch self {
            case .unsupportedModel(let model, let target):
                return "a profile of model \(model) cannot be converted to \(target); convert pulse-position profiles to linear-step, and linear-step or constant-step profiles to pulse-position."
            case .softBounds:
                return "soft bounds reach their bounds only asymptotically, so they take no finite number of pulses from bound to bound and have no pulse-position equivalent."
            case .notACurve(let reason):
                return "the profile does not describe a saturating pulse curve (\(reason)), so it has no pulse-position equivalent."
            }
        }
    }

    static let minimumWeight = -1.0
    static let maximumWeight = 1.0

    /// Returns the linear-step profile of pulse-position `parameters`, in weights [−1, 1].
    public static func linearStep(from parameters: PulsePositionParameters) -> StepDeviceParameters {
        let range = maximumWeight - minimumWeight
        let potentiation = parameters.nominalPotentiationCurve
        let depression = parameters.nominalDepressionCurve
        let conductanceRange = parameters.maximumConductance - parameters.minimumConductance

        // The asymptote G∞ = Gmin + B as a weight.
        let upAsymptote = minimumWeight + range * potentiation.amplitude / conductanceRange
        let downAsymptote = minimumWeight + range * depression.amplitude / conductanceRange
        let upFraction = -expm1(-1 / potentiation.curveConstant)
        let downFraction = expm1(1 / depression.curveConstant)
        let upStep = upFraction * upAsymptote
        let downStep = downFraction * downAsymptote
        let upSlope = maximumWeight / upAsymptote
        let downSlope = minimumWeight / downAsymptote

        let minimumStep = max(upStep, downStep)
        let asymmetry = upStep >= downStep ? 1 - downStep / upStep : upStep / downStep - 1
        return StepDeviceParameters(
            response: .linear(LinearStep(slopeUp: upSlope, slopeDown: downSlope, meanBoundReference: true,
                                         multiplicativeNoise: false, allowIncreasing: upSlope < 0 || downSlope < 0)),
            minimumStep: minimumStep, cycleToCycle: parameters.cycleToCycleSigma * range / minimumStep,
            upDownAsymmetry: asymmetry, minimumWeight: minimumWeight, maximumWeight: maximumWeight)
    }

    /// Returns the pulse-position profile of a linear-step (or soft-bounds or constant-step) device
    /// whose weights span `minimumConductance`…`maximumConductance` (S).
    public static func pulsePosition(from parameters: StepDeviceParameters, minimumConductance: Double,
                                     maximumConductance: Double) throws -> PulsePositionParameters {
        let slopes: (up: Double, down: Double)
        switch parameters.response {
        case .constant: slopes = (0, 0)
        case .linear(let linear): slopes = (linear.slopeUp, linear.slopeDown)
        case .softBounds: throw Failure.softBounds
        default: throw Failure.unsupportedModel(model: parameters.response.modelName, target: PulsePositionParameters.modelName)
        }
        let biases = StepDeviceParameters.asymmetryBiases(parameters.upDownAsymmetry)
        let upStep = (1 + biases.up) * parameters.minimumStep
        let downStep = (1 + biases.down) * parameters.minimumStep
        let lower = parameters.minimumWeight
        let upper = parameters.maximumWeight

        // Up: Δw = s⁺ − k⁺·w with k⁺ = s⁺γ⁺/w_max; down magnitude: s⁻ − k⁻·w with k⁻ = s⁻γ⁻/w_min.
        let upRate = upper != 0 ? upStep * slopes.up / upper : 0
        let downRate = lower != 0 ? downStep * slopes.down / lower : 0
        let potentiation = try curve(step: upStep, rate: upRate, from: lower, to: upper, rising: true)
        let depression = try curve(step: downStep, rate: downRate, from: lower, to: upper, rising: false)
        let conductancePerWeight = (maximumConductance - minimumConductance) / (upper - lower)
        return PulsePositionParameters(
            minimumConductance: minimumConductance, maximumConductance: maximumConductance,
            potentiation: potentiation, depression: depression,
            cycleToCycleSigma: min(parameters.cycleToCycle * parameters.minimumStep * conductancePerWeight
                                       / (maximumConductance - minimumConductance), 1))
    }

    /// Levels and label of one polarity whose step magnitude is `step − rate·w`.
    private static func curve(step: Double, rate: Double, from lower: Double, to upper: Double, rising: Bool) throws -> CurveParameters {
        guard step > 0 else { throw Failure.notACurve(reason: "a step of \(step) does not move the weight") }
        guard rate != 0 else {
            return CurveParameters(levels: max(2, Int(((upper - lower) / step).rounded())), nonlinearity: 0)
        }
        // The step vanishes at w∞ = step/rate; the weight approaches it geometrically.
        let asymptote = step / rate
        if rising {
            guard asymptote > upper || asymptote < lower else {
                throw Failure.notACurve(reason: "the up step vanishes at w = \(String(format: "%.4g", asymptote)), within the bounds [\(String(format: "%.4g", lower)), \(String(format: "%.4g", upper))]")
            }
            let fraction = rate
            let curveConstant = -1 / log1p(-fraction)
            let pulses = curveConstant * log((asymptote - lower) / (asymptote - upper))
            let levels = max(2, Int(pulses.rounded()))
            return CurveParameters(levels: levels, nonlinearity: NonlinearityLabel.label(forNormalizedCurveConstant: curveConstant / Double(levels)))
        } else {
            // Down: |Δw| = step − rate·w = rate·(w∞ − w) = (e^(1/A) − 1)·(w∞ − w).
            guard asymptote > upper || asymptote < lower else {
                throw Failure.notACurve(reason: "the down step vanishes at w = \(String(format: "%.4g", asymptote)), within the bounds [\(String(format: "%.4g", lower)), \(String(format: "%.4g", upper))]")
            }
            let fraction = rate
            let curveConstant = 1 / log1p(fraction)
            let pulses = curveConstant * log((asymptote - lower) / (asymptote - upper))
            let levels = max(2, Int(abs(pulses).rounded()))
            return CurveParameters(levels: levels, nonlinearity: NonlinearityLabel.label(forNormalizedCurveConstant: curveConstant / Double(levels)))
        }
    }
}
