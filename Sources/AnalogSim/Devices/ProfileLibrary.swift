import Foundation

/// Finds profiles: the bundled ones in `device-profiles/`, or a file given by path.
///
/// The bundled directory is, in order: `$ANALOGSIM_PROFILE_DIR`; a `device-profiles` directory
/// in the executable's directory or one of its parents (a build inside the repository);
/// `share/analogsim/device-profiles` beside the executable's `bin` (an installed copy).
public struct ProfileLibrary: Sendable {
    /// The directory of bundled profiles, if one was found.
    public let directory: String?

    /// A library reading bundled profiles from `directory`.
    public init(directory: String?) {
        self.directory = directory
    }

    /// The library found from the environment and the executable's location.
    public static func standard() -> ProfileLibrary {
        ProfileLibrary(directory: locateBundledDirectory())
    }

    /// The names of the bundled profiles, sorted.
    public func bundledNames() -> [String] {
        guard let directory,
              let entries = try? FileManager.default.contentsOfDirectory(atPath: directory)
        else { return [] }
        return entries.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The path that `nameOrPath` refers to: a bundled profile's file for a bare name, otherwise
    /// the path itself.
    public func path(for nameOrPath: String) throws -> String {
        let looksLikePath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".json")
        if looksLikePath { return nameOrPath }

        if let directory {
            let bundled = (directory as NSString).appendingPathComponent("\(nameOrPath).json")
            if FileManager.default.fileExists(atPath: bundled) { return bundled }
        }
        if FileManager.default.fileExists(atPath: nameOrPath) { return nameOrPath }

        let names = bundledNames()
        throw DeviceProfileError.unknownProfile(
            name: nameOrPath, available: names.isEmpty ? ["(none found; set ANALOGSIM_PROFILE_DIR)"] : names,
            suggestion: NearestName.suggestion(for: nameOrPath, among: names))
    }

    /// Loads the profile that `nameOrPath` refers to.
    public func load(_ nameOrPath: String) throws -> (profile: DeviceProfile, path: String) {
        let path = try path(for: nameOrPath)
        return (try DeviceProfileReader.read(path: path), path)
    }

    private static func locateBundledDirectory() -> String? {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["ANALOGSIM_PROFILE_DIR"], !override.isEmpty {
            return override
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<8 {
            let candidate = directory.appendingPathComponent("device-profiles").path
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
            let installed = directory.appendingPathComponent("share/analogsim/device-profiles").path
            if fileManager.fileExists(atPath: installed) { return installed }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        return nil
    }
}
