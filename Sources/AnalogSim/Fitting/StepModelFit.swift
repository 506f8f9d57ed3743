import Foundation

/// Fits a step model (`docs/devices/step-models.md`) to a measured train by simulating it pulse
/// by pulse.
///
/// Conductance maps to weight linearly, with the lowest and highest measured conductance at
/// w = −1 and w = 1: `w = −1 + 2·(G − G_low)/(G_high − G_low)`. The model starts at a fitted
/// weight w₀ (clipped to its bounds), applies the pulses between readings one at a time, each
/// of the later reading's polarity and clipped to the bounds, and the residual of reading i is
/// `ŵᵢ − wᵢ`. So the fit compares whole trajectories, and the noise of one reading moves one
/// residual. A fit of step sizes `wᵢ − wᵢ₋₁` would take the difference of two noisy readings.
/// For a device with noise of a few per cent of its range, that difference is mostly noise.
///
/// Several shapes (for exp-step, both signs of the exponent) are fitted in turn, and of those
/// whose parameters a profile accepts the one with the lowest χ² is kept.
enum StepModelFit {
    static func fit(_ measurement: PulseTrainMeasurement, model: DeviceFitModel, shapes: [any StepModelShape]) throws -> ModelFit {
        let path = measurement.path
        let readings = measurement.readings
        let parameterCount = shapes[0].parameterCount + 1
        guard readings.count > parameterCount else {
            throw DeviceFitError.tooFewPoints(path: path, model: model, points: readings.count, parameters: parameterCount)
        }

        let extremes = measurement.conductanceExtremes
        let weights = readings.map { -1 + 2 * ($0.conductance - extremes.lowest) / (extremes.highest - extremes.lowest) }
        let train = PulseSequence(readings: readings)
        let steps = measuredSteps(weights: weights, train: train)

        var best: (solution: NonlinearLeastSquares.Solution, shape: any StepModelShape)?
        var rangeProblem: (quantity: String, problem: String)?
        var failure: Error?
        for shape in shapes {
            do {
                let solution = try fitShape(shape, weights: weights, train: train, steps: steps)
                if let problem = shape.rangeProblem(solution.parameters) {
                    rangeProblem = rangeProblem ?? problem
                } else if best == nil || solution.chiSquared < best!.solution.chiSquared {
                    best = (solution, shape)
                }
            } catch NonlinearLeastSquares.Failure.iterationLimit(let iterations, let parameters) {
                // A fit that runs off towards a limit the model reaches only at infinite
                // parameters ends here, and the shape names that limit.
                rangeProblem = rangeProblem ?? shape.rangeProblem(parameters)
                failure = failure ?? NonlinearLeastSquares.Failure.iterationLimit(iterations: iterations, parameters: parameters)
            } catch {
                failure = failure ?? error
            }
        }
        guard let best else {
            if let rangeProblem {
                throw DeviceFitError.fittedValueOutOfRange(path: path, model: model, quantity: rangeProblem.quantity,
                                                           problem: rangeProblem.problem)
            }
            throw DeviceFitError.didNotConverge(path: path, model: model, reason: failure.map { "\($0)" } ?? "no shape was fitted")
        }
        return result(best.solution, shape: best.shape, measurement: measurement)
    }

    /// Pulse counts and directions between readings.
    struct PulseSequence {
        /// The pulses applied between reading i − 1 and reading i (0 for the first reading).
        var pulsesBefore: [Int]
        /// Whether those pulses are potentiation (up) pulses.
        var isUp: [Bool]

        init(readings: [PulseTrainMeasurement.Reading]) {
            pulsesBefore = readings.indices.map { $0 == 0 ? 0 : readings[$0].pulse - readings[$0 - 1].pulse }
            isUp = readings.map { $0.polarity != .depression }
        }
    }

    /// Writes the model's weight at every reading into `trajectory`, starting from the last entry
    /// of θ, w₀.
    static func simulate<Shape: StepModelShape>(_ shape: Shape, _ θ: [Double], train: PulseSequence, into trajectory: inout [Double]) {
        let bounds = shape.bounds(θ)
        var w = min(max(θ[θ.count - 1], bounds.lower), bounds.upper)
        for index in trajectory.indices {
            for _ in 0..<train.pulsesBefore[index] {
                let step = shape.stepSizes(θ, at: w)
                w = train.isUp[index] ? w + step.up : w - step.down
                w = min(max(w, bounds.lower), bounds.upper)
            }
            trajectory[index] = w
        }
    }

    private static func fitShape<Shape: StepModelShape>(_ shape: Shape, weights: [Double], train: PulseSequence,
                                                        steps: [MeasuredStep]) throws -> NonlinearLeastSquares.Solution {
        let start = shape.initialParameters(from: steps) + [weights[0]]
        return try NonlinearLeastSquares.minimize(residualCount: weights.count, initialParameters: start) { θ, residuals in
            simulate(shape, θ, train: train, into: &residuals)
            for index in residuals.indices {
                residuals[index] -= weights[index]
            }
        }
    }

    private static func measuredSteps(weights: [Double], train: PulseSequence) -> [MeasuredStep] {
        weights.indices.dropFirst().map { index in
            let change = (weights[index] - weights[index - 1]) / Double(train.pulsesBefore[index])
            return MeasuredStep(weight: weights[index - 1], size: train.isUp[index] ? change : -change, isUp: train.isUp[index])
        }
    }

    /// Builds the profile parameters and the reported quantities: the shape's own, the start
    /// weight, and the measured conductances at w = ±1.
    private static func result(_ solution: NonlinearLeastSquares.Solution, shape: any StepModelShape,
                               measurement: PulseTrainMeasurement) -> ModelFit {
        let extremes = measurement.conductanceExtremes
        let unit = measurement.unit
        let profile = shape.profile(from: solution)
        let startIndex = solution.parameters.count - 1
        let quantities = profile.quantities + [
            .init(name: "start weight w₀", value: solution.parameters[startIndex],
                  uncertainty: solution.standardUncertainties[startIndex], unit: "weight units", origin: .fitted),
            .init(name: "G at w = −1", value: extremes.lowest / unit.siemens, uncertainty: nil, unit: unit.symbol, origin: .measured),
            .init(name: "G at w = 1", value: extremes.highest / unit.siemens, uncertainty: nil, unit: unit.symbol, origin: .measured),
        ]
        let detail = String(format: "weights −1 and 1 are the measured extremes %.6g and %.6g S", extremes.lowest, extremes.highest)
        return ModelFit(parameters: .step(profile.parameters), quantities: quantities, parameterCount: solution.parameters.count,
                        residualRootMeanSquare: solution.rootMeanSquareResidual * (extremes.highest - extremes.lowest) / 2,
                        iterations: solution.iterations, descriptionDetail: detail)
    }
}
