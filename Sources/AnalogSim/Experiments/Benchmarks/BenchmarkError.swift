/// The reasons a benchmark cannot run.
public enum BenchmarkError: Error, Equatable, UserFacingError {
    /// The bundled profile a workload builds on is not of the expected model.
    case unexpectedProfile(path: String)
    /// The dataset is not MNIST's shape (28 × 28 images).
    case wrongImageSize(directory: String, pixelsPerImage: Int)

    public var kind: FailureKind {
        switch self {
        case .unexpectedProfile: return .runtime
        case .wrongImageSize: return .data
        }
    }

    public var message: String {
        switch self {
        case .unexpectedProfile(let path):
            return "\(path) is not a pulse-position profile, so the Ag:a-Si workloads cannot use it. Restore the bundled ag-a-si profile."
        case .wrongImageSize(let directory, let pixelsPerImage):
            return "the images in \(directory) have \(pixelsPerImage) pixels, but the workloads are defined on MNIST's 784 (28 × 28). Pass --data-dir with the four MNIST IDX files."
        }
    }
}
