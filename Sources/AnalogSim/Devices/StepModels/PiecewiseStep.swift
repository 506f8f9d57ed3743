/// The piecewise-step device (aihwkit `PiecewiseStepDevice`): the step is `s±` times a factor
/// interpolated linearly between N equally spaced nodes over the device's own `[b⁻_i, b⁺_i]`,
/// ends included:
///
///     u = max((w − b⁻_i)/(b⁺_i − b⁻_i)·(N − 1), 0),  k = min(⌊u⌋, N − 2),  t = min(u − k, 1)
///     factor = (1 − t)·v_k + t·v_(k+1)
///
/// with the node values v of the pulse's direction. Outside the bounds the end values hold; one
/// node is a constant factor.
public struct PiecewiseStep: Equatable, Sendable {
    public static let modelName = "piecewise-step"

    /// Node values of the up and down steps, the same number of each [`piecewise_up`, `piecewise_down`].
    public var upNodes: [Double]
    public var downNodes: [Double]

    public init(upNodes: [Double], downNodes: [Double]) {
        self.upNodes = upNodes
        self.downNodes = downNodes
    }

    /// The interpolated factor of `nodes` at weight `w` of a device with bounds b⁻, b⁺.
    @inline(__always)
    static func factor(_ nodes: UnsafeBufferPointer<Float>, weight w: Float, lower: Float, upper: Float) -> Float {
        let intervals = nodes.count - 1
        guard intervals > 0, upper > lower else { return nodes[0] }
        let position = max((w - lower) / (upper - lower) * Float(intervals), 0)
        let node = min(Int(position.rounded(.down)), intervals - 1)
        let fraction = min(position - Float(node), 1)
        return (1 - fraction) * nodes[node] + fraction * nodes[node + 1]
    }
}
