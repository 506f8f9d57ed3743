/// Mini-batches of a task's images for the binary-weight learners: a seeded order, the gathering
/// of a batch into contiguous rows, and the prediction among a task's classes.
enum TaskBatches {
    /// Returns the indices 0..<count in an order drawn from `source`.
    static func shuffledOrder(count: Int, source: RandomSource) -> [Int] {
        var order = Array(0..<count)
        source.shuffle(&order)
        return order
    }

    /// Copies the images `indices` of `images` (rows of `inputCount`) into `rows`.
    static func gather(_ images: [Float], inputCount: Int, indices: ArraySlice<Int>, into rows: UnsafeMutablePointer<Float>) {
        images.withUnsafeBufferPointer { source in
            for (row, index) in indices.enumerated() {
                (rows + row * inputCount).update(from: source.baseAddress! + index * inputCount, count: inputCount)
            }
        }
    }

    /// Returns the class of `classes` with the largest score in `scores` (one per output).
    static func predictedClass(scores: UnsafePointer<Float>, classes: [Int]) -> Int {
        var best = classes[0]
        for candidate in classes.dropFirst() where scores[candidate] > scores[best] {
            best = candidate
        }
        return best
    }

    /// Test images scored per call of a learner's forward pass.
    static var testBatchSize: Int { 256 }

    /// Returns the fraction of `task`'s test images whose prediction is their label. The images
    /// go into `rows` batch by batch, and `forward` returns the `count × classCount` output scores
    /// of the rows.
    static func testAccuracy(on task: ContinualTask, classCount: Int, rows: UnsafeMutablePointer<Float>, batchCapacity: Int,
                             forward: (_ count: Int) -> UnsafePointer<Float>) -> Double {
        guard task.testCount > 0 else { return 0 }
        var correct = 0
        var start = 0
        while start < task.testCount {
            let count = min(batchCapacity, task.testCount - start)
            gather(task.testInputs, inputCount: task.inputCount, indices: Array(start..<(start + count))[...], into: rows)
            let scores = forward(count)
            for sample in 0..<count {
                let predicted = predictedClass(scores: scores + sample * classCount, classes: task.classes)
                if predicted == Int(task.testLabels[start + sample]) { correct += 1 }
            }
            start += count
        }
        return Double(correct) / Double(task.testCount)
    }
}
