import Foundation

/// The machine a benchmark ran on, as recorded with its figures.
public struct MachineDescription: Encodable, Sendable {
    /// The processor's model name from `/proc/cpuinfo`, or "unknown".
    public var processor: String
    /// Logical processors the operating system reports.
    public var processorCount: Int
    public var memoryBytes: UInt64
    /// OpenBLAS's description of its build (version, kernel, maximum threads).
    public var blas: String
    public var operatingSystem: String

    /// Describes this machine.
    public static func current() -> MachineDescription {
        var processor = "unknown"
        if let cpuInfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = cpuInfo.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            processor = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let info = ProcessInfo.processInfo
        return MachineDescription(
            processor: processor, processorCount: info.activeProcessorCount, memoryBytes: info.physicalMemory,
            blas: BLAS.configurationDescription, operatingSystem: info.operatingSystemVersionString)
    }
}
