extension DeviceLayer {
    /// Appends the crossbar, the digital biases, the refresh counter, the pulse statistics and
    /// the cycle-to-cycle and pulse-train streams. The context's buffers are scratch space of one
    /// update and hold nothing between samples.
    public func encodeState(into encoder: inout StateEncoder) {
        crossbar.encodeState(into: &encoder)
        encoder.write(floats: biases)
        encoder.write(samplesSinceRefresh)
        encoder.write(statistics: context.statistics)
        encoder.write(randomSource: context.writeNoise)
        encoder.write(xoshiro: context.pulseTrainRandom)
    }

    public func restoreState(from decoder: inout StateDecoder) throws {
        try crossbar.restoreState(from: &decoder)
        biases = try decoder.readFloats("device-layer biases", count: outputCount)
        samplesSinceRefresh = try decoder.readInt("samples since the last refresh", in: 0...Int.max)
        context.statistics = try decoder.readPulseStatistics()
        try decoder.restore(context.writeNoise, "cycle-to-cycle stream")
        context.pulseTrainRandom = try decoder.readXoshiro("pulse-train stream")
    }
}
