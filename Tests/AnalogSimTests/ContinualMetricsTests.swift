import XCTest
import AnalogSim

final class ContinualMetricsTests: XCTestCase {
    /// A three-task matrix whose metrics are worked out by hand below. Task 1 improves after
    /// task 2 (0.95 > 0.9), so forgetting (from the best earlier value) differs from −BWT
    /// (from the value just after training).
    let matrix: [[Double]] = [
        [0.90, 0.10, 0.20],
        [0.95, 0.80, 0.30],
        [0.60, 0.50, 0.95],
    ]

    func testAverageAccuracyIsMeanOfLastRow() {
        // (0.60 + 0.50 + 0.95) / 3 = 2.05 / 3
        XCTAssertEqual(ContinualMetrics(accuracyMatrix: matrix).averageAccuracy, 2.05 / 3, accuracy: 1e-12)
    }

    func testBackwardTransferFromDiagonal() throws {
        // ((0.60 − 0.90) + (0.50 − 0.80)) / 2 = −0.30
        let transfer = try XCTUnwrap(ContinualMetrics(accuracyMatrix: matrix).backwardTransfer)
        XCTAssertEqual(transfer, -0.30, accuracy: 1e-12)
    }

    func testForgettingFromBestEarlierAccuracy() throws {
        // Task 1: max(0.90, 0.95) − 0.60 = 0.35; task 2: max(0.10, 0.80) − 0.50 = 0.30; mean 0.325.
        let forgetting = try XCTUnwrap(ContinualMetrics(accuracyMatrix: matrix).forgetting)
        XCTAssertEqual(forgetting, 0.325, accuracy: 1e-12)
    }

    func testAccuracyOverSequenceIsColumn() {
        XCTAssertEqual(ContinualMetrics(accuracyMatrix: matrix).accuracyOverSequence(task: 1), [0.10, 0.80, 0.50])
    }

    func testSingleTaskHasNoTransfer() {
        let metrics = ContinualMetrics(accuracyMatrix: [[0.7]])
        XCTAssertEqual(metrics.averageAccuracy, 0.7)
        XCTAssertNil(metrics.backwardTransfer)
        XCTAssertNil(metrics.forgetting)
    }

    func testNoForgettingWhenAccuracyHolds() throws {
        let metrics = ContinualMetrics(accuracyMatrix: [[0.8, 0.1], [0.8, 0.9]])
        XCTAssertEqual(try XCTUnwrap(metrics.forgetting), 0, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(metrics.backwardTransfer), 0, accuracy: 1e-12)
        XCTAssertEqual(metrics.averageAccuracy, 0.85, accuracy: 1e-12)
    }
}
