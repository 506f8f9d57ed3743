/// One task of a continual-learning stream: its training and test images as vectors of inputs
/// scaled to [0, 1], already transformed for the task (a pixel permutation, a class subset or
/// another dataset), with labels 0–9.
///
/// `classes` lists the labels the task contains. Streams whose tasks share every class (permuted
/// MNIST, MNIST then Fashion-MNIST) list all ten; split MNIST lists the task's two digits.
public struct ContinualTask: Sendable {
    /// Short name for tables and plots, such as `permutation 3` or `digits 4/5`.
    public let name: String
    public let inputCount: Int
    /// Training inputs, row-major: `trainingCount × inputCount`.
    public let trainingInputs: [Float]
    public let trainingLabels: [UInt8]
    /// Test inputs, row-major: `testCount × inputCount`.
    public let testInputs: [Float]
    public let testLabels: [UInt8]
    public let classes: [Int]

    public init(name: String, inputCount: Int, trainingInputs: [Float], trainingLabels: [UInt8],
                testInputs: [Float], testLabels: [UInt8], classes: [Int]) {
        precondition(trainingInputs.count == trainingLabels.count * inputCount, "training inputs do not match labels")
        precondition(testInputs.count == testLabels.count * inputCount, "test inputs do not match labels")
        self.name = name
        self.inputCount = inputCount
        self.trainingInputs = trainingInputs
        self.trainingLabels = trainingLabels
        self.testInputs = testInputs
        self.testLabels = testLabels
        self.classes = classes
    }

    public var trainingCount: Int { trainingLabels.count }
    public var testCount: Int { testLabels.count }
}
