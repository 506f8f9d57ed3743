/// Why a dataset could not be loaded. Messages name the file and say what to do.
public enum DatasetError: Error, Equatable, UserFacingError {
    /// The data directory does not exist.
    case directoryNotFound(dataset: Dataset, directory: String)
    /// The data directory is a file.
    case notADirectory(dataset: Dataset, path: String)
    /// The dataset has no default directory and none was given.
    case directoryRequired(dataset: Dataset)
    /// A file of the dataset is absent (neither `name` nor `name.gz`).
    case fileNotFound(dataset: Dataset, directory: String, fileName: String)
    /// A file could not be opened (permissions, a directory in its place).
    case unreadable(path: String, reason: String)
    /// A gzip file is damaged or cut short.
    case corruptCompression(path: String, reason: String)
    /// The header announces more values than any file can hold.
    case implausibleHeader(path: String, sizes: [Int], actualBytes: Int)
    /// The file holds no examples, or images of no pixels.
    case empty(path: String, sizes: [Int])
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
        case .directoryRequired: return .usage
        default: return .data
        }
    }

    public var message: String {
        switch self {
        case .directoryNotFound(let dataset, let directory):
            return "\(dataset.rawValue): data directory \(directory) not found. \(dataset.installHint)"
        case .notADirectory(let dataset, let path):
            return "\(dataset.rawValue): \(path) is a file, not a directory. Pass --data-dir the directory that holds the four IDX files."
        case .directoryRequired(let dataset):
            return "\(dataset.rawValue): no data directory given. \(dataset.installHint)"
        case .fileNotFound(let dataset, let directory, let fileName):
            return "\(dataset.rawValue): \(fileName) (or \(fileName).gz) not found in \(directory). \(dataset.installHint)"
        case .unreadable(let path, let reason):
            return "\(path): cannot be opened (\(reason)). Check that it is a readable file."
        case .corruptCompression(let path, let reason):
            return "\(path): the gzip data is damaged or cut short (\(reason)). Download the file again."
        case .implausibleHeader(let path, let sizes, let actualBytes):
            return "\(path): the header announces \(sizes.map(String.init).joined(separator: " × ")) values, far more than the file's \(actualBytes) bytes. The file is damaged; download it again."
        case .empty(let path, let sizes):
            return "\(path): the header announces \(sizes.map(String.init).joined(separator: " × ")) values, so the file holds no examples. Use a file with at least one image and label."
        case .wrongMagicNumber(let path, let found, let expected):
            let otherKind = expected.hasPrefix("image") ? "label" : "image"
            let otherMagic = expected.hasPrefix("image") ? "0x00000801" : "0x00000803"
            let hint = found == otherMagic
                ? "It is an IDX \(otherKind) file: check that the image and label files are not swapped."
                : "Check that it is the right file of the dataset and not an HTML page or an archive."
            return "\(path): the magic number is \(found), but an IDX \(expected) file starts with \(expected.hasPrefix("image") ? "0x00000803" : "0x00000801"). \(hint)"
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
