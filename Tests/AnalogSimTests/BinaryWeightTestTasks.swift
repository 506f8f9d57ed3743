@testable import AnalogSim
import AnalogSimTestSupport

/// Small continual tasks from synthetic 8 × 8 images for the binary-weight learner tests.
enum BinaryWeightTestTasks {
    /// Makes a task of the synthetic classes, its pixels reordered by `permutation` when given and
    /// its labels shifted by `labelShift` (mod 10), which makes a task that conflicts with the original.
    static func synthetic(name: String = "synthetic", trainingCount: Int = 600, testCount: Int = 300,
                          permutation: [Int]? = nil, labelShift: Int = 0) -> ContinualTask {
        let split = SyntheticImages.split(trainingCount: trainingCount, testCount: testCount)
        func scaled(_ images: LabeledImages) -> [Float] {
            let pixelCount = images.pixelsPerImage
            var values = [Float](repeating: 0, count: images.count * pixelCount)
            for image in 0..<images.count {
                for pixel in 0..<pixelCount {
                    let source = permutation?[pixel] ?? pixel
                    values[image * pixelCount + pixel] = Float(images.pixels[image * pixelCount + source]) / 255
                }
            }
            return values
        }
        func shifted(_ labels: [UInt8]) -> [UInt8] {
            labels.map { UInt8((Int($0) + labelShift) % 10) }
        }
        return ContinualTask(name: name, inputCount: split.training.pixelsPerImage,
                             trainingInputs: scaled(split.training), trainingLabels: shifted(split.training.labels),
                             testInputs: scaled(split.test), testLabels: shifted(split.test.labels), classes: Array(0..<10))
    }

    /// A fixed permutation of the 64 pixels (a reversal with a stride), for a second task.
    static var reorderedPixels: [Int] {
        (0..<64).map { (63 - $0) * 5 % 64 }
    }

    /// Runs the continual protocol over `tasks` with `epochsPerTask` epochs each.
    static func train(_ learner: ContinualLearner, on tasks: [ContinualTask], epochsPerTask: Int) {
        let totalEpochs = tasks.count * epochsPerTask
        for (taskIndex, task) in tasks.enumerated() {
            learner.beginTask(task, taskIndex: taskIndex)
            for epoch in 0..<epochsPerTask {
                learner.trainEpoch(on: task, globalEpoch: taskIndex * epochsPerTask + epoch, totalEpochs: totalEpochs)
            }
            learner.endTask(task, taskIndex: taskIndex)
        }
    }
}
