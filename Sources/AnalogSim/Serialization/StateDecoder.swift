/// Reads the layout that `StateEncoder` writes, checking every length against the bytes left,
/// so that a truncated or corrupted checkpoint throws `StateDecoder.Failure` and never reads
/// outside the buffer.
public struct StateDecoder {
    /// The reason a value could not be read. `CheckpointError` turns it into a message naming the file.
    public enum Failure: Error, Equatable {
        /// The data ended `needed` bytes into a value that was `available` bytes from the end.
        case truncated(reading: String, needed: Int, available: Int)
        /// A value was read but is not valid in its place (a count that does not match the
        /// network being restored, an unknown tag).
        case invalid(String)
    }

    private let bytes: [UInt8]
    public private(set) var offset: Int

    public init(bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// The bytes not read yet.
    public var remainingCount: Int { bytes.count - offset }

    private mutating func take(_ count: Int, reading field: String) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remainingCount else {
            throw Failure.truncated(reading: field, needed: count, available: remainingCount)
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    public mutating func readUInt64(_ field: String) throws -> UInt64 {
        let slice = try take(8, reading: field)
        var value: UInt64 = 0
        for (index, byte) in slice.enumerated() {
            value |= UInt64(byte) << UInt64(8 * index)
        }
        return value
    }

    public mutating func readUInt32(_ field: String) throws -> UInt32 {
        let slice = try take(4, reading: field)
        var value: UInt32 = 0
        for (index, byte) in slice.enumerated() {
            value |= UInt32(byte) << UInt32(8 * index)
        }
        return value
    }

    public mutating func readInt(_ field: String) throws -> Int {
        Int(Int64(bitPattern: try readUInt64(field)))
    }

    /// Reads an integer and checks that it lies in `range`.
    public mutating func readInt(_ field: String, in range: ClosedRange<Int>) throws -> Int {
        let value = try readInt(field)
        guard range.contains(value) else {
            throw Failure.invalid("\(field) is \(value), outside \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    public mutating func readDouble(_ field: String) throws -> Double {
        Double(bitPattern: try readUInt64(field))
    }

    public mutating func readBool(_ field: String) throws -> Bool {
        let byte = try take(1, reading: field).first!
        guard byte <= 1 else { throw Failure.invalid("\(field) is the byte \(byte), not 0 or 1") }
        return byte == 1
    }

    public mutating func readString(_ field: String) throws -> String {
        let count = try readInt(field + " length")
        let slice = try take(count, reading: field)
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw Failure.invalid("\(field) is not valid UTF-8")
        }
        return text
    }

    /// Reads a buffer written by `StateEncoder.write(buffer:)` into `buffer`, whose count must
    /// equal the stored count.
    public mutating func read<Element>(into buffer: UnsafeMutableBufferPointer<Element>, _ field: String) throws {
        let count = try readInt(field + " count")
        guard count == buffer.count else {
            throw Failure.invalid("\(field) contains \(count) values, but the network being restored has \(buffer.count)")
        }
        let slice = try take(count * MemoryLayout<Element>.stride, reading: field)
        slice.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
        }
    }

    /// Reads `[Float]` of exactly `expectedCount` values.
    public mutating func readFloats(_ field: String, count expectedCount: Int) throws -> [Float] {
        var values = [Float](repeating: 0, count: expectedCount)
        try values.withUnsafeMutableBufferPointer { try read(into: $0, field) }
        return values
    }

    public mutating func readIntegers(_ field: String, count expectedCount: Int? = nil) throws -> [Int] {
        let count = try readInt(field + " count", in: 0...(remainingCount / 8))
        if let expectedCount, count != expectedCount {
            throw Failure.invalid("\(field) contains \(count) values, but \(expectedCount) were expected")
        }
        return try (0..<count).map { _ in try readInt(field) }
    }

    public mutating func readRawBytes(_ field: String) throws -> [UInt8] {
        let count = try readInt(field + " length")
        return Array(try take(count, reading: field))
    }
}
