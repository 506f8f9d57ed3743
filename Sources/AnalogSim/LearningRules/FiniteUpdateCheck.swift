/// The screen that keeps NaN and infinity away from the weights. A layer sends the update
/// `ΔW = −η·δ·xᵀ`, `Δb = −η·δ` of a sample only when every error δ_i and every input x_j is
/// finite and `η·max|δ_i|·max|x_j|` is finite. That product bounds every requested change `|η·δ_i·x_j|`.
///
/// A sample that fails it changes no weight and sends no pulse; the layer counts it in
/// `PulseStatistics.nonFiniteUpdates`. The scan reads each error and input once per sample, so it
/// costs O(rows + columns) beside the O(rows · columns) update.
enum FiniteUpdateCheck {
    /// Returns whether the update of one sample is finite. `input` lists every non-zero input; a NaN
    /// input is non-zero, so it is listed.
    static func isFinite(errors: UnsafePointer<Float>, rowCount: Int, input: SparseInput, learningRate: Float) -> Bool {
        let largestError = largestMagnitude(errors, count: rowCount)
        var largestInput: Float = 0
        var inputsAreFinite = true
        for column in input.activeIndices {
            let magnitude = abs(input.values[Int(column)])
            inputsAreFinite = inputsAreFinite && magnitude.isFinite
            largestInput = max(largestInput, magnitude)
        }
        guard let largestError, inputsAreFinite else { return false }
        return (learningRate * largestError * largestInput).isFinite
    }

    /// Returns whether the update of `count` samples, stored as consecutive rows of `errors`
    /// (`rowCount` each) and `inputs` (`columnCount` each), is finite: η times the sum over the
    /// samples of `max|δ|·max|x|` bounds every summed request.
    static func isFinite(errors: UnsafePointer<Float>, rowCount: Int, inputs: UnsafePointer<Float>, columnCount: Int,
                         count: Int, learningRate: Float) -> Bool {
        var bound: Float = 0
        for sample in 0..<count {
            guard let largestError = largestMagnitude(errors + sample * rowCount, count: rowCount),
                  let largestInput = largestMagnitude(inputs + sample * columnCount, count: columnCount)
            else { return false }
            bound += largestError * largestInput
        }
        return (learningRate * bound).isFinite
    }

    /// Returns the largest |value|, or nil when a value is NaN or infinite.
    private static func largestMagnitude(_ values: UnsafePointer<Float>, count: Int) -> Float? {
        var largest: Float = 0
        var allFinite = true
        for index in 0..<count {
            let magnitude = abs(values[index])
            allFinite = allFinite && magnitude.isFinite
            largest = max(largest, magnitude)
        }
        return allFinite ? largest : nil
    }
}
