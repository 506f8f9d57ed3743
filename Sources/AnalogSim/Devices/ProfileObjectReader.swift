import Foundation

/// Reads the members of one JSON object of a profile, checking types and ranges and recording
/// which keys were read, so that leftovers can be reported as unknown keys.
struct ProfileObjectReader {
    /// The profile file, as it appears in messages.
    let path: String
    /// The dotted key of this object inside the profile ("" at the top level).
    let keyPrefix: String
    private let members: [(key: String, value: JSONValue)]

    init(path: String, keyPrefix: String, members: [(key: String, value: JSONValue)]) {
        self.path = path
        self.keyPrefix = keyPrefix
        self.members = members
    }

    /// The dotted name of `key` for messages ("potentiation.levels").
    func qualified(_ key: String) -> String {
        keyPrefix.isEmpty ? key : "\(keyPrefix).\(key)"
    }

    func value(_ key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    /// The string at `key`; `defaultValue` when absent, or a `missingKey` error with `hint`.
    func string(_ key: String, default defaultValue: String? = nil, hint: String = "") throws -> String {
        guard let value = value(key) else {
            if let defaultValue { return defaultValue }
            throw DeviceProfileError.missingKey(path: path, key: qualified(key), hint: hint)
        }
        guard case .string(let text) = value else {
            throw DeviceProfileError.wrongType(path: path, key: qualified(key), expected: "a string",
                                               found: value.messageDescription)
        }
        return text
    }

    /// The number at `key`, checked by `check`, which returns a problem description or nil.
    func number(_ key: String, default defaultValue: Double? = nil, hint: String = "",
                check: (Double) -> String?) throws -> Double {
        guard let value = value(key) else {
            if let defaultValue { return defaultValue }
            throw DeviceProfileError.missingKey(path: path, key: qualified(key), hint: hint)
        }
        guard case .number(let number) = value else {
            throw DeviceProfileError.wrongType(path: path, key: qualified(key), expected: "a number",
                                               found: value.messageDescription)
        }
        if let problem = check(number) {
            throw DeviceProfileError.invalidValue(path: path, key: qualified(key), problem: problem)
        }
        return number
    }

    /// The boolean at `key`, or `defaultValue` when absent.
    func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        guard let value = value(key) else { return defaultValue }
        guard case .bool(let flag) = value else {
            throw DeviceProfileError.wrongType(path: path, key: qualified(key), expected: "true or false",
                                               found: value.messageDescription)
        }
        return flag
    }

    /// The array of numbers at `key`, each checked by `check`.
    func numbers(_ key: String, hint: String, check: (Double) -> String?) throws -> [Double] {
        guard let value = value(key) else {
            throw DeviceProfileError.missingKey(path: path, key: qualified(key), hint: hint)
        }
        guard case .array(let elements) = value else {
            throw DeviceProfileError.wrongType(path: path, key: qualified(key), expected: "an array of numbers",
                                               found: value.messageDescription)
        }
        return try elements.enumerated().map { index, element in
            guard case .number(let number) = element else {
                throw DeviceProfileError.wrongType(path: path, key: "\(qualified(key))[\(index)]", expected: "a number",
                                                   found: element.messageDescription)
            }
            if let problem = check(number) {
                throw DeviceProfileError.invalidValue(path: path, key: "\(qualified(key))[\(index)]", problem: problem)
            }
            return number
        }
    }

    /// The array of arrays of numbers at `key` (for example several measured traces).
    func numberArrays(_ key: String, hint: String, check: (Double) -> String?) throws -> [[Double]] {
        guard let value = value(key) else {
            throw DeviceProfileError.missingKey(path: path, key: qualified(key), hint: hint)
        }
        guard case .array(let elements) = value else {
            throw DeviceProfileError.wrongType(path: path, key: qualified(key), expected: "an array of arrays of numbers",
                                               found: value.messageDescription)
        }
        return try elements.indices.map { index in
            let inner = ProfileObjectReader(path: path, keyPrefix: keyPrefix, members: [(key: "\(key)[\(index)]", value: elements[index])])
            return try inner.numbers("\(key)[\(index)]", hint: hint, check: check)
        }
    }

    /// The object at `key`, as a reader of its own; nil when absent and optional.
    func object(_ key: String, required: Bool, hint: String = "") throws -> ProfileObjectReader? {
        guard let value = value(key) else {
            if required { throw DeviceProfileError.missingKey(path: path, key: qualified(key), hint: hint) }
            return nil
        }
        guard case .object(let members) = value else {
            throw DeviceProfileError.wrongType(path: path, key: qualified(key), expected: "an object ({ … })",
                                               found: value.messageDescription)
        }
        return ProfileObjectReader(path: path, keyPrefix: qualified(key), members: members)
    }

    /// Rejects any key of this object that is not in `validKeys`, suggesting the nearest one.
    func rejectUnknownKeys(validKeys: [String]) throws {
        for member in members where !validKeys.contains(member.key) {
            throw DeviceProfileError.unknownKey(
                path: path, key: qualified(member.key),
                suggestion: NearestName.suggestion(for: member.key, among: validKeys).map(qualified),
                validKeys: validKeys)
        }
    }
}

/// Range checks shared by profile keys; each returns the problem text of a message or nil.
enum ProfileChecks {
    /// A number within `range`, described by `meaning`.
    static func within(_ range: ClosedRange<Double>, meaning: String) -> (Double) -> String? {
        return { value in
            range.contains(value) ? nil
                : "is \(format(value)), but it is \(meaning) and must be in [\(format(range.lowerBound)), \(format(range.upperBound))]."
        }
    }

    /// A fraction in [0, upper]; a value that looks like a percentage gets the fraction suggested.
    static func fraction(upper: Double, meaning: String) -> (Double) -> String? {
        return { value in
            if value >= 0 && value <= upper { return nil }
            var text = "is \(format(value)), but it is \(meaning) and must be in [0, \(format(upper))]"
            if value > upper && value <= 100 && value / 100 <= upper {
                text += "; did you mean \(format(value / 100)) (\(format(value)) %)?"
            } else {
                text += "."
            }
            return text
        }
    }

    /// A conductance in siemens: finite, not negative, at most 1 S.
    static func conductance(_ value: Double) -> String? {
        if value < 0 {
            return "is \(format(value)) S, but a conductance cannot be negative."
        }
        if value > 1 {
            return "is \(format(value)) S, far above any synapse conductance. Conductances are in siemens: "
                + "if you meant \(format(value)) µS, write \(format(value * 1e-6))."
        }
        return nil
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e9 { return String(Int64(value)) }
        return String(format: "%g", value)
    }
}
