import Foundation

/// The container of every AnalogSim checkpoint, in little-endian byte order:
///
///     offset  size  content
///     0       8     magic number, the ASCII text "ANSIMCKP"
///     8       4     format version (UInt32), `formatVersion`
///     12      8     body length n in bytes (UInt64)
///     20      n     body: the identity (four strings), then the command's state
///     20 + n  4     CRC-32 of the body (UInt32)
///
/// The identity is the analogsim version, the command (`train`, `compare`), the configuration
/// and the profile content as JSON with sorted keys. A resumed run compares it with its own and
/// refuses the checkpoint when they differ. `docs/checkpoints.md` describes the bodies.
public enum CheckpointFile {
    public static let magicText = "ANSIMCKP"
    public static let formatVersion: UInt32 = 1
    private static let headerByteCount = 20
    private static let trailerByteCount = 4

    /// The run a checkpoint belongs to: version, command, configuration and profile.
    public struct Identity: Equatable, Sendable {
        public var version: String
        public var command: String
        /// The configuration as JSON with sorted keys.
        public var configuration: String
        /// The profile's content as JSON with sorted keys; empty for a software run.
        public var profile: String

        public init(version: String = AnalogSimVersion.current, command: String, configuration: String, profile: String) {
            self.version = version
            self.command = command
            self.configuration = configuration
            self.profile = profile
        }

        /// Builds the identity of a run of `command` from its configuration and profile.
        public init<Configuration: Encodable>(command: String, configuration: Configuration, profile: DeviceProfile?) {
            self.init(command: command, configuration: Self.json(configuration), profile: profile.map(Self.json) ?? "")
        }

        private static func json<Value: Encodable>(_ value: Value) -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            // Configurations and profiles hold only finite numbers, strings and arrays, which encode.
            return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
        }
    }

    /// Writes `identity` and `body` to `path` atomically (temporary file, fsync, rename, fsync
    /// of the directory), replacing an earlier checkpoint there.
    public static func write(identity: Identity, body: [UInt8], to path: String) throws {
        var content = StateEncoder()
        content.write(identity.version)
        content.write(identity.command)
        content.write(identity.configuration)
        content.write(identity.profile)
        let bodyBytes = content.bytes + body

        var file = StateEncoder()
        var bytes = Array(magicText.utf8)
        file.write(formatVersion)
        file.write(UInt64(bodyBytes.count))
        bytes += file.bytes + bodyBytes
        var trailer = StateEncoder()
        trailer.write(Checksum.crc32(bodyBytes))
        bytes += trailer.bytes
        try ResultFileWriter.writeAtomically(Data(bytes), to: path)
    }

    /// Reads the checkpoint at `path`, checks its container and that its identity equals
    /// `expected`, and returns a decoder positioned at the command's state.
    public static func read(path: String, expected: Identity) throws -> StateDecoder {
        guard FileManager.default.fileExists(atPath: path) else { throw CheckpointError.missing(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CheckpointError.malformed(path: path, detail: "the file cannot be read (check its permissions)")
        }
        let bytes = [UInt8](data)
        guard bytes.count >= magicText.utf8.count, bytes.prefix(magicText.utf8.count).elementsEqual(magicText.utf8) else {
            throw CheckpointError.notACheckpoint(path: path)
        }
        guard bytes.count >= headerByteCount else {
            throw CheckpointError.truncated(path: path, expectedBytes: headerByteCount + trailerByteCount, actualBytes: bytes.count)
        }

        var header = StateDecoder(bytes: bytes, offset: magicText.utf8.count)
        let version = try header.readUInt32("format version")
        guard version == formatVersion else {
            throw CheckpointError.unsupportedFormat(path: path, found: version, supported: formatVersion)
        }
        let bodyLength = try header.readUInt64("body length")
        let available = UInt64(bytes.count - headerByteCount)
        guard bodyLength <= available, available - bodyLength == UInt64(trailerByteCount) else {
            let promised = bodyLength > UInt64(Int.max - headerByteCount - trailerByteCount)
                ? Int.max : headerByteCount + Int(bodyLength) + trailerByteCount
            throw CheckpointError.truncated(path: path, expectedBytes: promised, actualBytes: bytes.count)
        }
        let body = Array(bytes[headerByteCount..<(headerByteCount + Int(bodyLength))])
        var trailer = StateDecoder(bytes: bytes, offset: headerByteCount + body.count)
        guard try trailer.readUInt32("checksum") == Checksum.crc32(body) else {
            throw CheckpointError.corrupted(path: path)
        }

        var decoder = StateDecoder(bytes: body)
        let identity: Identity
        do {
            identity = Identity(version: try decoder.readString("version"), command: try decoder.readString("command"),
                                configuration: try decoder.readString("configuration"), profile: try decoder.readString("profile"))
        } catch let failure as StateDecoder.Failure {
            throw CheckpointError.malformed(path: path, detail: failure.detail)
        }
        try check(identity, against: expected, path: path)
        return decoder
    }

    /// Throws `CheckpointError` unless `found` is `expected`, naming each difference.
    private static func check(_ found: Identity, against expected: Identity, path: String) throws {
        guard found.command == expected.command else {
            throw CheckpointError.wrongCommand(path: path, found: found.command, expected: expected.command)
        }
        var differences: [String] = []
        if found.version != expected.version {
            differences.append("it was written by analogsim \(found.version), this is \(expected.version)")
        }
        differences += JSONDifference.describe(found: found.configuration, expected: expected.configuration, label: "configuration")
        if found.profile.isEmpty != expected.profile.isEmpty {
            differences.append(found.profile.isEmpty ? "it has no device profile, this run has one" : "it has a device profile, this run has none")
        } else {
            differences += JSONDifference.describe(found: found.profile, expected: expected.profile, label: "profile")
        }
        guard differences.isEmpty else {
            throw CheckpointError.mismatch(path: path, differences: differences)
        }
    }
}

extension StateDecoder.Failure {
    /// The failure in words, for `CheckpointError.malformed`.
    public var detail: String {
        switch self {
        case .truncated(let reading, let needed, let available):
            return "its data ends while reading the \(reading) (\(needed) bytes needed, \(available) left)"
        case .invalid(let text):
            return text
        }
    }
}
