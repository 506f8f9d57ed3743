import Foundation

/// A population of pulse-position devices with exponential saturation (the NeuroSim family),
/// each with its own drawn curves, held as one buffer per parameter.
///
/// Per device `i` and polarity (LTP or LTD) the curve of `ExponentialSaturationCurve` holds:
/// `G(P) = Gmin_i + B·(1 − e^(−P/A))`. The kernels work with the distance to the curve's
/// asymptote `G∞ = Gmin_i + B`,
///
///     D = G∞ − G,      G∞ − Gmax_i = B·e^(−Pmax/A),      G∞ − Gmin_i = B,
///
/// which every pulse multiplies by `e^(−1/A)`. So `n` pulses give `D_new = D·e^(−n/A)` and a
/// change ΔG corresponds to `ΔP = −A·ln(1 − ΔG/D)` pulses. D is computed from the asymptote's
/// offset to the bound it lies beyond (Gmax for A > 0, Gmin for A < 0), which keeps single
/// precision accurate next to that bound even for |NL| = 9, where `1 − (G − Gmin)/B` would
/// cancel to zero.
///
/// A write of `n` pulses moves along the curve of its polarity; the position stays in
/// [0, Pmax], which is the same as keeping G in `[Gmin_i, Gmax_i]`. The write then adds
/// cycle-to-cycle noise, `ξ·σ_c2c·(Gmax_i − Gmin_i)·√|n|` once (per-write form) or
/// `ξ·σ_c2c·(Gmax_i − Gmin_i)` after each pulse (per-pulse form), and the result is clipped to
/// `[Gmin_i, Gmax_i]`. Because noise moves G off the levels, each write starts from the
/// device's conductance, on the curve of its own polarity.
public final class PulsePositionDevices: DevicePopulation {
    public let count: Int
    public let nominalMinimumConductance: Float
    public let nominalMaximumConductance: Float
    public let smallestResolvableChange: Float
    public let readNoiseSigma: Float
    public let pulseGranularity: Float

    /// σ_c2c as a fraction of each device's range.
    public let cycleToCycleSigma: Float
    /// Whether cycle-to-cycle noise is drawn per write event or per pulse.
    public let cycleToCycleNoise: CycleToCycleNoiseForm

    public let conductances: UnsafeMutableBufferPointer<Float>
    /// Gmin_i and Gmax_i (S).
    let minimumConductances: UnsafeMutableBufferPointer<Float>
    let maximumConductances: UnsafeMutableBufferPointer<Float>
    /// A (pulses), the asymptote offset (S, see `ExponentialSaturationCurve.asymptoteOffset`),
    /// Pmax (pulses) and the half-pulse factor k of each device's LTP curve.
    let potentiationCurveConstants: UnsafeMutableBufferPointer<Float>
    let potentiationAsymptoteOffsets: UnsafeMutableBufferPointer<Float>
    let potentiationPulseRanges: UnsafeMutableBufferPointer<Float>
    let potentiationHalfPulseFactors: UnsafeMutableBufferPointer<Float>
    /// The same for each device's LTD curve.
    let depressionCurveConstants: UnsafeMutableBufferPointer<Float>
    let depressionAsymptoteOffsets: UnsafeMutableBufferPointer<Float>
    let depressionPulseRanges: UnsafeMutableBufferPointer<Float>
    let depressionHalfPulseFactors: UnsafeMutableBufferPointer<Float>
    /// `k⁺·D⁺·0.9999` and `k⁻·D⁻·0.9999` at each device's present conductance (S): the values
    /// `roundedPulseCount` compares a request with, updated after every write.
    let potentiationThresholds: UnsafeMutableBufferPointer<Float>
    let depressionThresholds: UnsafeMutableBufferPointer<Float>
    public let pulseCountThresholds: PulseCountThresholds?

    private let storage: UnsafeMutableBufferPointer<Float>
    private static let bufferCount = 13

    /// Draws `count` devices of `parameters`; see `PulsePositionParameters.makePopulation`.
    init(parameters: PulsePositionParameters, count: Int, variation: RandomSource) {
        self.count = count
        nominalMinimumConductance = Float(parameters.minimumConductance)
        nominalMaximumConductance = Float(parameters.maximumConductance)
        readNoiseSigma = Float(parameters.readNoiseSigma)
        cycleToCycleSigma = Float(parameters.cycleToCycleSigma)
        cycleToCycleNoise = parameters.cycleToCycleNoise
        let meanLevels = Double(parameters.potentiation.levels + parameters.depression.levels) / 2
        pulseGranularity = Float((parameters.maximumConductance - parameters.minimumConductance) / meanLevels)

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
        potentiationAsymptoteOffsets = slice(4)
        potentiationPulseRanges = slice(5)
        potentiationHalfPulseFactors = slice(6)
        depressionCurveConstants = slice(7)
        depressionAsymptoteOffsets = slice(8)
        depressionPulseRanges = slice(9)
        depressionHalfPulseFactors = slice(10)
        potentiationThresholds = slice(11)
        depressionThresholds = slice(12)
        pulseCountThresholds = PulseCountThresholds(
            potentiation: UnsafePointer(storage.baseAddress! + 11 * count),
            depression: UnsafePointer(storage.baseAddress! + 12 * count))

        smallestResolvableChange = Self.drawDevices(
            parameters: parameters, variation: variation,
            into: DrawTargets(
                minimum: minimumConductances, maximum: maximumConductances,
                potentiation: (potentiationCurveConstants, potentiationAsymptoteOffsets, potentiationPulseRanges, potentiationHalfPulseFactors),
                depression: (depressionCurveConstants, depressionAsymptoteOffsets, depressionPulseRanges, depressionHalfPulseFactors)))
        for device in 0..<count {
            conductances[device] = minimumConductances[device]
            updatePulseCountThresholds(device: device)
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

    /// `ΔP = −A·ln(1 − ΔG/D)` on the curve of the change's polarity, with ΔG first clamped so
    /// that G + ΔG stays within the bounds. The result is clamped to ±Pmax, which it can reach
    /// only through rounding at the saturated end of a strongly nonlinear curve.
    @inline(__always)
    public func pulsesNeeded(forChange change: Float, device: Int) -> Float {
        let conductance = conductances[device]
        let maximum = maximumConductances[device]
        if change > 0 {
            let step = min(change, maximum - conductance)
            guard step > 0 else { return 0 }
            let curveConstant = potentiationCurveConstants[device]
            let distance = distanceToAsymptote(conductance, curveConstant: curveConstant, offset: potentiationAsymptoteOffsets[device], device: device)
            let pulses = -curveConstant * log1p(-step / distance)
            return min(pulses, potentiationPulseRanges[device])
        } else {
            let step = max(change, minimumConductances[device] - conductance)
            guard step < 0 else { return 0 }
            let curveConstant = depressionCurveConstants[device]
            let distance = distanceToAsymptote(conductance, curveConstant: curveConstant, offset: depressionAsymptoteOffsets[device], device: device)
            let pulses = -curveConstant * log1p(-step / distance)
            return max(pulses, -depressionPulseRanges[device])
        }
    }

    /// Computes the same count as rounding `pulsesNeeded`, without a logarithm for the requests
    /// that round to zero (most of them in training): `|ΔP| ≥ ½` exactly when `|ΔG| ≥ k·D`, with
    /// `k = −expm1(−½/A)` for potentiation and `expm1(½/A)` for depression. Requests within 1e-4
    /// of that threshold take the logarithm, so single-precision rounding cannot make the two
    /// paths disagree.
    @inline(__always)
    public func roundedPulseCount(forChange change: Float, device: Int) -> Int {
        let conductance = conductances[device]
        checkPulseCountThresholds(device: device)
        if change > 0 {
            let step = min(change, maximumConductances[device] - conductance)
            guard step >= potentiationThreshold(atConductance: conductance, device: device), step > 0 else { return 0 }
        } else {
            let step = max(change, minimumConductances[device] - conductance)
            guard -step >= depressionThreshold(atConductance: conductance, device: device), step < 0 else { return 0 }
        }
        return roundedHalfUp(pulsesNeeded(forChange: change, device: device))
    }

    /// `k⁺·D⁺·0.9999`: a potentiation request below it rounds to zero pulses.
    @inline(__always)
    func potentiationThreshold(atConductance conductance: Float, device: Int) -> Float {
        let distance = distanceToAsymptote(conductance, curveConstant: potentiationCurveConstants[device],
                                           offset: potentiationAsymptoteOffsets[device], device: device)
        return potentiationHalfPulseFactors[device] * distance * 0.9999
    }

    /// `k⁻·D⁻·0.9999`: a depression request of smaller magnitude rounds to zero pulses.
    @inline(__always)
    func depressionThreshold(atConductance conductance: Float, device: Int) -> Float {
        let distance = distanceToAsymptote(conductance, curveConstant: depressionCurveConstants[device],
                                           offset: depressionAsymptoteOffsets[device], device: device)
        return depressionHalfPulseFactors[device] * distance * 0.9999
    }

    /// Recomputes the device's entries of `pulseCountThresholds` from its present conductance;
    /// every method that writes a conductance calls it.
    @inline(__always)
    private func updatePulseCountThresholds(device: Int) {
        let conductance = conductances[device]
        potentiationThresholds[device] = potentiationThreshold(atConductance: conductance, device: device)
        depressionThresholds[device] = depressionThreshold(atConductance: conductance, device: device)
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
        updatePulseCountThresholds(device: device)
        checkInvariant(device: device)
    }

    public func applyPulsesWithoutNoise(_ pulseCount: Int, toDevice device: Int) {
        guard pulseCount != 0 else { return }
        conductances[device] = moved(conductances[device], by: Float(pulseCount), device: device)
        updatePulseCountThresholds(device: device)
    }

    public func applyFractionalPulses(_ pulses: Float, toDevice device: Int) {
        guard pulses != 0 else { return }
        conductances[device] = moved(conductances[device], by: pulses, device: device)
        updatePulseCountThresholds(device: device)
    }

    public func program(device: Int, conductance: Float) {
        conductances[device] = min(max(conductance, minimumConductances[device]), maximumConductances[device])
        updatePulseCountThresholds(device: device)
    }

    public func reset(device: Int) {
        conductances[device] = minimumConductances[device]
        updatePulseCountThresholds(device: device)
    }

    /// Returns the conductance after moving `pulses` positions along the curve of their
    /// polarity, without noise, kept within the bounds.
    @inline(__always)
    private func moved(_ conductance: Float, by pulses: Float, device: Int) -> Float {
        let curveConstant: Float
        let offset: Float
        if pulses > 0 {
            curveConstant = potentiationCurveConstants[device]
            offset = potentiationAsymptoteOffsets[device]
        } else {
            curveConstant = depressionCurveConstants[device]
            offset = depressionAsymptoteOffsets[device]
        }
        // G_new = G∞ − D·e^(−n/A) = G − D·expm1(−n/A); expm1 keeps a nearly linear curve's
        // tiny steps, which e^(−n/A) would round to 1.
        let distance = distanceToAsymptote(conductance, curveConstant: curveConstant, offset: offset, device: device)
        let moved = conductance - distance * expm1(-pulses / curveConstant)
        // 0·∞ when a device sits on an asymptote offset that rounded to 0: it stays where it is.
        guard !moved.isNaN else { return conductance }
        return min(max(moved, minimumConductances[device]), maximumConductances[device])
    }

    /// D = G∞ − G, from the asymptote's offset to the bound it lies beyond.
    @inline(__always)
    private func distanceToAsymptote(_ conductance: Float, curveConstant: Float, offset: Float, device: Int) -> Float {
        let bound = curveConstant > 0 ? maximumConductances[device] : minimumConductances[device]
        return offset + (bound - conductance)
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

    /// Checks that the stored thresholds are those of the present conductance, which fails when
    /// `conductances` was written without going through a device method.
    @inline(__always)
    private func checkPulseCountThresholds(device: Int) {
        #if ANALOGSIM_INVARIANT_CHECKS
        let conductance = conductances[device]
        let potentiation = potentiationThreshold(atConductance: conductance, device: device)
        let depression = depressionThreshold(atConductance: conductance, device: device)
        precondition(potentiationThresholds[device].bitPattern == potentiation.bitPattern
                     && depressionThresholds[device].bitPattern == depression.bitPattern,
                     "device \(device): stored pulse-count thresholds do not match conductance \(conductance) S")
        #endif
    }
}
