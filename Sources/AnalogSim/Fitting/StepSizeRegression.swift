/// Linear least squares for the starting values of the step-model fits: the coefficients x
/// that minimise `Σᵢ (Σⱼ Bᵢⱼ·xⱼ − yᵢ)² + λ·Σⱼ (xⱼ − x̄ⱼ)²`, from the normal equations
/// `(BᵀB + λI)·x = Bᵀy + λ·x̄`. The small ridge term λ pulls a coefficient that the data do not
/// reach (a piecewise node without readings near it) to the prior value x̄ instead of leaving
/// the system singular.
enum StepSizeRegression {
    /// Solves for the coefficients of `basis` rows against `targets`, with `prior` and a ridge
    /// of `relativeRidge` times the largest diagonal entry of BᵀB. Returns nil when the system is
    /// singular or the result is not finite.
    static func solve(basis: [[Double]], targets: [Double], prior: [Double], relativeRidge: Double = 1e-8) -> [Double]? {
        let count = prior.count
        guard count > 0, basis.count == targets.count else { return nil }

        var matrix = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        var vector = [Double](repeating: 0, count: count)
        for (row, target) in zip(basis, targets) {
            for first in 0..<count {
                vector[first] += row[first] * target
                for second in 0..<count {
                    matrix[first][second] += row[first] * row[second]
                }
            }
        }
        let ridge = relativeRidge * max((0..<count).map { matrix[$0][$0] }.max() ?? 0, 1e-300)
        for index in 0..<count {
            matrix[index][index] += ridge
            vector[index] += ridge * prior[index]
        }
        let solution = solveLinearSystem(matrix, vector)
        return solution.flatMap { $0.allSatisfy(\.isFinite) ? $0 : nil }
    }

    /// Gaussian elimination with partial pivoting; nil for a singular matrix.
    private static func solveLinearSystem(_ matrix: [[Double]], _ vector: [Double]) -> [Double]? {
        var a = matrix
        var b = vector
        let count = b.count
        for column in 0..<count {
            guard let pivot = (column..<count).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }),
                  a[pivot][column] != 0 else { return nil }
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<count {
                let factor = a[row][column] / a[column][column]
                for entry in column..<count {
                    a[row][entry] -= factor * a[column][entry]
                }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: count)
        for row in stride(from: count - 1, through: 0, by: -1) {
            let known = ((row + 1)..<count).reduce(0.0) { $0 + a[row][$1] * x[$1] }
            x[row] = (b[row] - known) / a[row][row]
        }
        return x
    }
}
