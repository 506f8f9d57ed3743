import AnalogSim
import Foundation

/// `analogsim bench`: times the fixed workloads of `BenchmarkWorkload` on MNIST.
enum BenchCommand {
    static let specifications = [
        OptionSpecification(name: "--workload", valueName: "NAME", help: "\(BenchmarkWorkload.names.joined(separator: ", ")) or all (default all)"),
        OptionSpecification(name: "--data-dir", valueName: "DIR", help: "directory of the four MNIST IDX files (default $ANALOGSIM_MNIST_DIR)"),
        OptionSpecification(name: "--train-limit", valueName: "N", help: "train on the first N training images instead of all 60000, for a quick check"),
        OptionSpecification(name: "--seed", valueName: "S", help: "seed of data order, initial weights, device draws and noise (default 1)"),
        OptionSpecification(name: "--output", valueName: "FILE.json", help: "write the machine, the figures and each workload's full result as JSON"),
        OptionSpecification(name: "--force", valueName: nil, help: "replace the --output file if it exists"),
        TrainingOptions.helpOption,
    ]

    static func run(arguments: [String], output: TextSink, errors: TextSink, library: ProfileLibrary) throws {
        let parsed = try ParsedArguments(command: "bench", arguments: arguments, options: specifications)
        if parsed.isSet("--help") {
            output.write(HelpText.bench)
            return
        }

        let workloads = try selectedWorkloads(parsed, library: library)
        let trainLimit = try parsed.integer("--train-limit", in: 1...Int(Int32.max))
        var seed: UInt64 = 1
        if let seedText = parsed.string("--seed") {
            guard let value = UInt64(seedText) else {
                throw UsageError("bench: --seed must be a whole number from 0 to \(UInt64.max), but it is '\(seedText)'.")
            }
            seed = value
        }
        let outputPath = parsed.string("--output")
        if let outputPath {
            try ResultFileWriter.checkWritable(path: outputPath, overwrite: parsed.isSet("--force"))
        }
        guard let directory = parsed.string("--data-dir") ?? ProcessInfo.processInfo.environment["ANALOGSIM_MNIST_DIR"] else {
            throw UsageError("bench: the workloads run on MNIST; pass --data-dir DIR (the directory of train-images-idx3-ubyte.gz and the three other IDX files) or set ANALOGSIM_MNIST_DIR.")
        }
        #if DEBUG
        errors.write("note: this is a debug build; its figures are not comparable. Build with 'swift build -c release' and run .build/release/analogsim.\n")
        #endif

        let data = try DatasetLoader.load(.mnist, directory: directory)
        if let trainLimit, trainLimit > data.training.count {
            errors.write("note: --train-limit \(trainLimit) is more than the \(data.training.count) training images; all of them are used.\n")
        }
        var measurements: [BenchmarkMeasurement] = []
        for workload in workloads {
            errors.write("\(workload.name): \(workload.summary)\n")
            let observer = ProgressPrinter(sink: errors, scheme: workload.configuration.hardware.scheme)
            measurements.append(try BenchmarkRunner.measure(workload, data: data, trainLimit: trainLimit, seed: seed, observer: observer))
        }

        let report = BenchmarkReport(machine: .current(), workloads: measurements)
        if let outputPath {
            try ResultFileWriter.writeJSON(report, to: outputPath)
        }
        output.write(table(report, outputPath: outputPath))
    }

    private static func selectedWorkloads(_ parsed: ParsedArguments, library: ProfileLibrary) throws -> [BenchmarkWorkload] {
        let name = parsed.string("--workload") ?? "all"
        let valid = BenchmarkWorkload.names + ["all"]
        guard valid.contains(name) else {
            let guess = NearestName.suggestion(for: name, among: valid).map { " Did you mean '\($0)'?" } ?? ""
            throw UsageError("bench: --workload '\(name)' is not a workload.\(guess) Valid values: \(valid.joined(separator: ", ")).")
        }
        let all = try BenchmarkWorkload.all(library: library)
        return name == "all" ? all : all.filter { $0.name == name }
    }

    private static func table(_ report: BenchmarkReport, outputPath: String?) -> String {
        var table = TextTable(header: ["workload", "images/s", "evaluation s", "setup s", "test images", "ns per synapse update",
                                       "peak memory", "BLAS threads", "test accuracy"])
        for measurement in report.workloads {
            table.append([
                measurement.workload,
                String(format: "%.0f", measurement.imagesPerSecond),
                String(format: "%.2f", measurement.evaluationSeconds),
                String(format: "%.1f", measurement.setupSeconds),
                String(measurement.testImages),
                String(format: "%.3f", measurement.nanosecondsPerSynapseUpdate),
                measurement.peakResidentBytes.map { MemoryCheck.formatBytes(Double($0)) } ?? "unknown",
                String(measurement.blasThreads),
                String(format: "%.4f", measurement.testAccuracy),
            ])
        }
        let machine = "machine: \(report.machine.processor), \(report.machine.processorCount) processors, \(MemoryCheck.formatBytes(Double(report.machine.memoryBytes))); \(report.machine.blas)\n"
        let written = outputPath.map { "result written to \($0)\n" } ?? ""
        return machine + table.render() + written
    }
}
