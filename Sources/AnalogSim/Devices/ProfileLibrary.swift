import Foundation

/// Finds profiles: the bundled ones in `device-profiles/`, or a file given by path.
///
/// The bundled directory is, in order: `$ANALOGSIM_PROFILE_DIR`; a `device-profiles` directory
/// in the executable's directory or one of its parents (a build inside the repository);
/// `share/analogsim/device-profiles` beside the executable's `bin` (an installed copy).
public struct ProfileLibrary: Sendable {
    /// The directory of bundled profiles, if one was found.
    public let directory: String?
    /// The directories looked at, in order, for messages when none was found.
    public let searchedDirectories: [String]

    /// A library reading bundled profiles from `directory`.
    public init(directory: String?, searchedDirectories: [String] = []) {
        self.directory = directory
        self.searchedDirectories = directory.map { [$0] } ?? searchedDirectories
    }

    /// The library found from the environment and the executable's location.
    public static func standard() -> ProfileLibrary {
        let (directory, searched) = locateBundledDirectory()
        return ProfileLibrary(directory: directory, searchedDirectories: searched)
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
        guard !names.isEmpty else {
            throw DeviceProfileError.noBundledProfiles(searched: searchedDirectories)
        }
        throw DeviceProfileError.unknownProfile(
            name: nameOrPath, available: names, suggestion: NearestName.suggestion(for: nameOrPath, among: names))
    }

    /// Loads the profile that `nameOrPath` refers to.
    public func load(_ nameOrPath: String) throws -> (profile: DeviceProfile, path: String) {
        let path = try path(for: nameOrPath)
        return (try DeviceProfileReader.read(path: path), path)
    }

    private static func locateBundledDirectory() -> (found: String?, searched: [String]) {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["ANALOGSIM_PROFILE_DIR"], !override.isEmpty {
            var isDirectory: ObjCBool = false
            let exists = fileManager.fileExists(atPath: override, isDirectory: &isDirectory) && isDirectory.boolValue
            return (exists ? override : nil, ["\(override) ($ANALOGSIM_PROFILE_DIR)"])
        }
        var searched: [String] = []
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<8 {
            for candidate in [directory.appendingPathComponent("device-profiles").path,
                              directory.appendingPathComponent("share/analogsim/device-profiles").path] {
                searched.append(candidate)
                var isDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                    return (candidate, searched)
                }
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        return (nil, searched)
    }
}
