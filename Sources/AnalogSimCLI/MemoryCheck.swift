import AnalogSim
import Foundation

/// Rejects a network too large for this machine's memory before it is built.
enum MemoryCheck {
    /// Throws a usage error when `concurrentRuns` networks of `configuration` would need more than
    /// 80 % of physical memory.
    static func check(configuration: TrainingConfiguration, inputCount: Int, concurrentRuns: Int) throws {
        let estimate = NetworkFactory.estimatedMemory(configuration: configuration, inputCount: inputCount, classCount: 10)
        let total = estimate.multipliedReportingOverflow(by: concurrentRuns)
        let available = Double(ProcessInfo.processInfo.physicalMemory) * 0.8
        guard total.overflow || Double(total.partialValue) > available else { return }
        let needed = total.overflow ? "more than \(Int.max) bytes" : formatBytes(Double(total.partialValue))
        throw UsageError("--hidden \(configuration.hiddenLayers.map(String.init).joined(separator: ",")) needs about \(needed) of memory "
            + "for \(concurrentRuns == 1 ? "the network" : "\(concurrentRuns) networks at once"), more than the \(formatBytes(available)) available "
            + "(80 % of this machine's memory). Use smaller hidden layers\(concurrentRuns > 1 ? " or fewer --jobs" : "").")
    }

    static func formatBytes(_ bytes: Double) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB", "PB"]
        var value = bytes
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return String(format: "%.3g %@", value, units[unit])
    }
}
