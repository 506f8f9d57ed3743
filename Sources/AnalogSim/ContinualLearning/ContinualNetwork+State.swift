extension ContinualNetwork {
    /// Appends, per layer, its type name, shape and state (weights or device state, as in
    /// `NetworkState`), then the mirrored biases. The activation, error and gradient buffers
    /// hold nothing between steps and are not saved.
    public func encodeState(into encoder: inout StateEncoder) {
        NetworkState.encodeLayers(layers, into: &encoder)
        for layerBiases in biases {
            encoder.write(floats: layerBiases)
        }
    }

    /// Replaces the layers' state and the biases by what `encodeState` wrote; throws
    /// `StateDecoder.Failure` when the saved network has other layers.
    public func restoreState(from decoder: inout StateDecoder) throws {
        try NetworkState.restoreLayers(layers, from: &decoder)

        let restoredBiases = try layers.enumerated().map { index, layer in
            try decoder.readFloats("layer \(index + 1) biases", count: layer.outputCount)
        }
        guard restoredBiases.joined().allSatisfy(\.isFinite) else {
            throw StateDecoder.Failure.invalid("a saved bias is not finite")
        }
        biases = restoredBiases
    }
}
