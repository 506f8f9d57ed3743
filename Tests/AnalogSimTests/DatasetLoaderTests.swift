import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

final class DatasetLoaderTests: XCTestCase {
    func makeDirectory(gzipped: Bool) -> (directory: String, split: DatasetSplit) {
        let directory = RepositoryPaths.temporaryDirectory("idx")
        let split = SyntheticImages.split(trainingCount: 50, testCount: 20)
        IDXFixtures.writeDataset(split, to: directory, gzipped: gzipped)
        return (directory, split)
    }

    func testReadsGzippedAndPlainFiles() throws {
        for gzipped in [true, false] {
            let (directory, split) = makeDirectory(gzipped: gzipped)
            let loaded = try DatasetLoader.load(.mnist, directory: directory)
            XCTAssertEqual(loaded.training.pixels, split.training.pixels)
            XCTAssertEqual(loaded.training.labels, split.training.labels)
            XCTAssertEqual(loaded.test.labels, split.test.labels)
            XCTAssertEqual(loaded.training.rowCount, 8)
        }
    }

    func testMissingDirectoryNamesDatasetAndFix() {
        XCTAssertThrowsError(try DatasetLoader.load(.fashionMnist, directory: "/nonexistent/fashion")) { error in
            XCTAssertEqual((error as? DatasetError)?.kind, .missingInput)
            XCTAssertEqual((error as? DatasetError)?.message,
                           "fashion-mnist: data directory /nonexistent/fashion not found. Install Debian's package (sudo apt-get install dataset-fashion-mnist), or pass --data-dir DIR with the four Fashion-MNIST IDX files.")
        }
    }

    func testMnistWithoutDirectoryExplainsDataDir() {
        XCTAssertThrowsError(try DatasetLoader.load(.mnist, directory: nil)) { error in
            XCTAssertEqual(error as? DatasetError, .directoryRequired(dataset: .mnist))
            XCTAssertEqual((error as? DatasetError)?.kind, .usage)
            XCTAssertTrue((error as? DatasetError)?.message.hasPrefix("mnist: no data directory given. MNIST has no Debian package: pass --data-dir DIR") ?? false)
        }
    }

    func testFileAsDirectoryIsNamed() throws {
        let (directory, _) = makeDirectory(gzipped: true)
        let file = directory + "/train-images-idx3-ubyte.gz"
        XCTAssertThrowsError(try DatasetLoader.load(.mnist, directory: file)) { error in
            XCTAssertEqual(error as? DatasetError, .notADirectory(dataset: .mnist, path: file))
        }
    }

    func testSwappedFilesAreRecognised() throws {
        let (directory, split) = makeDirectory(gzipped: false)
        IDXFixtures.write(IDXFixtures.labelFileBytes(split.test.labels), to: directory + "/t10k-images-idx3-ubyte")
        XCTAssertThrowsError(try DatasetLoader.load(.mnist, directory: directory)) { error in
            XCTAssertEqual((error as? DatasetError)?.message,
                           "\(directory)/t10k-images-idx3-ubyte: the magic number is 0x00000801, but an IDX image file starts with 0x00000803. It is an IDX label file: check that the image and label files are not swapped.")
        }
    }

    func testMissingFileIsNamed() throws {
        let (directory, _) = makeDirectory(gzipped: true)
        try FileManager.default.removeItem(atPath: directory + "/t10k-labels-idx1-ubyte.gz")
        XCTAssertThrowsError(try DatasetLoader.load(.mnist, directory: directory)) { error in
            XCTAssertEqual(error as? DatasetError, .fileNotFound(dataset: .mnist, directory: directory, fileName: "t10k-labels-idx1-ubyte"))
        }
    }

    /// Each case damages one file of a valid directory and names the error it must produce.
    func testDamagedFilesTable() throws {
        let images = SyntheticImages.make(count: 50, seed: 7)
        let imageBytes = IDXFixtures.imageFileBytes(images)
        let labelBytes = IDXFixtures.labelFileBytes(images.labels)
        let cases: [(name: String, file: String, bytes: [UInt8], gzipped: Bool, expected: (String) -> DatasetError)] = [
            ("truncated images", "train-images-idx3-ubyte", Array(imageBytes.dropLast(10)), false,
             { .truncated(path: $0, expectedBytes: imageBytes.count, actualBytes: imageBytes.count - 10) }),
            ("truncated header", "train-images-idx3-ubyte", Array(imageBytes.prefix(9)), false,
             { .truncated(path: $0, expectedBytes: 16, actualBytes: 9) }),
            ("trailing bytes", "train-labels-idx1-ubyte", labelBytes + [1, 2, 3], false,
             { .trailingBytes(path: $0, extraBytes: 3) }),
            ("labels given as images", "train-images-idx3-ubyte", labelBytes, false,
             { .wrongMagicNumber(path: $0, found: "0x00000801", expected: "image") }),
            ("html page", "train-labels-idx1-ubyte", Array("<html>not found</html>".utf8), false,
             { .wrongMagicNumber(path: $0, found: "0x3C68746D", expected: "label") }),
            ("label out of range", "train-labels-idx1-ubyte", Array(labelBytes.prefix(8)) + [3, 12] + Array(labelBytes.dropFirst(10)), false,
             { .labelOutOfRange(path: $0, index: 1, value: 12) }),
            ("hostile sizes", "train-images-idx3-ubyte", [0, 0, 8, 3, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255], false,
             { .implausibleHeader(path: $0, sizes: [4_294_967_295, 4_294_967_295, 4_294_967_295], actualBytes: 16) }),
            ("no images", "train-images-idx3-ubyte", [0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28], false,
             { .empty(path: $0, sizes: [0, 28, 28]) }),
            ("no labels", "train-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 0], false,
             { .empty(path: $0, sizes: [0]) }),
        ]
        for testCase in cases {
            let split = SyntheticImages.split(trainingCount: 50, testCount: 20)
            let directory = RepositoryPaths.temporaryDirectory("damaged")
            IDXFixtures.writeDataset(split, to: directory, gzipped: false)
            let path = IDXFixtures.write(testCase.bytes, to: directory + "/" + testCase.file, gzipped: testCase.gzipped)
            XCTAssertThrowsError(try DatasetLoader.load(.mnist, directory: directory), testCase.name) { error in
                XCTAssertEqual(error as? DatasetError, testCase.expected(path), testCase.name)
                XCTAssertEqual((error as? DatasetError)?.kind, .data, testCase.name)
            }
        }
    }

    func testCountMismatchNamesBothFiles() throws {
        let directory = RepositoryPaths.temporaryDirectory("mismatch")
        let split = SyntheticImages.split(trainingCount: 50, testCount: 20)
        IDXFixtures.writeDataset(split, to: directory, gzipped: false)
        IDXFixtures.write(IDXFixtures.labelFileBytes(Array(split.training.labels.prefix(40))), to: directory + "/train-labels-idx1-ubyte")
        XCTAssertThrowsError(try DatasetLoader.load(.mnist, directory: directory)) { error in
            XCTAssertEqual(error as? DatasetError, .countMismatch(
                imagesPath: directory + "/train-images-idx3-ubyte", imageCount: 50,
                labelsPath: directory + "/train-labels-idx1-ubyte", labelCount: 40))
        }
    }

    func testTruncatedGzipStreamIsReported() throws {
        let directory = RepositoryPaths.temporaryDirectory("gzip")
        let split = SyntheticImages.split(trainingCount: 300, testCount: 20)
        IDXFixtures.writeDataset(split, to: directory, gzipped: true)
        let path = directory + "/train-images-idx3-ubyte.gz"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try DatasetLoader.load(.mnist, directory: directory)) { error in
            XCTAssertEqual(error as? DatasetError, .corruptCompression(path: path, reason: "unexpected end of file"))
            XCTAssertEqual((error as? DatasetError)?.kind, .data)
        }
    }

    func testShapeMismatchBetweenSplits() throws {
        let directory = RepositoryPaths.temporaryDirectory("shape")
        let split = DatasetSplit(dataset: .mnist, directory: "", training: SyntheticImages.make(count: 10, side: 8, seed: 1),
                                 test: SyntheticImages.make(count: 10, side: 6, seed: 2))
        IDXFixtures.writeDataset(split, to: directory, gzipped: false)
        XCTAssertThrowsError(try DatasetLoader.load(.mnist, directory: directory)) { error in
            guard case .shapeMismatch(_, "8×8", _, "6×6") = error as? DatasetError else { return XCTFail("\(error)") }
        }
    }

    func testRealMnistShape() throws {
        guard let directory = RepositoryPaths.mnistDirectory else {
            throw XCTSkip("MNIST not found beside the repository; set ANALOGSIM_MNIST_DIR to run this test")
        }
        let split = try DatasetLoader.load(.mnist, directory: directory)
        XCTAssertEqual(split.training.count, 60_000)
        XCTAssertEqual(split.test.count, 10_000)
        XCTAssertEqual(split.training.pixelsPerImage, 784)
        XCTAssertEqual(Set(split.test.labels), Set(0...9))
    }
}
