import AnalogSim
import Foundation

/// Measured pulse trains made from known profiles, for the fitting tests: noise-free responses
/// as readings, and CSV text in the format `analogsim device fit` reads.
public enum PulseTrainFixtures {
    /// Returns the nominal response of a pulse-position profile to a full potentiation train from Gmin
    /// and a full depression train, as `analogsim device show` prints it. With `readEvery`
    /// above 1 only every that many pulses is read (the end of each train always is).
    public static func readings(of parameters: PulsePositionParameters, readEvery: Int = 1) -> [PulseTrainMeasurement.Reading] {
        let profile = DeviceProfile(name: "synthetic", description: "", source: "test", parameters: .pulsePosition(parameters))
        let response = PulseTrainResponse.measure(profile: profile, withNoise: false, seed: 1)
        let potentiationEnd = parameters.potentiation.levels
        let end = potentiationEnd + parameters.depression.levels
        return response.filter { $0.pulse % readEvery == 0 || $0.pulse == potentiationEnd || $0.pulse == end }
            .enumerated().map { index, step in
                PulseTrainMeasurement.Reading(pulse: step.pulse, polarity: PulseTrainMeasurement.Polarity(rawValue: step.polarity)!,
                                              conductance: step.conductance, line: index + 2)
            }
    }

    /// Returns the noise-free response of a step-model device that starts at weight `start`, takes
    /// `upPulses` potentiation pulses and then `downPulses` depression pulses, with weight w read
    /// as the conductance `baseConductance + w·siemensPerWeight` (S).
    public static func readings(of parameters: StepDeviceParameters, start: Double, upPulses: Int, downPulses: Int,
                                baseConductance: Double = 2e-6, siemensPerWeight: Double = 1e-6) -> [PulseTrainMeasurement.Reading] {
        let devices = parameters.makePopulation(count: 1, variation: RandomSource(seed: 1, stream: .deviceVariation(layer: 0, polarity: 0)))
        devices.program(device: 0, conductance: Float(start))
        func reading(_ pulse: Int, _ polarity: PulseTrainMeasurement.Polarity) -> PulseTrainMeasurement.Reading {
            PulseTrainMeasurement.Reading(pulse: pulse, polarity: polarity,
                                          conductance: baseConductance + Double(devices.conductances[0]) * siemensPerWeight, line: pulse + 2)
        }
        var readings = [reading(0, .initial)]
        for pulse in 1...(upPulses + downPulses) {
            let up = pulse <= upPulses
            devices.applyPulsesWithoutNoise(up ? 1 : -1, toDevice: 0)
            readings.append(reading(pulse, up ? .potentiation : .depression))
        }
        return readings
    }

    /// Formats `readings` as CSV text with the header `pulse,polarity,conductance`, conductances in `unit`.
    public static func csv(_ readings: [PulseTrainMeasurement.Reading], unit: MeasurementUnit = .siemens) -> String {
        "pulse,polarity,conductance\n" + readings.map { reading in
            "\(reading.pulse),\(reading.polarity.rawValue),\(String(format: "%.12e", reading.conductance / unit.siemens))\n"
        }.joined()
    }
}
