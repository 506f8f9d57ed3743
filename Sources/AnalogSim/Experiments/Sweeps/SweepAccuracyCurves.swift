/// The data of `analogsim sweep plot --x NAME`: the final test accuracy of finished sweep points
/// against one swept parameter, one curve per learning rule, each point the mean over seeds with
/// the minimum and maximum over seeds as its band.
public struct SweepAccuracyCurves: Equatable, Sendable {
    /// One finished point: its settings by parameter name and its final test accuracy (a fraction).
    public struct Row: Equatable, Sendable {
        public var settings: [String: String]
        public var rule: LearningRule
        public var seed: UInt64
        public var testAccuracy: Double

        public init(settings: [String: String], rule: LearningRule, seed: UInt64, testAccuracy: Double) {
            self.settings = settings
            self.rule = rule
            self.seed = seed
            self.testAccuracy = testAccuracy
        }
    }

    /// The accuracies at one x value, over the seeds that finished there.
    public struct Point: Equatable, Sendable {
        public var x: Double
        public var mean: Double
        public var minimum: Double
        public var maximum: Double
        public var seedCount: Int
    }

    public struct Curve: Equatable, Sendable {
        public var rule: LearningRule
        /// Points in increasing x.
        public var points: [Point]
    }

    /// The parameter on the x axis.
    public var xParameter: String
    /// Curves in the order of `LearningRule.allCases`; a rule without finished points has none.
    public var curves: [Curve]

    /// Groups `rows` by rule and by the numeric value of `xParameter`, and averages over the rows
    /// of each group, which differ only in seed once the caller has kept only the rows that match
    /// its fixed settings. Rows whose `xParameter` setting is missing or not a number are skipped.
    public init(rows: [Row], xParameter: String) {
        self.xParameter = xParameter
        curves = LearningRule.allCases.compactMap { rule in
            var accuracies: [Double: [Double]] = [:]
            for row in rows where row.rule == rule {
                guard let text = row.settings[xParameter], let x = Double(text) else { continue }
                accuracies[x, default: []].append(row.testAccuracy)
            }
            guard !accuracies.isEmpty else { return nil }

            let points = accuracies.keys.sorted().map { x in
                let values = accuracies[x]!
                return Point(x: x, mean: values.reduce(0, +) / Double(values.count),
                             minimum: values.min()!, maximum: values.max()!, seedCount: values.count)
            }
            return Curve(rule: rule, points: points)
        }
    }
}
