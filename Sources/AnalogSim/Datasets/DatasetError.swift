/// Why a dataset could not be loaded. Messages name the file and say what to do.
public enum DatasetError: Error, Equatable, UserFacingError {
    /// The data directory does not exist.
    case directoryNotFound(dataset: Dataset, directory: String)
    /// A file of the dataset is absent (neither `name` nor `name.gz`).
    case fileNotFound(dataset: Dataset, directory: String, fileName: String)
    /// A file could not be opened or decompressed.
    case unreadable(path: String, reason: String)
    /// The file does not start with the IDX magic number of the expected kind.
    case wrongMagicNumber(path: String, found: String, expected: String)
    /// The file is shorter than its header says.
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// The file is longer than its header says.
    case trailingBytes(path: String, extraBytes: Int)
    /// Image and label files disagree on the number of examples.
    case countMismatch(imagesPath: String, imageCount: Int, labelsPath: String, labelCount: Int)
    /// Training and test images have different sizes.
    case shapeMismatch(trainPath: String, trainShape: String, testPath: String, testShape: String)
    /// A label is not a class index 0…9.
    case labelOutOfRange(path: String, index: Int, value: Int)

    public var kind: FailureKind {
        switch self {
        case .directoryNotFound, .fileNotFound: return .missingInput
        default: return .data
        }
    }

    public var message: String {
        switch self {
        case .directoryNotFound(let dataset, let directory):
            return "\(dataset.rawValue): data directory \(directory) not found. \(dataset.installHint)"
        case .fileNotFound(let dataset, let directory, let fileName):
            return "\(dataset.rawValue): \(fileName) (or \(fileName).gz) not found in \(directory). \(dataset.installHint)"
        case .unreadable(let path, let reason):
            return "\(path): cannot be read (\(reason)). Download the file again."
        case .wrongMagicNumber(let path, let found, let expected):
            return "\(path): not an IDX \(expected) file (magic number \(found)). Check that the file is the right one of the dataset and not an HTML page or an archive."
        case .truncated(let path, let expectedBytes, let actualBytes):
            return "\(path): truncated: the header announces \(expectedBytes) bytes but the file has \(actualBytes). Download the file again."
        case .trailingBytes(let path, let extraBytes):
            return "\(path): \(extraBytes) bytes beyond what the header announces. The file is damaged or not IDX; download it again."
        case .countMismatch(let imagesPath, let imageCount, let labelsPath, let labelCount):
            return "\(imagesPath) holds \(imageCount) images but \(labelsPath) holds \(labelCount) labels. The two files come from different datasets or downloads; use the matching pair."
        case .shapeMismatch(let trainPath, let trainShape, let testPath, let testShape):
            return "\(trainPath) has \(trainShape) images but \(testPath) has \(testShape). Use training and test files of the same dataset."
        case .labelOutOfRange(let path, let index, let value):
            return "\(path): label \(index) is \(value), but labels must be class indices 0…9. The file is damaged or not a label file."
        }
    }
}
