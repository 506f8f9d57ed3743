import AnalogSim
import Foundation

/// Table cells for estimated write energy and latency.
enum WriteCostText {
    /// The energy and latency cells of `cost`, "—" where there is no estimate.
    static func cells(_ cost: WriteCost?) -> [String] {
        guard let cost else { return ["—", "—"] }
        return [cost.energy.map { withPrefix($0, unit: "J") } ?? "— (weight units)", withPrefix(cost.latency, unit: "s")]
    }

    /// `value` with the SI prefix that puts it between 1 and 1000, for example "3.21 µJ".
    static func withPrefix(_ value: Double, unit: String) -> String {
        guard value != 0 else { return "0 \(unit)" }
        let prefixes: [(String, Double)] = [("p", 1e-12), ("n", 1e-9), ("µ", 1e-6), ("m", 1e-3), ("", 1), ("k", 1e3)]
        let chosen = prefixes.last { abs(value) >= $0.1 } ?? prefixes[0]
        return String(format: "%.3g %@%@", value / chosen.1, chosen.0, unit)
    }
}
