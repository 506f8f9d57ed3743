import Foundation

/// The image datasets AnalogSim reads, in IDX format (gzipped or not).
public enum Dataset: String, CaseIterable, Codable, Sendable {
    case mnist
    case fashionMnist = "fashion-mnist"

    /// The directory used when `--data-dir` is absent; nil when the dataset has no system package.
    public var defaultDirectory: String? {
        switch self {
        case .mnist: return nil
        case .fashionMnist: return "/usr/share/datasets/fashion-mnist"
        }
    }

    /// How to get the files, for messages.
    public var installHint: String {
        switch self {
        case .mnist:
            return "MNIST has no Debian package: pass --data-dir DIR, where DIR holds train-images-idx3-ubyte.gz, "
                + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz."
        case .fashionMnist:
            return "Install Debian's package (sudo apt-get install dataset-fashion-mnist), "
                + "or pass --data-dir DIR with the four Fashion-MNIST IDX files."
        }
    }

    /// The base names of the four files: training images and labels, test images and labels.
    static let fileNames = (
        trainImages: "train-images-idx3-ubyte", trainLabels: "train-labels-idx1-ubyte",
        testImages: "t10k-images-idx3-ubyte", testLabels: "t10k-labels-idx1-ubyte"
    )
}

/// Labelled greyscale images: one byte per pixel, row-major, image after image.
public struct LabeledImages: Sendable {
    public let rowCount: Int
    public let columnCount: Int
    public let pixels: [UInt8]
    public let labels: [UInt8]

    public init(rowCount: Int, columnCount: Int, pixels: [UInt8], labels: [UInt8]) {
        precondition(pixels.count == labels.count * rowCount * columnCount, "pixel count does not match labels")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.pixels = pixels
        self.labels = labels
    }

    public var count: Int { labels.count }
    public var pixelsPerImage: Int { rowCount * columnCount }

    /// The first `limit` examples (all of them when `limit` is nil or larger).
    public func prefix(_ limit: Int?) -> LabeledImages {
        guard let limit, limit < count else { return self }
        return LabeledImages(
            rowCount: rowCount, columnCount: columnCount,
            pixels: Array(pixels[0..<(limit * pixelsPerImage)]), labels: Array(labels[0..<limit]))
    }
}

/// The training and test split of a dataset, with the files they came from.
public struct DatasetSplit: Sendable {
    public let dataset: Dataset
    public let directory: String
    public let training: LabeledImages
    public let test: LabeledImages

    public init(dataset: Dataset, directory: String, training: LabeledImages, test: LabeledImages) {
        self.dataset = dataset
        self.directory = directory
        self.training = training
        self.test = test
    }
}
