import XCTest
@testable import AnalogSim

final class ExponentialSaturationCurveTests: XCTestCase {
    let minimum = 3.0769e-9
    let maximum = 3.8462e-8

    /// NL_LTP 2.40 and Pmax 97: a = 0.4992, 97 pulses from Gmin land on Gmax, P(G(P)) = P.
    func testCurveIdentity() {
        let curve = ExponentialSaturationCurve(minimumConductance: minimum, maximumConductance: maximum,
                                               pulseRange: 97, nonlinearity: 2.40)
        XCTAssertEqual(curve.curveConstant / 97, 0.4992, accuracy: 0.00005)
        XCTAssertEqual(curve.conductance(atPosition: 0), minimum, accuracy: 1e-9 * minimum)
        XCTAssertEqual(curve.conductance(atPosition: 97), maximum, accuracy: 1e-12 * maximum)
        for step in 0...970 {
            let position = Double(step) / 10
            XCTAssertEqual(curve.position(atConductance: curve.conductance(atPosition: position)), position, accuracy: 1e-9)
        }
    }

    func testCurveIdentityForEveryPolarityAndSign() {
        for nonlinearity in [-6.76, -4.88, -0.63, 0, 0.04, 1.75, 3.68] {
            let curve = ExponentialSaturationCurve(minimumConductance: minimum, maximumConductance: maximum,
                                                   pulseRange: 100, nonlinearity: nonlinearity)
            XCTAssertEqual(curve.conductance(atPosition: 100), maximum, accuracy: 1e-9 * maximum, "NL \(nonlinearity)")
            for position in stride(from: 0.0, through: 100, by: 0.5) {
                XCTAssertEqual(curve.position(atConductance: curve.conductance(atPosition: position)), position,
                               accuracy: 1e-9, "NL \(nonlinearity) P \(position)")
            }
        }
    }

    func testZeroNonlinearityIsStraightLine() {
        let curve = ExponentialSaturationCurve(minimumConductance: minimum, maximumConductance: maximum,
                                               pulseRange: 64, nonlinearity: 0)
        for position in 0...64 {
            let expected = minimum + (maximum - minimum) * Double(position) / 64
            XCTAssertEqual(curve.conductance(atPosition: Double(position)), expected, accuracy: 1e-6 * (maximum - minimum))
        }
    }

    /// A positive label gives steps that shrink towards Gmax; a negative one steps that grow.
    func testStepDirectionFollowsSign() {
        let saturating = ExponentialSaturationCurve(minimumConductance: 0, maximumConductance: 1, pulseRange: 50, nonlinearity: 3)
        XCTAssertGreaterThan(saturating.conductance(atPosition: 1) - saturating.conductance(atPosition: 0),
                             saturating.conductance(atPosition: 50) - saturating.conductance(atPosition: 49))
        let mirrored = ExponentialSaturationCurve(minimumConductance: 0, maximumConductance: 1, pulseRange: 50, nonlinearity: -3)
        XCTAssertLessThan(mirrored.conductance(atPosition: 1) - mirrored.conductance(atPosition: 0),
                          mirrored.conductance(atPosition: 50) - mirrored.conductance(atPosition: 49))
    }

    /// The mirrored curve is the point reflection of the original: 1 − ĝ_a(1 − x̂) = ĝ_−a(x̂).
    func testNegativeLabelIsPointReflection() {
        let positive = ExponentialSaturationCurve(minimumConductance: 0, maximumConductance: 1, pulseRange: 40, nonlinearity: 2.5)
        let negative = ExponentialSaturationCurve(minimumConductance: 0, maximumConductance: 1, pulseRange: 40, nonlinearity: -2.5)
        for position in 0...40 {
            XCTAssertEqual(1 - positive.conductance(atPosition: Double(40 - position)),
                           negative.conductance(atPosition: Double(position)), accuracy: 1e-12)
        }
    }

    func testSmallestSlopeIsAtSaturatedEnd() {
        let curve = ExponentialSaturationCurve(minimumConductance: 0, maximumConductance: 1, pulseRange: 97, nonlinearity: 2.4)
        XCTAssertEqual(curve.smallestSlope, curve.slope(atPosition: 97), accuracy: 1e-15)
        let sampled = (0..<970).map { curve.conductance(atPosition: Double($0) / 10 + 0.1) - curve.conductance(atPosition: Double($0) / 10) }
        XCTAssertGreaterThanOrEqual(sampled.min()! / 0.1, curve.smallestSlope * (1 - 1e-6))
    }
}
