import AnalogSim
import Foundation

/// A sweep specification file, turned into the command-line arguments it stands for, so that a
/// file and the same flags go through one parser and give the same grid.
///
/// The format (docs/sweeps.md): `{"profile": P, "vary": [{"parameter": NAME, "values": [V, …]}, …],
/// "options": {"FLAG-NAME": VALUE, …}}`, where an option name is a flag without `--`, and `true`
/// stands for a flag without a value.
enum SweepSpecificationFile {
    static let keys = ["profile", "vary", "options"]

    /// Reads `path` and returns `--profile P --vary NAME=V1,V2 … --FLAG VALUE …`.
    static func arguments(path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SweepError.specificationNotFound(path: path)
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw SweepError.invalidSpecification(path: path, reason: "it cannot be read (a directory, or no read permission)")
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes: [UInt8](data))
        } catch {
            throw SweepError.invalidSpecification(path: path, reason: "invalid JSON (\(error))")
        }
        guard case .object(let members) = document else {
            throw SweepError.invalidSpecification(path: path, reason: "it is not a JSON object")
        }

        var arguments: [String] = []
        for (key, value) in members {
            switch key {
            case "profile":
                guard case .string(let profile) = value else {
                    throw SweepError.invalidSpecification(path: path, reason: "'profile' must be a string, a bundled profile name or the path of a profile file")
                }
                arguments += ["--profile", profile]
            case "vary":
                arguments += try varyArguments(value, path: path)
            case "options":
                arguments += try optionArguments(value, path: path)
            default:
                let guess = NearestName.suggestion(for: key, among: keys).map { " (did you mean '\($0)'?)" } ?? ""
                throw SweepError.invalidSpecification(path: path, reason: "unknown key '\(key)'\(guess); valid keys: \(keys.joined(separator: ", "))")
            }
        }
        return arguments
    }

    private static func varyArguments(_ value: JSONValue, path: String) throws -> [String] {
        guard case .array(let axes) = value else {
            throw SweepError.invalidSpecification(path: path, reason: "'vary' must be an array of {\"parameter\": NAME, \"values\": [V, …]}")
        }
        return try axes.flatMap { axis -> [String] in
            guard case .object(let members) = axis,
                  let parameter = members.first(where: { $0.key == "parameter" })?.value,
                  case .array(let values) = members.first(where: { $0.key == "values" })?.value,
                  members.count == 2
            else {
                throw SweepError.invalidSpecification(path: path, reason: "each entry of 'vary' must be {\"parameter\": NAME, \"values\": [V, …]} and nothing else")
            }
            let name = try text(parameter, path: path, key: "vary.parameter")
            let texts = try values.map { try text($0, path: path, key: "vary.values of \(name)") }
            return ["--vary", "\(name)=\(texts.joined(separator: ","))"]
        }
    }

    private static func optionArguments(_ value: JSONValue, path: String) throws -> [String] {
        guard case .object(let options) = value else {
            throw SweepError.invalidSpecification(path: path, reason: "'options' must be an object of flag names without '--' and their values")
        }
        return try options.flatMap { name, value -> [String] in
            guard !name.hasPrefix("-") else {
                throw SweepError.invalidSpecification(path: path, reason: "option '\(name)' must be written without '--'")
            }
            if case .bool(true) = value { return ["--\(name)"] }
            return ["--\(name)", try text(value, path: path, key: "options.\(name)")]
        }
    }

    /// Returns a string as it is, or a number as the shortest decimal that reads back to it (whole
    /// numbers without a fraction).
    private static func text(_ value: JSONValue, path: String, key: String) throws -> String {
        switch value {
        case .string(let string):
            return string
        case .number(let number) where number == number.rounded() && abs(number) < 9.007_199_254_740_992e15:
            return String(Int64(number))
        case .number(let number):
            return "\(number)"
        default:
            throw SweepError.invalidSpecification(path: path, reason: "'\(key)' must be a string or a number")
        }
    }
}
