/// Appends values to a byte buffer in a fixed little-endian layout: the body of a checkpoint.
///
/// Integers are written as 64-bit two's complement, floating-point values by their IEEE 754 bit
/// patterns (so NaN payloads and signed zeros survive), strings and arrays with a 64-bit count in
/// front. `StateDecoder` reads the same layout back.
public struct StateEncoder {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    public mutating func write(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    public mutating func write(_ value: Int) {
        write(UInt64(bitPattern: Int64(value)))
    }

    public mutating func write(_ value: Double) {
        write(value.bitPattern)
    }

    public mutating func write(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    public mutating func write(_ value: String) {
        let utf8 = Array(value.utf8)
        write(utf8.count)
        bytes += utf8
    }

    /// Writes a count and then the raw bytes of `buffer`, whose elements are plain values
    /// (`Float`, `Int32`, `UInt16`) stored in the machine's byte order (little-endian on every
    /// platform AnalogSim builds on).
    public mutating func write<Element>(buffer: UnsafeBufferPointer<Element>) {
        write(buffer.count)
        bytes += UnsafeRawBufferPointer(buffer)
    }

    public mutating func write(floats: [Float]) {
        floats.withUnsafeBufferPointer { write(buffer: $0) }
    }

    public mutating func write(integers: [Int]) {
        write(integers.count)
        for value in integers {
            write(value)
        }
    }

    public mutating func write(rawBytes: [UInt8]) {
        write(rawBytes.count)
        bytes += rawBytes
    }
}
