import CNumerics

/// CRC-32 (the ISO-HDLC polynomial of zlib, gzip and PNG), computed by zlib.
public enum Checksum {
    /// Returns the CRC-32 of `bytes`.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            var checksum = CNumerics.crc32(0, nil, 0)
            var offset = 0
            // zlib takes the length as a 32-bit count, so long buffers go in pieces.
            while offset < buffer.count {
                let length = min(buffer.count - offset, Int(UInt32.max))
                checksum = CNumerics.crc32(checksum, buffer.baseAddress! + offset, UInt32(length))
                offset += length
            }
            return UInt32(truncatingIfNeeded: checksum)
        }
    }
}
