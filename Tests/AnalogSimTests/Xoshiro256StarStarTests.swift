import XCTest
@testable import AnalogSim

final class Xoshiro256StarStarTests: XCTestCase {
    /// The expected values come from Tests/Fixtures/xoshiro256/reference.py, an independent
    /// Python implementation of SplitMix64 seeding and xoshiro256** (`python3 reference.py`).
    func testOutputsMatchReference() {
        let cases: [(seed: UInt64, outputs: [UInt64])] = [
            (0, [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0,
                 0x6AA5_94F1_262D_2D2C, 0xBBA5_AD4A_1F84_2E59, 0xFFEF_8375_D9EB_CACA]),
            (0x0123_4567_89AB_CDEF, [0xA2C2_A420_38D4_EC3D, 0x05FC_25D0_738E_7B0F, 0x625E_7BFF_938E_701E,
                                     0x1BA4_DDC6_FE2B_5726, 0xDF0A_2482_AC92_54CF, 0x3939_EDA8_66AB_ABE8]),
        ]
        for testCase in cases {
            var generator = Xoshiro256StarStar(seed: testCase.seed)
            let outputs = (0..<testCase.outputs.count).map { _ in generator.next() }
            XCTAssertEqual(outputs, testCase.outputs, "seed \(testCase.seed)")
        }
    }

    /// A named stream starts from the run seed mixed with the stream identifier (4001 for the
    /// pulse trains of layer 1); reference.py computes the same mix.
    func testStreamSeedMatchesReference() {
        XCTAssertEqual(RandomSource.mixedSeed(runSeed: 42, streamIdentifier: 4_001), 0xB515_01AB_9F4F_834D)
        var generator = Xoshiro256StarStar(seed: 42, stream: .pulseTrains(layer: 1))
        let outputs = (0..<4).map { _ in generator.next() }
        XCTAssertEqual(outputs, [0x4E0C_7C92_F118_22AA, 0xBB0F_6425_E7A5_82DC, 0x8356_8E62_30B9_05DB, 0x99A8_FBE6_914C_6D67])
    }

    func testStreamsOfLayersDiffer() {
        var first = Xoshiro256StarStar(seed: 42, stream: .pulseTrains(layer: 0))
        var second = Xoshiro256StarStar(seed: 42, stream: .pulseTrains(layer: 1))
        XCTAssertNotEqual(first.next(), second.next())
    }

    /// The 32-bit halves of the draws are uniform: each of 16 bins of the low and of the high half
    /// receives 1/16 of 160 000 draws. The standard error of a bin count is √(10 000·15/16) ≈ 97, so
    /// the band of ±500 is over 5 standard errors.
    func testHalvesAreUniform() {
        var generator = Xoshiro256StarStar(seed: 7)
        var lowBins = [Int](repeating: 0, count: 16)
        var highBins = [Int](repeating: 0, count: 16)
        for _ in 0..<160_000 {
            let draw = generator.next()
            lowBins[Int((draw & 0xFFFF_FFFF) >> 28)] += 1
            highBins[Int(draw >> 60)] += 1
        }
        for bin in 0..<16 {
            XCTAssertEqual(lowBins[bin], 10_000, accuracy: 500, "low half, bin \(bin)")
            XCTAssertEqual(highBins[bin], 10_000, accuracy: 500, "high half, bin \(bin)")
        }
    }
}
