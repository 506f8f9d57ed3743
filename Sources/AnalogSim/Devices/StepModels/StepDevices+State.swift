extension StepDevices {
    /// Stores every per-device buffer at once: the pulsed weights, the drawn bounds, steps and
    /// slopes, the reset weights, retention factors and, with write noise, the weights as read.
    public func encodeState(into encoder: inout StateEncoder) {
        encoder.write(buffer: UnsafeBufferPointer(storage))
    }

    public func restoreState(from decoder: inout StateDecoder) throws {
        try decoder.read(into: storage, "step-device state")
        try checkRestoredConductances()
    }
}
