import XCTest
@testable import AnalogSim

final class NonlinearityLabelTests: XCTestCase {
    /// a(NL) reference values, given to 4–5 significant digits.
    let referenceTable: [(label: Double, constant: Double)] = [
        (0.10, 12.626), (0.50, 2.5199), (1.00, 1.2517), (2.00, 0.6090),
        (2.40, 0.4992), (3.68, 0.3006), (4.88, 0.2003), (6.00, 0.1356),
    ]

    /// The quoted values put the curve's largest deviation at 0.099·NL to within 1e-4 relative
    /// (they were solved less precisely than they are printed), so a(NL) agrees to 1.5e-4.
    func testReferenceValues() {
        for (label, expected) in referenceTable {
            let constant = NonlinearityLabel.normalizedCurveConstant(forLabel: label)
            XCTAssertEqual(constant, expected, accuracy: 1.5e-4 * expected, "NL \(label)")
            let quotedDeviation = NonlinearityLabel.maximumDeviation(normalizedCurveConstant: expected)
            XCTAssertEqual(quotedDeviation, 0.099 * label, accuracy: 1e-4 * 0.099 * label, "NL \(label)")
        }
    }

    func testSolvedConstantReproducesDeviation() {
        for label in stride(from: 0.05, through: 9.0, by: 0.35) {
            let constant = NonlinearityLabel.normalizedCurveConstant(forLabel: label)
            let deviation = NonlinearityLabel.maximumDeviation(normalizedCurveConstant: constant)
            XCTAssertEqual(deviation, 0.099 * label, accuracy: 1e-12, "NL \(label)")
        }
    }

    func testNegativeLabelMirrorsSign() {
        for (label, _) in referenceTable {
            XCTAssertEqual(NonlinearityLabel.normalizedCurveConstant(forLabel: -label),
                           -NonlinearityLabel.normalizedCurveConstant(forLabel: label))
        }
    }

    func testMaximumDeviationMatchesDenseSearch() {
        for constant in [0.1356, 0.4992, 1.2517, 12.626] {
            var largest = 0.0
            for step in 0...100_000 {
                let x = Double(step) / 100_000
                let curve = (1 - exp(-x / constant)) / (1 - exp(-1 / constant))
                largest = max(largest, curve - x)
            }
            XCTAssertEqual(NonlinearityLabel.maximumDeviation(normalizedCurveConstant: constant), largest, accuracy: 1e-9)
        }
    }

    func testZeroLabelIsLinear() {
        XCTAssertEqual(NonlinearityLabel.normalizedCurveConstant(forLabel: 0), NonlinearityLabel.linearLimit)
    }

    func testConstantDecreasesWithLabel() {
        var previous = Double.infinity
        for label in stride(from: 0.01, through: 9.5, by: 0.01) {
            let constant = NonlinearityLabel.normalizedCurveConstant(forLabel: label)
            XCTAssertLessThan(constant, previous, "NL \(label)")
            previous = constant
        }
    }

    func testLabelInvertsCurveConstant() {
        for label in [-9, -4.88, -1, -0.1, 0.01, 0.5, 2.4, 6, 9] {
            let constant = NonlinearityLabel.normalizedCurveConstant(forLabel: label)
            XCTAssertEqual(NonlinearityLabel.label(forNormalizedCurveConstant: constant), label, accuracy: 1e-10, "NL \(label)")
        }
    }

    /// Near the linear limit the label approaches 1/(8·0.099·a); at |a| = linearLimit, which the
    /// label 0 maps to, and beyond, it is 0.
    func testLabelOfNearlyLinearCurve() {
        let nearlyLinear = NonlinearityLabel.label(forNormalizedCurveConstant: 1e5)
        XCTAssertEqual(nearlyLinear, 1 / (8 * 0.099 * 1e5), accuracy: 1e-3 * nearlyLinear)
        XCTAssertEqual(NonlinearityLabel.label(forNormalizedCurveConstant: NonlinearityLabel.linearLimit), 0)
        XCTAssertEqual(NonlinearityLabel.label(forNormalizedCurveConstant: -.infinity), 0)
    }
}
