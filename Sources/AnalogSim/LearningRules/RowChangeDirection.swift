/// The direction of the requested changes `−η·δ_i·x_j` along row i of a stochastic update: a
/// synapse's weight increases when δ_i·x_j < 0.
///
/// The product is negative exactly when the signs of δ_i and x_j differ, unless it underflows to
/// 0, and `|δ_i|·min|x_j| > 0` rules that out for the whole row, so the signs decide without a
/// multiplication per synapse. In a row where the underflow is possible the product decides, as
/// the plain kernels do.
struct RowChangeDirection {
    private let error: Float
    private let errorIsNegative: Bool
    private let signsDecide: Bool

    /// Creates the direction of row `error` = δ_i for inputs of at least `smallestInputMagnitude`.
    init(error: Float, smallestInputMagnitude: Float) {
        self.error = error
        errorIsNegative = error < 0
        signsDecide = abs(error) * smallestInputMagnitude > 0
    }

    /// Returns whether the synapse of input x_j = `input`, whose sign is `inputIsNegative`,
    /// increases its weight.
    @inline(__always)
    func increases(input: Float, inputIsNegative: Bool) -> Bool {
        signsDecide ? errorIsNegative != inputIsNegative : error * input < 0
    }
}
