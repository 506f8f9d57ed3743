extension MeasuredCurveDevices {
    public func encodeState(into encoder: inout StateEncoder) {
        encoder.write(buffer: UnsafeBufferPointer(conductances))
        encoder.write(buffer: UnsafeBufferPointer(minimumConductances))
        encoder.write(buffer: UnsafeBufferPointer(maximumConductances))
        encoder.write(buffer: UnsafeBufferPointer(potentiationTraceIndices))
        encoder.write(buffer: UnsafeBufferPointer(depressionTraceIndices))
    }

    /// Restores the state and checks every trace index, since an index outside the profile's
    /// traces would read outside the tables.
    public func restoreState(from decoder: inout StateDecoder) throws {
        try decoder.read(into: conductances, "measured-curve conductances")
        try decoder.read(into: minimumConductances, "measured-curve minimum conductances")
        try decoder.read(into: maximumConductances, "measured-curve maximum conductances")
        try decoder.read(into: potentiationTraceIndices, "measured-curve potentiation traces")
        try decoder.read(into: depressionTraceIndices, "measured-curve depression traces")
        guard potentiationTraceIndices.allSatisfy({ (0..<Int32(potentiationTraceCount)).contains($0) }),
              depressionTraceIndices.allSatisfy({ (0..<Int32(depressionTraceCount)).contains($0) })
        else {
            throw StateDecoder.Failure.invalid("a measured-curve trace index is outside the profile's traces")
        }
        try checkRestoredConductances()
    }
}
