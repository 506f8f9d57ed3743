/// NeuroSim V3.0's readout of a crossbar row against a reference column of mid-range cells, each
/// current converted by an N-bit analog-to-digital converter.
///
/// With `ĝ = (G − Gmin)/(Gmax − Gmin)` the normalised conductance of each cell, `o = Gmin/(Gmax − Gmin)`
/// and inputs `x` of fan-in `F`, the two currents in units of `Gmax − Gmin` are
/// `A = Σ (o + ĝ)·x` for the row and `R = Σ (o + ½)·x` for the reference. Each is converted to
/// `⌊A·L/F⌋` digits, `L = 2ᴺ − 1` (full scale: F cells at the full range), and the row's value is
///
///     z = (⌊A·L/F⌋ − ⌊R·L/F⌋)·F/L  ≈  Σ (ĝ − ½)·x  =  W·x/(2·Wmax)
///
/// as NeuroSim's `CurrentToDigits` and `DigitsToAlgorithm` compute it. The value is thus half the
/// weighted sum for Wmax = 1 (NeuroSim maps one cell's full range to a weight of 1, while its
/// weights span 2) and is quantised in steps of `F/L`. Inputs are 0 or 1 in NeuroSim's setting; a
/// fractional input is read in one conversion here, where NeuroSim reads it bit by bit.
public struct ReferenceColumnReadout: Sendable {
    public let bits: Int
    /// o = Gmin/(Gmax − Gmin) of the nominal device.
    public let minimumOffset: Float

    public init(bits: Int, minimumOffset: Float) {
        precondition((1...16).contains(bits), "ADC bits must be 1 to 16")
        self.bits = bits
        self.minimumOffset = minimumOffset
    }

    /// Replaces the exact weighted sums `W·x` of `rowCount` rows by the converted values `z`.
    /// `inputSum` is `Σ x` over the row's inputs and `fanIn` is F.
    public func convert(weightedSums: UnsafeMutablePointer<Float>, rowCount: Int, inputSum: Float, fanIn: Int,
                        weightRange: Float) {
        let digitsPerUnit = Float((1 << bits) - 1) / Float(fanIn)
        let referenceDigits = ((minimumOffset + 0.5) * inputSum * digitsPerUnit).rounded(.down)

        for row in 0..<rowCount {
            let normalisedSum = (weightedSums[row] / weightRange + inputSum) / 2
            let rowCurrent = minimumOffset * inputSum + normalisedSum
            let digits = (rowCurrent * digitsPerUnit).rounded(.down) - referenceDigits
            weightedSums[row] = digits / digitsPerUnit
        }
    }
}
