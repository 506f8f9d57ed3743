/// The digital bias update of a mini-batch: `b ← b − (η/B)·Σ_b δ_b`.
enum BatchBias {
    /// Subtracts `scale` times the sum of the `count` error rows from `biases`.
    static func update(_ biases: inout [Float], errors: UnsafePointer<Float>, count: Int, scale: Float) {
        let outputCount = biases.count
        for row in 0..<outputCount {
            var sum: Float = 0
            for sample in 0..<count {
                sum += errors[sample * outputCount + row]
            }
            biases[row] -= scale * sum
        }
    }
}
