/// How a requested weight change `ΔW = −η·δ_i·x_j` becomes pulses.
public enum UpdateScheme: String, CaseIterable, Codable, Sendable {
    /// The adaptive closed-loop count (NeuroSim's deterministic scheme, made closed-loop):
    /// `n = round-half-up(P(G + ΔG) − P(G))` on each device's own curve from its present
    /// conductance; requests below half a step send nothing.
    case deterministic
    /// aihwkit's stochastic pulse trains: in each of up to BL time slots, input j fires with
    /// probability `|x_j|·B` and error i with `|δ_i|·A`, `A = B = √(η/(g·BL))`; every coincidence
    /// is one pulse, so the expected count is `η·|x_j·δ_i|/g` (g: the weight change of one pulse
    /// event). See `StochasticPulseTrains`.
    case stochastic
    /// The expected change itself: each device moves by the exact fractional pulse count along its
    /// curve, without rounding and without cycle-to-cycle noise, which isolates the effect of
    /// quantisation. Pulse counts in results are the rounded fractional counts.
    case expected
    /// NeuroSim's open-loop count: `n = round-half-up(|ΔG|/s)` with the nominal step
    /// `s = (Gmax − Gmin)/levels` of the request's polarity, whatever the device's present
    /// position. The device then moves n pulses along its own curve. It is implemented for the
    /// bidirectional rule at batch size 1; the unidirectional and mini-batch kernels count closed
    /// loop (`deterministic`) instead. `train` rejects those combinations, and `compare` notes that
    /// its unidirectional run counts closed loop.
    case openLoop = "open-loop"
}

/// Settings of the stochastic scheme, with aihwkit's defaults.
public struct PulseTrainSettings: Codable, Equatable, Sendable {
    /// BL: the most time slots of one update, and so the most pulses a synapse receives from it.
    public var bitLength: Int
    /// Update management: rescale A and B by `√(max|x|/max|δ|)` and its inverse, so that the
    /// probabilities of inputs and errors are balanced.
    public var updateManagement: Bool
    /// BL management: shorten the train to `min(⌈k⌉, BL)` slots with `k = η·max|x|·max|δ|/g`.
    public var bitLengthManagement: Bool

    public init(bitLength: Int = 31, updateManagement: Bool = true, bitLengthManagement: Bool = true) {
        self.bitLength = bitLength
        self.updateManagement = updateManagement
        self.bitLengthManagement = bitLengthManagement
    }
}
