import CNumerics

/// The BLAS routines AnalogSim calls, on row-major single-precision matrices, executed by
/// OpenBLAS.
public enum BLAS {
    /// Computes `output = matrix · input` for a row-major `rowCount × columnCount` matrix.
    @inline(__always)
    public static func multiply(
        matrix: UnsafePointer<Float>, rowCount: Int, columnCount: Int,
        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, CblasNoTrans,
            Int32(rowCount), Int32(columnCount), 1, matrix, Int32(columnCount),
            input, 1, 0, output, 1)
    }

    /// Computes `output = matrixᵀ · input` for a row-major `rowCount × columnCount` matrix.
    @inline(__always)
    public static func multiplyTransposed(
        matrix: UnsafePointer<Float>, rowCount: Int, columnCount: Int,
        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, CblasTrans,
            Int32(rowCount), Int32(columnCount), 1, matrix, Int32(columnCount),
            input, 1, 0, output, 1)
    }

    /// Adds `scale · rowVector · columnVectorᵀ` to a row-major `rowCount × columnCount` matrix.
    @inline(__always)
    public static func addOuterProduct(
        scale: Float, rowVector: UnsafePointer<Float>, columnVector: UnsafePointer<Float>,
        matrix: UnsafeMutablePointer<Float>, rowCount: Int, columnCount: Int
    ) {
        cblas_sger(
            CblasRowMajor, Int32(rowCount), Int32(columnCount), scale,
            rowVector, 1, columnVector, 1, matrix, Int32(columnCount))
    }

    /// Computes `outputs = inputs · matrixᵀ` for `count` row-major input rows (`count × columnCount`)
    /// and a row-major `rowCount × columnCount` matrix: every input row's `matrix · x`, as rows.
    @inline(__always)
    public static func multiplyRows(
        matrix: UnsafePointer<Float>, rowCount: Int, columnCount: Int,
        inputs: UnsafePointer<Float>, count: Int, outputs: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans,
            Int32(count), Int32(rowCount), Int32(columnCount), 1, inputs, Int32(columnCount),
            matrix, Int32(columnCount), 0, outputs, Int32(rowCount))
    }

    /// Computes `outputs = inputs · matrix` for `count` row-major input rows (`count × rowCount`):
    /// every input row's `matrixᵀ · δ`, as rows.
    @inline(__always)
    public static func multiplyRowsTransposed(
        matrix: UnsafePointer<Float>, rowCount: Int, columnCount: Int,
        inputs: UnsafePointer<Float>, count: Int, outputs: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans,
            Int32(count), Int32(columnCount), Int32(rowCount), 1, inputs, Int32(rowCount),
            matrix, Int32(columnCount), 0, outputs, Int32(columnCount))
    }

    /// Computes `matrix = keep · matrix + scale · Σ_b rowVectors_b · columnVectors_bᵀ` over `count`
    /// pairs of row-major vectors (`count × rowCount` and `count × columnCount`).
    @inline(__always)
    public static func addOuterProducts(
        scale: Float, rowVectors: UnsafePointer<Float>, columnVectors: UnsafePointer<Float>, count: Int,
        keep: Float, matrix: UnsafeMutablePointer<Float>, rowCount: Int, columnCount: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasTrans, CblasNoTrans,
            Int32(rowCount), Int32(columnCount), Int32(count), scale, rowVectors, Int32(rowCount),
            columnVectors, Int32(columnCount), keep, matrix, Int32(columnCount))
    }

    /// Sets how many threads OpenBLAS may use. Batch-size-1 training is fastest on one.
    public static func setThreadCount(_ threadCount: Int) {
        openblas_set_num_threads(Int32(threadCount))
    }

    /// The number of threads OpenBLAS uses now.
    public static var threadCount: Int {
        Int(openblas_get_num_threads())
    }

    /// OpenBLAS's description of its build (version, kernel, thread count), for benchmark records.
    public static var configurationDescription: String {
        guard let description = openblas_get_config() else { return "unknown" }
        return String(cString: description).trimmingCharacters(in: .whitespaces)
    }
}
