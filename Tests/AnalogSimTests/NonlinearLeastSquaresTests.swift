import XCTest
@testable import AnalogSim

/// The GSL least-squares wrapper against problems with known solutions and covariances.
final class NonlinearLeastSquaresTests: XCTestCase {
    /// y = 5·e^(−1.5·t) + 1 at 40 points, without noise.
    let times = (0..<40).map { 0.1 * Double($0) }
    var decay: [Double] { times.map { 5 * exp(-1.5 * $0) + 1 } }

    func testExponentialDecayFiniteDifferences() throws {
        let targets = decay
        let solution = try NonlinearLeastSquares.minimize(residualCount: times.count, initialParameters: [1, 1, 0]) { θ, r in
            for i in self.times.indices { r[i] = θ[0] * exp(-θ[1] * self.times[i]) + θ[2] - targets[i] }
        }
        XCTAssertEqual(solution.parameters[0], 5, accuracy: 1e-7)
        XCTAssertEqual(solution.parameters[1], 1.5, accuracy: 1e-7)
        XCTAssertEqual(solution.parameters[2], 1, accuracy: 1e-7)
        XCTAssertLessThan(solution.chiSquared, 1e-18)
        XCTAssertEqual(solution.degreesOfFreedom, 37)
    }

    func testExponentialDecayAnalyticJacobian() throws {
        let targets = decay
        let solution = try NonlinearLeastSquares.minimize(
            residualCount: times.count, initialParameters: [1, 1, 0],
            residuals: { θ, r in
                for i in self.times.indices { r[i] = θ[0] * exp(-θ[1] * self.times[i]) + θ[2] - targets[i] }
            },
            jacobian: { θ, j in
                for i in self.times.indices {
                    let e = exp(-θ[1] * self.times[i])
                    j[3 * i] = e
                    j[3 * i + 1] = -θ[0] * self.times[i] * e
                    j[3 * i + 2] = 1
                }
            })
        XCTAssertEqual(solution.parameters[0], 5, accuracy: 1e-10)
        XCTAssertEqual(solution.parameters[1], 1.5, accuracy: 1e-10)
        XCTAssertEqual(solution.parameters[2], 1, accuracy: 1e-10)
    }

    /// A straight line is linear least squares, whose uncertainties have a closed form:
    /// σ_b = s/√Sxx, σ_a = s·√(1/n + x̄²/Sxx), cov(a, b) = −x̄·s²/Sxx, s² = χ²/(n − 2).
    func testLineUncertaintiesMatchClosedForm() throws {
        let x = (0..<20).map(Double.init)
        let offsets = [0.3, -0.2, 0.1, -0.4, 0.25, 0.0, -0.1, 0.35, -0.3, 0.15, -0.05, 0.2, -0.25, 0.05, 0.3, -0.35, 0.1, -0.15, 0.2, -0.1]
        let y = zip(x, offsets).map { 2 + 0.5 * $0 + $1 }
        let solution = try NonlinearLeastSquares.minimize(residualCount: x.count, initialParameters: [0, 0]) { θ, r in
            for i in x.indices { r[i] = θ[0] + θ[1] * x[i] - y[i] }
        }

        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let sxx = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let variance = solution.chiSquared / (n - 2)
        let uncertainties = solution.standardUncertainties
        XCTAssertEqual(uncertainties[1], (variance / sxx).squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(uncertainties[0], (variance * (1 / n + mean * mean / sxx)).squareRoot(), accuracy: 1e-9)

        // The value at x₀ = 30: σ² = σ_a² + x₀²·σ_b² + 2·x₀·cov(a, b).
        let x0 = 30.0
        let expected = (uncertainties[0] * uncertainties[0] + x0 * x0 * uncertainties[1] * uncertainties[1]
                        - 2 * x0 * mean * variance / sxx).squareRoot()
        XCTAssertEqual(solution.standardUncertainty { $0[0] + $0[1] * x0 }, expected, accuracy: 1e-7)
    }

    /// y = (θ₀ + θ₁)·x determines only the sum: one of the two is reported as not determined,
    /// and a quantity of the sum alone still gets its uncertainty.
    func testDependentParameterIsNotDetermined() throws {
        let x = (1...10).map(Double.init)
        let y = x.enumerated().map { 3 * $1 + ($0 % 2 == 0 ? 0.01 : -0.01) }
        let solution = try NonlinearLeastSquares.minimize(residualCount: x.count, initialParameters: [1, 1]) { θ, r in
            for i in x.indices { r[i] = (θ[0] + θ[1]) * x[i] - y[i] }
        }
        XCTAssertEqual(solution.parameters[0] + solution.parameters[1], 3, accuracy: 1e-3)
        XCTAssertEqual(solution.standardUncertainties.filter(\.isNaN).count, 1, "\(solution.standardUncertainties)")
        XCTAssertTrue(solution.standardUncertainty { $0[0] + $0[1] }.isNaN,
                      "a quantity that depends on an undetermined parameter is not determined")
    }

    func testTooFewResidualsThrows() {
        XCTAssertThrowsError(try NonlinearLeastSquares.minimize(residualCount: 2, initialParameters: [0, 0]) { _, _ in }) { error in
            XCTAssertEqual(error as? NonlinearLeastSquares.Failure, .tooFewResiduals(residualCount: 2, parameterCount: 2))
        }
    }

    func testNonFiniteResidualThrows() {
        XCTAssertThrowsError(try NonlinearLeastSquares.minimize(residualCount: 3, initialParameters: [-1]) { θ, r in
            for i in 0..<3 { r[i] = log(θ[0]) - Double(i) }
        }) { error in
            XCTAssertEqual(error as? NonlinearLeastSquares.Failure, .nonFiniteResidual(parameters: [-1]))
        }
    }

    func testIterationLimitThrows() {
        let targets = decay
        let options = NonlinearLeastSquares.Options(maximumIterations: 2)
        XCTAssertThrowsError(try NonlinearLeastSquares.minimize(residualCount: times.count, initialParameters: [1, 1, 0],
                                                                options: options) { θ, r in
            for i in self.times.indices { r[i] = θ[0] * exp(-θ[1] * self.times[i]) + θ[2] - targets[i] }
        }) { error in
            guard case .iterationLimit(let iterations, _)? = error as? NonlinearLeastSquares.Failure else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(iterations, 2)
        }
    }
}
