import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// Result files are written whole or not at all, and never replace a file without `overwrite`.
final class ResultFileWriterTests: XCTestCase {
    /// A full disk: `write(2)` takes part of the data and then fails with ENOSPC, as it does on a
    /// full file system or on /dev/full. No file and no temporary file may be left.
    func testFullDiskLeavesNoFile() throws {
        let directory = RepositoryPaths.temporaryDirectory("full-disk")
        let path = directory + "/result.json"
        var calls = 0
        let failingWrite: (Int32, UnsafeRawPointer, Int) -> Int = { descriptor, bytes, count in
            calls += 1
            if calls == 1 {
                return write(descriptor, bytes, min(count, 10))
            }
            errno = ENOSPC
            return -1
        }
        XCTAssertThrowsError(try ResultFileWriter.writeAtomically(Data(repeating: 65, count: 1000), to: path, writeBytes: failingWrite)) { error in
            let failure = error as? ResultFileWriter.Failure
            XCTAssertEqual(failure, .writeFailed(path: path, reason: String(cString: strerror(ENOSPC))))
            XCTAssertEqual(failure?.kind.exitStatus, 1)
            XCTAssertTrue(failure?.message.contains("Check free disk space") ?? false)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
    }

    /// A failed write keeps the earlier content of the target.
    func testFullDiskKeepsEarlierFile() throws {
        let directory = RepositoryPaths.temporaryDirectory("full-disk")
        let path = directory + "/result.json"
        try ResultFileWriter.writeAtomically(Data("old".utf8), to: path)
        XCTAssertThrowsError(try ResultFileWriter.writeAtomically(Data("new".utf8), to: path, writeBytes: { _, _, _ in
            errno = ENOSPC
            return -1
        }))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["result.json"])
    }

    /// A file that appears after the up-front check is kept unless overwriting was asked for.
    func testWriteWithoutOverwriteKeepsExistingFile() throws {
        let directory = RepositoryPaths.temporaryDirectory("no-overwrite")
        let path = directory + "/result.json"
        try ResultFileWriter.checkWritable(path: path, overwrite: false)
        try Data("someone else's".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ResultFileWriter.writeJSON(["a": 1], to: path, overwrite: false)) { error in
            XCTAssertEqual(error as? ResultFileWriter.Failure,
                           .alreadyExists(path: path, option: .output, overwriteFlag: "--force"))
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "someone else's")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["result.json"])

        try ResultFileWriter.writeJSON(["a": 1], to: path, overwrite: true)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "{\n  \"a\" : 1\n}\n")
    }

    func testNewFileWithoutOverwriteIsWritten() throws {
        let directory = RepositoryPaths.temporaryDirectory("no-overwrite")
        let path = directory + "/result.json"
        try ResultFileWriter.writeAtomically(Data("content".utf8), to: path, overwrite: false)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "content")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["result.json"])
    }
}
