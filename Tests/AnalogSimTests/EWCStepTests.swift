import XCTest
import AnalogSim

final class EWCStepTests: XCTestCase {
    func testPenaltyGradientIsLambdaFisherDistance() {
        let step = EWCStep(learningRate: 0.01, penaltyStrength: 5000, parameterCount: 3)
        // Two images' squared gradients: F = mean = [(0.04 + 0.16)/2, (1 + 0)/2, 0].
        step.accumulateFisher(squaredGradientSums: [0.04 + 0.16, 1, 0], sampleCount: 2)
        step.consolidate(values: [0.5, -0.25, 1])

        var gradients: [Float] = [0, 0, 0]
        step.penaltyGradient(values: [0.6, -0.5, 3], into: &gradients)
        XCTAssertEqual(gradients[0], 5000 * 0.1 * (0.6 - 0.5), accuracy: 1e-3)
        XCTAssertEqual(gradients[1], 5000 * 0.5 * (-0.5 + 0.25), accuracy: 1e-3)
        XCTAssertEqual(gradients[2], 0)
        XCTAssertEqual(step.storedValuesPerParameter, 2)
    }

    func testNoPenaltyBeforeFirstTask() {
        let step = EWCStep(learningRate: 0.1, penaltyStrength: 5000, parameterCount: 2)
        var changes: [Float] = [0, 0]
        _ = step.requestChanges(gradients: [1, -2], values: [0.3, 0.4], changes: &changes)
        XCTAssertEqual(changes[0], -0.1, accuracy: 1e-7)
        XCTAssertEqual(changes[1], 0.2, accuracy: 1e-7)
    }

    func testStepAddsPenaltyAndCapsPull() {
        let step = EWCStep(learningRate: 0.01, penaltyStrength: 10, parameterCount: 2)
        step.accumulateFisher(squaredGradientSums: [1, 100], sampleCount: 1)
        step.consolidate(values: [0, 0])
        var changes: [Float] = [0, 0]
        _ = step.requestChanges(gradients: [0.5, 0.5], values: [0.2, 0.2], changes: &changes)
        // Weight 0: η·λ·F = 0.1 < 1, so Δ = −η·(g + λF(w − w*)) = −0.01·(0.5 + 10·1·0.2).
        XCTAssertEqual(changes[0], -0.01 * (0.5 + 2), accuracy: 1e-6)
        // Weight 1: η·λ·F = 10, capped at 1, so the penalty pulls exactly back to w* = 0.
        XCTAssertEqual(changes[1], -0.005 - 0.2, accuracy: 1e-6)
    }

    func testLaterTaskAddsFisherAndMovesAnchor() {
        let step = EWCStep(learningRate: 0.01, penaltyStrength: 1, parameterCount: 1)
        step.accumulateFisher(squaredGradientSums: [2], sampleCount: 4)
        step.consolidate(values: [1])
        step.accumulateFisher(squaredGradientSums: [3], sampleCount: 2)
        step.consolidate(values: [2])
        XCTAssertEqual(step.fisher, [0.5 + 1.5])
        XCTAssertEqual(step.anchor, [2])
    }
}
