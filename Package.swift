// swift-tools-version:6.0
//
// AnalogSim: training neural networks on simulated analog synapse devices.
//
// Build settings:
// - ANALOGSIM_INVARIANT_CHECKS=1 in the environment of `swift build`/`swift test` compiles
//   in checks after every device write and every layer update (every conductance finite and
//   inside its device's own bounds, every software weight finite), which stop the program at the
//   first violation. It also compiles the test that corrupts a crossbar on purpose
//   (`NumericalFaultTests`). The checks are off by default and then not compiled at all.
import PackageDescription
import Foundation

let invariantChecks = ProcessInfo.processInfo.environment["ANALOGSIM_INVARIANT_CHECKS"] == "1"
let invariantSettings: [SwiftSetting] = invariantChecks ? [.define("ANALOGSIM_INVARIANT_CHECKS")] : []

let package = Package(
    name: "AnalogSim",
    products: [
        .library(name: "AnalogSim", targets: ["AnalogSim"]),
        .executable(name: "analogsim", targets: ["analogsim"]),
    ],
    targets: [
        // C libraries from Debian: GSL (random numbers, distributions), OpenBLAS (CBLAS), zlib.
        .systemLibrary(name: "CNumerics", path: "Sources/CNumerics"),

        .target(name: "AnalogSim", dependencies: ["CNumerics"], swiftSettings: invariantSettings),
        .target(name: "AnalogSimCLI", dependencies: ["AnalogSim"]),
        .executableTarget(name: "analogsim", dependencies: ["AnalogSimCLI"]),

        // Shared by the test targets: synthetic datasets, IDX fixtures, paths of the repository.
        .target(name: "AnalogSimTestSupport", dependencies: ["AnalogSim"], path: "Tests/AnalogSimTestSupport"),
        .testTarget(name: "AnalogSimTests", dependencies: ["AnalogSim", "AnalogSimTestSupport"], swiftSettings: invariantSettings),
        .testTarget(name: "AnalogSimCLITests", dependencies: ["AnalogSimCLI", "AnalogSim", "AnalogSimTestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
