import Foundation

/// The piecewise-step model for the fit: θ = (u₁ … u_N, d₁ … d_N), the up and down step sizes
/// (weight units) at N equally spaced nodes from w = −1 to w = 1, interpolated linearly as
/// `PiecewiseStep` does. Bounds are fixed at the measured extremes (w = ±1), where the model's
/// hard bounds show in the data. The fitted steps are written as node values `v = |u|/dw_min`
/// and `|d|/dw_min` with dw_min the largest node step and no up/down asymmetry (β = 0), because
/// only the products `s±·v` are identifiable. The model uses |u| and |d|, so no node can step
/// against its pulse's direction.
struct PiecewiseStepShape: StepModelShape {
    let nodeCount: Int

    var parameterCount: Int {
        2 * nodeCount
    }

    func bounds(_ θ: [Double]) -> (lower: Double, upper: Double) {
        (-1, 1)
    }

    func stepSizes(_ θ: [Double], at weight: Double) -> (up: Double, down: Double) {
        let (node, fraction) = interpolationPoint(weight)
        let up = (1 - fraction) * abs(θ[node]) + fraction * abs(θ[node + 1])
        let down = (1 - fraction) * abs(θ[nodeCount + node]) + fraction * abs(θ[nodeCount + node + 1])
        return (up, down)
    }

    /// Estimates the node steps by linear least squares, because the step sizes are linear in
    /// them with the interpolation weights as the basis. A node without measured steps near it
    /// starts at the mean step of its direction.
    func initialParameters(from steps: [MeasuredStep]) -> [Double] {
        nodeStarts(steps.filter(\.isUp)) + nodeStarts(steps.filter { !$0.isUp })
    }

    func profile(from solution: NonlinearLeastSquares.Solution) -> (parameters: StepDeviceParameters,
                                                                     quantities: [DeviceFitResult.Quantity]) {
        let θ = solution.parameters
        let σ = solution.standardUncertainties
        let nodeSteps = θ[0..<parameterCount].map(abs)
        let minimumStep = nodeSteps.max() ?? 1
        let response = PiecewiseStep(upNodes: nodeSteps[0..<nodeCount].map { $0 / minimumStep },
                                     downNodes: nodeSteps[nodeCount...].map { $0 / minimumStep })
        let parameters = StepDeviceParameters(response: .piecewise(response), minimumStep: minimumStep,
                                              minimumWeight: -1, maximumWeight: 1)

        var quantities: [DeviceFitResult.Quantity] = []
        for (offset, direction) in [(0, "up"), (nodeCount, "down")] {
            for node in 0..<nodeCount {
                quantities.append(.init(name: "\(direction) step at w = \(nodeWeightLabel(node))", value: nodeSteps[offset + node],
                                        uncertainty: σ[offset + node], unit: "weight units", origin: .fitted))
            }
        }
        quantities += [
            .init(name: "dw_min", value: minimumStep,
                  uncertainty: solution.standardUncertainty { θ in θ[0..<parameterCount].map(abs).max() ?? 1 },
                  unit: "weight units", origin: .derived),
            .init(name: "up/down asymmetry", value: 0, uncertainty: nil, unit: "", origin: .fixed),
            .init(name: "w_min", value: -1, uncertainty: nil, unit: "weight units", origin: .fixed),
            .init(name: "w_max", value: 1, uncertainty: nil, unit: "weight units", origin: .fixed),
        ]
        return (parameters, quantities)
    }

    /// Returns the node below `weight` and the fraction of the way to the next node, as `PiecewiseStep`
    /// interpolates over [−1, 1].
    private func interpolationPoint(_ weight: Double) -> (node: Int, fraction: Double) {
        let intervals = nodeCount - 1
        let position = max((weight + 1) / 2 * Double(intervals), 0)
        let node = min(Int(position.rounded(.down)), intervals - 1)
        return (node, min(position - Double(node), 1))
    }

    private func nodeStarts(_ steps: [MeasuredStep]) -> [Double] {
        let mean = max(steps.reduce(0) { $0 + $1.size } / Double(max(steps.count, 1)), 1e-6)
        let basis = steps.map { step -> [Double] in
            let (node, fraction) = interpolationPoint(step.weight)
            var row = [Double](repeating: 0, count: nodeCount)
            row[node] = 1 - fraction
            row[node + 1] += fraction
            return row
        }
        let prior = [Double](repeating: mean, count: nodeCount)
        let solution = StepSizeRegression.solve(basis: basis, targets: steps.map(\.size), prior: prior, relativeRidge: 1e-6) ?? prior
        return solution.map { max($0, 0.01 * mean) }
    }

    private func nodeWeightLabel(_ node: Int) -> String {
        let weight = -1 + 2 * Double(node) / Double(nodeCount - 1)
        return String(format: "%.3g", weight)
    }
}
