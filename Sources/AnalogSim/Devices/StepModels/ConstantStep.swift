/// The constant-step device (aihwkit `ConstantStepDevice`): every pulse moves the weight by the
/// device's own step, whatever the weight,
///
///     up:   w ← clip(w + s⁺·(1 + σ_c·ξ)),     down:   w ← clip(w − s⁻·(1 + σ_c·ξ)),
///
/// with the steps and bounds of `StepDeviceParameters`. The noise is multiplicative on the step.
/// With no bounds in reach and no noise this is exact floating-point SGD quantised to dw_min.
public enum ConstantStep {
    public static let modelName = "constant-step"
}
