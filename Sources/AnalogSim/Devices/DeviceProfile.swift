/// A device profile: the parameters of one kind of synapse device, shared by every device of an
/// array, as read from a JSON file in `device-profiles/`.
///
/// The common part (name, description, source) is here; the physics is in `parameters`, one case
/// per device model. The file format, with units and allowed ranges, is in
/// `docs/profile-format.md`; `DeviceProfileReader` validates a file before anything uses it.
public struct DeviceProfile: Equatable, Sendable {
    /// Short identifier, for example `ag-a-si`.
    public var name: String
    /// One line on what the device is.
    public var description: String
    /// Where the parameters come from (paper, table, measurement).
    public var source: String
    /// The model and its parameters.
    public var parameters: DeviceParameters
    /// The programming pulses, for write energy and latency estimates; nil when not given.
    public var write: WritePulses?

    public init(name: String, description: String, source: String, parameters: DeviceParameters, write: WritePulses? = nil) {
        self.name = name
        self.description = description
        self.source = source
        self.parameters = parameters
        self.write = write
    }

    /// What the state of a device of this profile is.
    public var stateQuantity: DeviceStateQuantity {
        switch parameters {
        case .pulsePosition, .measured, .binary: return .conductance
        case .step: return .weight
        }
    }

    /// The device model that builds arrays of this profile.
    public var model: any DeviceModel {
        switch parameters {
        case .pulsePosition(let parameters): return parameters
        case .step(let parameters): return parameters
        case .measured(let parameters): return parameters
        case .binary(let parameters): return parameters
        }
    }
}

/// The parameters of a profile, one case per device model.
///
/// A new model adds a case here, a parameter type conforming to `DeviceModel`, and its key in
/// `DeviceProfileReader`; arrays, learning rules and experiments are generic over the model.
public enum DeviceParameters: Equatable, Sendable {
    /// The pulse-position model with exponential saturation (`PulsePositionParameters`).
    case pulsePosition(PulsePositionParameters)
    /// A step model in aihwkit's terms (`StepDeviceParameters`).
    case step(StepDeviceParameters)
    /// Measured pulse trains, interpolated (`MeasuredCurveParameters`).
    case measured(MeasuredCurveParameters)
    /// A two-state device that switches with a probability (`BinaryDeviceParameters`).
    case binary(BinaryDeviceParameters)

    /// The value of the profile's `model` key.
    public var modelName: String {
        switch self {
        case .pulsePosition: return PulsePositionParameters.modelName
        case .step(let parameters): return parameters.response.modelName
        case .measured: return MeasuredCurveParameters.modelName
        case .binary: return BinaryDeviceParameters.modelName
        }
    }
}

/// What a device's state is, which decides its unit in tables and plots.
public enum DeviceStateQuantity: Sendable {
    /// A conductance in siemens (pulse-position devices).
    case conductance
    /// A weight in aihwkit's normalised, dimensionless units (step devices).
    case weight
}

/// The programming pulses of a device: their amplitudes and widths per polarity.
public struct WritePulses: Equatable, Sendable, Codable {
    /// |V| of a potentiation and of a depression pulse (V).
    public var potentiationVoltage: Double
    public var depressionVoltage: Double
    /// Width of a potentiation and of a depression pulse (s).
    public var potentiationPulseWidth: Double
    public var depressionPulseWidth: Double

    public init(potentiationVoltage: Double, depressionVoltage: Double, potentiationPulseWidth: Double, depressionPulseWidth: Double) {
        self.potentiationVoltage = potentiationVoltage
        self.depressionVoltage = depressionVoltage
        self.potentiationPulseWidth = potentiationPulseWidth
        self.depressionPulseWidth = depressionPulseWidth
    }
}
