import CNumerics

/// A seeded stream of random numbers, backed by GSL's Tausworthe generator (`gsl_rng_taus2`).
///
/// Every random decision of a run draws from a stream named by `RandomStream`, and each stream's
/// seed is derived from the run's seed and the stream's name. So the data order does not change
/// when a device model starts drawing more noise, and runs that share a seed share their data
/// order and initial weights.
///
/// The generator is a reference type because GSL owns its state; pass one stream to one thread.
public final class RandomSource {
    private let generator: UnsafeMutablePointer<gsl_rng>

    /// The seed given to GSL, derived from the run seed and the stream.
    public let streamSeed: UInt

    /// Creates the stream `stream` of run seed `seed`.
    public init(seed: UInt64, stream: RandomStream) {
        streamSeed = RandomSource.derivedSeed(runSeed: seed, streamIdentifier: stream.identifier)
        _ = RandomSource.disableGSLAbort
        guard let generator = gsl_rng_alloc(gsl_rng_taus2) else {
            fatalError("GSL could not allocate a random number generator (out of memory)")
        }
        self.generator = generator
        gsl_rng_set(generator, streamSeed)
    }

    /// GSL's default error handler aborts the process; AnalogSim checks arguments itself.
    private static let disableGSLAbort: Void = {
        gsl_set_error_handler_off()
    }()

    deinit {
        gsl_rng_free(generator)
    }

    /// Draws a standard normal number ξ ~ N(0, 1) (GSL's ziggurat method).
    @inline(__always)
    public func standardNormal() -> Double {
        gsl_ran_gaussian_ziggurat(generator, 1.0)
    }

    /// Draws a uniform number in [0, 1).
    @inline(__always)
    public func uniform() -> Double {
        gsl_rng_uniform(generator)
    }

    /// Draws a uniform integer in 0..<upperBound.
    public func uniformInteger(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "uniformInteger(below:) needs a positive bound")
        return Int(gsl_rng_uniform_int(generator, UInt(upperBound)))
    }

    /// Shuffles `values` in place with the Fisher–Yates method.
    public func shuffle<Element>(_ values: inout [Element]) {
        guard values.count > 1 else { return }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            let other = uniformInteger(below: index + 1)
            values.swapAt(index, other)
        }
    }

    /// The generator's internal state, as bytes: enough to continue the stream exactly where it
    /// is after `restoreState(_:)` on a stream of the same generator type.
    public func savedState() -> [UInt8] {
        let size = gsl_rng_size(generator)
        let state = UnsafeRawBufferPointer(start: gsl_rng_state(generator), count: size)
        return Array(state)
    }

    /// Replaces the generator's state by `state` from `savedState()`; returns false, and leaves
    /// the state unchanged, when its size is not that of this generator's state.
    public func restoreState(_ state: [UInt8]) -> Bool {
        let size = gsl_rng_size(generator)
        guard state.count == size, let destination = gsl_rng_state(generator) else { return false }
        state.withUnsafeBytes { source in
            destination.copyMemory(from: source.baseAddress!, byteCount: size)
        }
        return true
    }

    /// Folds `mixedSeed` into the 32 bits that `gsl_rng_taus2` uses; zero is avoided because
    /// taus2 maps it to a fixed default seed.
    static func derivedSeed(runSeed: UInt64, streamIdentifier: UInt64) -> UInt {
        let mixed = mixedSeed(runSeed: runSeed, streamIdentifier: streamIdentifier)
        let folded = UInt32(truncatingIfNeeded: mixed ^ (mixed >> 32))
        return UInt(folded == 0 ? 1 : folded)
    }

    /// Mixes the run seed with a stream identifier (the SplitMix64 finaliser), so that every
    /// stream of a run, and every run seed, starts from an unrelated 64-bit seed.
    static func mixedSeed(runSeed: UInt64, streamIdentifier: UInt64) -> UInt64 {
        var mixed = runSeed &+ 0x9E37_79B9_7F4A_7C15 &* (streamIdentifier &+ 1)
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// The independent random streams of a run.
public enum RandomStream: Sendable {
    /// Order in which training images are presented.
    case dataOrder
    /// Initial weights, shared by software and hardware runs.
    case weightInitialization
    /// Per-device parameters drawn once when an array is built (device-to-device variation).
    case deviceVariation(layer: Int, polarity: Int)
    /// Noise drawn at every write (cycle-to-cycle variation).
    case cycleToCycle(layer: Int)
    /// Noise drawn at every read.
    case readNoise(layer: Int)
    /// The bits of stochastic pulse trains (drawn with `Xoshiro256StarStar`).
    case pulseTrains(layer: Int)
    /// The pixel permutation of task `task` of a permuted-MNIST stream.
    case taskPermutation(task: Int)
    /// The standard normal ξ of sampled pre-activations (the mean-field binary rule).
    case preactivationNoise

    var identifier: UInt64 {
        switch self {
        case .dataOrder: return 1
        case .weightInitialization: return 2
        case .deviceVariation(let layer, let polarity): return 1_000 + UInt64(layer) * 10 + UInt64(polarity)
        case .cycleToCycle(let layer): return 2_000 + UInt64(layer)
        case .readNoise(let layer): return 3_000 + UInt64(layer)
        case .pulseTrains(let layer): return 4_000 + UInt64(layer)
        case .taskPermutation(let task): return 5_000 + UInt64(task)
        case .preactivationNoise: return 5
        }
    }
}
