import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// The checkpoint container: a written checkpoint reads back, and every kind of damage or
/// mismatch is rejected with its own error.
final class CheckpointFileTests: XCTestCase {
    let data = SyntheticImages.split(trainingCount: 60, testCount: 20)

    func makeRun(learningRate: Double = 0.5) -> TrainingRun {
        var configuration = TrainingConfiguration(hiddenLayers: [6], epochs: 2, learningRate: learningRate, rule: .software, seed: 3)
        configuration.dataset = data.dataset
        return TrainingRun(configuration: configuration, profile: nil, training: data.training, test: data.test)
    }

    /// Writes the checkpoint that a run with `interval` 1 saves before its second epoch, and returns its path.
    func writeCheckpoint() throws -> String {
        let path = RepositoryPaths.temporaryDirectory("checkpoint") + "/run.checkpoint"
        let run = makeRun()
        let checkpointing = TrainingCheckpointing(interval: 1, stopRequest: nil) { snapshot, occasion in
            if occasion == .scheduled {
                try TrainingCheckpointFile.write(snapshot, of: run, to: path)
            }
        }
        _ = try run.run(checkpointing: checkpointing)
        return path
    }

    func modify(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        change(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func assertRejected(_ path: String, run: TrainingRun? = nil, _ check: (CheckpointError) -> Void,
                        file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try TrainingCheckpointFile.read(path: path, for: run ?? makeRun()), file: file, line: line) { error in
            guard let failure = error as? CheckpointError else {
                return XCTFail("unexpected error \(error)", file: file, line: line)
            }
            XCTAssertTrue(failure.message.contains(path), failure.message, file: file, line: line)
            check(failure)
        }
    }

    func testWrittenCheckpointReadsBack() throws {
        let path = try writeCheckpoint()
        let snapshot = try TrainingCheckpointFile.read(path: path, for: makeRun())
        XCTAssertEqual(snapshot.epoch, 2)
        XCTAssertEqual(snapshot.samplesDone, 0)
        XCTAssertEqual(snapshot.records.count, 1)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(Array(bytes.prefix(8)), Array("ANSIMCKP".utf8))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        XCTAssertEqual(leftovers, ["run.checkpoint"], "no temporary file stays behind")
    }

    func testEveryTruncationIsRejected() throws {
        let path = try writeCheckpoint()
        let full = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for length in [0, 4, 8, 12, 19, 20, 21, full.count / 2, full.count - 5, full.count - 1] {
            try Data(full.prefix(length)).write(to: URL(fileURLWithPath: path))
            assertRejected(path) { error in
                switch error {
                case .truncated(_, let expected, let actual):
                    XCTAssertEqual(actual, length)
                    XCTAssertGreaterThan(expected, actual)
                case .notACheckpoint:
                    XCTAssertLessThan(length, 8, "only a file shorter than the magic number is not a checkpoint")
                default:
                    XCTFail("length \(length): \(error)")
                }
            }
        }
        try Data(full + [0]).write(to: URL(fileURLWithPath: path))
        assertRejected(path) { XCTAssertEqual($0.kind.exitStatus, 65, $0.message) }
    }

    func testFlippedByteIsRejectedAsCorrupted() throws {
        let path = try writeCheckpoint()
        let size = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))).count
        for offset in [20, 30, size / 2, size - 5] {
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            try modify(path) { $0[offset] ^= 0x40 }
            assertRejected(path) { error in
                XCTAssertEqual(error, .corrupted(path: path), "offset \(offset)")
                XCTAssertEqual(error.kind.exitStatus, 65)
            }
            try Data(original).write(to: URL(fileURLWithPath: path))
        }
    }

    func testWrongMagicAndFormatVersion() throws {
        let path = try writeCheckpoint()
        try modify(path) { $0[0] = UInt8(ascii: "X") }
        assertRejected(path) { XCTAssertEqual($0, .notACheckpoint(path: path)) }
        try modify(path) { bytes in
            bytes[0] = UInt8(ascii: "A")
            bytes[8] = 7
        }
        assertRejected(path) { XCTAssertEqual($0, .unsupportedFormat(path: path, found: 7, supported: CheckpointFile.formatVersion)) }
    }

    /// A checksum that matches damaged content still cannot crash the reader.
    func testDamagedBodyWithValidChecksumIsMalformed() throws {
        let path = try writeCheckpoint()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let identityLength = 8 * 4 + AnalogSimVersion.current.utf8.count + "train".utf8.count
            + CheckpointFile.Identity(command: "train", configuration: makeRun().configuration, profile: nil).configuration.utf8.count
        let epochOffset = 20 + identityLength
        bytes[epochOffset] = 99
        let body = Array(bytes[20..<(bytes.count - 4)])
        var trailer = StateEncoder()
        trailer.write(Checksum.crc32(body))
        bytes.replaceSubrange((bytes.count - 4)..., with: trailer.bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        assertRejected(path) { error in
            guard case .malformed(_, let detail) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(detail.contains("epoch in progress is 99"), detail)
        }
    }

    func testOtherConfigurationIsRejectedNamingTheDifference() throws {
        let path = try writeCheckpoint()
        assertRejected(path, run: makeRun(learningRate: 0.25)) { error in
            guard case .mismatch(_, let differences) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(differences, ["configuration.learningRate is 0.5 in the checkpoint but 0.25 in this run"])
            XCTAssertEqual(error.kind.exitStatus, 65)
        }
    }

    func testOtherProfileAndVersionAreRejected() throws {
        let path = RepositoryPaths.temporaryDirectory("checkpoint") + "/run.checkpoint"
        let identity = CheckpointFile.Identity(version: "0.0.1", command: "train", configuration: #"{"a":1}"#, profile: #"{"levels":10}"#)
        try CheckpointFile.write(identity: identity, body: [], to: path)
        let expected = CheckpointFile.Identity(command: "train", configuration: #"{"a":1}"#, profile: #"{"levels":12}"#)
        XCTAssertThrowsError(try CheckpointFile.read(path: path, expected: expected)) { error in
            XCTAssertEqual(error as? CheckpointError, .mismatch(path: path, differences: [
                "it was written by analogsim 0.0.1, this is \(AnalogSimVersion.current)",
                "profile.levels is 10 in the checkpoint but 12 in this run",
            ]))
        }
        let compare = CheckpointFile.Identity(command: "compare", configuration: #"{"a":1}"#, profile: #"{"levels":10}"#)
        XCTAssertThrowsError(try CheckpointFile.read(path: path, expected: compare)) { error in
            XCTAssertEqual(error as? CheckpointError, .wrongCommand(path: path, found: "train", expected: "compare"))
        }
    }

    func testMissingCheckpoint() {
        let path = RepositoryPaths.temporaryDirectory("checkpoint") + "/absent.checkpoint"
        assertRejected(path) { error in
            XCTAssertEqual(error, .missing(path: path))
            XCTAssertEqual(error.kind.exitStatus, 66)
        }
    }
}
