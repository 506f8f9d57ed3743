/// The unit of the conductance column of a measured pulse train (`--units`).
public enum MeasurementUnit: String, CaseIterable, Equatable, Sendable {
    /// Siemens.
    case siemens = "S"
    /// Microsiemens, written `uS` on the command line and shown as `µS`.
    case microsiemens = "uS"

    /// Siemens per unit.
    public var siemens: Double {
        switch self {
        case .siemens: return 1
        case .microsiemens: return 1e-6
        }
    }

    /// The symbol for tables and messages.
    public var symbol: String {
        switch self {
        case .siemens: return "S"
        case .microsiemens: return "µS"
        }
    }
}
