extension StepDevices {
    /// Stores every per-device buffer at once: the pulsed weights, the drawn bounds, steps and
    /// slopes, the reset weights, retention factors and, with write noise, the weights as read.
    public func encodeState(into encoder: inout StateEncoder) {
        encoder.write(buffer: UnsafeBufferPointer(storage))
    }

    /// Restores the buffers and checks that every value is finite. The weights as read are not
    /// checked against the bounds, because write noise moves them past the bounds.
    public func restoreState(from decoder: inout StateDecoder) throws {
        try decoder.read(into: storage, "step-device state")
        guard storage.allSatisfy({ $0.isFinite }) else {
            throw StateDecoder.Failure.invalid("a restored step-device value is not finite")
        }
    }
}
