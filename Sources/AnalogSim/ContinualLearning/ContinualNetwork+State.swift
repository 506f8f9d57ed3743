extension ContinualNetwork {
    /// Appends, per layer, its type name, shape and state (weights or device state, as in
    /// `NetworkState`), then the mirrored biases. The activation, error and gradient buffers
    /// hold nothing between steps and are not saved.
    public func encodeState(into encoder: inout StateEncoder) {
        encoder.write(layers.count)
        for layer in layers {
            encoder.write(Self.kind(of: layer))
            encoder.write(layer.inputCount)
            encoder.write(layer.outputCount)
            layer.encodeState(into: &encoder)
        }
        for layerBiases in biases {
            encoder.write(floats: layerBiases)
        }
    }

    /// Replaces the layers' state and the biases by what `encodeState` wrote; throws
    /// `StateDecoder.Failure` when the saved network has other layers.
    public func restoreState(from decoder: inout StateDecoder) throws {
        let layerCount = try decoder.readInt("layer count")
        guard layerCount == layers.count else {
            throw StateDecoder.Failure.invalid("the saved network has \(layerCount) layers, the network being restored \(layers.count)")
        }
        for (index, layer) in layers.enumerated() {
            let kind = try decoder.readString("layer \(index + 1) kind")
            let inputCount = try decoder.readInt("layer \(index + 1) inputs")
            let outputCount = try decoder.readInt("layer \(index + 1) outputs")
            guard kind == Self.kind(of: layer), inputCount == layer.inputCount, outputCount == layer.outputCount else {
                throw StateDecoder.Failure.invalid(
                    "saved layer \(index + 1) is \(kind) \(inputCount)→\(outputCount), "
                        + "but the network being restored has \(Self.kind(of: layer)) \(layer.inputCount)→\(layer.outputCount)")
            }
            try layer.restoreState(from: &decoder)
        }
        let restoredBiases = try layers.enumerated().map { index, layer in
            try decoder.readFloats("layer \(index + 1) biases", count: layer.outputCount)
        }
        guard restoredBiases.joined().allSatisfy(\.isFinite) else {
            throw StateDecoder.Failure.invalid("a saved bias is not finite")
        }
        biases = restoredBiases
    }

    private static func kind(of layer: RequestedChangeLayer) -> String {
        String(describing: type(of: layer))
    }
}
