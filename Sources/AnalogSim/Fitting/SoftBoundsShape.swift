/// The soft-bounds model for the fit: θ = (k⁺, k⁻, b⁻, b⁺), with
///
///     up step = k⁺·(b⁺ − w),     down step = k⁻·(w − b⁻),
///
/// which is `SoftBoundsStep`'s `s⁺·(1 − w/b⁺)` and `s⁻·(1 − w/b⁻)` with `s⁺ = k⁺·b⁺` and
/// `s⁻ = k⁻·|b⁻|`. The rate k (per pulse) is the fraction of the distance to the bound that one
/// pulse covers. Fitting k instead of s keeps the steps finite wherever the bounds wander
/// during the iteration. All four are identifiable from trains that bend towards their
/// bounds; for nearly straight trains the bounds run far out and their uncertainties grow.
struct SoftBoundsShape: StepModelShape {
    let parameterCount = 4

    func bounds(_ θ: [Double]) -> (lower: Double, upper: Double) {
        (θ[2], θ[3])
    }

    func stepSizes(_ θ: [Double], at weight: Double) -> (up: Double, down: Double) {
        (abs(θ[0]) * max(θ[3] - weight, 0), abs(θ[1]) * max(weight - θ[2], 0))
    }

    /// Fits a straight line to the step sizes against w in each direction: the up steps fall
    /// to zero at b⁺ with slope −k⁺, the down steps at b⁻ with slope k⁻. A direction whose steps
    /// do not shrink towards its bound starts with the bound at ±3, outside the data.
    func initialParameters(from steps: [MeasuredStep]) -> [Double] {
        let up = line(through: steps.filter(\.isUp))
        let down = line(through: steps.filter { !$0.isUp })
        let upper = up.slope < 0 ? -up.intercept / up.slope : 3
        let lower = down.slope > 0 ? -down.intercept / down.slope : -3
        let clampedUpper = min(max(upper, 1.01), 100)
        let clampedLower = max(min(lower, -1.01), -100)
        let upRate = up.slope < 0 ? -up.slope : max(up.mean, 1e-6) / (clampedUpper - up.meanWeight)
        let downRate = down.slope > 0 ? down.slope : max(down.mean, 1e-6) / (down.meanWeight - clampedLower)
        return [upRate, downRate, clampedLower, clampedUpper]
    }

    func profile(from solution: NonlinearLeastSquares.Solution) -> (parameters: StepDeviceParameters,
                                                                     quantities: [DeviceFitResult.Quantity]) {
        let θ = solution.parameters
        let σ = solution.standardUncertainties
        let steps: ([Double]) -> (up: Double, down: Double) = { θ in (abs(θ[0]) * θ[3], abs(θ[1]) * abs(θ[2])) }
        let scale = Self.minimumStepAndAsymmetry(upStep: steps(θ).up, downStep: steps(θ).down)
        let parameters = StepDeviceParameters(response: .softBounds(SoftBoundsStep()), minimumStep: scale.minimumStep,
                                              upDownAsymmetry: scale.asymmetry, minimumWeight: θ[2], maximumWeight: θ[3])
        let quantities: [DeviceFitResult.Quantity] = [
            .init(name: "up rate k⁺", value: abs(θ[0]), uncertainty: σ[0], unit: "per pulse", origin: .fitted),
            .init(name: "down rate k⁻", value: abs(θ[1]), uncertainty: σ[1], unit: "per pulse", origin: .fitted),
            .init(name: "w_min", value: θ[2], uncertainty: σ[2], unit: "weight units", origin: .fitted),
            .init(name: "w_max", value: θ[3], uncertainty: σ[3], unit: "weight units", origin: .fitted),
        ] + Self.minimumStepQuantities(solution, steps: steps)
        return (parameters, quantities)
    }

    /// Fits the least-squares line of step size against weight, and returns it with the means,
    /// which serve as a fallback.
    private func line(through steps: [MeasuredStep]) -> (slope: Double, intercept: Double, mean: Double, meanWeight: Double) {
        let count = Double(max(steps.count, 1))
        let mean = steps.reduce(0) { $0 + $1.size } / count
        let meanWeight = steps.reduce(0) { $0 + $1.weight } / count
        guard let coefficients = StepSizeRegression.solve(basis: steps.map { [1, $0.weight] }, targets: steps.map(\.size),
                                                          prior: [mean, 0]) else {
            return (0, mean, mean, meanWeight)
        }
        return (coefficients[1], coefficients[0], mean, meanWeight)
    }
}
