import Foundation

/// One polarity of the pulse-position device model with exponential saturation: conductance as
/// a function of pulse position, in double precision. It is the reference that the
/// single-precision kernels of `PulsePositionDevices` are tested against.
///
///     G(P) = Gmin + B · (1 − e^(−P/A)),      B = (Gmax − Gmin) / (1 − e^(−Pmax/A))
///     P(G) = −A · ln(1 − (G − Gmin)/B)
///
/// - `G`: conductance (S), `Gmin`/`Gmax`: its bounds (S).
/// - `P`: pulse position, the number of potentiation pulses from Gmin (pulses); `Pmax` pulses
///   span the range, so `G(0) = Gmin` and `G(Pmax) = Gmax`.
/// - `A = a(NL) · Pmax` (pulses), with `a(NL)` from `NonlinearityLabel`. A positive A gives
///   steps that shrink towards Gmax, a negative A the mirrored curvature; |A| → ∞ is the linear
///   device `G = Gmin + (Gmax − Gmin) · P/Pmax`.
///
/// Equivalently, the curve saturates towards the asymptote `G∞ = Gmin + B`: the distance
/// `D = G∞ − G = B·e^(−P/A)` shrinks by the factor `e^(−1/A)` with every pulse. For a strongly
/// nonlinear curve G∞ lies just above Gmax, and positions near Gmax are computed from the gap
/// `G∞ − Gmax = B·e^(−Pmax/A)` instead of from `1 − (G − Gmin)/B`, which would lose every digit.
///
/// The potentiation (LTP) and depression (LTD) curves of a device are two instances with their
/// own A and Pmax over the same bounds. Depression by n pulses moves backwards along the LTD
/// curve: `G_new = G_LTD(P_LTD(G) − n)`.
public struct ExponentialSaturationCurve: Equatable, Sendable {
    /// Gmin (S).
    public let minimumConductance: Double
    /// Gmax (S).
    public let maximumConductance: Double
    /// Pmax, the pulses that span the range (pulses).
    public let pulseRange: Double
    /// A (pulses).
    public let curveConstant: Double
    /// B (S).
    public let amplitude: Double
    /// G∞ − Gmax = B·e^(−Pmax/A) (S): positive for A > 0, below −(Gmax − Gmin) for A < 0.
    public let asymptoteGap: Double

    /// The asymptote's offset from the bound it lies beyond (S): G∞ − Gmax for A > 0 (G∞ above
    /// Gmax), G∞ − Gmin = B for A < 0 (G∞ below Gmin). The distance `D = G∞ − G` computed from
    /// it and that bound keeps its digits when the curve saturates steeply.
    public var asymptoteOffset: Double {
        curveConstant > 0 ? asymptoteGap : amplitude
    }

    /// Creates the curve of a device with bounds `minimumConductance`…`maximumConductance` (S),
    /// `pulseRange` pulses from bound to bound, and nonlinearity label `nonlinearity`.
    public init(minimumConductance: Double, maximumConductance: Double, pulseRange: Double, nonlinearity: Double) {
        let normalized = NonlinearityLabel.normalizedCurveConstant(forLabel: nonlinearity)
        self.init(minimumConductance: minimumConductance, maximumConductance: maximumConductance,
                  pulseRange: pulseRange, curveConstant: normalized * pulseRange)
    }

    /// Creates the curve from its constant A (pulses) directly.
    public init(minimumConductance: Double, maximumConductance: Double, pulseRange: Double, curveConstant: Double) {
        self.minimumConductance = minimumConductance
        self.maximumConductance = maximumConductance
        self.pulseRange = pulseRange
        self.curveConstant = curveConstant
        // −expm1(−x) = 1 − e^(−x), accurate when Pmax/A is small (a nearly linear device).
        let amplitude = (maximumConductance - minimumConductance) / -expm1(-pulseRange / curveConstant)
        self.amplitude = amplitude
        self.asymptoteGap = amplitude * exp(-pulseRange / curveConstant)
    }

    /// G(P) (S) at pulse position `position`, which is clamped to [0, Pmax].
    public func conductance(atPosition position: Double) -> Double {
        let clamped = min(max(position, 0), pulseRange)
        return minimumConductance + amplitude * -expm1(-clamped / curveConstant)
    }

    /// P(G) (pulses) of conductance `conductance`, which is clamped to [Gmin, Gmax]:
    /// `P = −A · ln(D/B)` with `D = (G∞ − Gmax) + (Gmax − G)`. While D/B is above ½ the
    /// equivalent `−A · ln(1 − (G − Gmin)/B)` is more accurate, so that form is used there.
    public func position(atConductance conductance: Double) -> Double {
        let clamped = min(max(conductance, minimumConductance), maximumConductance)
        let ratio = (clamped - minimumConductance) / amplitude
        let position: Double
        if ratio < 0.5 {
            position = -curveConstant * log1p(-ratio)
        } else {
            position = -curveConstant * log((asymptoteGap + (maximumConductance - clamped)) / amplitude)
        }
        return min(max(position, 0), pulseRange)
    }

    /// dG/dP (S per pulse) at pulse position `position`: `(B/A) · e^(−P/A)`.
    public func slope(atPosition position: Double) -> Double {
        amplitude / curveConstant * exp(-position / curveConstant)
    }

    /// The smallest |dG/dP| over the curve (S per pulse), at Gmax for positive A and at Gmin
    /// for negative A.
    public var smallestSlope: Double {
        min(abs(slope(atPosition: 0)), abs(slope(atPosition: pulseRange)))
    }
}
