/// Parameters of a measured-curve device: the conductance after each pulse of measured
/// potentiation and depression trains, interpolated linearly between the measured points.
///
/// A potentiation trace `[G_0, G_1, …, G_n]` starts at the low state and rises; a depression trace
/// `[D_0, …, D_m]` starts at the high state and falls. The position on the depression curve is
/// counted from its low end, `q = m − k` at `D_k`, so `n` depression pulses move `q` to `q − n`.
/// With several traces (several measured devices or cycles) each simulated device picks one
/// trace index per polarity when the array is built: device-to-device variation sampled from the
/// measurements. A device's own bounds are the lowest and highest conductance of its traces.
public struct MeasuredCurveParameters: Equatable, Sendable {
    public static let modelName = "measured"

    /// Potentiation traces (S), each non-decreasing with a rise.
    public var potentiationTraces: [[Double]]
    /// Depression traces (S), each non-increasing with a fall.
    public var depressionTraces: [[Double]]
    /// σ_c2c as a fraction of each device's range; per write `ξ·σ_c2c·(Gmax − Gmin)·√|n|`.
    public var cycleToCycleSigma: Double
    /// σ_read: every read returns `G·(1 + σ_read·ξ)`.
    public var readNoiseSigma: Double

    public init(potentiationTraces: [[Double]], depressionTraces: [[Double]], cycleToCycleSigma: Double = 0, readNoiseSigma: Double = 0) {
        self.potentiationTraces = potentiationTraces
        self.depressionTraces = depressionTraces
        self.cycleToCycleSigma = cycleToCycleSigma
        self.readNoiseSigma = readNoiseSigma
    }

    /// The lowest and highest conductance over every trace (S).
    public var conductanceRange: (minimum: Double, maximum: Double) {
        let values = (potentiationTraces + depressionTraces).flatMap { $0 }
        return (values.min() ?? 0, values.max() ?? 0)
    }
}

extension MeasuredCurveParameters: DeviceModel {
    public func makePopulation(count: Int, variation: RandomSource) -> MeasuredCurveDevices {
        MeasuredCurveDevices(parameters: self, count: count, variation: variation)
    }

    /// The pulses of the first trace of each polarity.
    public var fullTrainPulseCounts: (potentiation: Int, depression: Int) {
        ((potentiationTraces.first?.count ?? 1) - 1, (depressionTraces.first?.count ?? 1) - 1)
    }

    /// Keeps only the first trace of each polarity, which every device then uses.
    public func withoutDeviceVariation() -> MeasuredCurveParameters {
        var nominal = self
        nominal.potentiationTraces = Array(potentiationTraces.prefix(1))
        nominal.depressionTraces = Array(depressionTraces.prefix(1))
        return nominal
    }
}
