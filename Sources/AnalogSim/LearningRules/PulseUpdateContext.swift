/// What an update kernel needs besides the crossbar and the sample: the scheme, its random
/// streams and buffers, and where to count what it did. A device layer keeps one and reuses it,
/// so that no update allocates.
struct PulseUpdateContext {
    let scheme: UpdateScheme
    let pulseTrainSettings: PulseTrainSettings
    /// Cycle-to-cycle noise of every write.
    let writeNoise: RandomSource
    /// The bits of the stochastic scheme's pulse trains.
    let pulseTrainRandom: RandomSource
    var trains: StochasticPulseTrains
    var statistics = PulseStatistics()

    init(settings: HardwareUpdateSettings, rowCount: Int, columnCount: Int, writeNoise: RandomSource,
         pulseTrainRandom: RandomSource) {
        scheme = settings.scheme
        pulseTrainSettings = settings.pulseTrains
        self.writeNoise = writeNoise
        self.pulseTrainRandom = pulseTrainRandom
        trains = StochasticPulseTrains(rowCount: rowCount, columnCount: columnCount)
    }
}
