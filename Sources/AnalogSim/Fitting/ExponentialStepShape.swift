import Foundation

/// The exp-step model for the fit: θ = (s⁺, s⁻, A_up, A_down, γ_up, γ_down), with
///
///     up step   = s⁺·max(1 − A_up·e^(γ_up·z), 0),
///     down step = s⁻·max(1 − A_down·e^(−γ_down·z), 0),     z = a·w,
///
/// `ExponentialStep` with bounds fixed at the measured extremes (w = ±1) and b = 0, so that
/// `z = 2a·w/(b⁺ − b⁻) + b = a·w`. These are fixed because the data cannot separate them from
/// the fitted values: b only rescales the amplitudes (`A·e^(γ·b)`), |a| only rescales both γ,
/// and the hard bounds of this model show in the data only as the trains' extremes. The sign of
/// a cannot be absorbed, because γ ≥ 0 in a profile and the two directions share a, so
/// `StepModelFit` fits both signs (`exponentSign`) and keeps the better one. γ is fitted as |γ|,
/// capped at the profile's limit of 100.
struct ExponentialStepShape: StepModelShape {
    /// a, +1 or −1: with a = 1 up steps shrink towards w = 1 for A_up > 0.
    let exponentSign: Double
    let parameterCount = 6

    /// The exponents tried for the starting values.
    static let startingExponents: [Double] = [0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8]
    /// The largest γ a profile accepts.
    static let largestExponent = 100.0

    func bounds(_ θ: [Double]) -> (lower: Double, upper: Double) {
        (-1, 1)
    }

    func stepSizes(_ θ: [Double], at weight: Double) -> (up: Double, down: Double) {
        let z = exponentSign * weight
        let upFactor = max(1 - θ[2] * exp(min(abs(θ[4]), Self.largestExponent) * z), 0)
        let downFactor = max(1 - θ[3] * exp(-min(abs(θ[5]), Self.largestExponent) * z), 0)
        return (abs(θ[0]) * upFactor, abs(θ[1]) * downFactor)
    }

    /// For each starting exponent, the step sizes of a direction are linear in (s, s·A):
    /// `size = s − s·A·e^(±γ·z)`. The exponent with the least squared error wins.
    func initialParameters(from steps: [MeasuredStep]) -> [Double] {
        let up = start(steps.filter(\.isUp), direction: 1)
        let down = start(steps.filter { !$0.isUp }, direction: -1)
        return [up.scale, down.scale, up.amplitude, down.amplitude, up.exponent, down.exponent]
    }

    /// Reports a step scale beyond the weight range of 2. It marks the limit `A → 1, γ → 0,
    /// s → ∞`, where `s·(1 − A·e^(γz)) ≈ s·(1 − A) − s·A·γ·z` is linear in w, and the fit runs
    /// there when the measured steps change linearly with the weight.
    func rangeProblem(_ θ: [Double]) -> (quantity: String, problem: String)? {
        let scale = max(abs(θ[0]), abs(θ[1]))
        guard scale >= 2 || !scale.isFinite else { return nil }
        return ("dw_min", String(format: "%.4g", scale) + ", beyond the weight range of 2: the measured steps change almost linearly "
                + "with the weight, which the exp-step model reaches only in the limit A → 1, γ → 0, dw_min → ∞. "
                + "--model soft-bounds describes steps that change linearly with the weight exactly.")
    }

    func profile(from solution: NonlinearLeastSquares.Solution) -> (parameters: StepDeviceParameters,
                                                                     quantities: [DeviceFitResult.Quantity]) {
        let θ = solution.parameters
        let σ = solution.standardUncertainties
        let gammaUp = min(abs(θ[4]), Self.largestExponent)
        let gammaDown = min(abs(θ[5]), Self.largestExponent)
        let steps: ([Double]) -> (up: Double, down: Double) = { θ in (abs(θ[0]), abs(θ[1])) }
        let scale = Self.minimumStepAndAsymmetry(upStep: abs(θ[0]), downStep: abs(θ[1]))
        let response = ExponentialStep(amplitudeUp: θ[2], amplitudeDown: θ[3], gammaUp: gammaUp, gammaDown: gammaDown,
                                       a: exponentSign, b: 0)
        let parameters = StepDeviceParameters(response: .exponential(response), minimumStep: scale.minimumStep,
                                              upDownAsymmetry: scale.asymmetry, minimumWeight: -1, maximumWeight: 1)
        let quantities: [DeviceFitResult.Quantity] = [
            .init(name: "up step scale s⁺", value: abs(θ[0]), uncertainty: σ[0], unit: "weight units", origin: .fitted),
            .init(name: "down step scale s⁻", value: abs(θ[1]), uncertainty: σ[1], unit: "weight units", origin: .fitted),
            .init(name: "A_up", value: θ[2], uncertainty: σ[2], unit: "", origin: .fitted),
            .init(name: "A_down", value: θ[3], uncertainty: σ[3], unit: "", origin: .fitted),
            .init(name: "γ_up", value: gammaUp, uncertainty: σ[4], unit: "", origin: .fitted),
            .init(name: "γ_down", value: gammaDown, uncertainty: σ[5], unit: "", origin: .fitted),
        ] + Self.minimumStepQuantities(solution, steps: steps) + [
            .init(name: "a", value: exponentSign, uncertainty: nil, unit: "", origin: .fixed),
            .init(name: "b", value: 0, uncertainty: nil, unit: "", origin: .fixed),
            .init(name: "w_min", value: -1, uncertainty: nil, unit: "weight units", origin: .fixed),
            .init(name: "w_max", value: 1, uncertainty: nil, unit: "weight units", origin: .fixed),
        ]
        return (parameters, quantities)
    }

    /// Returns the starting s, A and γ of one direction. `direction` is +1 for up steps, whose
    /// exponent is `γ·z`, and −1 for down steps, whose exponent is `−γ·z`.
    private func start(_ steps: [MeasuredStep], direction: Double) -> (scale: Double, amplitude: Double, exponent: Double) {
        let mean = max(steps.reduce(0) { $0 + $1.size } / Double(max(steps.count, 1)), 1e-6)
        var best = (scale: mean, amplitude: 0.0, exponent: 1.0, error: Double.infinity)
        for exponent in Self.startingExponents {
            let growth = steps.map { exp(direction * exponent * exponentSign * $0.weight) }
            guard let coefficients = StepSizeRegression.solve(basis: growth.map { [1, -$0] }, targets: steps.map(\.size),
                                                              prior: [mean, 0]),
                  coefficients[0] > 0 else { continue }
            let error = zip(growth, steps).reduce(0.0) { sum, pair in
                let difference = coefficients[0] - coefficients[1] * pair.0 - pair.1.size
                return sum + difference * difference
            }
            if error < best.error {
                best = (coefficients[0], coefficients[1] / coefficients[0], exponent, error)
            }
        }
        return (best.scale, best.amplitude, best.exponent)
    }
}
