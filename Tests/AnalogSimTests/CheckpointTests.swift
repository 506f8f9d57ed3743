import XCTest
@testable import AnalogSim
import AnalogSimTestSupport

/// Stops a run when a chosen sample of a chosen epoch has been reported.
private final class StopAtProgress: TrainingObserver, @unchecked Sendable {
    let stopRequest = StopRequest()
    let epoch: Int
    let samplesDone: Int

    init(epoch: Int, samplesDone: Int) {
        self.epoch = epoch
        self.samplesDone = samplesDone
    }

    func trainingProgress(run: String, epoch: Int, samplesDone: Int, sampleCount: Int) {
        if epoch == self.epoch && samplesDone >= self.samplesDone {
            stopRequest.request(signal: SIGINT)
        }
    }

    func epochFinished(run: String, record: EpochRecord, epochCount: Int) {}
}

/// Collects the snapshots a run saves, encoded and decoded again, so that every resume below goes
/// through the binary layout.
private final class SnapshotCollector: @unchecked Sendable {
    private(set) var saved: [(snapshot: TrainingSnapshot, occasion: TrainingCheckpointing.Occasion)] = []
    let lock = NSLock()

    func store(_ snapshot: TrainingSnapshot, _ occasion: TrainingCheckpointing.Occasion, run: TrainingRun) throws {
        var encoder = StateEncoder()
        snapshot.encode(into: &encoder)
        var decoder = StateDecoder(bytes: encoder.bytes)
        let decoded = try TrainingSnapshot(from: &decoder, epochCount: run.epochCount, trainingCount: run.training.count,
                                           roundSize: run.configuration.schedule?.roundSize)
        XCTAssertEqual(decoded, snapshot)
        XCTAssertEqual(decoder.remainingCount, 0)
        lock.lock()
        saved.append((decoded, occasion))
        lock.unlock()
    }
}

final class CheckpointTests: XCTestCase {
    /// One case of the resume tests: a rule, a profile and the settings that exercise it.
    struct Case {
        var name: String
        var rule: LearningRule
        var profile: DeviceProfileRecord?
        var scheme: UpdateScheme = .deterministic
        var batchSize = 1
        var schedule: RoundSchedule?
    }

    static func profile(_ text: String) throws -> DeviceProfileRecord {
        DeviceProfileRecord(path: "test.json", content: try DeviceProfileReader.parse(bytes: Array(text.utf8), path: "test.json"))
    }

    static func bundled(_ name: String) throws -> DeviceProfileRecord {
        let loaded = try RepositoryPaths.profileLibrary.load(name)
        return DeviceProfileRecord(path: loaded.path, content: loaded.profile)
    }

    /// A pulse-position device with cycle-to-cycle noise, device-to-device variation of every
    /// kind and read noise, so that every stream and every drawn parameter matters.
    static let noisyPulsePosition = #"""
        {"name": "noisy", "source": "test", "model": "pulse-position",
         "minimumConductance": 1e-9, "maximumConductance": 4e-8,
         "potentiation": {"levels": 64, "nonlinearity": 2}, "depression": {"levels": 64, "nonlinearity": -3},
         "cycleToCycleSigma": 0.03, "cycleToCycleNoise": "per-write",
         "deviceToDevice": {"nonlinearitySigma": 0.5, "conductanceRangeSigma": 0.05, "levelsSigma": 0.1},
         "readNoiseSigma": 0.01}
        """#

    static func cases() throws -> [Case] {
        [
            Case(name: "software", rule: .software, profile: nil),
            Case(name: "pulse-position bidirectional", rule: .bidirectional, profile: try profile(noisyPulsePosition)),
            Case(name: "pulse-position unidirectional with refresh", rule: .unidirectional, profile: try profile(noisyPulsePosition)),
            Case(name: "step model stochastic", rule: .bidirectional, profile: try bundled("aihwkit-reram-es"), scheme: .stochastic),
            Case(name: "step model unidirectional stochastic", rule: .unidirectional, profile: try bundled("aihwkit-reram-es"), scheme: .stochastic),
            Case(name: "pulse-position mini-batches", rule: .bidirectional, profile: try bundled("ag-a-si"), batchSize: 7),
            Case(name: "pulse-position rounds", rule: .bidirectional, profile: try bundled("ag-a-si"),
                 schedule: RoundSchedule(rounds: 3, roundSize: 90)),
            Case(name: "measured curves", rule: .bidirectional, profile: try profile(#"""
                {"name": "m", "source": "test", "model": "measured",
                 "potentiationTraces": [[1e-8, 1.5e-8, 1.9e-8, 2.2e-8, 2.4e-8], [1e-8, 1.3e-8, 1.7e-8, 2.3e-8, 2.5e-8]],
                 "depressionTraces": [[2.4e-8, 2e-8, 1.5e-8, 1.2e-8, 1e-8], [2.5e-8, 1.8e-8, 1.4e-8, 1.1e-8, 1e-8]],
                 "cycleToCycleSigma": 0.02}
                """#)),
            Case(name: "binary", rule: .bidirectional, profile: try profile(#"""
                {"name": "b", "source": "test", "model": "binary", "lowConductance": 1e-7, "highConductance": 1e-6,
                 "switchingProbability": 0.6, "switchingProbabilityDeviceToDevice": 0.2}
                """#)),
        ]
    }

    func makeRun(_ testCase: Case, data: DatasetSplit) -> TrainingRun {
        var configuration = TrainingConfiguration(hiddenLayers: [12], epochs: 3, rule: testCase.rule, seed: 11)
        configuration.dataset = data.dataset
        configuration.hardware.scheme = testCase.scheme
        configuration.batchSize = testCase.batchSize
        configuration.schedule = testCase.schedule
        configuration.hardware.refresh.interval = testCase.rule == .unidirectional ? 40 : 0
        return TrainingRun(configuration: configuration, profile: testCase.profile, training: data.training, test: data.test)
    }

    /// Returns `result` as JSON without its timing fields.
    func withoutTimings(_ result: TrainingResult) throws -> JSONValue {
        var copy = result
        copy.timing = Timing(seconds: 0, imagesPerSecond: 0)
        copy.epochs = copy.epochs.map { record in
            var record = record
            record.timing = Timing(seconds: 0, imagesPerSecond: 0)
            return record
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try JSONParser.parse(bytes: [UInt8](try encoder.encode(copy)))
    }

    /// A run stopped in the middle of its second epoch and resumed from the saved snapshot ends
    /// with the uninterrupted run's result, for every device family and scheme.
    func testResumeAfterStopEqualsUninterruptedRun() throws {
        let data = SyntheticImages.split(trainingCount: 180, testCount: 60)
        for testCase in try Self.cases() {
            let reference = try withoutTimings(makeRun(testCase, data: data).run())

            let run = makeRun(testCase, data: data)
            let stopper = StopAtProgress(epoch: 2, samplesDone: 45)
            let collector = SnapshotCollector()
            let checkpointing = TrainingCheckpointing(interval: nil, stopRequest: stopper.stopRequest) { snapshot, occasion in
                try collector.store(snapshot, occasion, run: run)
            }
            XCTAssertThrowsError(try run.run(observer: stopper, checkpointing: checkpointing), testCase.name) { error in
                XCTAssertEqual(error as? TrainingInterruption, TrainingInterruption(signal: SIGINT), testCase.name)
            }
            guard let stopped = collector.saved.last else {
                XCTFail("\(testCase.name): no snapshot was saved")
                continue
            }
            XCTAssertEqual(stopped.occasion, .interrupted, testCase.name)
            XCTAssertEqual(stopped.snapshot.epoch, 2, testCase.name)
            XCTAssertGreaterThan(stopped.snapshot.samplesDone, 0, testCase.name)
            XCTAssertEqual(stopped.snapshot.samplesDone % testCase.batchSize, 0, testCase.name)

            let resumed = try makeRun(testCase, data: data).run(resumingFrom: stopped.snapshot)
            XCTAssertEqual(try withoutTimings(resumed), reference, testCase.name)
        }
    }

    /// Every scheduled snapshot (one per epoch) resumes to the uninterrupted result, and the
    /// snapshots do not change the run that takes them.
    func testResumeFromEveryScheduledSnapshot() throws {
        let data = SyntheticImages.split(trainingCount: 120, testCount: 40)
        let testCase = try Self.cases()[1]
        let reference = try withoutTimings(makeRun(testCase, data: data).run())

        let run = makeRun(testCase, data: data)
        let collector = SnapshotCollector()
        let checkpointing = TrainingCheckpointing(interval: 1, stopRequest: nil) { snapshot, occasion in
            try collector.store(snapshot, occasion, run: run)
        }
        XCTAssertEqual(try withoutTimings(run.run(checkpointing: checkpointing)), reference)
        XCTAssertEqual(collector.saved.map(\.occasion), [.scheduled, .scheduled, .finished])
        XCTAssertEqual(collector.saved.map(\.snapshot.epoch), [2, 3, 4])

        for (snapshot, _) in collector.saved {
            let resumed = try makeRun(testCase, data: data).run(resumingFrom: snapshot)
            XCTAssertEqual(try withoutTimings(resumed), reference, "resumed at epoch \(snapshot.epoch)")
        }
    }

    func testRandomSourceStateContinuesTheStream() {
        let source = RandomSource(seed: 3, stream: .cycleToCycle(layer: 1))
        _ = (0..<17).map { _ in source.standardNormal() }
        let state = source.savedState()
        let expected = (0..<100).map { _ in source.standardNormal() }

        let restored = RandomSource(seed: 99, stream: .dataOrder)
        XCTAssertTrue(restored.restoreState(state))
        XCTAssertEqual((0..<100).map { _ in restored.standardNormal() }, expected)
        XCTAssertFalse(restored.restoreState([1, 2, 3]))
    }

    func testXoshiroStateContinuesTheStream() {
        var generator = Xoshiro256StarStar(seed: 5, stream: .pulseTrains(layer: 0))
        _ = (0..<9).map { _ in generator.next() }
        var copy = Xoshiro256StarStar(stateWords: generator.stateWords)!
        XCTAssertEqual((0..<50).map { _ in copy.next() }, (0..<50).map { _ in generator.next() })
        XCTAssertNil(Xoshiro256StarStar(stateWords: [0, 0, 0, 0]))
        XCTAssertNil(Xoshiro256StarStar(stateWords: [1, 2]))
    }

    /// A network state restored into a network of another shape is rejected, not copied.
    func testNetworkStateRejectsOtherShape() throws {
        var configuration = TrainingConfiguration(hiddenLayers: [8], rule: .bidirectional, seed: 2)
        let profile = try Self.bundled("ag-a-si").content
        let network = NetworkFactory.makeNetwork(configuration: configuration, profile: profile, inputCount: 16, classCount: 10)
        let state = NetworkState(capturing: network)
        configuration.hiddenLayers = [9]
        let other = NetworkFactory.makeNetwork(configuration: configuration, profile: profile, inputCount: 16, classCount: 10)
        XCTAssertThrowsError(try state.restore(into: other))
        let software = NetworkFactory.makeNetwork(configuration: TrainingConfiguration(hiddenLayers: [8]), profile: nil,
                                                  inputCount: 16, classCount: 10)
        XCTAssertThrowsError(try state.restore(into: software))
        var truncated = state
        truncated.bytes.removeLast(10)
        XCTAssertThrowsError(try truncated.restore(into: network))
    }
}
