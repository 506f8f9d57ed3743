import Foundation

/// `--shard I/N`: the points whose index modulo N is I − 1.
public struct SweepShard: Codable, Equatable, Sendable {
    /// I, from 1.
    public var number: Int
    /// N.
    public var count: Int

    public init(number: Int, count: Int) {
        self.number = number
        self.count = count
    }

    /// Parses `I/N` with 1 ≤ I ≤ N ≤ 1000000.
    public static func parse(_ text: String) throws -> SweepShard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let number = Int(parts[0]), let count = Int(parts[1]),
              (1...1_000_000).contains(count), (1...count).contains(number)
        else { throw SweepError.invalidShard(text: text) }
        return SweepShard(number: number, count: count)
    }

    public func contains(index: Int) -> Bool {
        index % count == number - 1
    }
}

/// The content of `DIR/spec.json`: the grid, the shared training configuration and the base
/// profile. A resumed sweep must record the same content, apart from `version`.
public struct SweepRecord: Encodable, Sendable {
    public var tool = "analogsim"
    public var version = AnalogSimVersion.current
    public var command = "sweep"
    public var profile: DeviceProfileRecord
    public var axes: [SweepAxis]
    /// The configuration of every point before its settings are applied.
    public var configuration: TrainingConfiguration
    public var pointCount: Int
    /// The slice this directory runs; nil for the whole grid.
    public var shard: SweepShard?

    public init(profile: DeviceProfileRecord, axes: [SweepAxis], configuration: TrainingConfiguration,
                pointCount: Int, shard: SweepShard?) {
        self.profile = profile
        self.axes = axes
        self.configuration = configuration
        self.pointCount = pointCount
        self.shard = shard
    }

    public static let fileName = "spec.json"

    /// Returns the top-level entries, apart from `version`, in which the file
    /// `directory/spec.json` differs from `self`. It returns nil when the file does not exist.
    public func differences(fromFileIn directory: String) throws -> [String]? {
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        guard let recorded = FileManager.default.contents(atPath: path) else { return nil }
        guard let found = try? JSONSerialization.jsonObject(with: recorded) as? [String: Any] else {
            throw SweepError.invalidSpecification(path: path, reason: "it is not a JSON object")
        }
        let expected = try JSONSerialization.jsonObject(with: JSONEncoder().encode(self)) as? [String: Any] ?? [:]
        let keys = Set(found.keys).union(expected.keys).subtracting(["version"])
        return keys.sorted().filter { key in
            switch (found[key], expected[key]) {
            case (nil, nil): return false
            case (let left?, let right?): return !Self.sameJSON(left, right)
            default: return true
            }
        }
    }

    /// Compares two values from `JSONSerialization`, compared as sorted-key JSON text.
    public static func sameJSON(_ left: Any, _ right: Any) -> Bool {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .fragmentsAllowed]
        guard let leftData = try? JSONSerialization.data(withJSONObject: left, options: options),
              let rightData = try? JSONSerialization.data(withJSONObject: right, options: options)
        else { return false }
        return leftData == rightData
    }
}

/// One finished point as a line of `points.jsonl`.
public struct SweepPointRow: Encodable, Sendable {
    public var index: Int
    public var key: String
    /// The point's settings, by parameter name.
    public var parameters: [String: String]
    public var configuration: TrainingConfiguration
    /// The point's full profile; nil for the software rule.
    public var profile: DeviceProfile?
    public var testAccuracy: Double
    public var pulses: PulseStatistics
    public var writeCost: WriteCost?
    /// The only entry that differs between two runs of the same point.
    public var timing: Timing

    public init(point: SweepPoint, result: TrainingResult) {
        index = point.index
        key = point.key
        parameters = Dictionary(uniqueKeysWithValues: point.settings.map { ($0.parameter, $0.value) })
        configuration = point.configuration
        profile = point.profile?.content
        testAccuracy = result.testAccuracy
        pulses = result.pulses
        writeCost = result.writeCost
        timing = result.timing
    }

    /// Encodes the row as a JSON line, with sorted keys and a final newline.
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// Returns the CSV header for a grid with `axes`. Rule and seed have their own columns unless an
    /// axis already varies them.
    public static func csvHeader(axes: [SweepAxis]) -> String {
        let names = axes.map(\.parameter)
        return (["index", "key"] + names + fixedColumns(axes: axes)
            + ["testAccuracy", "pulses", "potentiationPulses", "depressionPulses", "refreshes", "seconds"])
            .joined(separator: ",") + "\n"
    }

    private static func fixedColumns(axes: [SweepAxis]) -> [String] {
        ["rule", "seed"].filter { name in !axes.contains { $0.parameter == name } }
    }

    /// Formats the CSV row, with the key quoted because it contains commas.
    public func csvLine(axes: [SweepAxis]) -> String {
        let fixed = Self.fixedColumns(axes: axes).map { $0 == "rule" ? configuration.rule.rawValue : String(configuration.seed) }
        let cells = [String(index), "\"\(key)\""] + axes.map { parameters[$0.parameter] ?? "" } + fixed + [
            String(testAccuracy), String(pulses.totalPulses), String(pulses.potentiationPulses), String(pulses.depressionPulses),
            String(pulses.refreshes), String(format: "%.3f", timing.seconds),
        ]
        return cells.joined(separator: ",") + "\n"
    }
}
