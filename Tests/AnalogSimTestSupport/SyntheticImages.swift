import AnalogSim
import Foundation

/// A small learnable image set: each class has a fixed random template of bright pixels, and
/// every example is its class's template with some pixels switched off and a few random pixels
/// switched on. Tests use it in place of MNIST where the real data is not installed.
public enum SyntheticImages {
    /// Makes `count` examples of `side × side` images over 10 classes; the class templates come
    /// from `templateSeed` and the examples from `seed`, so sets with the same template seed
    /// share their classes.
    public static func make(count: Int, side: Int = 8, seed: UInt64, templateSeed: UInt64 = 1) -> LabeledImages {
        var templateGenerator = SplitMix64(state: templateSeed &* 7919 &+ UInt64(side))
        let pixelCount = side * side
        let templates: [[UInt8]] = (0..<10).map { _ in
            (0..<pixelCount).map { _ in
                templateGenerator.nextFraction() < 0.3 ? UInt8(128 + templateGenerator.next() % 128) : 0
            }
        }
        var generator = SplitMix64(state: seed)
        var pixels: [UInt8] = []
        var labels: [UInt8] = []
        pixels.reserveCapacity(count * pixelCount)
        for _ in 0..<count {
            let label = Int(generator.next() % 10)
            labels.append(UInt8(label))
            for pixel in templates[label] {
                let roll = generator.nextFraction()
                if pixel > 0 {
                    pixels.append(roll < 0.15 ? 0 : pixel)
                } else {
                    pixels.append(roll < 0.05 ? UInt8(generator.next() % 256) : 0)
                }
            }
        }
        return LabeledImages(rowCount: side, columnCount: side, pixels: pixels, labels: labels)
    }

    /// A training and test split drawn from different seeds.
    public static func split(trainingCount: Int = 600, testCount: Int = 200, side: Int = 8, seed: UInt64 = 7) -> DatasetSplit {
        DatasetSplit(dataset: .mnist, directory: "(synthetic)",
                     training: make(count: trainingCount, side: side, seed: seed),
                     test: make(count: testCount, side: side, seed: seed &+ 1000))
    }
}

/// A tiny deterministic generator for fixtures (SplitMix64), independent of GSL.
public struct SplitMix64 {
    public var state: UInt64

    public init(state: UInt64) {
        self.state = state
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A uniform number in [0, 1).
    public mutating func nextFraction() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
