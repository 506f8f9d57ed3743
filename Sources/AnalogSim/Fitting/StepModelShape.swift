/// A step model in the form `StepModelFit` fits: a vector θ of shape parameters, the step sizes
/// they give at a weight, and the profile they describe. Weights are in the fit's units, where the
/// lowest and highest measured conductance are w = −1 and w = 1.
protocol StepModelShape {
    /// The entries of θ.
    var parameterCount: Int { get }

    /// Returns the bounds that the device clips its weight to.
    func bounds(_ θ: [Double]) -> (lower: Double, upper: Double)

    /// Returns the sizes of one up step and one down step from `weight`, both ≥ 0 (weight units).
    func stepSizes(_ θ: [Double], at weight: Double) -> (up: Double, down: Double)

    /// Returns θ to start the fit from, estimated from the measured steps.
    func initialParameters(from steps: [MeasuredStep]) -> [Double]

    /// Returns why θ lies outside what a profile of the model accepts, as the quantity and a
    /// phrase for `DeviceFitError.fittedValueOutOfRange`, or nil when it does not.
    func rangeProblem(_ θ: [Double]) -> (quantity: String, problem: String)?

    /// Returns the profile parameters of the solution, whose first `parameterCount` entries are
    /// θ, and the quantities to report in weight units.
    func profile(from solution: NonlinearLeastSquares.Solution) -> (parameters: StepDeviceParameters,
                                                                     quantities: [DeviceFitResult.Quantity])
}

/// The step of one pulse between two readings: the change over the pulses between them, divided
/// by their count, taken at the earlier reading's weight.
struct MeasuredStep {
    /// The weight before the pulses.
    var weight: Double
    /// The step size in the pulses' direction (weight units); noise can make it negative.
    var size: Double
    var isUp: Bool
}

extension StepModelShape {
    func rangeProblem(_ θ: [Double]) -> (quantity: String, problem: String)? {
        nil
    }

    /// Returns dw_min and the up/down asymmetry β of an up step `s⁺` and a down step `s⁻`, the
    /// inverse of `StepDeviceParameters.asymmetryBiases`: the larger step is dw_min, and
    /// `β = 1 − s⁻/s⁺` when the up step is larger, `β = s⁺/s⁻ − 1` otherwise.
    static func minimumStepAndAsymmetry(upStep: Double, downStep: Double) -> (minimumStep: Double, asymmetry: Double) {
        upStep >= downStep ? (upStep, 1 - downStep / upStep) : (downStep, upStep / downStep - 1)
    }

    /// Returns the reported dw_min and β, with uncertainties propagated from the solution, for the up
    /// and down step that `steps` computes from the fitted parameters.
    static func minimumStepQuantities(_ solution: NonlinearLeastSquares.Solution,
                                      steps: @escaping ([Double]) -> (up: Double, down: Double)) -> [DeviceFitResult.Quantity] {
        let stepsOfSolution = steps(solution.parameters)
        let scale = minimumStepAndAsymmetry(upStep: stepsOfSolution.up, downStep: stepsOfSolution.down)
        return [
            .init(name: "dw_min", value: scale.minimumStep,
                  uncertainty: solution.standardUncertainty { θ in
                      let steps = steps(θ)
                      return minimumStepAndAsymmetry(upStep: steps.up, downStep: steps.down).minimumStep
                  }, unit: "weight units", origin: .derived),
            .init(name: "up/down asymmetry", value: scale.asymmetry,
                  uncertainty: solution.standardUncertainty { θ in
                      let steps = steps(θ)
                      return minimumStepAndAsymmetry(upStep: steps.up, downStep: steps.down).asymmetry
                  }, unit: "", origin: .derived),
        ]
    }
}
