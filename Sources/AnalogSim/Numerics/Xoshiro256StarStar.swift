/// A seeded stream of 64-bit random integers from xoshiro256** (Blackman and Vigna), a value type
/// for hot loops that need many uniform bits, such as the stochastic scheme's pulse trains.
///
/// The state is four 64-bit words s₀…s₃. Each step returns `rotl(s₁·5, 7)·9` (mod 2⁶⁴) and then
/// advances the state by the generator's linear xor/shift/rotate map, whose period is 2²⁵⁶ − 1
/// over every state except all zeros. The state words are the first four outputs of SplitMix64
/// started at the seed, so no seed gives the all-zero state.
///
/// `init(seed:stream:)` derives the seed from the run seed and the stream's name as
/// `RandomSource` does, so each stream is independent of the others and of thread scheduling.
/// The generator is not suitable for cryptography.
public struct Xoshiro256StarStar {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates the generator whose state is the first four SplitMix64 outputs from `seed`.
    public init(seed: UInt64) {
        var splitMixState = seed
        func nextSplitMix() -> UInt64 {
            splitMixState &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMixState
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = nextSplitMix()
        s1 = nextSplitMix()
        s2 = nextSplitMix()
        s3 = nextSplitMix()
    }

    /// Creates the stream `stream` of run seed `seed`.
    public init(seed: UInt64, stream: RandomStream) {
        self.init(seed: RandomSource.mixedSeed(runSeed: seed, streamIdentifier: stream.identifier))
    }

    /// The state words s₀…s₃, to save the stream and continue it with `init(stateWords:)`.
    public var stateWords: [UInt64] { [s0, s1, s2, s3] }

    /// Continues a stream from `stateWords` of another generator; nil for a count other than
    /// four or the all-zero state, which the generator never reaches.
    public init?(stateWords: [UInt64]) {
        guard stateWords.count == 4, stateWords.contains(where: { $0 != 0 }) else { return nil }
        s0 = stateWords[0]
        s1 = stateWords[1]
        s2 = stateWords[2]
        s3 = stateWords[3]
    }

    /// Returns the next 64 uniformly distributed bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let shifted = s1 << 17

        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    @inline(__always)
    private func rotateLeft(_ value: UInt64, by count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}
