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

/// The constant step s, whatever the weight.
struct FixedStep: DirectedStep {
    let base: Float

    @inline(__always)
    func magnitude(at w: Float) -> Float {
        base
    }
}

/// The soft-bounds step `s·(1 − w/b)`, with b the device's own bound in the pulse's direction;
/// a bound of 0 gives the constant step s.
struct SoftBoundsDirectedStep: DirectedStep {
    let base: Float
    let bound: Float

    @inline(__always)
    func magnitude(at w: Float) -> Float {
        bound == 0 ? base : base * (1 - w / bound)
    }
}

/// The linear-step step `s·(1 − γ·w/w_ref)`, with γ the device's slope and w_ref the reference
/// bound in the pulse's direction; a reference of 0 gives the constant step s.
struct LinearDirectedStep: DirectedStep {
    let base: Float
    let slope: Float
    let reference: Float

    @inline(__always)
    func magnitude(at w: Float) -> Float {
        reference == 0 ? base : base * (1 - slope * w / reference)
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

/// The per-device parameters of one model, from which the step of any device in either direction
/// is loaded. A source holds the buffers themselves, so a loop over many writes reads them
/// without going back to the population.
protocol DirectedStepSource {
    associatedtype Step: DirectedStep

    /// Returns the step of `device` for pulses up (potentiation) or down.
    func step(device: Int, up: Bool) -> Step
}

/// s⁺_i and s⁻_i of the constant-step model.
struct ConstantStepSource: DirectedStepSource {
    let upSteps: UnsafeMutableBufferPointer<Float>
    let downSteps: UnsafeMutableBufferPointer<Float>

    @inline(__always)
    func step(device: Int, up: Bool) -> FixedStep {
        FixedStep(base: up ? upSteps[device] : downSteps[device])
    }
}

/// The steps and bounds of the soft-bounds model.
struct SoftBoundsStepSource: DirectedStepSource {
    let upSteps: UnsafeMutableBufferPointer<Float>
    let downSteps: UnsafeMutableBufferPointer<Float>
    let lowerBounds: UnsafeMutableBufferPointer<Float>
    let upperBounds: UnsafeMutableBufferPointer<Float>

    @inline(__always)
    func step(device: Int, up: Bool) -> SoftBoundsDirectedStep {
        SoftBoundsDirectedStep(base: up ? upSteps[device] : downSteps[device],
                               bound: up ? upperBounds[device] : lowerBounds[device])
    }
}

/// The steps, slopes and reference bounds of the linear-step model: the mean bounds
/// (`nominalMaximum`, `nominalMinimum`) or each device's own.
struct LinearStepSource: DirectedStepSource {
    let upSteps: UnsafeMutableBufferPointer<Float>
    let downSteps: UnsafeMutableBufferPointer<Float>
    let upSlopes: UnsafeMutableBufferPointer<Float>
    let downSlopes: UnsafeMutableBufferPointer<Float>
    let lowerBounds: UnsafeMutableBufferPointer<Float>
    let upperBounds: UnsafeMutableBufferPointer<Float>
    let meanBoundReference: Bool
    let nominalMinimum: Float
    let nominalMaximum: Float

    @inline(__always)
    func step(device: Int, up: Bool) -> LinearDirectedStep {
        let reference = meanBoundReference
            ? (up ? nominalMaximum : nominalMinimum)
            : (up ? upperBounds[device] : lowerBounds[device])
        return LinearDirectedStep(base: up ? upSteps[device] : downSteps[device],
                                  slope: up ? upSlopes[device] : downSlopes[device], reference: reference)
    }
}

/// The exponential, power and piecewise models, stepped through the population itself.
struct ModelStepSource: DirectedStepSource {
    let devices: StepDevices

    @inline(__always)
    func step(device: Int, up: Bool) -> ModelDirectedStep {
        ModelDirectedStep(devices: devices, device: device, up: up)
    }
}
