/// A sequence of tasks for continual learning, named as on the command line.
///
/// - `permuted-mnist:T`: T tasks on MNIST, each with one fixed pixel permutation drawn from the
///   seed. Task 1 is plain MNIST (the identity permutation), so that the first column of the
///   accuracy matrix reads as MNIST accuracy; tasks 2…T are random permutations.
/// - `split-mnist`: five tasks of two digits each (0/1, 2/3, 4/5, 6/7, 8/9). They are
///   task-incremental: the task is known during training and testing, so the loss and the
///   prediction use only the task's two outputs of the shared ten-output layer.
/// - `mnist-fashion`: MNIST, then Fashion-MNIST; both have 784 inputs and ten classes, which
///   share the ten outputs.
public enum ContinualStream: Equatable, Sendable {
    case permutedMNIST(taskCount: Int)
    case splitMNIST
    case mnistThenFashion

    /// The maximum number of tasks of a permuted stream.
    public static let maximumPermutedTaskCount = 100

    /// The digit pairs of split MNIST's tasks, in order.
    public static let splitDigitPairs = [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]

    /// The accepted spellings, for messages.
    public static let spellings = ["permuted-mnist:T", "split-mnist", "mnist-fashion"]

    /// Parses `permuted-mnist:T` (T from 1 to `maximumPermutedTaskCount`), `split-mnist` or
    /// `mnist-fashion`; nil for anything else.
    public init?(name: String) {
        switch name {
        case "split-mnist":
            self = .splitMNIST
        case "mnist-fashion":
            self = .mnistThenFashion
        default:
            let prefix = "permuted-mnist:"
            guard name.hasPrefix(prefix), let count = Int(name.dropFirst(prefix.count)),
                  (1...Self.maximumPermutedTaskCount).contains(count) else { return nil }
            self = .permutedMNIST(taskCount: count)
        }
    }

    /// The name as the command line spells it.
    public var name: String {
        switch self {
        case .permutedMNIST(let taskCount): return "permuted-mnist:\(taskCount)"
        case .splitMNIST: return "split-mnist"
        case .mnistThenFashion: return "mnist-fashion"
        }
    }

    public var taskCount: Int {
        switch self {
        case .permutedMNIST(let taskCount): return taskCount
        case .splitMNIST: return Self.splitDigitPairs.count
        case .mnistThenFashion: return 2
        }
    }

    /// Whether the stream reads Fashion-MNIST besides MNIST.
    public var needsFashionMNIST: Bool {
        self == .mnistThenFashion
    }
}

extension ContinualStream: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let stream = ContinualStream(name: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a stream; valid: \(Self.spellings.joined(separator: ", "))")
        }
        self = stream
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
