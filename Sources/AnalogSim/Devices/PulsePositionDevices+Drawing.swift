import Foundation

extension PulsePositionParameters: DeviceModel {
    /// Draws `count` devices: each device's bounds, level counts and nonlinearity labels are
    /// drawn once from the device-to-device spreads (in that order, device by device), and its
    /// curve constants A and B are computed from them in double precision.
    public func makePopulation(count: Int, variation: RandomSource) -> PulsePositionDevices {
        PulsePositionDevices(parameters: self, count: count, variation: variation)
    }

    public var fullTrainPulseCounts: (potentiation: Int, depression: Int) {
        (potentiation.levels, depression.levels)
    }

    public func withoutDeviceVariation() -> PulsePositionParameters {
        var nominal = self
        nominal.deviceToDevice = DeviceToDeviceVariation()
        return nominal
    }
}

extension PulsePositionDevices {
    /// The per-device buffers that `drawDevices` fills: A, the asymptote offset, Pmax and the
    /// half-pulse factor k, per polarity.
    struct DrawTargets {
        typealias Curve = (
            curveConstants: DeviceRecordField,
            asymptoteOffsets: DeviceRecordField,
            pulseRanges: DeviceRecordField,
            halfPulseFactors: DeviceRecordField
        )
        let count: Int
        let minimum: DeviceRecordField
        let maximum: DeviceRecordField
        let potentiation: Curve
        let depression: Curve
    }

    /// A device's nonlinearity label is clamped to this magnitude after its spread is added, so
    /// that a wide spread cannot produce a degenerate curve.
    static let largestDrawnNonlinearity = 9.0

    /// Fills `targets` with drawn devices and returns the population's smallest resolvable
    /// change: half the smallest |dG/dP| of any device on either curve.
    static func drawDevices(parameters: PulsePositionParameters, variation: RandomSource, into targets: DrawTargets) -> Float {
        let spreads = parameters.deviceToDevice
        let nominalPotentiation = NonlinearityLabel.normalizedCurveConstant(forLabel: parameters.potentiation.nonlinearity)
        let nominalDepression = NonlinearityLabel.normalizedCurveConstant(forLabel: parameters.depression.nonlinearity)
        var smallestSlope = Double.infinity

        for device in 0..<targets.count {
            let bounds = drawBounds(parameters: parameters, sigma: spreads.conductanceRangeSigma, variation: variation)
            targets.minimum[device] = Float(bounds.minimum)
            targets.maximum[device] = Float(bounds.maximum)

            let potentiationLevels = drawLevels(parameters.potentiation.levels, sigma: spreads.levelsSigma, variation: variation)
            let depressionLevels = drawLevels(parameters.depression.levels, sigma: spreads.levelsSigma, variation: variation)
            let potentiationConstant = drawNormalizedConstant(
                label: parameters.potentiation.nonlinearity, nominal: nominalPotentiation,
                sigma: spreads.nonlinearitySigma, variation: variation)
            let depressionConstant = drawNormalizedConstant(
                label: parameters.depression.nonlinearity, nominal: nominalDepression,
                sigma: spreads.nonlinearitySigma, variation: variation)

            let curves = [
                (ExponentialSaturationCurve(minimumConductance: bounds.minimum, maximumConductance: bounds.maximum,
                                            pulseRange: potentiationLevels, curveConstant: potentiationConstant * potentiationLevels),
                 targets.potentiation),
                (ExponentialSaturationCurve(minimumConductance: bounds.minimum, maximumConductance: bounds.maximum,
                                            pulseRange: depressionLevels, curveConstant: depressionConstant * depressionLevels),
                 targets.depression),
            ]
            for (curve, buffers) in curves {
                buffers.curveConstants[device] = Float(curve.curveConstant)
                buffers.asymptoteOffsets[device] = Float(curve.asymptoteOffset)
                buffers.pulseRanges[device] = Float(curve.pulseRange)
                smallestSlope = min(smallestSlope, curve.smallestSlope)
            }
            // Potentiation: ΔP ≥ ½ ⟺ ΔG ≥ −expm1(−½/A)·D; depression: ΔP ≤ −½ ⟺ |ΔG| ≥ expm1(½/A)·D.
            targets.potentiation.halfPulseFactors[device] = Float(-expm1(-0.5 / curves[0].0.curveConstant))
            targets.depression.halfPulseFactors[device] = Float(expm1(0.5 / curves[1].0.curveConstant))
        }
        // Single-precision rounding of the positions could turn a change just below half a step
        // into one pulse, so the screen keeps a margin of 1 %.
        return smallestSlope.isFinite ? Float(0.5 * smallestSlope * 0.99) : 0
    }

    /// Gmin_i and Gmax_i, each scaled by its own `1 + σ·ξ`, re-drawn until Gmin_i ≥ 0 and
    /// Gmax_i > Gmin_i. Profile validation bounds σ so that a re-draw is rare.
    private static func drawBounds(parameters: PulsePositionParameters, sigma: Double, variation: RandomSource)
        -> (minimum: Double, maximum: Double)
    {
        guard sigma > 0 else { return (parameters.minimumConductance, parameters.maximumConductance) }
        for _ in 0..<1_000 {
            let maximum = parameters.maximumConductance * (1 + sigma * variation.standardNormal())
            let minimum = parameters.minimumConductance * (1 + sigma * variation.standardNormal())
            if minimum >= 0 && maximum > minimum {
                return (minimum, maximum)
            }
        }
        // NOTE: reached only if validation let through a spread that crosses the bounds almost
        // always; the device then keeps the nominal bounds.
        return (parameters.minimumConductance, parameters.maximumConductance)
    }

    private static func drawLevels(_ levels: Int, sigma: Double, variation: RandomSource) -> Double {
        guard sigma > 0 else { return Double(levels) }
        return max(2, (Double(levels) * (1 + sigma * variation.standardNormal())).rounded())
    }

    private static func drawNormalizedConstant(label: Double, nominal: Double, sigma: Double, variation: RandomSource) -> Double {
        guard sigma > 0 else { return nominal }
        let drawn = label + sigma * variation.standardNormal()
        let clamped = min(max(drawn, -largestDrawnNonlinearity), largestDrawnNonlinearity)
        return NonlinearityLabel.normalizedCurveConstant(forLabel: clamped)
    }
}
