extension BinaryDevices {
    public func encodeState(into encoder: inout StateEncoder) {
        encoder.write(buffer: UnsafeBufferPointer(conductances))
        encoder.write(buffer: UnsafeBufferPointer(switchingProbabilities))
    }

    public func restoreState(from decoder: inout StateDecoder) throws {
        try decoder.read(into: conductances, "binary-device conductances")
        try decoder.read(into: switchingProbabilities, "binary-device switching probabilities")
        guard switchingProbabilities.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            throw StateDecoder.Failure.invalid("a restored switching probability lies outside [0, 1]")
        }
        try checkRestoredConductances()
    }
}
