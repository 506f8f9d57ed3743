import Foundation

/// Loads the training and test split of a dataset from a directory of IDX files, preferring
/// `name.gz` over `name`.
public enum DatasetLoader {
    /// Loads `dataset` from `directory` (its default directory when nil), checking that images
    /// and labels agree and that both splits have the same image size.
    public static func load(_ dataset: Dataset, directory: String?) throws -> DatasetSplit {
        guard let directory = directory ?? dataset.defaultDirectory else {
            throw DatasetError.directoryRequired(dataset: dataset)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw DatasetError.directoryNotFound(dataset: dataset, directory: directory)
        }
        guard isDirectory.boolValue else {
            throw DatasetError.notADirectory(dataset: dataset, path: directory)
        }

        let names = Dataset.fileNames
        let training = try loadPair(dataset: dataset, directory: directory, images: names.trainImages, labels: names.trainLabels)
        let test = try loadPair(dataset: dataset, directory: directory, images: names.testImages, labels: names.testLabels)
        guard training.images.rowCount == test.images.rowCount, training.images.columnCount == test.images.columnCount else {
            throw DatasetError.shapeMismatch(
                trainPath: training.path, trainShape: "\(training.images.rowCount)×\(training.images.columnCount)",
                testPath: test.path, testShape: "\(test.images.rowCount)×\(test.images.columnCount)")
        }
        return DatasetSplit(dataset: dataset, directory: directory, training: training.images, test: test.images)
    }

    private static func loadPair(dataset: Dataset, directory: String, images: String, labels: String) throws
        -> (images: LabeledImages, path: String)
    {
        let imagesPath = try locate(dataset: dataset, directory: directory, baseName: images)
        let labelsPath = try locate(dataset: dataset, directory: directory, baseName: labels)
        let imageFile = try IDXReader.readImages(path: imagesPath)
        let labelValues = try IDXReader.readLabels(path: labelsPath)
        guard imageFile.count == labelValues.count else {
            throw DatasetError.countMismatch(imagesPath: imagesPath, imageCount: imageFile.count,
                                             labelsPath: labelsPath, labelCount: labelValues.count)
        }
        let set = LabeledImages(rowCount: imageFile.rowCount, columnCount: imageFile.columnCount,
                                pixels: imageFile.pixels, labels: labelValues)
        return (set, imagesPath)
    }

    private static func locate(dataset: Dataset, directory: String, baseName: String) throws -> String {
        for name in [baseName + ".gz", baseName] {
            let path = (directory as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        throw DatasetError.fileNotFound(dataset: dataset, directory: directory, fileName: baseName)
    }
}
