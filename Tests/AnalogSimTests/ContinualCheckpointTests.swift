import Foundation
import XCTest
import AnalogSim
import AnalogSimTestSupport

/// A continual run stopped at a task or epoch boundary, saved to a checkpoint file and resumed on
/// a fresh learner ends with the uninterrupted run's result, apart from timings.
final class ContinualCheckpointTests: XCTestCase {
    let stream = ContinualStream.permutedMNIST(taskCount: 3)
    lazy var tasks = ContinualTaskBuilder.makeTasks(
        stream: stream, mnist: SyntheticImages.split(trainingCount: 200, testCount: 100),
        fashion: nil, trainLimit: nil, testLimit: nil, seed: 1)

    /// Requests a stop after the given task's last epoch, or after one epoch of a task.
    final class StopObserver: ContinualRunObserver {
        let stopRequest = StopRequest()
        let afterTask: Int?
        let afterEpoch: (task: Int, epoch: Int)?

        init(afterTask: Int? = nil, afterEpoch: (task: Int, epoch: Int)? = nil) {
            self.afterTask = afterTask
            self.afterEpoch = afterEpoch
        }

        func epochFinished(task: Int, taskName: String, epoch: Int, epochsPerTask: Int, elapsedSeconds: Double,
                           taskTestAccuracy: Double) {
            if let afterEpoch, afterEpoch.task == task, afterEpoch.epoch == epoch {
                stopRequest.request(signal: SIGTERM)
            }
        }

        func taskFinished(task: Int, taskName: String, accuracies: [Double], elapsedSeconds: Double) {
            if task == afterTask {
                stopRequest.request(signal: SIGINT)
            }
        }
    }

    func configuration(_ rule: ContinualRuleName, usesDevices: Bool) -> ContinualConfiguration {
        var configuration = ContinualConfiguration(stream: stream, rule: rule, hiddenLayers: [16])
        configuration.epochsPerTask = 2
        configuration.usesDevices = usesDevices
        configuration.learningRate = 0.2
        return configuration
    }

    func learner(_ configuration: ContinualConfiguration, profile: DeviceProfile?) throws -> ContinualLearner {
        try ContinualLearnerFactory.makeLearner(configuration: configuration, profile: profile,
                                                inputCount: tasks[0].inputCount, classCount: 10)
    }

    /// Encodes the result as JSON objects and removes every `timing` member.
    func withoutTimings(_ result: ContinualResult) throws -> NSDictionary {
        func strip(_ value: Any) -> Any {
            if let dictionary = value as? [String: Any] {
                return dictionary.filter { $0.key != "timing" }.mapValues(strip)
            }
            if let array = value as? [Any] {
                return array.map(strip)
            }
            return value
        }
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result))
        return try XCTUnwrap(strip(object) as? NSDictionary)
    }

    func testResumedRunEqualsUninterruptedRun() throws {
        try checkResumedRuns([(.sgd, nil), (.classp, nil), (.ewc, nil), (.classp, "gst-pcm"), (.ewc, "epiram")])
    }

    func testResumedBinaryRunEqualsUninterruptedRun() throws {
        try checkResumedRuns([(.metaplastic, nil), (.binarized, "gst-pcm"), (.meanFieldBinary, nil), (.meanFieldBinary, "epiram")])
        try checkResumedRuns([(.meanFieldBinary, nil), (.meanFieldBinary, "gst-pcm")], prior: .frozen)
        try checkResumedRuns([(.metaplastic, "epiram")], deployment: .binaryDevices)
    }

    /// Stops each case's run after task 1 and after one epoch of task 2, and checks that the
    /// resumed run ends with the uninterrupted run's result apart from timings.
    func checkResumedRuns(_ cases: [(rule: ContinualRuleName, profileName: String?)], prior: MeanFieldPrior = .streaming,
                          deployment: BinaryDeployment = .pairSign) throws {
        let stops: [(name: String, observer: () -> StopObserver)] = [
            ("after task 1", { StopObserver(afterTask: 0) }),
            ("after epoch 1 of task 2", { StopObserver(afterEpoch: (task: 1, epoch: 1)) }),
        ]
        let path = RepositoryPaths.temporaryDirectory("continual-checkpoint") + "/run.checkpoint"

        for testCase in cases {
            let profile = try testCase.profileName.map { try RepositoryPaths.profileLibrary.load($0).profile }
            var settings = configuration(testCase.rule, usesDevices: profile != nil)
            settings.binaryWeights.prior = prior
            settings.binaryWeights.deployment = deployment
            if testCase.rule.hasBinaryWeights {
                settings.learningRate = 0.005
                settings.batchSize = 20
            }
            let name = "\(testCase.rule.rawValue) (\(prior.rawValue) prior, \(deployment.rawValue)) on \(testCase.profileName ?? "software")"
            let uninterrupted = try ContinualRunner.run(learner: try learner(settings, profile: profile), tasks: tasks,
                                                        configuration: settings, profile: nil, observer: nil)

            for stop in stops {
                let observer = stop.observer()
                let checkpointing = ContinualCheckpointing(interval: nil, stopRequest: observer.stopRequest) { snapshot in
                    try ContinualCheckpointFile.write(snapshot, configuration: settings, profile: profile, to: path)
                }
                XCTAssertThrowsError(try ContinualRunner.run(learner: try learner(settings, profile: profile), tasks: tasks,
                                                             configuration: settings, profile: nil, observer: observer,
                                                             checkpointing: checkpointing),
                                     "\(name), \(stop.name)") { error in
                    XCTAssertTrue(error is TrainingInterruption, "\(name), \(stop.name): \(error)")
                }

                let snapshot = try ContinualCheckpointFile.read(path: path, configuration: settings, profile: profile,
                                                                taskCount: tasks.count)
                let resumed = try ContinualRunner.run(learner: try learner(settings, profile: profile), tasks: tasks,
                                                      configuration: settings, profile: nil, observer: nil,
                                                      resumingFrom: snapshot)
                XCTAssertEqual(try withoutTimings(resumed), try withoutTimings(uninterrupted), "\(name), \(stop.name)")
            }
        }
    }

    func testSnapshotPositionAfterFirstTask() throws {
        let settings = configuration(.classp, usesDevices: false)
        let observer = StopObserver(afterTask: 0)
        var saved: ContinualSnapshot?
        let checkpointing = ContinualCheckpointing(interval: nil, stopRequest: observer.stopRequest) { saved = $0 }
        XCTAssertThrowsError(try ContinualRunner.run(learner: try learner(settings, profile: nil), tasks: tasks,
                                                     configuration: settings, profile: nil, observer: observer,
                                                     checkpointing: checkpointing))
        let snapshot = try XCTUnwrap(saved)
        XCTAssertEqual(snapshot.taskIndex, 1)
        XCTAssertEqual(snapshot.epochsDone, 0)
        XCTAssertEqual(snapshot.accuracyRows.count, 1)
        XCTAssertEqual(snapshot.epochs.count, 2)
    }

    func testCheckpointOfOtherConfigurationIsRejected() throws {
        let settings = configuration(.classp, usesDevices: false)
        let path = RepositoryPaths.temporaryDirectory("continual-checkpoint-other") + "/run.checkpoint"
        let snapshot = ContinualSnapshot(taskIndex: 0, epochsDone: 1, accuracyRows: [], epochs: [], elapsedSeconds: 0,
                                         learnerState: [])
        try ContinualCheckpointFile.write(snapshot, configuration: settings, profile: nil, to: path)
        var other = settings
        other.hiddenLayers = [17]
        XCTAssertThrowsError(try ContinualCheckpointFile.read(path: path, configuration: other, profile: nil,
                                                              taskCount: tasks.count)) { error in
            guard case .mismatch(_, let differences)? = error as? CheckpointError else { return XCTFail("\(error)") }
            XCTAssertTrue(differences.contains { $0.contains("hiddenLayers") }, "\(differences)")
        }
        XCTAssertThrowsError(try ContinualCheckpointFile.read(path: path, configuration: settings, profile: nil,
                                                              taskCount: tasks.count)) { error in
            guard case .malformed? = error as? CheckpointError else { return XCTFail("\(error)") }
        }
    }
}
