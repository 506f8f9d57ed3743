extension SoftwareLayer {
    public func encodeState(into encoder: inout StateEncoder) {
        encoder.write(floats: weights)
        encoder.write(floats: biases)
        encoder.write(statistics: statistics)
    }

    public func restoreState(from decoder: inout StateDecoder) throws {
        weights = try decoder.readFloats("software weights", count: inputCount * outputCount)
        biases = try decoder.readFloats("software biases", count: outputCount)
        statistics = try decoder.readPulseStatistics()
    }
}
