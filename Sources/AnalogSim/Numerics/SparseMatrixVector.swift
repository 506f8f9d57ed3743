/// The product of a dense column-major matrix and a sparse vector, for forward passes whose input
/// is mostly zeros (MNIST pixels).
///
///     y = A·x = Σ_{j ∈ active} x_j · A[:, j]
///
/// Column j of a column-major `rowCount × columnCount` matrix is contiguous, so each active input
/// adds one contiguous column to y, and the zero inputs cost nothing. The float additions happen in
/// another order than in BLAS's `sgemv`, so the results agree to rounding, not bit for bit.
enum SparseMatrixVector {
    /// Computes `output = matrix·input`, where `activeIndices` lists every non-zero entry of
    /// `input` and `matrix` is column-major with `rowCount` rows and one column per input.
    ///
    /// Complexity: O(rowCount · activeIndices.count).
    static func multiply(
        columnMajorMatrix matrix: UnsafePointer<Float>, rowCount: Int,
        input: UnsafePointer<Float>, activeIndices: UnsafeBufferPointer<Int32>,
        output: UnsafeMutablePointer<Float>
    ) {
        output.update(repeating: 0, count: rowCount)

        // Four columns per sweep over y, so y is loaded and stored a quarter as often.
        let activeCount = activeIndices.count
        var position = 0
        while position + 4 <= activeCount {
            let first = Int(activeIndices[position])
            let second = Int(activeIndices[position + 1])
            let third = Int(activeIndices[position + 2])
            let fourth = Int(activeIndices[position + 3])
            let (x0, x1, x2, x3) = (input[first], input[second], input[third], input[fourth])
            let column0 = matrix + first * rowCount
            let column1 = matrix + second * rowCount
            let column2 = matrix + third * rowCount
            let column3 = matrix + fourth * rowCount
            for row in 0..<rowCount {
                output[row] += x0 * column0[row] + x1 * column1[row] + x2 * column2[row] + x3 * column3[row]
            }
            position += 4
        }

        while position < activeCount {
            let index = Int(activeIndices[position])
            let x = input[index]
            let column = matrix + index * rowCount
            for row in 0..<rowCount {
                output[row] += x * column[row]
            }
            position += 1
        }
    }
}
