/// Parameters of the pulse-position device model with exponential saturation (the NeuroSim
/// family), shared by all devices of a profile. `ExponentialSaturationCurve` has the equations;
/// `PulsePositionDevices` draws per-device values from these and applies pulses.
public struct PulsePositionParameters: Equatable, Sendable {
    /// The value of a profile's `model` key for this model.
    public static let modelName = "pulse-position"

    /// Gmin (S).
    public var minimumConductance: Double
    /// Gmax (S).
    public var maximumConductance: Double
    /// The potentiation (LTP) curve.
    public var potentiation: CurveParameters
    /// The depression (LTD) curve.
    public var depression: CurveParameters
    /// σ_c2c: standard deviation of the conductance noise of a write, as a fraction of the
    /// device's range (Gmax − Gmin). Noise of a write of n pulses is `ξ·σ_c2c·(Gmax − Gmin)·√|n|`.
    public var cycleToCycleSigma: Double
    /// Whether that noise is drawn once per write event or once per pulse.
    public var cycleToCycleNoise: CycleToCycleNoiseForm
    /// Spreads drawn once per device when an array is built.
    public var deviceToDevice: DeviceToDeviceVariation
    /// σ_read: every read returns `G·(1 + σ_read·ξ)`; 0 reads exactly (relative, dimensionless).
    public var readNoiseSigma: Double

    public init(
        minimumConductance: Double, maximumConductance: Double,
        potentiation: CurveParameters, depression: CurveParameters,
        cycleToCycleSigma: Double = 0, cycleToCycleNoise: CycleToCycleNoiseForm = .perWrite,
        deviceToDevice: DeviceToDeviceVariation = DeviceToDeviceVariation(), readNoiseSigma: Double = 0
    ) {
        self.minimumConductance = minimumConductance
        self.maximumConductance = maximumConductance
        self.potentiation = potentiation
        self.depression = depression
        self.cycleToCycleSigma = cycleToCycleSigma
        self.cycleToCycleNoise = cycleToCycleNoise
        self.deviceToDevice = deviceToDevice
        self.readNoiseSigma = readNoiseSigma
    }

    /// Gmax/Gmin; infinite when Gmin is 0.
    public var onOffRatio: Double {
        minimumConductance > 0 ? maximumConductance / minimumConductance : .infinity
    }

    /// The nominal potentiation curve (no device-to-device variation).
    public var nominalPotentiationCurve: ExponentialSaturationCurve {
        ExponentialSaturationCurve(
            minimumConductance: minimumConductance, maximumConductance: maximumConductance,
            pulseRange: Double(potentiation.levels), nonlinearity: potentiation.nonlinearity)
    }

    /// The nominal depression curve (no device-to-device variation).
    public var nominalDepressionCurve: ExponentialSaturationCurve {
        ExponentialSaturationCurve(
            minimumConductance: minimumConductance, maximumConductance: maximumConductance,
            pulseRange: Double(depression.levels), nonlinearity: depression.nonlinearity)
    }
}

/// One polarity's curve: how many pulses span the range and how nonlinear the response is.
public struct CurveParameters: Equatable, Sendable {
    /// Pmax: the number of pulses that moves a device from one bound to the other, which is the
    /// number of conductance levels of this polarity (pulses).
    public var levels: Int
    /// The nonlinearity label NL (dimensionless, |NL| ≤ 9); 0 is linear. See `NonlinearityLabel`.
    public var nonlinearity: Double

    public init(levels: Int, nonlinearity: Double) {
        self.levels = levels
        self.nonlinearity = nonlinearity
    }
}

/// When cycle-to-cycle noise is drawn.
public enum CycleToCycleNoiseForm: String, CaseIterable, Equatable, Sendable {
    /// One draw per write event, scaled by √|n| for n pulses (NeuroSim's form).
    case perWrite = "per-write"
    /// One draw per pulse, each clipped to the bounds.
    case perPulse = "per-pulse"
}

/// Device-to-device variation, drawn once per device when an array is built.
public struct DeviceToDeviceVariation: Equatable, Sendable {
    /// σ_NL: standard deviation of each device's nonlinearity label, for LTP and LTD separately
    /// (label units, absolute): `NL_device = NL + σ_NL·ξ`.
    public var nonlinearitySigma: Double
    /// σ_range: Gmax and Gmin of each device are scaled by independent factors `1 + σ_range·ξ`
    /// (relative), re-drawn when the bounds would cross or Gmin would be negative.
    public var conductanceRangeSigma: Double
    /// σ_levels: each device's Pmax is `round(Pmax·(1 + σ_levels·ξ))`, at least 2 (relative).
    public var levelsSigma: Double

    public init(nonlinearitySigma: Double = 0, conductanceRangeSigma: Double = 0, levelsSigma: Double = 0) {
        self.nonlinearitySigma = nonlinearitySigma
        self.conductanceRangeSigma = conductanceRangeSigma
        self.levelsSigma = levelsSigma
    }

    /// Whether any spread is non-zero.
    public var isPresent: Bool {
        nonlinearitySigma > 0 || conductanceRangeSigma > 0 || levelsSigma > 0
    }
}
