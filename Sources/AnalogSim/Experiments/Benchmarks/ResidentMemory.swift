import Foundation

/// The resident memory of this process, from Linux's `/proc/self/status`.
///
/// `peakBytes` is the high-water mark `VmHWM`, which `/usr/bin/time -v` reports as "Maximum
/// resident set size". `resetPeak()` lowers it to the present resident size by writing 5 to
/// `/proc/self/clear_refs`, so one process can measure several workloads in turn.
public enum ResidentMemory {
    /// The peak resident bytes since start or since the last successful `resetPeak()`; nil when
    /// `/proc` cannot be read.
    public static var peakBytes: Int? {
        statusField("VmHWM")
    }

    /// The resident bytes now; nil when `/proc` cannot be read.
    public static var currentBytes: Int? {
        statusField("VmRSS")
    }

    /// Resets the peak to the present resident size; returns false when the kernel refused.
    @discardableResult
    public static func resetPeak() -> Bool {
        let descriptor = open("/proc/self/clear_refs", O_WRONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return write(descriptor, "5", 1) == 1
    }

    /// Reads a field of `/proc/self/status` given in kB and returns it in bytes.
    private static func statusField(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kilobytes = Int(fields[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }
}
