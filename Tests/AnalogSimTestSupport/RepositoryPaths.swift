import AnalogSim
import Foundation

/// Paths of the repository and of the MNIST copy used by the data-dependent tests.
public enum RepositoryPaths {
    /// The repository root, found from this file's location.
    public static let root: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    /// The bundled profiles.
    public static let deviceProfiles = root + "/device-profiles"

    /// The profile library of the repository.
    public static let profileLibrary = ProfileLibrary(directory: deviceProfiles)

    /// The MNIST directory beside the repository, if it holds the four files
    /// (`$ANALOGSIM_MNIST_DIR` overrides it).
    public static var mnistDirectory: String? {
        let candidates = [ProcessInfo.processInfo.environment["ANALOGSIM_MNIST_DIR"], root + "/../shared/datasets/mnist"]
        for case let candidate? in candidates {
            let file = candidate + "/train-images-idx3-ubyte.gz"
            if FileManager.default.fileExists(atPath: file) || FileManager.default.fileExists(atPath: candidate + "/train-images-idx3-ubyte") {
                return candidate
            }
        }
        return nil
    }

    /// A fresh empty temporary directory.
    public static func temporaryDirectory(_ label: String) -> String {
        let path = NSTemporaryDirectory() + "analogsim-\(label)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
