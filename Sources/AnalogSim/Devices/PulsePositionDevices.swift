import Foundation

/// A population of pulse-position devices with exponential saturation (the NeuroSim family),
/// each with its own drawn curves, held as one buffer per parameter.
///
/// Per device `i` and polarity (LTP or LTD) the curve of `ExponentialSaturationCurve` holds, in
/// single precision:
///
///     G(P) = Gmin_i + B · (1 − e^(−P/A)),     P(G) = −A · ln(1 − (G − Gmin_i)/B)
///
/// A write of `n` pulses moves the position along the curve of its polarity, clamped to
/// [0, Pmax]. It then adds cycle-to-cycle noise, `ξ·σ_c2c·(Gmax_i − Gmin_i)·√|n|` once
/// (per-write form) or `ξ·σ_c2c·(Gmax_i − Gmin_i)` after each pulse (per-pulse form), and the
/// result is clipped to `[Gmin_i, Gmax_i]`. Because noise moves G off the levels, a device's position is recomputed
/// from its conductance at every write, on the curve of that write's polarity.
public final class PulsePositionDevices: DevicePopulation {
    public let count: Int
    public let nominalMinimumConductance: Float
    public let nominalMaximumConductance: Float
    public let smallestResolvableChange: Float
    public let readNoiseSigma: Float

    /// σ_c2c as a fraction of each device's range.
    public let cycleToCycleSigma: Float
    /// Whether cycle-to-cycle noise is drawn per write event or per pulse.
    public let cycleToCycleNoise: CycleToCycleNoiseForm

    public let conductances: UnsafeMutableBufferPointer<Float>
    /// Gmin_i and Gmax_i (S).
    let minimumConductances: UnsafeMutableBufferPointer<Float>
    let maximumConductances: UnsafeMutableBufferPointer<Float>
    /// A (pulses), B (S) and Pmax (pulses) of each device's LTP curve.
    let potentiationCurveConstants: UnsafeMutableBufferPointer<Float>
    let potentiationAmplitudes: UnsafeMutableBufferPointer<Float>
    let potentiationPulseRanges: UnsafeMutableBufferPointer<Float>
    /// A (pulses), B (S) and Pmax (pulses) of each device's LTD curve.
    let depressionCurveConstants: UnsafeMutableBufferPointer<Float>
    let depressionAmplitudes: UnsafeMutableBufferPointer<Float>
    let depressionPulseRanges: UnsafeMutableBufferPointer<Float>
    /// k of each curve: a request sends at least one pulse exactly when its magnitude is at
    /// least `k·(B + Gmin − G)` (see `roundedPulseCount`).
    let potentiationHalfPulseFactors: UnsafeMutableBufferPointer<Float>
    let depressionHalfPulseFactors: UnsafeMutableBufferPointer<Float>

    private let storage: UnsafeMutableBufferPointer<Float>
    private static let bufferCount = 11

    /// Draws `count` devices of `parameters`; see `PulsePositionParameters.makePopulation`.
    init(parameters: PulsePositionParameters, count: Int, variation: RandomSource) {
        self.count = count
        nominalMinimumConductance = Float(parameters.minimumConductance)
        nominalMaximumConductance = Float(parameters.maximumConductance)
        readNoiseSigma = Float(parameters.readNoiseSigma)
        cycleToCycleSigma = Float(parameters.cycleToCycleSigma)
        cycleToCycleNoise = parameters.cycleToCycleNoise

        let storage = UnsafeMutableBufferPointer<Float>.allocate(capacity: PulsePositionDevices.bufferCount * max(count, 1))
        storage.initialize(repeating: 0)
        self.storage = storage
        func slice(_ index: Int) -> UnsafeMutableBufferPointer<Float> {
            UnsafeMutableBufferPointer(rebasing: storage[(index * count)..<((index + 1) * count)])
        }
        conductances = slice(0)
        minimumConductances = slice(1)
        maximumConductances = slice(2)
        potentiationCurveConstants = slice(3)
        potentiationAmplitudes = slice(4)
        potentiationPulseRanges = slice(5)
        depressionCurveConstants = slice(6)
        depressionAmplitudes = slice(7)
        depressionPulseRanges = slice(8)
        potentiationHalfPulseFactors = slice(9)
        depressionHalfPulseFactors = slice(10)

        smallestResolvableChange = Self.drawDevices(
            parameters: parameters, variation: variation,
            into: DrawTargets(
                minimum: minimumConductances, maximum: maximumConductances,
                potentiation: (potentiationCurveConstants, potentiationAmplitudes, potentiationPulseRanges),
                depression: (depressionCurveConstants, depressionAmplitudes, depressionPulseRanges)))
        for device in 0..<count {
            conductances[device] = minimumConductances[device]
            // Potentiation: ΔP ≥ ½ ⟺ ΔG ≥ −expm1(−½/A)·D; depression: ΔP ≤ −½ ⟺ |ΔG| ≥ expm1(½/A)·D.
            potentiationHalfPulseFactors[device] = Float(-expm1(-0.5 / Double(potentiationCurveConstants[device])))
            depressionHalfPulseFactors[device] = Float(expm1(0.5 / Double(depressionCurveConstants[device])))
        }
    }

    deinit {
        storage.deallocate()
    }

    public func minimumConductance(ofDevice device: Int) -> Float {
        minimumConductances[device]
    }

    public func maximumConductance(ofDevice device: Int) -> Float {
        maximumConductances[device]
    }

    /// Returns the device's own LTP curve in double precision, for tests and tables.
    public func potentiationCurve(ofDevice device: Int) -> ExponentialSaturationCurve {
        ExponentialSaturationCurve(
            minimumConductance: Double(minimumConductances[device]),
            maximumConductance: Double(maximumConductances[device]),
            pulseRange: Double(potentiationPulseRanges[device]),
            curveConstant: Double(potentiationCurveConstants[device]))
    }

    /// Returns the device's own LTD curve in double precision, for tests and tables.
    public func depressionCurve(ofDevice device: Int) -> ExponentialSaturationCurve {
        ExponentialSaturationCurve(
            minimumConductance: Double(minimumConductances[device]),
            maximumConductance: Double(maximumConductances[device]),
            pulseRange: Double(depressionPulseRanges[device]),
            curveConstant: Double(depressionCurveConstants[device]))
    }

    /// `P(G + ΔG) − P(G) = −A · ln(1 − ΔG/D)` with `D = B + Gmin − G`, on the curve of the
    /// change's polarity; ΔG is first clamped so that G + ΔG stays within the bounds.
    @inline(__always)
    public func pulsesNeeded(forChange change: Float, device: Int) -> Float {
        let conductance = conductances[device]
        let minimum = minimumConductances[device]
        if change > 0 {
            let step = min(change, maximumConductances[device] - conductance)
            let amplitude = potentiationAmplitudes[device]
            return -potentiationCurveConstants[device] * log1p(-step / (amplitude + minimum - conductance))
        } else {
            let step = max(change, minimum - conductance)
            let amplitude = depressionAmplitudes[device]
            return -depressionCurveConstants[device] * log1p(-step / (amplitude + minimum - conductance))
        }
    }

    /// Computes the same count as rounding `pulsesNeeded`, without a logarithm for the requests
    /// that round to zero (most of them in training): `|ΔP| ≥ ½` exactly when `|ΔG| ≥ k·D`, with
    /// `k = −expm1(−½/A)` for potentiation and `expm1(½/A)` for depression. Requests within
    /// 1e-4 of that threshold take the logarithm, so single-precision rounding cannot make the
    /// two paths disagree.
    @inline(__always)
    public func roundedPulseCount(forChange change: Float, device: Int) -> Int {
        let conductance = conductances[device]
        let minimum = minimumConductances[device]
        if change > 0 {
            let step = min(change, maximumConductances[device] - conductance)
            let distance = potentiationAmplitudes[device] + minimum - conductance
            guard step >= potentiationHalfPulseFactors[device] * distance * 0.9999 else { return 0 }
            return roundedHalfUp(-potentiationCurveConstants[device] * log1p(-step / distance))
        } else {
            let step = max(change, minimum - conductance)
            let distance = depressionAmplitudes[device] + minimum - conductance
            guard -step >= depressionHalfPulseFactors[device] * distance * 0.9999 else { return 0 }
            return roundedHalfUp(-depressionCurveConstants[device] * log1p(-step / distance))
        }
    }

    @inline(__always)
    public func applyPulses(_ pulseCount: Int, toDevice device: Int, noise: RandomSource) {
        guard pulseCount != 0 else { return }

        let minimum = minimumConductances[device]
        let maximum = maximumConductances[device]
        let noiseScale = cycleToCycleSigma * (maximum - minimum)

        switch cycleToCycleNoise {
        case .perWrite:
            var conductance = moved(conductances[device], by: Float(pulseCount), device: device)
            if noiseScale > 0 {
                let magnitude = Float(pulseCount.magnitude).squareRoot()
                conductance += Float(noise.standardNormal()) * noiseScale * magnitude
            }
            conductances[device] = min(max(conductance, minimum), maximum)
        case .perPulse:
            let step: Float = pulseCount > 0 ? 1 : -1
            var conductance = conductances[device]
            for _ in 0..<pulseCount.magnitude {
                conductance = moved(conductance, by: step, device: device)
                if noiseScale > 0 {
                    conductance += Float(noise.standardNormal()) * noiseScale
                }
                conductance = min(max(conductance, minimum), maximum)
            }
            conductances[device] = conductance
        }
        checkInvariant(device: device)
    }

    public func applyPulsesWithoutNoise(_ pulseCount: Int, toDevice device: Int) {
        guard pulseCount != 0 else { return }
        let conductance = moved(conductances[device], by: Float(pulseCount), device: device)
        conductances[device] = min(max(conductance, minimumConductances[device]), maximumConductances[device])
    }

    public func program(device: Int, conductance: Float) {
        conductances[device] = min(max(conductance, minimumConductances[device]), maximumConductances[device])
    }

    public func reset(device: Int) {
        conductances[device] = minimumConductances[device]
    }

    /// Returns the conductance after moving `pulses` positions along the curve of their polarity,
    /// without noise; the position is clamped to [0, Pmax].
    @inline(__always)
    private func moved(_ conductance: Float, by pulses: Float, device: Int) -> Float {
        let minimum = minimumConductances[device]
        let curveConstant: Float
        let amplitude: Float
        let pulseRange: Float
        if pulses > 0 {
            curveConstant = potentiationCurveConstants[device]
            amplitude = potentiationAmplitudes[device]
            pulseRange = potentiationPulseRanges[device]
        } else {
            curveConstant = depressionCurveConstants[device]
            amplitude = depressionAmplitudes[device]
            pulseRange = depressionPulseRanges[device]
        }
        let start = Self.position(of: conductance, minimum: minimum, curveConstant: curveConstant, amplitude: amplitude)
        let end = min(max(start + pulses, 0), pulseRange)
        return minimum - amplitude * expm1(-end / curveConstant)
    }

    /// P(G) = −A · ln(1 − (G − Gmin)/B).
    @inline(__always)
    static func position(of conductance: Float, minimum: Float, curveConstant: Float, amplitude: Float) -> Float {
        -curveConstant * log1p(-(conductance - minimum) / amplitude)
    }

    @inline(__always)
    private func checkInvariant(device: Int) {
        #if ANALOGSIM_INVARIANT_CHECKS
        let conductance = conductances[device]
        precondition(conductance.isFinite, "device \(device): conductance is \(conductance)")
        precondition(conductance >= minimumConductances[device] && conductance <= maximumConductances[device],
                     "device \(device): conductance \(conductance) S left [\(minimumConductances[device]), \(maximumConductances[device])] S")
        #endif
    }
}
