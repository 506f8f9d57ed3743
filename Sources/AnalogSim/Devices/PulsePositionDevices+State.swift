extension PulsePositionDevices {
    /// The records of drawn parameters (`DeviceRecordField`), as one buffer of floats.
    private var recordFloats: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: records.assumingMemoryBound(to: Float.self),
                                   count: DeviceRecordField.floatsPerRecord * count)
    }

    public func encodeState(into encoder: inout StateEncoder) {
        encoder.write(buffer: UnsafeBufferPointer(conductances))
        encoder.write(buffer: UnsafeBufferPointer(recordFloats))
    }

    /// Restores conductances and drawn parameters, then recomputes the pulse-count thresholds,
    /// which are derived from both.
    public func restoreState(from decoder: inout StateDecoder) throws {
        try decoder.read(into: conductances, "pulse-position conductances")
        try decoder.read(into: recordFloats, "pulse-position drawn parameters")
        try checkRestoredConductances()
        for device in 0..<count {
            updatePulseCountThresholds(device: device)
        }
    }
}
