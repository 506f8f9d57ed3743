/// Builds the tasks of a stream from loaded datasets: pixels scaled to [0, 1], the stream's
/// transformation, and the per-task limits on training and test images.
public enum ContinualTaskBuilder {
    /// Returns the tasks of `stream` in order. `fashion` is needed by `mnist-fashion` only.
    /// `trainLimit` and `testLimit` keep the first N images of each task (after split MNIST has
    /// picked the task's digits); nil keeps all. Permutations come from `seed`.
    public static func makeTasks(stream: ContinualStream, mnist: DatasetSplit, fashion: DatasetSplit?,
                                 trainLimit: Int?, testLimit: Int?, seed: UInt64) -> [ContinualTask] {
        let allClasses = Array(0..<10)
        switch stream {
        case .permutedMNIST(let taskCount):
            let training = scaled(mnist.training.prefix(trainLimit))
            let test = scaled(mnist.test.prefix(testLimit))
            let inputCount = mnist.training.pixelsPerImage
            return (0..<taskCount).map { taskIndex in
                let permutation = pixelPermutation(task: taskIndex, inputCount: inputCount, seed: seed)
                return ContinualTask(
                    name: taskIndex == 0 ? "permutation 1 (identity)" : "permutation \(taskIndex + 1)",
                    inputCount: inputCount,
                    trainingInputs: permuted(training.inputs, by: permutation),
                    trainingLabels: training.labels,
                    testInputs: permuted(test.inputs, by: permutation),
                    testLabels: test.labels,
                    classes: allClasses)
            }

        case .splitMNIST:
            return ContinualStream.splitDigitPairs.map { digits in
                let training = scaled(selecting(digits, from: mnist.training).prefix(trainLimit))
                let test = scaled(selecting(digits, from: mnist.test).prefix(testLimit))
                return ContinualTask(
                    name: "digits \(digits.map(String.init).joined(separator: "/"))",
                    inputCount: mnist.training.pixelsPerImage,
                    trainingInputs: training.inputs, trainingLabels: training.labels,
                    testInputs: test.inputs, testLabels: test.labels, classes: digits)
            }

        case .mnistThenFashion:
            guard let fashion else { preconditionFailure("mnist-fashion needs Fashion-MNIST") }
            return [(mnist, "MNIST"), (fashion, "Fashion-MNIST")].map { split, name in
                let training = scaled(split.training.prefix(trainLimit))
                let test = scaled(split.test.prefix(testLimit))
                return ContinualTask(
                    name: name, inputCount: split.training.pixelsPerImage,
                    trainingInputs: training.inputs, trainingLabels: training.labels,
                    testInputs: test.inputs, testLabels: test.labels, classes: allClasses)
            }
        }
    }

    /// The pixel permutation of task `task`: the identity for the first task, a uniformly random
    /// permutation from the seed's `taskPermutation` stream for every later one. Pixel `p` of a
    /// permuted image is pixel `permutation[p]` of the original.
    public static func pixelPermutation(task: Int, inputCount: Int, seed: UInt64) -> [Int] {
        var permutation = Array(0..<inputCount)
        guard task > 0 else { return permutation }
        RandomSource(seed: seed, stream: .taskPermutation(task: task)).shuffle(&permutation)
        return permutation
    }

    /// Returns the images whose label is in `digits`, in their original order.
    static func selecting(_ digits: [Int], from images: LabeledImages) -> LabeledImages {
        let size = images.pixelsPerImage
        var pixels: [UInt8] = []
        var labels: [UInt8] = []
        for index in 0..<images.count where digits.contains(Int(images.labels[index])) {
            pixels.append(contentsOf: images.pixels[(index * size)..<((index + 1) * size)])
            labels.append(images.labels[index])
        }
        return LabeledImages(rowCount: images.rowCount, columnCount: images.columnCount, pixels: pixels, labels: labels)
    }

    /// Divides every pixel by 255.
    static func scaled(_ images: LabeledImages) -> (inputs: [Float], labels: [UInt8]) {
        (images.pixels.map { Float($0) / 255 }, images.labels)
    }

    private static func permuted(_ inputs: [Float], by permutation: [Int]) -> [Float] {
        let size = permutation.count
        var result = [Float](repeating: 0, count: inputs.count)
        for image in 0..<(inputs.count / size) {
            let offset = image * size
            for pixel in 0..<size {
                result[offset + pixel] = inputs[offset + permutation[pixel]]
            }
        }
        return result
    }
}
