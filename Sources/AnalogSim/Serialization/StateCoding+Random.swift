extension StateEncoder {
    /// Writes the state of a GSL stream.
    public mutating func write(randomSource: RandomSource) {
        write(rawBytes: randomSource.savedState())
    }

    /// Writes the four state words of a xoshiro256** stream.
    public mutating func write(xoshiro: Xoshiro256StarStar) {
        for word in xoshiro.stateWords {
            write(word)
        }
    }
}

extension StateDecoder {
    /// Continues `randomSource` from a state that `write(randomSource:)` stored.
    public mutating func restore(_ randomSource: RandomSource, _ field: String) throws {
        let state = try readRawBytes(field)
        guard randomSource.restoreState(state) else {
            throw Failure.invalid("\(field) has \(state.count) bytes, which is not the size of a GSL taus2 state")
        }
    }

    /// Reads a xoshiro256** stream that `write(xoshiro:)` stored.
    public mutating func readXoshiro(_ field: String) throws -> Xoshiro256StarStar {
        let words = try (0..<4).map { _ in try readUInt64(field) }
        guard let generator = Xoshiro256StarStar(stateWords: words) else {
            throw Failure.invalid("\(field) is the all-zero state, which xoshiro256** never reaches")
        }
        return generator
    }
}
