import XCTest
import AnalogSim
import AnalogSimTestSupport

final class ContinualStreamTests: XCTestCase {
    let split = SyntheticImages.split(trainingCount: 200, testCount: 80)

    func testStreamNamesRoundTrip() {
        for name in ["permuted-mnist:1", "permuted-mnist:5", "split-mnist", "mnist-fashion"] {
            XCTAssertEqual(ContinualStream(name: name)?.name, name)
        }
        for name in ["permuted-mnist", "permuted-mnist:0", "permuted-mnist:101", "permuted-mnist:x", "split"] {
            XCTAssertNil(ContinualStream(name: name), name)
        }
        XCTAssertEqual(ContinualStream(name: "permuted-mnist:5")?.taskCount, 5)
        XCTAssertEqual(ContinualStream.splitMNIST.taskCount, 5)
    }

    func testPermutedTasksScaleAndPermute() {
        let tasks = ContinualTaskBuilder.makeTasks(stream: .permutedMNIST(taskCount: 3), mnist: split, fashion: nil,
                                                   trainLimit: 50, testLimit: 20, seed: 4)
        XCTAssertEqual(tasks.count, 3)
        let size = split.training.pixelsPerImage
        let original = split.training.pixels[0..<(50 * size)].map { Float($0) / 255 }
        XCTAssertEqual(tasks[0].trainingInputs, original, "task 1 is the identity permutation")
        XCTAssertEqual(tasks[0].testCount, 20)
        XCTAssertTrue(tasks.allSatisfy { $0.trainingInputs.allSatisfy { (0...1).contains($0) } })

        let permutation = ContinualTaskBuilder.pixelPermutation(task: 1, inputCount: size, seed: 4)
        XCTAssertEqual(permutation.sorted(), Array(0..<size), "a permutation uses every pixel once")
        XCTAssertNotEqual(permutation, Array(0..<size))
        for pixel in 0..<size {
            XCTAssertEqual(tasks[1].trainingInputs[size + pixel], original[size + permutation[pixel]])
        }
        XCTAssertEqual(tasks[1].trainingLabels, tasks[0].trainingLabels)
        XCTAssertNotEqual(ContinualTaskBuilder.pixelPermutation(task: 2, inputCount: size, seed: 4), permutation)
        XCTAssertEqual(ContinualTaskBuilder.pixelPermutation(task: 1, inputCount: size, seed: 4), permutation)
        XCTAssertNotEqual(ContinualTaskBuilder.pixelPermutation(task: 1, inputCount: size, seed: 5), permutation)
    }

    func testSplitTasksHoldTheirDigits() {
        let tasks = ContinualTaskBuilder.makeTasks(stream: .splitMNIST, mnist: split, fashion: nil,
                                                   trainLimit: 30, testLimit: nil, seed: 1)
        XCTAssertEqual(tasks.map(\.classes), ContinualStream.splitDigitPairs)
        for task in tasks {
            XCTAssertLessThanOrEqual(task.trainingCount, 30)
            XCTAssertGreaterThan(task.trainingCount, 0)
            XCTAssertTrue(task.trainingLabels.allSatisfy { task.classes.contains(Int($0)) }, task.name)
            XCTAssertTrue(task.testLabels.allSatisfy { task.classes.contains(Int($0)) }, task.name)
        }
        let expectedTest = split.test.labels.filter { $0 == 4 || $0 == 5 }.count
        XCTAssertEqual(tasks[2].testCount, expectedTest)
    }

    func testMNISTThenFashionUsesBothSets() {
        let fashion = SyntheticImages.split(trainingCount: 60, testCount: 30, seed: 99)
        let tasks = ContinualTaskBuilder.makeTasks(stream: .mnistThenFashion, mnist: split, fashion: fashion,
                                                   trainLimit: nil, testLimit: nil, seed: 1)
        XCTAssertEqual(tasks.map(\.name), ["MNIST", "Fashion-MNIST"])
        XCTAssertEqual(tasks[0].trainingCount, 200)
        XCTAssertEqual(tasks[1].trainingCount, 60)
        XCTAssertEqual(tasks[1].trainingLabels, fashion.training.labels)
    }
}
