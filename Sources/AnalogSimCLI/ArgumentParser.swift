import AnalogSim

/// One option of a command: `--name VALUE`, or `--name` alone when `valueName` is nil. A
/// repeatable option may be given several times; `ParsedArguments.strings` returns its values.
struct OptionSpecification {
    let name: String
    let valueName: String?
    let help: String
    var isRepeatable = false
}

/// The options and positional arguments of one command line, with typed accessors that reject
/// bad values with messages naming the flag and the accepted values.
struct ParsedArguments {
    let command: String
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []
    /// The values of repeatable options, in the order given.
    private(set) var repeatedValues: [String: [String]] = [:]

    /// Parses `arguments` against `options`; `--name=value` and `--name value` are both accepted.
    init(command: String, arguments: [String], options: [OptionSpecification], positionalLimit: Int = 0) throws {
        self.command = command
        let byName = Dictionary(uniqueKeysWithValues: options.map { ($0.name, $0) })
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument != "-" else {
                guard positionals.count < positionalLimit else {
                    throw UsageError("\(command): unexpected argument '\(argument)'. Run 'analogsim \(command) --help' for usage.")
                }
                positionals.append(argument)
                continue
            }

            var name = argument == "-h" ? "--help" : argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let option = byName[name] else {
                let names = options.map(\.name)
                let guess = NearestName.suggestion(for: name, among: names).map { " Did you mean \($0)?" } ?? ""
                throw UsageError("\(command): unknown option '\(name)'.\(guess) Valid options: \(names.joined(separator: ", ")).")
            }
            guard option.isRepeatable || (values[name] == nil && !flags.contains(name)) else {
                throw UsageError("\(command): \(name) is given twice; give it once.")
            }
            guard let valueName = option.valueName else {
                if inlineValue != nil { throw UsageError("\(command): \(name) takes no value.") }
                flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                    throw UsageError("\(command): \(name) needs a value (\(name) \(valueName)).")
                }
                value = arguments[index]
                index += 1
            }
            values[name] = value
            if option.isRepeatable {
                repeatedValues[name, default: []].append(value)
            }
        }
    }

    func string(_ name: String) -> String? {
        values[name]
    }

    /// Returns every value of a repeatable option, in the order given.
    func strings(_ name: String) -> [String] {
        repeatedValues[name] ?? []
    }

    func isSet(_ name: String) -> Bool {
        flags.contains(name)
    }

    /// A whole number within `range`, or nil when absent.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("\(command): \(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), but it is '\(text)'.")
        }
        return value
    }

    /// A finite number accepted by `isValid`, which `requirement` describes; nil when absent.
    func number(_ name: String, requirement: String, isValid: (Double) -> Bool) throws -> Double? {
        guard let text = values[name] else { return nil }
        let decimalCharacters = Set("0123456789.eE+-")
        guard text.allSatisfy(decimalCharacters.contains), let value = Double(text), value.isFinite, isValid(value) else {
            throw UsageError("\(command): \(name) must be \(requirement), but it is '\(text)'.")
        }
        return value
    }

    /// One of the raw values of `Choice`; nil when absent.
    func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, of type: Choice.Type) throws -> Choice?
    where Choice.RawValue == String {
        guard let text = values[name] else { return nil }
        guard let value = Choice(rawValue: text) else {
            let valid = Choice.allCases.map(\.rawValue)
            let guess = NearestName.suggestion(for: text, among: valid).map { " Did you mean '\($0)'?" } ?? ""
            throw UsageError("\(command): \(name) '\(text)' is not valid.\(guess) Valid values: \(valid.joined(separator: ", ")).")
        }
        return value
    }
}
