/// The rule that turns the two devices of a crossbar synapse into its weight.
///
/// - `differential`: `W = (G⁺ − G⁻)·Wmax/(Gmax − Gmin)`; both devices can learn, so the
///   weight spans [−Wmax, Wmax] with each device anywhere in its range.
/// - `fixedReference`: `W = (G⁺ − Gref)·2·Wmax/(Gmax − Gmin)` with `Gref = (Gmax + Gmin)/2`,
///   the nominal mid-range conductance, held by a reference device that is written once and
///   never pulsed. One learning device per weight, as in aihwkit's analog tiles (a device whose
///   bounds are ±1 holds the weight itself) and NeuroSim's reference column. Only bidirectional
///   updates can use it, since the learning device must move both ways.
public enum WeightMapping: String, Codable, CaseIterable, Sendable {
    case differential
    case fixedReference = "fixed-reference"
}
