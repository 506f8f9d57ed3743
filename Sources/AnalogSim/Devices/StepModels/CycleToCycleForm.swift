/// The form in which the cycle-to-cycle draw ξ ~ N(0, 1) of one pulse enters that pulse's signed
/// noise-free change Δ (weight units). Each conformer performs the operations of the noise branch of
/// `StepDevices.pulse` for its form in the same order, so the two give bit-identical changes.
protocol CycleToCycleForm {
    /// Whether a pulse draws ξ at all (false when σ_c is 0).
    static var drawsNoise: Bool { get }

    /// Returns the noisy change, given the noise-free step magnitude `step` and the weight `w`
    /// before the pulse.
    func perturb(_ change: Float, step: Float, weight w: Float, draw ξ: Float) -> Float
}

/// No cycle-to-cycle noise (σ_c = 0): pulses draw nothing.
struct NoCycleToCycle: CycleToCycleForm {
    static var drawsNoise: Bool { false }

    @inline(__always)
    func perturb(_ change: Float, step: Float, weight w: Float, draw ξ: Float) -> Float {
        change
    }
}

/// `Δ·(1 + σ_c·ξ)`: the noise scales the whole step.
struct MultiplicativeCycleToCycle: CycleToCycleForm {
    static var drawsNoise: Bool { true }
    let sigma: Float

    @inline(__always)
    func perturb(_ change: Float, step: Float, weight w: Float, draw ξ: Float) -> Float {
        change * (1 + sigma * ξ)
    }
}

/// `Δ + s·σ_c·ξ`, with `scale` = s·σ_c for the device's step s in the pulse's direction: the
/// additive form of the linear-step and soft-bounds models.
struct AdditiveCycleToCycle: CycleToCycleForm {
    static var drawsNoise: Bool { true }
    let scale: Float

    @inline(__always)
    func perturb(_ change: Float, step: Float, weight w: Float, draw ξ: Float) -> Float {
        change + scale * ξ
    }
}

/// `Δ + σ_c·(|Δ| + add + slope·|w|)·ξ`: the exponential-step model with an additive or slope term.
struct ExponentialCycleToCycle: CycleToCycleForm {
    static var drawsNoise: Bool { true }
    let sigma: Float
    let additive: Float
    let slope: Float

    @inline(__always)
    func perturb(_ change: Float, step: Float, weight w: Float, draw ξ: Float) -> Float {
        change + sigma * (step + additive + slope * abs(w)) * ξ
    }
}
