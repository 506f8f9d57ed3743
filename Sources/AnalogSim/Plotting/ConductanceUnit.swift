import Foundation

/// A unit of conductance for an axis: siemens with the SI prefix that puts the axis's largest
/// value between 1 and 1000, so tick labels need no exponent.
public struct ConductanceUnit: Equatable, Sendable {
    /// The unit's symbol, for example `µS`.
    public var symbol: String
    /// Siemens per unit, for example 1e-6 for µS.
    public var siemens: Double

    /// The prefixed units from pS to S, smallest first.
    public static let all = [
        ConductanceUnit(symbol: "pS", siemens: 1e-12),
        ConductanceUnit(symbol: "nS", siemens: 1e-9),
        ConductanceUnit(symbol: "µS", siemens: 1e-6),
        ConductanceUnit(symbol: "mS", siemens: 1e-3),
        ConductanceUnit(symbol: "S", siemens: 1),
    ]

    /// The dimensionless unit of step devices, whose state is a weight.
    public static let weight = ConductanceUnit(symbol: "weight units", siemens: 1)

    /// Returns the unit for states of `quantity` up to `largest`: a prefixed siemens unit for
    /// conductances; for weights below 0.1, weight units scaled by a power of 1000 that puts
    /// `largest` between 1 and 1000, because PLplot would otherwise print a multiplier outside the
    /// figure.
    public static func suited(toLargest largest: Double, for quantity: DeviceStateQuantity) -> ConductanceUnit {
        guard quantity == .weight else { return suited(toLargest: largest) }
        guard largest > 0, largest < 0.1 else { return .weight }
        let exponent = Int((log10(largest) / 3).rounded(.down)) * 3
        return ConductanceUnit(symbol: "10\(superscript(exponent)) weight units", siemens: pow(10, Double(exponent)))
    }

    /// `value` in superscript digits, for example ⁻³.
    static func superscript(_ value: Int) -> String {
        let digits: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        return String(String(value).map { digits[$0] ?? $0 })
    }

    /// Returns the largest unit in which `largest` (S) is at least 1, or pS for smaller values and 0.
    public static func suited(toLargest largest: Double) -> ConductanceUnit {
        let magnitude = abs(largest)
        return all.last { magnitude >= $0.siemens } ?? all[0]
    }

    /// Returns `value` (S) in this unit.
    public func scaled(_ value: Double) -> Double {
        value / siemens
    }
}
