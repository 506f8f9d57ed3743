extension Comparison {
    /// One row of the comparison table: one rule's results, as means over the seeds when the
    /// comparison runs more than one.
    public struct Row: Codable, Equatable, Sendable {
        public var rule: LearningRule
        /// Test accuracy after the last epoch, a fraction in [0, 1], as the mean over seeds.
        public var testAccuracy: Double
        /// testAccuracy − software's testAccuracy, in accuracy fraction (negative: worse).
        public var gapToSoftware: Double
        /// All pulses, refresh included, as the mean over seeds rounded to a whole number.
        public var pulses: Int
        /// Pair refreshes, as the mean over seeds rounded to a whole number.
        public var refreshes: Int
        /// The share of requested updates that sent no pulse, as the mean over seeds.
        public var droppedFraction: Double
        /// Estimated write energy and latency as means over seeds, or nil without write pulses in
        /// the profile.
        public var writeCost: WriteCost?
        /// Each seed's test accuracy in seed order, or nil when the comparison runs one seed.
        public var seedTestAccuracies: [Double]?
        /// The sample standard deviation (n − 1 in the denominator) of `seedTestAccuracies`, or
        /// nil when the comparison runs one seed.
        public var testAccuracyStandardDeviation: Double?
    }
}

extension Comparison.Row {
    /// Summarizes the runs of `rule`, one per seed in seed order, against software's mean test
    /// accuracy. With one run, every field is that run's own figure.
    init(rule: LearningRule, runs: [TrainingResult], softwareTestAccuracy: Double) {
        precondition(!runs.isEmpty, "a row summarizes at least one run")
        let accuracies = runs.map(\.testAccuracy)
        let testAccuracy = mean(accuracies)

        self.init(
            rule: rule,
            testAccuracy: testAccuracy,
            gapToSoftware: testAccuracy - softwareTestAccuracy,
            pulses: Int(mean(runs.map { Double($0.pulses.totalPulses) }).rounded()),
            refreshes: Int(mean(runs.map { Double($0.pulses.refreshes) }).rounded()),
            droppedFraction: mean(runs.map(\.pulses.droppedFraction)),
            writeCost: meanWriteCost(runs.map(\.writeCost)))

        if runs.count > 1 {
            seedTestAccuracies = accuracies
            testAccuracyStandardDeviation = sampleStandardDeviation(accuracies)
        }
    }
}

/// Returns the arithmetic mean of a non-empty list.
private func mean(_ values: [Double]) -> Double {
    values.reduce(0, +) / Double(values.count)
}

/// Returns the standard deviation with n − 1 in the denominator, for two or more values.
private func sampleStandardDeviation(_ values: [Double]) -> Double {
    let center = mean(values)
    let squaredDeviations = values.reduce(0) { $0 + ($1 - center) * ($1 - center) }
    return (squaredDeviations / Double(values.count - 1)).squareRoot()
}

/// Returns the mean energy and latency. The cost is nil when any run has no estimate, and the
/// energy is nil when any run has none (step devices).
private func meanWriteCost(_ costs: [WriteCost?]) -> WriteCost? {
    let known = costs.compactMap { $0 }
    guard known.count == costs.count else { return nil }
    let energies = known.compactMap(\.energy)
    return WriteCost(energy: energies.count == known.count ? mean(energies) : nil,
                     latency: mean(known.map(\.latency)))
}
