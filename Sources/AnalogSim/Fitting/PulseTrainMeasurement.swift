/// A measured potentiation train followed by a depression train of one device, as read from a
/// CSV file by `PulseTrainCSVReader`, which has checked every rule listed here.
///
/// A reading's `pulse` is the number of pulses applied since the device was at its low state,
/// counted on through the depression train, so pulse numbers increase down the file. The pulses
/// between two readings all have the polarity of the later reading. Readings may skip pulses
/// (a read every k pulses). Pulse 0, if present, is the low state before any pulse.
public struct PulseTrainMeasurement: Equatable, Sendable {
    /// The kind of pulses applied before a reading.
    public enum Polarity: String, CaseIterable, Equatable, Sendable {
        /// The initial state, before any pulse (`0`, first reading only).
        case initial = "0"
        /// Potentiation pulses, which raise the conductance (`+`).
        case potentiation = "+"
        /// Depression pulses, which lower it (`-`).
        case depression = "-"
    }

    /// One row of the file.
    public struct Reading: Equatable, Sendable {
        /// Pulses applied since the low state.
        public var pulse: Int
        public var polarity: Polarity
        /// The conductance read (S).
        public var conductance: Double
        /// The line of the file it came from (1-based).
        public var line: Int

        public init(pulse: Int, polarity: Polarity, conductance: Double, line: Int) {
            self.pulse = pulse
            self.polarity = polarity
            self.conductance = conductance
            self.line = line
        }
    }

    /// The file, for messages and the fitted profile's `source`.
    public var path: String
    /// The unit of the file's conductance column; `readings` are converted to siemens.
    public var unit: MeasurementUnit
    /// The readings in file order: the potentiation train, then the depression train.
    public var readings: [Reading]

    public init(path: String, unit: MeasurementUnit, readings: [Reading]) {
        self.path = path
        self.unit = unit
        self.readings = readings
    }

    /// The pulses of the potentiation train: the pulse number of its last reading.
    public var potentiationPulseCount: Int {
        readings.last { $0.polarity != .depression }?.pulse ?? 0
    }

    /// The pulses of the depression train: from the last potentiation reading to the last reading.
    public var depressionPulseCount: Int {
        (readings.last?.pulse ?? 0) - potentiationPulseCount
    }

    /// The lowest and highest conductance read (S).
    public var conductanceExtremes: (lowest: Double, highest: Double) {
        let conductances = readings.map(\.conductance)
        return (conductances.min() ?? 0, conductances.max() ?? 0)
    }
}
