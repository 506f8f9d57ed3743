/// The noise-free step of one step device for pulses in one direction, as a function of its
/// weight w (weight units). It is a model's step equation with the device's parameters loaded
/// once per write, so a loop over pulses evaluates only the part that depends on w.
///
/// Every conformer performs the operations of `StepDevices.step(device:up:weight:)` for its model
/// in the same order, so the two return bit-identical steps.
protocol DirectedStep {
    /// Returns the step magnitude of one pulse from weight `w` (weight units, not negative).
    func magnitude(at w: Float) -> Float
}

/// A step s that does not depend on the weight: the constant-step model, and the linear-step and
/// soft-bounds models when their reference bound is 0.
struct FixedStep: DirectedStep {
    let base: Float

    @inline(__always)
    func magnitude(at w: Float) -> Float {
        base
    }
}

/// The soft-bounds step `s·(1 − w/b)`, with b the device's own bound in the pulse's direction
/// (b ≠ 0).
struct SoftBoundsDirectedStep: DirectedStep {
    let base: Float
    let bound: Float

    @inline(__always)
    func magnitude(at w: Float) -> Float {
        base * (1 - w / bound)
    }
}

/// The linear-step step `s·(1 − γ·w/w_ref)`, with γ the device's slope and w_ref the reference
/// bound in the pulse's direction (w_ref ≠ 0).
struct LinearDirectedStep: DirectedStep {
    let base: Float
    let slope: Float
    let reference: Float

    @inline(__always)
    func magnitude(at w: Float) -> Float {
        base * (1 - slope * w / reference)
    }
}

/// The step of any model through `StepDevices.step(device:up:weight:)`, which switches over the
/// model at every call. The exponential, power and piecewise models use it.
struct ModelDirectedStep: DirectedStep {
    let devices: StepDevices
    let device: Int
    let up: Bool

    @inline(__always)
    func magnitude(at w: Float) -> Float {
        devices.step(device: device, up: up, weight: w)
    }
}
