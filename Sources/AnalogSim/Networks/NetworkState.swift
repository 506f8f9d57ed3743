/// Everything that training has changed in a `MultilayerPerceptron`, as bytes: per layer its
/// kind and shape, then its weights or device state (conductances, drawn device parameters,
/// digital biases, refresh counter, pulse statistics, random streams), and the per-layer learning
/// rates. It does not depend on the command that trains the network, so any learner that owns a
/// network (a training run, a comparison's runs, a continual learner) can keep one in its
/// checkpoint.
///
/// Restoring needs a network built from the same configuration and profile: the state replaces
/// the values of its buffers but does not choose layer sizes or the device model.
public struct NetworkState: Equatable, Sendable {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Captures the present state of `network`.
    public init(capturing network: MultilayerPerceptron) {
        var encoder = StateEncoder()
        Self.encodeLayers(network.layers, into: &encoder)
        encoder.write(floats: network.layerLearningRates)
        bytes = encoder.bytes
    }

    /// Writes the state into `network`, which must have the same layers; throws
    /// `StateDecoder.Failure` when the shapes or kinds differ or the bytes are malformed.
    public func restore(into network: MultilayerPerceptron) throws {
        var decoder = StateDecoder(bytes: bytes)
        try Self.restoreLayers(network.layers, from: &decoder)
        network.layerLearningRates = try decoder.readFloats("learning rates", count: network.layers.count)
        guard decoder.remainingCount == 0 else {
            throw StateDecoder.Failure.invalid("\(decoder.remainingCount) bytes follow the network state")
        }
    }

    /// Appends the layer count and, per layer, its kind, shape and state. `MultilayerPerceptron`
    /// and `ContinualNetwork` save their layers this way.
    static func encodeLayers(_ layers: [TrainableLayer], into encoder: inout StateEncoder) {
        encoder.write(layers.count)
        for layer in layers {
            encoder.write(kind(of: layer))
            encoder.write(layer.inputCount)
            encoder.write(layer.outputCount)
            layer.encodeState(into: &encoder)
        }
    }

    /// Replaces the state of `layers` by what `encodeLayers` wrote; throws
    /// `StateDecoder.Failure` when the saved layers differ in count, kind or shape.
    static func restoreLayers(_ layers: [TrainableLayer], from decoder: inout StateDecoder) throws {
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
    }

    /// The layer's type name, which distinguishes a software layer from the device layers of each family.
    private static func kind(of layer: TrainableLayer) -> String {
        String(describing: type(of: layer))
    }
}
