/// One parameter of a device population whose per-device parameters are stored as records, one
/// 64-byte record (a cache line) per device: device i's value of the parameter sits at
/// `fieldStart[i·floatsPerRecord]`.
///
/// A write reads about ten parameters of one device (bounds, curve constants, offsets, pulse
/// ranges, half-pulse factors of both polarities). Kept in one buffer per parameter they cost
/// one cache miss each, because the devices a training step writes are scattered over the
/// population; in records they cost one.
struct DeviceRecordField {
    /// Floats per record: 16 × 4 bytes = 64 bytes.
    static let floatsPerRecord = 16

    /// The field's value in the record of device 0.
    let fieldStart: UnsafeMutablePointer<Float>

    subscript(device: Int) -> Float {
        @inline(__always) get { fieldStart[device &* Self.floatsPerRecord] }
        @inline(__always) nonmutating set { fieldStart[device &* Self.floatsPerRecord] = newValue }
    }
}
