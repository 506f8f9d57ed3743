import Foundation
import CNumerics

/// A population of pulse-position devices with exponential saturation (the NeuroSim family),
/// each with its own drawn curves: conductances and pulse-count thresholds in one buffer each, the
/// drawn parameters in one 64-byte record per device (`DeviceRecordField`).
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
    let minimumConductances: DeviceRecordField
    let maximumConductances: DeviceRecordField
    /// A (pulses), the asymptote offset (S, see `ExponentialSaturationCurve.asymptoteOffset`),
    /// Pmax (pulses) and the half-pulse factor k of each device's LTP curve.
    let potentiationCurveConstants: DeviceRecordField
    let potentiationAsymptoteOffsets: DeviceRecordField
    let potentiationPulseRanges: DeviceRecordField
    let potentiationHalfPulseFactors: DeviceRecordField
    /// The same for each device's LTD curve.
    let depressionCurveConstants: DeviceRecordField
    let depressionAsymptoteOffsets: DeviceRecordField
    let depressionPulseRanges: DeviceRecordField
    let depressionHalfPulseFactors: DeviceRecordField
    /// `expm1(−1/A)` of each device's LTP curve and `expm1(1/A)` of its LTD curve, in single
    /// precision exactly as a move by one pulse computes them, so that such a move needs no
    /// exponential.
    let potentiationSinglePulseFactors: DeviceRecordField
    let depressionSinglePulseFactors: DeviceRecordField
    /// `k₃/k`, where `k₃ = −expm1(−1.5/A)` (LTP) or `expm1(1.5/A)` (LTD) and `k` is the half-pulse
    /// factor: a change below `k₃·D` is less than 1.5 pulses, so one between the half-pulse
    /// threshold and this ratio times it (with margins) is one pulse, counted without a logarithm.
    let potentiationOnePulseRatios: DeviceRecordField
    let depressionOnePulseRatios: DeviceRecordField
    /// `k⁺·D⁺·0.9999` and `k⁻·D⁻·0.9999` at each device's present conductance (S), truncated
    /// (`PulseCountThresholds.truncated`): lower bounds of the values `roundedPulseCount`
    /// compares a request with, updated after every write.
    let potentiationThresholds: UnsafeMutableBufferPointer<UInt16>
    let depressionThresholds: UnsafeMutableBufferPointer<UInt16>
    /// The smallest entry of `potentiationThresholds` in each block of
    /// `PulseCountThresholds.blockSize` devices.
    let potentiationBlockMinima: UnsafeMutableBufferPointer<UInt16>
    /// The smallest entry of `potentiationBlockMinima` in each group of `blockSize` blocks.
    let potentiationGroupMinima: UnsafeMutableBufferPointer<UInt16>
    public let pulseCountThresholds: PulseCountThresholds?

    /// Conductances; the thresholds have one buffer each, over which the screens of the update
    /// kernels run row by row.
    private let storage: UnsafeMutableBufferPointer<Float>
    private static let bufferCount = 1
    /// The ten drawn parameters of each device, one `DeviceRecordField` record per device.
    let records: UnsafeMutableRawPointer

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
        potentiationThresholds = .allocate(capacity: max(count, 1))
        potentiationThresholds.initialize(repeating: 0)
        depressionThresholds = .allocate(capacity: max(count, 1))
        depressionThresholds.initialize(repeating: 0)
        let blockSize = PulseCountThresholds.blockSize
        potentiationBlockMinima = .allocate(capacity: max((count + blockSize - 1) / blockSize, 1))
        potentiationBlockMinima.initialize(repeating: 0)
        potentiationGroupMinima = .allocate(capacity: max((count + blockSize * blockSize - 1) / (blockSize * blockSize), 1))
        potentiationGroupMinima.initialize(repeating: 0)

        let recordBytes = DeviceRecordField.floatsPerRecord * MemoryLayout<Float>.stride
        records = UnsafeMutableRawPointer.allocate(byteCount: recordBytes * max(count, 1), alignment: recordBytes)
        let recordFloats = records.initializeMemory(as: Float.self, repeating: 0, count: DeviceRecordField.floatsPerRecord * max(count, 1))
        func field(_ index: Int) -> DeviceRecordField {
            DeviceRecordField(fieldStart: recordFloats + index)
        }
        minimumConductances = field(0)
        maximumConductances = field(1)
        potentiationCurveConstants = field(2)
        potentiationAsymptoteOffsets = field(3)
        potentiationPulseRanges = field(4)
        potentiationHalfPulseFactors = field(5)
        depressionCurveConstants = field(6)
        depressionAsymptoteOffsets = field(7)
        depressionPulseRanges = field(8)
        depressionHalfPulseFactors = field(9)
        potentiationSinglePulseFactors = field(10)
        depressionSinglePulseFactors = field(11)
        potentiationOnePulseRatios = field(12)
        depressionOnePulseRatios = field(13)
        pulseCountThresholds = PulseCountThresholds(
            potentiation: UnsafePointer(potentiationThresholds.baseAddress!),
            depression: UnsafePointer(depressionThresholds.baseAddress!),
            potentiationBlockMinima: UnsafePointer(potentiationBlockMinima.baseAddress!),
            potentiationGroupMinima: UnsafePointer(potentiationGroupMinima.baseAddress!))

        smallestResolvableChange = Self.drawDevices(
            parameters: parameters, variation: variation,
            into: DrawTargets(
                count: count, minimum: minimumConductances, maximum: maximumConductances,
                potentiation: (potentiationCurveConstants, potentiationAsymptoteOffsets, potentiationPulseRanges, potentiationHalfPulseFactors),
                depression: (depressionCurveConstants, depressionAsymptoteOffsets, depressionPulseRanges, depressionHalfPulseFactors)))
        for device in 0..<count {
            let potentiationConstant = potentiationCurveConstants[device]
            let depressionConstant = depressionCurveConstants[device]
            potentiationSinglePulseFactors[device] = expm1(-Float(1) / potentiationConstant)
            depressionSinglePulseFactors[device] = expm1(-Float(-1) / depressionConstant)
            potentiationOnePulseRatios[device] =
                Float(-expm1(-1.5 / Double(potentiationConstant)) / -expm1(-0.5 / Double(potentiationConstant)))
            depressionOnePulseRatios[device] =
                Float(expm1(1.5 / Double(depressionConstant)) / expm1(0.5 / Double(depressionConstant)))

            conductances[device] = minimumConductances[device]
            updatePulseCountThresholds(device: device)
        }
    }

    deinit {
        storage.deallocate()
        records.deallocate()
        potentiationThresholds.deallocate()
        depressionThresholds.deallocate()
        potentiationBlockMinima.deallocate()
        potentiationGroupMinima.deallocate()
    }

    public func minimumConductance(ofDevice device: Int) -> Float {
        minimumConductances[device]
    }

    public func maximumConductance(ofDevice device: Int) -> Float {
        maximumConductances[device]
    }

    /// Prefetches the device's conductance and its record of drawn parameters.
    @inline(__always)
    public func prefetch(device: Int) {
        analogsim_prefetch_for_write(conductances.baseAddress! + device)
        analogsim_prefetch_for_write(minimumConductances.fieldStart + device &* DeviceRecordField.floatsPerRecord)
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
            let threshold = potentiationThreshold(atConductance: conductance, device: device)
            guard step >= threshold, step > 0 else { return 0 }
            if step >= threshold * Self.oneStepLowerMargin,
               step < threshold * potentiationOnePulseRatios[device] * Self.oneStepUpperMargin {
                return 1
            }
        } else {
            let step = max(change, minimumConductances[device] - conductance)
            let threshold = depressionThreshold(atConductance: conductance, device: device)
            guard -step >= threshold, step < 0 else { return 0 }
            if -step >= threshold * Self.oneStepLowerMargin,
               -step < threshold * depressionOnePulseRatios[device] * Self.oneStepUpperMargin {
                return -1
            }
        }
        return roundedHalfUp(pulsesNeeded(forChange: change, device: device))
    }

    /// Margins of the one-pulse shortcut of `roundedPulseCount`, relative to the thresholds, which
    /// carry a factor 0.9999. A change from 1.0002 times the half-pulse threshold to below 0.9999
    /// times the 1.5-pulse one lies inside 0.5 to 1.5 pulses by more than single-precision rounding
    /// can move the logarithm, so it rounds to one pulse. Other changes take the logarithm.
    static let oneStepLowerMargin: Float = 1.0002 / 0.9999
    static let oneStepUpperMargin: Float = 0.9999

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

    /// The potentiation entry of `pulseCountThresholds`: `k⁺·D⁺·0.9999`, or +∞ when the device
    /// is closer to its Gmax than that. `roundedPulseCount` clamps a request to the room left
    /// below Gmax, so such a device takes no potentiation pulse whatever the request; without
    /// the +∞ every request to a saturated device would pass the screen.
    @inline(__always)
    func potentiationScreen(atConductance conductance: Float, device: Int) -> Float {
        let threshold = potentiationThreshold(atConductance: conductance, device: device)
        return maximumConductances[device] - conductance < threshold ? .infinity : threshold
    }

    /// Returns the depression entry: `k⁻·D⁻·0.9999`, or +∞ when the device is closer to its Gmin.
    @inline(__always)
    func depressionScreen(atConductance conductance: Float, device: Int) -> Float {
        let threshold = depressionThreshold(atConductance: conductance, device: device)
        return conductance - minimumConductances[device] < threshold ? .infinity : threshold
    }

    /// Recomputes the device's entries of `pulseCountThresholds` from its present conductance;
    /// every method that writes a conductance calls it.
    @inline(__always)
    func updatePulseCountThresholds(device: Int) {
        let conductance = conductances[device]
        potentiationThresholds[device] = PulseCountThresholds.truncated(potentiationScreen(atConductance: conductance, device: device))
        depressionThresholds[device] = PulseCountThresholds.truncated(depressionScreen(atConductance: conductance, device: device))

        // The block's minimum is recomputed from its 16 entries (32 bytes): a write can raise the
        // threshold of the device that held it.
        let blockSize = PulseCountThresholds.blockSize
        let block = device / blockSize
        var smallest = UInt16.max
        for member in (block * blockSize)..<min(block * blockSize + blockSize, count) {
            smallest = min(smallest, potentiationThresholds[member])
        }
        potentiationBlockMinima[block] = smallest

        let group = block / blockSize
        let blockCount = (count + blockSize - 1) / blockSize
        var smallestInGroup = UInt16.max
        for member in (group * blockSize)..<min(group * blockSize + blockSize, blockCount) {
            smallestInGroup = min(smallestInGroup, potentiationBlockMinima[member])
        }
        potentiationGroupMinima[group] = smallestInGroup
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
        let factor: Float
        if pulses == 1 {
            factor = potentiationSinglePulseFactors[device]
        } else if pulses == -1 {
            factor = depressionSinglePulseFactors[device]
        } else {
            factor = expm1(-pulses / curveConstant)
        }
        let moved = conductance - distance * factor
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
        if let problem = invariantViolation(device: device) {
            InvariantChecks.report("pulse-position device \(device): \(problem)")
        }
        #endif
    }

    /// Checks that the stored thresholds are those of the present conductance, which fails when
    /// `conductances` was written without going through a device method.
    @inline(__always)
    private func checkPulseCountThresholds(device: Int) {
        #if ANALOGSIM_INVARIANT_CHECKS
        let conductance = conductances[device]
        let potentiation = potentiationScreen(atConductance: conductance, device: device)
        let depression = depressionScreen(atConductance: conductance, device: device)
        if potentiationThresholds[device] != PulseCountThresholds.truncated(potentiation)
            || depressionThresholds[device] != PulseCountThresholds.truncated(depression) {
            InvariantChecks.report("pulse-position device \(device): stored pulse-count thresholds do not match conductance \(conductance) S")
        }
        #endif
    }
}
