/// Per-device screens for deterministic (closed-loop) pulse counting: for every device, the
/// smallest potentiation change and the smallest depression magnitude (S) that can round to a
/// pulse at the device's present conductance, stored truncated to 16 bits.
///
/// The contract with `DevicePopulation.roundedPulseCount(forChange:device:)`: a change `c > 0`
/// with a non-zero count satisfies `c >= potentiation[device]`, and a change `c < 0` with a
/// non-zero count satisfies `−c >= depression[device]`. A kernel can therefore skip a request
/// below its device's threshold after one load and compare. A request at or above it still goes
/// through `roundedPulseCount`, which decides the count, so screening never changes a result.
/// The population that owns the buffers updates a device's two entries on every write to it.
///
/// Each entry keeps the upper 16 bits of the threshold's single-precision pattern (sign,
/// exponent and 7 mantissa bits, the bfloat16 format). For a positive threshold that is a lower
/// bound within 2⁻⁷ of it, so the contract is kept and at most 0.8 % more requests go on to
/// `roundedPulseCount`; the buffers are half the size, which keeps the screens of a 784 × 256
/// layer's two populations (800 kB) within a 1 MB level-2 cache. A threshold that is not
/// positive (or NaN) is stored as 0, which screens nothing.
///
/// Blocks of `blockSize` consecutive devices (device `d` is in block `d / blockSize`) also keep
/// the smallest stored potentiation threshold of their devices, recomputed on every write, so a
/// kernel can skip a block of requests after one compare when even the largest of them is below
/// it. A crossbar row whose length is a multiple of `blockSize` starts at a block boundary.
/// Groups of `blockSize` blocks keep the smallest of their block minima in turn, from which a
/// kernel bounds a whole row's thresholds with a few loads.
public struct PulseCountThresholds {
    /// The number of devices per block of `potentiationBlockMinima`.
    public static let blockSize = 16

    /// Indexed by device, like `DevicePopulation.conductances`.
    public let potentiation: TruncatedThresholds
    public let depression: TruncatedThresholds
    /// Indexed by block: the smallest entry of `potentiation` in the block.
    public let potentiationBlockMinima: TruncatedThresholds
    /// Indexed by group of `blockSize` blocks (`blockSize²` devices): the smallest entry of
    /// `potentiationBlockMinima` in the group.
    public let potentiationGroupMinima: TruncatedThresholds

    public init(potentiation: UnsafePointer<UInt16>, depression: UnsafePointer<UInt16>,
                potentiationBlockMinima: UnsafePointer<UInt16>, potentiationGroupMinima: UnsafePointer<UInt16>) {
        self.potentiation = TruncatedThresholds(bits: potentiation)
        self.depression = TruncatedThresholds(bits: depression)
        self.potentiationBlockMinima = TruncatedThresholds(bits: potentiationBlockMinima)
        self.potentiationGroupMinima = TruncatedThresholds(bits: potentiationGroupMinima)
    }

    /// Returns the smallest stored potentiation threshold of devices `first..<(first + count)`, or a
    /// lower bound of it: the minimum over the groups of blocks the range touches.
    @inline(__always)
    public func potentiationLowerBound(first: Int, count: Int) -> Float {
        let groupSize = Self.blockSize * Self.blockSize
        var smallest = Float.infinity
        for group in (first / groupSize)...((first + count - 1) / groupSize) {
            smallest = min(smallest, potentiationGroupMinima[group])
        }
        return smallest
    }

    /// Returns the stored form of `threshold`: the upper 16 bits of its bit pattern, or 0 when the
    /// threshold is not positive. For stored forms, integer order is the order of the values.
    @inline(__always)
    public static func truncated(_ threshold: Float) -> UInt16 {
        threshold > 0 ? UInt16(truncatingIfNeeded: threshold.bitPattern >> 16) : 0
    }
}

/// One polarity's truncated thresholds (see `PulseCountThresholds`), read as floats.
public struct TruncatedThresholds {
    public let bits: UnsafePointer<UInt16>

    /// Returns the stored threshold of `device`, a lower bound of its exact threshold (S).
    @inline(__always)
    public subscript(device: Int) -> Float {
        Float(bitPattern: UInt32(bits[device]) << 16)
    }

    /// Returns the thresholds from device `offset` on, so that a kernel can index a row by column.
    @inline(__always)
    public func advanced(by offset: Int) -> TruncatedThresholds {
        TruncatedThresholds(bits: bits + offset)
    }
}
