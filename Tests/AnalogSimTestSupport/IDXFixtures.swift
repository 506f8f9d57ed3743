import AnalogSim
import Foundation

/// Writes IDX files for tests, plain or gzipped (with the system's gzip).
public enum IDXFixtures {
    /// Returns the bytes of an IDX image file.
    public static func imageFileBytes(_ images: LabeledImages) -> [UInt8] {
        [0, 0, 8, 3] + bigEndian(images.count) + bigEndian(images.rowCount) + bigEndian(images.columnCount) + images.pixels
    }

    /// Returns the bytes of an IDX label file.
    public static func labelFileBytes(_ labels: [UInt8]) -> [UInt8] {
        [0, 0, 8, 1] + bigEndian(labels.count) + labels
    }

    public static func bigEndian(_ value: Int) -> [UInt8] {
        (0..<4).map { UInt8((value >> (8 * (3 - $0))) & 0xFF) }
    }

    /// Writes `bytes` to `path`, and gzips it in place (to `path.gz`) when `gzipped`.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String, gzipped: Bool = false) -> String {
        precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "cannot write \(path)")
        guard gzipped else { return path }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-f", "-n", path]
        try! process.run()
        process.waitUntilExit()
        precondition(process.terminationStatus == 0, "gzip failed")
        return path + ".gz"
    }

    /// Writes a complete dataset directory (four files) from `split`, gzipped or not.
    public static func writeDataset(_ split: DatasetSplit, to directory: String, gzipped: Bool = true) {
        write(imageFileBytes(split.training), to: directory + "/train-images-idx3-ubyte", gzipped: gzipped)
        write(labelFileBytes(split.training.labels), to: directory + "/train-labels-idx1-ubyte", gzipped: gzipped)
        write(imageFileBytes(split.test), to: directory + "/t10k-images-idx3-ubyte", gzipped: gzipped)
        write(labelFileBytes(split.test.labels), to: directory + "/t10k-labels-idx1-ubyte", gzipped: gzipped)
    }
}
