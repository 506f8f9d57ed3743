/// What an update kernel needs besides the crossbar and the sample: the scheme, its random
/// streams and buffers, and where to count what it did. A device layer keeps one and reuses it,
/// so that no update allocates.
struct PulseUpdateContext {
    let scheme: UpdateScheme
    let pulseTrainSettings: PulseTrainSettings
    /// Cycle-to-cycle noise of every write.
    let writeNoise: RandomSource
    /// The bits of the stochastic scheme's pulse trains.
    var pulseTrainRandom: Xoshiro256StarStar
    var trains: StochasticPulseTrains
    /// The active inputs of the update under way, for the deterministic kernels.
    let gatheredInputs: GatheredInputs
    /// One row's writes, for kernels that apply them population by population.
    let writeBatch: PulseWriteBatch
    /// The deterministic requests that passed the screen and wait for their writes.
    let screenedRequests: ScreenedRequests
    var statistics = PulseStatistics()
    /// The nominal conductance step (S) of one potentiation and one depression pulse,
    /// `(Gmax − Gmin)/levels`, which the open-loop scheme divides requests by.
    var nominalSteps: (potentiation: Float, depression: Float) = (0, 0)
    /// The largest pulse count of each polarity any device received in the update under way.
    private var largestPotentiation = 0
    private var largestDepression = 0

    /// Creates the context of one layer. `screenedRequestCapacity` is how many screened requests
    /// the deterministic kernels collect before writing them; tests make it small.
    init(settings: HardwareUpdateSettings, rowCount: Int, columnCount: Int, writeNoise: RandomSource,
         pulseTrainRandom: Xoshiro256StarStar, screenedRequestCapacity: Int = 256) {
        screenedRequests = ScreenedRequests(capacity: screenedRequestCapacity)
        scheme = settings.scheme
        pulseTrainSettings = settings.pulseTrains
        self.writeNoise = writeNoise
        self.pulseTrainRandom = pulseTrainRandom
        trains = StochasticPulseTrains(rowCount: rowCount, columnCount: columnCount)
        gatheredInputs = GatheredInputs(capacity: columnCount)
        writeBatch = PulseWriteBatch(columnCount: columnCount, synapseCount: rowCount * columnCount)
    }

    /// Records a write of `pulses` (positive: potentiation) that took a device from conductance
    /// `before` to `after`.
    @inline(__always)
    mutating func recordWrite(pulses: Int, before: Float, after: Float) {
        let conductancePulses = Double(pulses.magnitude) * 0.5 * Double(before + after)
        if pulses > 0 {
            statistics.potentiationPulses += pulses
            statistics.potentiationConductancePulses += conductancePulses
            largestPotentiation = max(largestPotentiation, pulses)
        } else if pulses < 0 {
            statistics.depressionPulses -= pulses
            statistics.depressionConductancePulses += conductancePulses
            largestDepression = max(largestDepression, -pulses)
        }
    }

    /// Ends an update: its largest pulse counts become pulse slots.
    mutating func finishUpdate() {
        statistics.potentiationPulseSlots += largestPotentiation
        statistics.depressionPulseSlots += largestDepression
        largestPotentiation = 0
        largestDepression = 0
    }
}
