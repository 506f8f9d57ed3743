import CNumerics
import Foundation

/// Nonlinear least squares with GSL's trust-region solver (`gsl_multifit_nlinear`, GSL 2.7):
/// finds the parameters θ that minimise
///
///     χ² = Σᵢ rᵢ(θ)²,    i = 1 … n,   θ = (θ₁ … θ_p),   n > p,
///
/// with Levenberg–Marquardt steps, Moré's scaling of the parameters and a QR solve of each step.
/// The residuals come from a Swift closure. The Jacobian `Jᵢⱼ = ∂rᵢ/∂θⱼ` comes from a second
/// closure, or from GSL's forward differences with step `√ε·|θⱼ|` (`√ε` for θⱼ = 0), which
/// suits parameters of order 1.
///
/// The solution carries the covariance `C = (JᵀJ)⁻¹` at the minimum. With independent residuals
/// of equal variance, the standard uncertainty of θⱼ is `√(Cⱼⱼ · χ²/(n − p))`, the covariance
/// scaled by the residual variance. A parameter that the Jacobian cannot resolve (a column that
/// is a combination of the others, to within `covarianceRankTolerance`) gets NaN in its row and
/// column of `C`, so its uncertainty reads as not determined.
///
/// Example: fitting `y = A·e^(−λt) + b` to points `(t, y)`:
///
///     let solution = try NonlinearLeastSquares.minimize(
///         residualCount: t.count, initialParameters: [1, 1, 0]) { θ, r in
///             for i in t.indices { r[i] = θ[0] * exp(-θ[1] * t[i]) + θ[2] - y[i] }
///         }
///     // solution.parameters, solution.standardUncertainties
public enum NonlinearLeastSquares {
    /// Writes the residuals r(θ) of `parameters` into `residuals`, whose count is the problem's
    /// residual count. Every residual must be finite.
    public typealias ResidualFunction = (_ parameters: [Double], _ residuals: inout [Double]) -> Void

    /// Writes the Jacobian `∂rᵢ/∂θⱼ` of `parameters` into `jacobian`, row-major: element `i·p + j`.
    public typealias JacobianFunction = (_ parameters: [Double], _ jacobian: inout [Double]) -> Void

    /// The stopping criteria of the iteration.
    public struct Options: Equatable, Sendable {
        /// The largest number of trust-region iterations before the fit fails.
        public var maximumIterations: Int
        /// Converged when every step satisfies `|δθⱼ| ≤ tol·(|θⱼ| + tol)` (GSL's `xtol`).
        public var parameterTolerance: Double
        /// Converged when the scaled gradient `maxⱼ |gⱼ·max(θⱼ, 1)|`, with `g = Jᵀr`, is at most
        /// this times `max(χ²/2, 1)` (GSL's `gtol`).
        public var gradientTolerance: Double
        /// Columns of J whose QR pivot is below this fraction of the largest are treated as not
        /// determined in the covariance (GSL's `epsrel` of `gsl_multifit_nlinear_covar`).
        public var covarianceRankTolerance: Double

        public init(maximumIterations: Int = 500, parameterTolerance: Double = 1e-10, gradientTolerance: Double = 1e-10,
                    covarianceRankTolerance: Double = 1e-10) {
            self.maximumIterations = maximumIterations
            self.parameterTolerance = parameterTolerance
            self.gradientTolerance = gradientTolerance
            self.covarianceRankTolerance = covarianceRankTolerance
        }
    }

    /// The reason the iteration stopped at a minimum.
    public enum StopReason: Equatable, Sendable {
        /// The last step was below the parameter tolerance.
        case smallStep
        /// The gradient was below the gradient tolerance.
        case smallGradient
        /// χ² could not be reduced further within double precision, which happens when the data
        /// are fitted to rounding accuracy.
        case precisionLimit
    }

    /// The reason a fit failed.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// There are not more residuals than parameters, so χ² has no degrees of freedom.
        case tooFewResiduals(residualCount: Int, parameterCount: Int)
        /// The residual function returned a value that is not finite at these parameters.
        case nonFiniteResidual(parameters: [Double])
        /// The iteration did not converge within the iteration limit.
        case iterationLimit(iterations: Int, parameters: [Double])
        /// GSL reported an error (its code and message).
        case solverError(code: Int32, message: String)

        public var description: String {
            switch self {
            case .tooFewResiduals(let residualCount, let parameterCount):
                return "\(residualCount) residuals cannot determine \(parameterCount) parameters; a fit needs more residuals than parameters"
            case .nonFiniteResidual(let parameters):
                return "the residual function returned a value that is not finite at parameters \(parameters)"
            case .iterationLimit(let iterations, _):
                return "no convergence after \(iterations) iterations, so the model does not describe these readings"
            case .solverError(let code, let message):
                return "GSL error \(code): \(message)"
            }
        }
    }

    /// A minimum of χ² with its covariance.
    public struct Solution: Equatable, Sendable {
        /// θ at the minimum.
        public var parameters: [Double]
        /// r(θ) at the minimum.
        public var residuals: [Double]
        /// χ² = Σ rᵢ² at the minimum.
        public var chiSquared: Double
        /// n − p.
        public var degreesOfFreedom: Int
        /// `C = (JᵀJ)⁻¹`, row-major p × p, unscaled; NaN in the rows and columns of parameters that
        /// are not determined.
        public var covariance: [Double]
        /// The trust-region iterations taken.
        public var iterations: Int
        public var stopReason: StopReason

        /// The residual variance `s² = χ²/(n − p)`.
        public var residualVariance: Double {
            chiSquared / Double(degreesOfFreedom)
        }

        /// The root mean square of the residuals, `√(χ²/n)`.
        public var rootMeanSquareResidual: Double {
            (chiSquared / Double(residuals.count)).squareRoot()
        }

        /// The standard uncertainty of each parameter, `√(Cⱼⱼ·s²)`; NaN where not determined.
        public var standardUncertainties: [Double] {
            let count = parameters.count
            return (0..<count).map { index in (covariance[index * count + index] * residualVariance).squareRoot() }
        }

        /// Returns the standard uncertainty of a derived quantity `f(θ)` by linear propagation,
        /// `√(gᵀ C g · s²)` with `g = ∇f` from central differences of step `10⁻⁶·max(|θⱼ|, 1)`.
        /// Parameters that `f` does not depend on do not contribute, even if they are not
        /// determined. The result is NaN when `f` depends on a parameter that is not determined.
        public func standardUncertainty(of derived: ([Double]) -> Double) -> Double {
            let count = parameters.count
            var gradient = [Double](repeating: 0, count: count)
            for index in 0..<count {
                let step = 1e-6 * max(abs(parameters[index]), 1)
                var above = parameters
                var below = parameters
                above[index] += step
                below[index] -= step
                gradient[index] = (derived(above) - derived(below)) / (2 * step)
            }
            var variance = 0.0
            for row in 0..<count where gradient[row] != 0 {
                for column in 0..<count where gradient[column] != 0 {
                    variance += gradient[row] * covariance[row * count + column] * gradient[column]
                }
            }
            return (variance * residualVariance).squareRoot()
        }
    }

    /// Minimises χ² of `residuals` from `initialParameters`. Without `jacobian`, GSL estimates it
    /// by forward differences. Throws `Failure`.
    public static func minimize(residualCount: Int, initialParameters: [Double], options: Options = Options(),
                                residuals: @escaping ResidualFunction,
                                jacobian: JacobianFunction? = nil) throws -> Solution {
        let parameterCount = initialParameters.count
        guard parameterCount > 0, residualCount > parameterCount else {
            throw Failure.tooFewResiduals(residualCount: residualCount, parameterCount: parameterCount)
        }
        _ = disableGSLAbort

        let context = FitContext(residualCount: residualCount, parameterCount: parameterCount,
                                 residuals: residuals, jacobian: jacobian)
        let unmanagedContext = Unmanaged.passRetained(context)
        defer { unmanagedContext.release() }

        var parameters = gsl_multifit_nlinear_default_parameters()
        parameters.trs = gsl_multifit_nlinear_trs_lm
        guard let workspace = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &parameters, residualCount, parameterCount),
              let start = gsl_vector_alloc(parameterCount),
              let covariance = gsl_matrix_alloc(parameterCount, parameterCount)
        else {
            throw Failure.solverError(code: Int32(GSL_ENOMEM), message: "out of memory for a fit of \(residualCount) residuals")
        }
        defer {
            gsl_multifit_nlinear_free(workspace)
            gsl_vector_free(start)
            gsl_matrix_free(covariance)
        }
        for (index, value) in initialParameters.enumerated() {
            gsl_vector_set(start, index, value)
        }

        var function = gsl_multifit_nlinear_fdf()
        function.f = residualCallback
        function.df = jacobian == nil ? nil : jacobianCallback
        function.fvv = nil
        function.n = residualCount
        function.p = parameterCount
        function.params = unmanagedContext.toOpaque()

        var status = gsl_multifit_nlinear_init(start, &function, workspace)
        if status == GSL_SUCCESS {
            var info: Int32 = 0
            status = gsl_multifit_nlinear_driver(options.maximumIterations, options.parameterTolerance,
                                                 options.gradientTolerance, 0, nil, nil, &info, workspace)
            if status == GSL_SUCCESS {
                return try solution(workspace: workspace, covariance: covariance, info: info, options: options)
            }
        }

        let position = (0..<parameterCount).map { gsl_vector_get(workspace.pointee.x, $0) }
        if context.lastParametersWithNonFiniteResidual != nil {
            throw Failure.nonFiniteResidual(parameters: context.lastParametersWithNonFiniteResidual ?? position)
        }
        if status == GSL_EMAXITER {
            throw Failure.iterationLimit(iterations: Int(gsl_multifit_nlinear_niter(workspace)), parameters: position)
        }
        throw Failure.solverError(code: status, message: String(cString: gsl_strerror(status)))
    }

    /// Reads the minimum and its covariance out of a converged workspace.
    private static func solution(workspace: UnsafeMutablePointer<gsl_multifit_nlinear_workspace>,
                                 covariance: UnsafeMutablePointer<gsl_matrix>, info: Int32, options: Options) throws -> Solution {
        let parameterCount = workspace.pointee.x.pointee.size
        let residualCount = workspace.pointee.f.pointee.size
        let status = gsl_multifit_nlinear_covar(workspace.pointee.J, options.covarianceRankTolerance, covariance)
        guard status == GSL_SUCCESS else {
            throw Failure.solverError(code: status, message: String(cString: gsl_strerror(status)))
        }

        let parameters = (0..<parameterCount).map { gsl_vector_get(workspace.pointee.x, $0) }
        let residuals = (0..<residualCount).map { gsl_vector_get(workspace.pointee.f, $0) }
        var matrix = [Double](repeating: 0, count: parameterCount * parameterCount)
        for row in 0..<parameterCount {
            for column in 0..<parameterCount {
                matrix[row * parameterCount + column] = gsl_matrix_get(covariance, row, column)
            }
        }
        // gsl_multifit_nlinear_covar leaves zero rows and columns for the columns of J that its
        // pivoted QR drops as dependent. A determined parameter always has a positive variance.
        for index in 0..<parameterCount where !(matrix[index * parameterCount + index] > 0) {
            for other in 0..<parameterCount {
                matrix[index * parameterCount + other] = .nan
                matrix[other * parameterCount + index] = .nan
            }
        }

        let stopReason: StopReason
        switch info {
        case 1: stopReason = .smallStep
        case 2: stopReason = .smallGradient
        default: stopReason = .precisionLimit
        }
        return Solution(parameters: parameters, residuals: residuals,
                        chiSquared: residuals.reduce(0) { $0 + $1 * $1 },
                        degreesOfFreedom: residualCount - parameterCount, covariance: matrix,
                        iterations: Int(gsl_multifit_nlinear_niter(workspace)), stopReason: stopReason)
    }

    /// GSL's default error handler aborts the process; the status codes are checked instead.
    private static let disableGSLAbort: Void = {
        gsl_set_error_handler_off()
    }()
}

/// The Swift side of a fit, reached from GSL's callbacks through their `params` pointer.
private final class FitContext {
    let residualFunction: NonlinearLeastSquares.ResidualFunction
    let jacobianFunction: NonlinearLeastSquares.JacobianFunction?
    var parameters: [Double]
    var residuals: [Double]
    var jacobian: [Double]
    var lastParametersWithNonFiniteResidual: [Double]?

    init(residualCount: Int, parameterCount: Int, residuals: @escaping NonlinearLeastSquares.ResidualFunction,
         jacobian: NonlinearLeastSquares.JacobianFunction?) {
        residualFunction = residuals
        jacobianFunction = jacobian
        parameters = [Double](repeating: 0, count: parameterCount)
        self.residuals = [Double](repeating: 0, count: residualCount)
        self.jacobian = jacobian == nil ? [] : [Double](repeating: 0, count: residualCount * parameterCount)
    }

    func readParameters(_ vector: UnsafePointer<gsl_vector>) {
        for index in parameters.indices {
            parameters[index] = gsl_vector_get(vector, index)
        }
    }
}

/// `f` of `gsl_multifit_nlinear_fdf`: evaluates the residual closure. A residual that is not
/// finite returns GSL_EDOM, which stops the solver.
private let residualCallback: @convention(c) (UnsafePointer<gsl_vector>?, UnsafeMutableRawPointer?,
                                              UnsafeMutablePointer<gsl_vector>?) -> Int32 = { parameters, context, residuals in
    guard let parameters, let context, let residuals else { return Int32(GSL_EFAULT) }
    let fit = Unmanaged<FitContext>.fromOpaque(context).takeUnretainedValue()
    fit.readParameters(parameters)
    fit.residualFunction(fit.parameters, &fit.residuals)
    for (index, value) in fit.residuals.enumerated() {
        guard value.isFinite else {
            fit.lastParametersWithNonFiniteResidual = fit.parameters
            return Int32(GSL_EDOM)
        }
        gsl_vector_set(residuals, index, value)
    }
    return Int32(GSL_SUCCESS)
}

/// `df` of `gsl_multifit_nlinear_fdf`: evaluates the Jacobian closure.
private let jacobianCallback: @convention(c) (UnsafePointer<gsl_vector>?, UnsafeMutableRawPointer?,
                                              UnsafeMutablePointer<gsl_matrix>?) -> Int32 = { parameters, context, matrix in
    guard let parameters, let context, let matrix else { return Int32(GSL_EFAULT) }
    let fit = Unmanaged<FitContext>.fromOpaque(context).takeUnretainedValue()
    guard let jacobianFunction = fit.jacobianFunction else { return Int32(GSL_EBADFUNC) }
    fit.readParameters(parameters)
    jacobianFunction(fit.parameters, &fit.jacobian)
    let columnCount = fit.parameters.count
    for row in 0..<fit.residuals.count {
        for column in 0..<columnCount {
            let value = fit.jacobian[row * columnCount + column]
            guard value.isFinite else { return Int32(GSL_EDOM) }
            gsl_matrix_set(matrix, row, column, value)
        }
    }
    return Int32(GSL_SUCCESS)
}
