/// The data of `analogsim sweep plot --x NAME --y NAME`: the mean final test accuracy over seeds
/// at each pair of values of two swept parameters.
public struct SweepAccuracyGrid: Equatable, Sendable {
    /// The rows that share one x and one y value.
    public struct Cell: Equatable, Sendable {
        public var mean: Double
        public var seedCount: Int
    }

    public var xParameter: String
    public var yParameter: String
    /// The numeric values of each parameter among the rows, in increasing order.
    public var xValues: [Double]
    public var yValues: [Double]
    /// The cells by row: `cells[j][i]` is at `yValues[j]` and `xValues[i]`, and nil where no point finished.
    public var cells: [[Cell?]]

    /// Groups `rows` by their numeric values of the two parameters and averages each group. The
    /// caller keeps only rows that differ in nothing else than these two parameters and the seed.
    /// Rows with a missing or non-numeric setting are skipped.
    public init(rows: [SweepAccuracyCurves.Row], xParameter: String, yParameter: String) {
        self.xParameter = xParameter
        self.yParameter = yParameter

        var accuracies: [[Double]: [Double]] = [:]
        for row in rows {
            guard let xText = row.settings[xParameter], let x = Double(xText),
                  let yText = row.settings[yParameter], let y = Double(yText) else { continue }
            accuracies[[x, y], default: []].append(row.testAccuracy)
        }

        let xValues = Set(accuracies.keys.map { $0[0] }).sorted()
        let yValues = Set(accuracies.keys.map { $0[1] }).sorted()
        self.xValues = xValues
        self.yValues = yValues
        cells = yValues.map { y in
            xValues.map { x in
                accuracies[[x, y]].map { Cell(mean: $0.reduce(0, +) / Double($0.count), seedCount: $0.count) }
            }
        }
    }
}
