// libFuzzer target for the IDX reader. It is compiled together with the sources of the
// AnalogSim library by fuzz/run.sh, not by `swift build`.
import Foundation

/// Parses the input as an IDX image file and as a label file. Any `DatasetError` is an expected
/// outcome; any other error, a trap or a memory error is a finding. Accepted files must be
/// consistent with their headers.
@_cdecl("LLVMFuzzerTestOneInput")
public func idxReaderFuzzTarget(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let images = try IDXReader.parseImages(bytes: bytes, path: "fuzz-input")
        guard images.count > 0, images.pixels.count == images.count * images.rowCount * images.columnCount else {
            fatalError("accepted \(images.count) images of \(images.rowCount)×\(images.columnCount) with \(images.pixels.count) pixels")
        }
    } catch is DatasetError {
    } catch {
        fatalError("the image reader threw an error that is not a DatasetError: \(error)")
    }
    do {
        let labels = try IDXReader.parseLabels(bytes: bytes, path: "fuzz-input")
        guard !labels.isEmpty, labels.allSatisfy({ $0 <= 9 }) else {
            fatalError("accepted \(labels.count) labels, or a label above 9")
        }
    } catch is DatasetError {
    } catch {
        fatalError("the label reader threw an error that is not a DatasetError: \(error)")
    }
    return 0
}
