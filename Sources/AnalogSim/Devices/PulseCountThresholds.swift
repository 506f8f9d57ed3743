/// Per-device screens for deterministic (closed-loop) pulse counting: for every device, the
/// smallest potentiation change and the smallest depression magnitude (S) that can round to a
/// pulse at the device's present conductance.
///
/// The contract with `DevicePopulation.roundedPulseCount(forChange:device:)`: a change `c > 0`
/// with a non-zero count satisfies `c >= potentiation[device]`, and a change `c < 0` with a
/// non-zero count satisfies `−c >= depression[device]`. A kernel can therefore skip a request
/// below its device's threshold after one load and compare. A request at or above it still goes
/// through `roundedPulseCount`, which decides the count, so screening never changes a result.
/// The population that owns the buffers updates a device's two entries on every write to it.
public struct PulseCountThresholds {
    /// Indexed by device, like `DevicePopulation.conductances`.
    public let potentiation: UnsafePointer<Float>
    public let depression: UnsafePointer<Float>

    public init(potentiation: UnsafePointer<Float>, depression: UnsafePointer<Float>) {
        self.potentiation = potentiation
        self.depression = depression
    }
}
