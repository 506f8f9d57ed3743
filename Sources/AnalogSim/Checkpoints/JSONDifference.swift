/// Lists the differences between two JSON documents as key paths with both values, for the
/// message that rejects a checkpoint of another run.
enum JSONDifference {
    /// The maximum number of differences listed; more are summarised in one entry.
    static let listedCount = 5

    /// Describes how `found` (the checkpoint's) differs from `expected` (this run's), each entry
    /// as "LABEL.PATH is X in the checkpoint but Y in this run".
    static func describe(found: String, expected: String, label: String) -> [String] {
        guard found != expected else { return [] }
        guard let foundValue = try? JSONParser.parse(found), let expectedValue = try? JSONParser.parse(expected) else {
            return ["the \(label) differs"]
        }
        var differences: [String] = []
        collect(foundValue, expectedValue, path: label, into: &differences)
        if differences.isEmpty {
            return ["the \(label) differs"]
        }
        guard differences.count > listedCount else { return differences }
        return Array(differences.prefix(listedCount)) + ["\(differences.count - listedCount) more differences in the \(label)"]
    }

    private static func collect(_ found: JSONValue, _ expected: JSONValue, path: String, into differences: inout [String]) {
        guard found != expected else { return }
        if case .object(let foundMembers) = found, case .object(let expectedMembers) = expected {
            let keys = foundMembers.map(\.key) + expectedMembers.map(\.key).filter { key in !foundMembers.contains { $0.key == key } }
            for key in keys {
                let foundMember = foundMembers.first { $0.key == key }?.value ?? .null
                let expectedMember = expectedMembers.first { $0.key == key }?.value ?? .null
                collect(foundMember, expectedMember, path: path + "." + key, into: &differences)
            }
            return
        }
        differences.append("\(path) is \(render(found)) in the checkpoint but \(render(expected)) in this run")
    }

    private static func render(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return String(flag)
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let text): return "\"\(text)\""
        case .array(let elements): return "[" + elements.map(render).joined(separator: ", ") + "]"
        case .object: return "an object"
        }
    }
}
