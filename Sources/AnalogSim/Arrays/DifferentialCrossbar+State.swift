extension DifferentialCrossbar {
    /// Appends both populations and the read-noise stream; the cached weights are derived from
    /// the conductances and are not stored.
    public func encodeState(into encoder: inout StateEncoder) {
        positive.encodeState(into: &encoder)
        negative.encodeState(into: &encoder)
        encoder.write(randomSource: readNoise)
    }

    /// Restores what `encodeState` wrote and recomputes every cached weight.
    public func restoreState(from decoder: inout StateDecoder) throws {
        try positive.restoreState(from: &decoder)
        try negative.restoreState(from: &decoder)
        try decoder.restore(readNoise, "read-noise stream")
        updateAllWeights()
    }
}
