import Foundation

/// Fits the pulse-position model (`docs/devices/pulse-position.md`) to a measured train: Gmin,
/// Gmax and the curve constants A of both polarities, by least squares over every reading.
///
/// The level counts are counted, not fitted: `Pmax_LTP` is the pulse number of the last
/// potentiation reading and `Pmax_LTD` the pulses from there to the last reading, because the
/// model's `G(Pmax) = Gmax` makes the trains' ends its bounds. The model of a reading `P`
/// pulses into the potentiation train, or `n` pulses into the depression train, is
///
///     G = Gmin + (Gmax − Gmin)·F(c_LTP, P/Pmax_LTP)
///     G = Gmin + (Gmax − Gmin)·F(c_LTD, (Pmax_LTD − n)/Pmax_LTD)
///     F(c, x) = (1 − e^(−c·x))/(1 − e^(−c)),     c = Pmax/A = 1/a,
///
/// the depression train moving backwards along its curve from Gmax, `G_LTD(P_LTD(G) − n)`.
/// F is the normalised curve `ĝ(x̂)` of `NonlinearityLabel`, and `c = 0` is the linear device
/// `F = x`. Fitting c instead of A keeps the linear device at a finite parameter value. The
/// fit runs on conductances scaled to the measured extremes, so all four parameters are of
/// order 1.
enum PulsePositionFit {
    /// The largest |c| the model evaluates; the fit clamps c there. It is far beyond the largest
    /// label a profile accepts (|NL| = 9 is |c| ≈ 44), and keeps `e^(±c)` finite.
    static let largestCurveParameter = 500.0

    static func fit(_ measurement: PulseTrainMeasurement) throws -> ModelFit {
        let path = measurement.path
        let readings = measurement.readings
        let parameterCount = 4
        guard readings.count > parameterCount else {
            throw DeviceFitError.tooFewPoints(path: path, model: .nonlinear, points: readings.count, parameters: parameterCount)
        }

        let extremes = measurement.conductanceExtremes
        let range = extremes.highest - extremes.lowest
        let targets = readings.map { ($0.conductance - extremes.lowest) / range }
        let potentiationPulses = Double(measurement.potentiationPulseCount)
        let depressionPulses = Double(measurement.depressionPulseCount)
        let positions = readings.map { reading -> (depression: Bool, x: Double) in
            reading.polarity == .depression
                ? (true, (depressionPulses - Double(reading.pulse - measurement.potentiationPulseCount)) / depressionPulses)
                : (false, Double(reading.pulse) / potentiationPulses)
        }

        let residuals: NonlinearLeastSquares.ResidualFunction = { θ, r in
            for index in targets.indices {
                let (depression, x) = positions[index]
                r[index] = θ[0] + (θ[1] - θ[0]) * normalizedCurve(depression ? θ[3] : θ[2], at: x) - targets[index]
            }
        }
        let start = [0, 1,
                     bestCurveParameter(positions: positions, targets: targets, depression: false),
                     bestCurveParameter(positions: positions, targets: targets, depression: true)]
        let solution: NonlinearLeastSquares.Solution
        do {
            solution = try NonlinearLeastSquares.minimize(residualCount: targets.count, initialParameters: start, residuals: residuals)
        } catch {
            throw DeviceFitError.didNotConverge(path: path, model: .nonlinear, reason: "\(error)")
        }
        return try result(solution, measurement: measurement)
    }

    /// F(c, x) of the type's comment; `x` for c = 0.
    static func normalizedCurve(_ curveParameter: Double, at x: Double) -> Double {
        let c = min(max(curveParameter, -largestCurveParameter), largestCurveParameter)
        guard abs(c) > 1e-12 else { return x }
        return expm1(-c * x) / expm1(-c)
    }

    /// Returns the label NL of the curve parameter c = 1/a; 0 for c = 0.
    static func label(ofCurveParameter c: Double) -> Double {
        c == 0 ? 0 : NonlinearityLabel.label(forNormalizedCurveConstant: 1 / c)
    }

    /// Returns the c on a grid from −60 to 60 that best fits one train with the bounds at the
    /// measured extremes. The fit starts there, away from the flat ends of F. The grid covers
    /// every label a profile accepts (|NL| ≤ 9, |c| ≤ 44).
    private static func bestCurveParameter(positions: [(depression: Bool, x: Double)], targets: [Double], depression: Bool) -> Double {
        let candidates = stride(from: -60.0, through: 60.0, by: 0.25)
        let train = targets.indices.filter { positions[$0].depression == depression }
        return candidates.min { first, second in
            let errors = [first, second].map { c in
                train.reduce(0.0) { sum, index in
                    let error = normalizedCurve(c, at: positions[index].x) - targets[index]
                    return sum + error * error
                }
            }
            return errors[0] < errors[1]
        } ?? 0
    }

    /// Converts the solution from the scaled conductances back to siemens, derives A and NL, and
    /// checks the values against what a profile accepts.
    private static func result(_ solution: NonlinearLeastSquares.Solution, measurement: PulseTrainMeasurement) throws -> ModelFit {
        let path = measurement.path
        let extremes = measurement.conductanceExtremes
        let range = extremes.highest - extremes.lowest
        let θ = solution.parameters
        let σ = solution.standardUncertainties
        // A Gmin below zero by no more than twice its uncertainty, or than the single-precision
        // resolution of the data (1e-6 of the range), is consistent with 0 and is written as 0.
        let fittedMinimum = extremes.lowest + θ[0] * range
        let negligible = σ[0].isNaN ? 1e-6 * range : max(2 * σ[0] * range, 1e-6 * range)
        let minimum = fittedMinimum < 0 && fittedMinimum >= -negligible ? 0 : fittedMinimum
        let maximum = extremes.lowest + θ[1] * range
        let levels = (potentiation: measurement.potentiationPulseCount, depression: measurement.depressionPulseCount)
        let labelUncertainties = [2, 3].map { index in solution.standardUncertainty { label(ofCurveParameter: $0[index]) } }
        let labels = (potentiation: try acceptedLabel(label(ofCurveParameter: θ[2]), uncertainty: labelUncertainties[0],
                                                      train: "potentiation", path: path),
                      depression: try acceptedLabel(label(ofCurveParameter: θ[3]), uncertainty: labelUncertainties[1],
                                                    train: "depression", path: path))

        guard maximum > minimum else {
            throw DeviceFitError.fittedValueOutOfRange(path: path, model: .nonlinear, quantity: "Gmax",
                                                       problem: "\(format(maximum)) S at or below Gmin (\(format(minimum)) S). Check that the trains run between the device's low and high states.")
        }
        guard minimum >= 0 else {
            throw DeviceFitError.fittedValueOutOfRange(path: path, model: .nonlinear, quantity: "Gmin",
                                                       problem: "\(format(minimum)) S, below zero: the curve does not describe the low state. Check that the potentiation train starts at the low state.")
        }
        let unit = measurement.unit
        let conductanceScale = range / unit.siemens
        let pulseCounts = [Double(levels.potentiation), Double(levels.depression)]
        var quantities: [DeviceFitResult.Quantity] = [
            .init(name: "Gmin", value: minimum / unit.siemens, uncertainty: σ[0] * conductanceScale, unit: unit.symbol, origin: .fitted),
            .init(name: "Gmax", value: maximum / unit.siemens, uncertainty: σ[1] * conductanceScale, unit: unit.symbol, origin: .fitted),
        ]
        for (index, train) in ["potentiation", "depression"].enumerated() {
            let parameterIndex = 2 + index
            let pulses = pulseCounts[index]
            quantities.append(.init(name: "A (\(train))", value: pulses / θ[parameterIndex],
                                    uncertainty: solution.standardUncertainty { pulses / $0[parameterIndex] }, unit: "pulses", origin: .fitted))
        }
        for (index, train) in ["potentiation", "depression"].enumerated() {
            let parameterIndex = 2 + index
            quantities.append(.init(name: "NL (\(train))", value: label(ofCurveParameter: θ[parameterIndex]),
                                    uncertainty: labelUncertainties[index], unit: "", origin: .derived))
        }
        quantities.append(.init(name: "levels (potentiation)", value: pulseCounts[0], uncertainty: nil, unit: "pulses", origin: .measured))
        quantities.append(.init(name: "levels (depression)", value: pulseCounts[1], uncertainty: nil, unit: "pulses", origin: .measured))

        let parameters = PulsePositionParameters(
            minimumConductance: minimum, maximumConductance: maximum,
            potentiation: CurveParameters(levels: levels.potentiation, nonlinearity: labels.potentiation),
            depression: CurveParameters(levels: levels.depression, nonlinearity: labels.depression))
        return ModelFit(parameters: .pulsePosition(parameters), quantities: quantities, parameterCount: 4,
                        residualRootMeanSquare: solution.rootMeanSquareResidual * range, iterations: solution.iterations,
                        descriptionDetail: "levels are the pulse counts of the measured trains")
    }

    /// Returns the label a profile gets: `label` itself when |NL| ≤ 9, the limit ±9 when the label
    /// exceeds it by no more than twice its uncertainty (or 1e-6 of it, the tolerance also used
    /// when the uncertainty is not determined), and otherwise throws.
    private static func acceptedLabel(_ label: Double, uncertainty: Double, train: String, path: String) throws -> Double {
        let limit = DeviceProfileReader.maximumNonlinearity
        guard abs(label) > limit else { return label }
        let tolerance = uncertainty.isNaN ? 1e-6 * limit : max(2 * uncertainty, 1e-6 * limit)
        guard abs(label) - limit > tolerance else {
            return label < 0 ? -limit : limit
        }
        throw DeviceFitError.fittedValueOutOfRange(
            path: path, model: .nonlinear, quantity: "NL (\(train))",
            problem: "\(String(format: "%.3g", label)), beyond the ±\(Int(limit)) a profile accepts. The \(train) train saturates too abruptly for this model; try --model piecewise.")
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.4g", value)
    }
}
