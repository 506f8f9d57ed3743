/// Why a device profile could not be loaded. Every message names the file and the key, says
/// what is wrong, and what to write instead.
public enum DeviceProfileError: Error, Equatable, UserFacingError {
    /// `--profile NAME` named no bundled profile and no file.
    case unknownProfile(name: String, available: [String], suggestion: String?)
    /// The file does not exist.
    case fileNotFound(path: String)
    /// No directory of bundled profiles was found.
    case noBundledProfiles(searched: [String])
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not valid JSON.
    case syntax(path: String, error: JSONParser.SyntaxError)
    /// The document is not a JSON object.
    case notAnObject(path: String, found: String)
    /// A required key is absent.
    case missingKey(path: String, key: String, hint: String)
    /// A key is not part of the format.
    case unknownKey(path: String, key: String, suggestion: String?, validKeys: [String])
    /// A value has the wrong JSON type.
    case wrongType(path: String, key: String, expected: String, found: String)
    /// A value has the right type but is out of range or inconsistent with another.
    case invalidValue(path: String, key: String, problem: String)

    public var kind: FailureKind {
        switch self {
        case .unknownProfile: return .usage
        case .fileNotFound, .noBundledProfiles: return .missingInput
        case .unreadable, .syntax, .notAnObject, .missingKey, .unknownKey, .wrongType, .invalidValue: return .data
        }
    }

    public var message: String {
        switch self {
        case .unknownProfile(let name, let available, let suggestion):
            let guess = suggestion.map { " Did you mean '\($0)'?" } ?? ""
            return "no bundled profile is named '\(name)' and no file '\(name)' exists.\(guess) "
                + "Bundled profiles: \(available.joined(separator: ", ")). "
                + "To use your own profile, pass the path of its JSON file."
        case .noBundledProfiles(let searched):
            return "no directory of bundled profiles found (looked in: \(searched.joined(separator: ", "))). "
                + "Set ANALOGSIM_PROFILE_DIR to the device-profiles directory of the repository, or install with scripts/install.sh."
        case .fileNotFound(let path):
            return "profile \(path): file not found. Check the path, or run 'analogsim profiles' to list the bundled profiles."
        case .unreadable(let path, let reason):
            return "profile \(path): cannot be read (\(reason)). Pass the path of a readable profile JSON file."
        case .syntax(let path, let error):
            return "profile \(path): invalid JSON at \(error). Fix the file; docs/profile-format.md shows a complete example."
        case .notAnObject(let path, let found):
            return "profile \(path): the file holds \(found), but a profile is a JSON object ({ … }); see docs/profile-format.md."
        case .missingKey(let path, let key, let hint):
            return "profile \(path): required key '\(key)' is missing. \(hint)"
        case .unknownKey(let path, let key, let suggestion, let validKeys):
            let guess = suggestion.map { " Did you mean '\($0)'?" } ?? ""
            return "profile \(path): unknown key '\(key)'.\(guess) Valid keys here: \(validKeys.joined(separator: ", "))."
        case .wrongType(let path, let key, let expected, let found):
            return "profile \(path): '\(key)' must be \(expected), but it is \(found)."
        case .invalidValue(let path, let key, let problem):
            return "profile \(path): '\(key)' \(problem)"
        }
    }
}
