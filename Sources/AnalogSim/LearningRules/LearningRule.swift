/// How the weights of a network learn.
public enum LearningRule: String, CaseIterable, Codable, Sendable {
    /// Floating-point weights and plain SGD: the software baseline.
    case software
    /// Pulsed devices; a weight increase potentiates G⁺ and depresses G⁻, a decrease the reverse.
    case bidirectional
    /// Pulsed devices, potentiation pulses only: an increase potentiates G⁺, a decrease G⁻;
    /// pairs that drift towards saturation are refreshed.
    case unidirectional

    /// Whether the rule runs on simulated devices.
    public var usesDevices: Bool { self != .software }
}

/// Which devices of a pair a bidirectional update writes.
public enum BidirectionalPairWrites: String, CaseIterable, Codable, Sendable {
    /// G⁺ takes half of the conductance change and G⁻ the opposite half.
    case both
    /// G⁺ takes the whole change in either direction; G⁻ stays at its programmed value.
    case positiveOnly = "positive-only"
}

/// When unidirectional updates refresh a pair: read W, reset both devices to Gmin, and
/// re-program W into one device with potentiation pulses.
public struct RefreshPolicy: Codable, Equatable, Sendable {
    /// A pair is refreshed when a write leaves either device above `Gmin + threshold·(Gmax − Gmin)`
    /// of its own range (fraction in (0, 1]).
    public var threshold: Double
    /// Additionally refresh every pair of the network after this many training samples; 0 never.
    public var interval: Int

    public init(threshold: Double = 0.9, interval: Int = 0) {
        self.threshold = threshold
        self.interval = interval
    }
}

/// The settings of learning on devices.
public struct HardwareUpdateSettings: Codable, Equatable, Sendable {
    public var scheme: UpdateScheme
    /// Settings of the stochastic scheme (recorded for every scheme, used by `.stochastic`).
    public var pulseTrains: PulseTrainSettings
    public var pairWrites: BidirectionalPairWrites
    public var refresh: RefreshPolicy
    /// How bidirectional layers make a weight from two devices; unidirectional layers always
    /// use differential pairs. With `.fixedReference` only G⁺ is written, whatever `pairWrites` says.
    public var weightMapping: WeightMapping

    public init(scheme: UpdateScheme = .deterministic, pulseTrains: PulseTrainSettings = PulseTrainSettings(),
                pairWrites: BidirectionalPairWrites = .both, refresh: RefreshPolicy = RefreshPolicy(),
                weightMapping: WeightMapping = .differential) {
        self.scheme = scheme
        self.pulseTrains = pulseTrains
        self.pairWrites = pairWrites
        self.refresh = refresh
        self.weightMapping = weightMapping
    }

    /// The mapping a layer trained by `rule` uses.
    public func weightMapping(for rule: LearningRule) -> WeightMapping {
        rule == .bidirectional ? weightMapping : .differential
    }

    /// The devices a bidirectional update writes under `mapping`.
    func pairWrites(under mapping: WeightMapping) -> BidirectionalPairWrites {
        mapping == .fixedReference ? .positiveOnly : pairWrites
    }
}

extension PairPlacement {
    /// The placement each rule programs its initial weights with: centred pairs for bidirectional
    /// updates, which move both devices both ways; pairs from Gmin for unidirectional updates,
    /// which only ever raise a device.
    public static func forRule(_ rule: LearningRule) -> PairPlacement {
        rule == .bidirectional ? .centered : .fromMinimum
    }
}
