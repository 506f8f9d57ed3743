import XCTest
import AnalogSim
@testable import AnalogSimCLI
import AnalogSimTestSupport

/// Bad command lines: each gets its exit status and full message, and nothing runs.
final class UsageErrorTests: CommandLineTestCase {
    func testHelpForEveryCommand() {
        for (command, usage) in [("train", "Usage: analogsim train"), ("compare", "Usage: analogsim compare"),
                                 ("profiles", "Usage: analogsim profiles"), ("device", "Usage: analogsim device show")] {
            let outcome = run([command, "--help"])
            XCTAssertEqual(outcome.status, 0, command)
            XCTAssertTrue(outcome.output.hasPrefix(usage), outcome.output)
        }
        XCTAssertTrue(run(["--help"]).output.contains("Commands:"))
        XCTAssertTrue(run(["help", "train"]).output.hasPrefix("Usage: analogsim train"))
    }

    func testMessagesTable() throws {
        let badProfile = RepositoryPaths.temporaryDirectory("bad-profile") + "/bad.json"
        try #"{"name": "bad", "source": "x", "model": "pulse-position", "minimumConductance": 1e-8, "maximumConductance": 38.5, "potentiation": {"levels": 10, "nonlinearity": 1}, "depression": {"levels": 10, "nonlinearity": -1}}"#
            .write(toFile: badProfile, atomically: true, encoding: .utf8)
        let tiny = ["--dataset", "mnist", "--data-dir", Self.tinyDataset]

        let cases: [(arguments: [String], status: Int32, message: String)] = [
            (["trian"], 64, "unknown command 'trian'. Did you mean 'train'? Commands: train, compare, continual, sweep, profiles, bench, device. Run 'analogsim --help' for usage."),
            (["train", "--rule", "software", "--epoch", "2"] + tiny, 64,
             "train: unknown option '--epoch'. Did you mean --epochs? Valid options: --rule, --profile, --dataset, --data-dir, --hidden, --epochs, --rounds, --round-size, --batch-size, --train-limit, --test-limit, --learning-rate, --crop, --binarize, --hidden-activation-bits, --loss, --seed, --weight-range, --initial-weights, --adc-bits, --initial-write, --biases, --update-scheme, --bit-length, --update-management, --bit-length-management, --pair-writes, --weight-mapping, --refresh-threshold, --refresh-interval, --output, --plot, --force, --checkpoint-every, --checkpoint, --resume, --help."),
            (["train", "--rule", "software", "--loss", "mae"] + tiny, 64,
             "train: --loss 'mae' is not valid. Did you mean 'mse'? Valid values: mse, cross-entropy, sse."),
            (["train", "--rule", "backprop"] + tiny, 64,
             "train: --rule 'backprop' is not valid. Valid values: software, bidirectional, unidirectional."),
            (["train"] + tiny, 64, "train: --rule is required; valid values: software, bidirectional, unidirectional."),
            (["train", "--rule", "unidirectional"] + tiny, 64,
             "train: --rule unidirectional runs on devices and needs --profile NAME|PATH; run 'analogsim profiles' to list the bundled profiles."),
            (["train", "--rule", "software", "--epochs", "0"] + tiny, 64,
             "train: --epochs must be a whole number from 1 to 100000, but it is '0'."),
            (["train", "--rule", "software", "--crop", "0"] + tiny, 64,
             "train: --crop must be a whole number from 1 to 100000, but it is '0'."),
            (["train", "--rule", "software", "--crop", "9"] + tiny, 64,
             "--crop is 9, but the images of \(Self.tinyDataset) are 8×8 pixels; give a crop of at most 8."),
            (["train", "--rule", "software", "--binarize", "1.5"] + tiny, 64,
             "train: --binarize must be a threshold in (0, 1], but it is '1.5'."),
            (["train", "--rule", "software", "--binarize", "0"] + tiny, 64,
             "train: --binarize must be a threshold in (0, 1], but it is '0'."),
            (["train", "--rule", "software", "--hidden-activation-bits", "0"] + tiny, 64,
             "train: --hidden-activation-bits must be a whole number from 1 to 16, but it is '0'."),
            (["train", "--rule", "software", "--hidden-activation-bits", "1", "--batch-size", "8"] + tiny, 64,
             "train: --hidden-activation-bits works with online learning only, but --batch-size is 8. Drop one of the two options."),
            (["train", "--rule", "software", "--learning-rate", "0.4,0.2,0.1"] + tiny, 64,
             "train: --learning-rate has 3 values, but the network has 2 layers; give one value for all layers or 2 values, input layer first."),
            (["train", "--rule", "software", "--learning-rate", "0.4,"] + tiny, 64,
             "train: --learning-rate must be a positive number that single precision holds (1.2e-38 to 3.4e38), or one such number per layer separated by commas, but it is '0.4,'."),
            (["train", "--rule", "unidirectional", "--profile", "ag-a-si", "--update-scheme", "open-loop"] + tiny, 64,
             "train: --update-scheme open-loop is NeuroSim's count for bidirectional updates; use --rule bidirectional or another --update-scheme."),
            (["train", "--rule", "bidirectional", "--profile", "ag-a-si", "--update-scheme", "open-loop", "--batch-size", "4"] + tiny, 64,
             "train: --update-scheme open-loop works with online learning only, but --batch-size is 4. Drop --batch-size or choose another scheme."),
            (["train", "--rule", "software", "--rounds", "5"] + tiny, 64,
             "train: --rounds needs --round-size, the number of training images per round (for example --rounds 125 --round-size 8000)."),
            (["train", "--rule", "software", "--round-size", "5"] + tiny, 64,
             "train: --round-size needs --rounds, the number of rounds (for example --rounds 125 --round-size 8000)."),
            (["train", "--rule", "software", "--rounds", "0", "--round-size", "5"] + tiny, 64,
             "train: --rounds must be a whole number from 1 to 100000, but it is '0'."),
            (["compare", "--profile", "ag-a-si", "--rounds", "2", "--round-size", "5", "--epochs", "2"] + tiny, 64,
             "compare: --epochs and --rounds both set the length of training; give one of them."),
            (["train", "--rule", "software", "--learning-rate", "-0.1"] + tiny, 64,
             "train: --learning-rate must be a positive number that single precision holds (1.2e-38 to 3.4e38), or one such number per layer separated by commas, but it is '-0.1'."),
            (["train", "--rule", "software", "--learning-rate", "nan"] + tiny, 64,
             "train: --learning-rate must be a positive number that single precision holds (1.2e-38 to 3.4e38), or one such number per layer separated by commas, but it is 'nan'."),
            (["train", "--rule", "software", "--learning-rate", "1e-50"] + tiny, 64,
             "train: --learning-rate must be a positive number that single precision holds (1.2e-38 to 3.4e38), or one such number per layer separated by commas, but it is '1e-50'."),
            (["train", "--rule", "software", "--learning-rate", "0x10"] + tiny, 64,
             "train: --learning-rate must be a positive number that single precision holds (1.2e-38 to 3.4e38), or one such number per layer separated by commas, but it is '0x10'."),
            (["train", "--rule", "software", "--output", ""] + tiny, 64,
             "--output is empty; give the path of a JSON file, for example --output result.json."),
            (["train", "--rule", "software", "--output", Self.tinyDataset] + tiny, 64,
             "--output \(Self.tinyDataset) is a directory; give a file path inside it, for example \(Self.tinyDataset)/result.json."),
            (["train", "--rule", "software", "--hidden", "100000,100000,100000"] + tiny, 64,
             "--hidden 100000,100000,100000 needs about 80 GB of memory for the network, more than the \(availableMemory) available (80 % of this machine's memory). Use smaller hidden layers."),
            (["train", "--rule", "software", "--dataset", "mnist"], 64,
             "mnist: no data directory given. MNIST has no Debian package: pass --data-dir DIR, where DIR holds train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz."),
            ([], 64, "no command given; choose one of the commands above."),
            (["train", "--rule", "software", "--hidden", "100,,10"] + tiny, 64,
             "train: --hidden must be layer sizes from 1 to 100000 separated by commas (for example 100 or 256,128), but it is '100,,10'."),
            (["train", "--rule", "software", "--seed", "-1"] + tiny, 64,
             "train: --seed must be a whole number from 0 to 18446744073709551615, but it is '-1'."),
            (["train", "--rule", "software", "--seed"] + tiny, 64, "train: --seed needs a value (--seed S)."),
            (["train", "--rule", "software", "--rule", "software"] + tiny, 64, "train: --rule is given twice; give it once."),
            (["train", "--rule", "software", "extra"] + tiny, 64,
             "train: unexpected argument 'extra'. Run 'analogsim train --help' for usage."),
            (["train", "--rule", "unidirectional", "--profile", "ag-asi"] + tiny, 64,
             "no bundled profile is named 'ag-asi' and no file 'ag-asi' exists. Did you mean 'ag-a-si'? Bundled profiles: ag-a-si, aihwkit-capacitor, aihwkit-ecram, aihwkit-ecram-mo, aihwkit-gokmen-vlasov, aihwkit-idealized, aihwkit-pcm, aihwkit-reram-es, aihwkit-reram-sb, alox-hfo2, epiram, gst-pcm, hzo-fefet, ideal-linear, pcmo, taox-hfox. To use your own profile, pass the path of its JSON file."),
            (["train", "--rule", "unidirectional", "--profile", "/nonexistent/profile.json"] + tiny, 66,
             "profile /nonexistent/profile.json: file not found. Check the path, or run 'analogsim profiles' to list the bundled profiles."),
            (["train", "--rule", "unidirectional", "--profile", badProfile] + tiny, 65,
             "profile \(badProfile): 'maximumConductance' is 38.5 S, far above any synapse conductance. Conductances are in siemens: if you meant 38.5 µS, write 3.85e-05."),
            (["train", "--rule", "software", "--dataset", "mnist", "--data-dir", "/nonexistent/mnist"], 66,
             "mnist: data directory /nonexistent/mnist not found. MNIST has no Debian package: pass --data-dir DIR, where DIR holds train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz."),
            (["train", "--rule", "software", "--output", "/nonexistent/dir/run.json"] + tiny, 64,
             "cannot write /nonexistent/dir/run.json: directory /nonexistent/dir does not exist. Create it or choose another --output path."),
            (["train", "--rule", "software", "--update-scheme", "stochastik"] + tiny, 64,
             "train: --update-scheme 'stochastik' is not valid. Did you mean 'stochastic'? Valid values: deterministic, stochastic, expected, open-loop."),
            (["train", "--rule", "software", "--bit-length", "65"] + tiny, 64,
             "train: --bit-length must be a whole number from 1 to 64, but it is '65'."),
            (["train", "--rule", "software", "--update-management", "yes"] + tiny, 64,
             "train: --update-management 'yes' is not valid. Valid values: on, off."),
            (["train", "--rule", "software", "--refresh-threshold", "1.5"] + tiny, 64,
             "train: --refresh-threshold must be a fraction in (0, 1], but it is '1.5'."),
            (["compare"] + tiny, 64, "compare: --profile NAME|PATH is required; run 'analogsim profiles' to list the bundled profiles."),
            (["compare", "--profile", "ag-a-si", "--jobs", "0"] + tiny, 64, "compare: --jobs must be a whole number from 1 to 1024, but it is '0'."),
            (["compare", "--profile", "ag-a-si", "--seeds", "0"] + tiny, 64, "compare: --seeds must be a whole number from 1 to 1000, but it is '0'."),
            (["compare", "--profile", "ag-a-si", "--seeds", "abc"] + tiny, 64, "compare: --seeds must be a whole number from 1 to 1000, but it is 'abc'."),
            (["compare", "--profile", "ag-a-si", "--seeds", "1001"] + tiny, 64, "compare: --seeds must be a whole number from 1 to 1000, but it is '1001'."),
            (["compare", "--profile", "ag-a-si", "--seed", "18446744073709551614", "--seeds", "3"] + tiny, 64,
             "compare: --seed 18446744073709551614 with --seeds 3 would exceed the largest seed, 18446744073709551615; use a --seed of at most 18446744073709551613 or fewer --seeds."),
            (["device"], 64, "device: name a subcommand: show, convert or fit (for example 'analogsim device show ag-a-si'); 'analogsim device --help' explains them."),
            (["device", "shwo", "ag-a-si"], 64, "device: unknown subcommand 'shwo'. Did you mean 'show'? The subcommands are 'show', 'convert' and 'fit'."),
            (["device", "convert", "ag-a-si", "--to", "linear-step", "--minimum-conductance", "1e-9"], 64,
             "device convert: --minimum-conductance applies only to --to pulse-position; leave it out for --to linear-step."),
            (["device", "convert", "aihwkit-reram-sb", "--to", "pulse-position"], 64,
             "soft bounds reach their bounds only asymptotically, so they take no finite number of pulses from bound to bound and have no pulse-position equivalent."),
            (["device", "show"], 64, "device show: name a profile, for example 'analogsim device show ag-a-si'."),
            (["device", "plot", "ag-a-si"], 64, "device: unknown subcommand 'plot'; the subcommands are 'show' (analogsim device show P), 'convert' (analogsim device convert P --to MODEL) and 'fit' (analogsim device fit DATA.csv)."),
            (["device", "show", "ag-a-si", "--format", "xml"], 64, "device: --format 'xml' is not valid. Valid values: table, csv."),
        ]
        for testCase in cases {
            let outcome = run(testCase.arguments)
            let label = testCase.arguments.joined(separator: " ")
            XCTAssertEqual(outcome.status, testCase.status, label)
            XCTAssertTrue(outcome.errors.hasSuffix("error: \(testCase.message)\n"), "\(label): \(outcome.errors)")
            XCTAssertEqual(outcome.errors.components(separatedBy: "error: ").count, 2, label)
            XCTAssertEqual(outcome.output, "", label)
        }
    }

    var availableMemory: String {
        MemoryCheck.formatBytes(Double(ProcessInfo.processInfo.physicalMemory) * 0.8)
    }

    func testShortHelpFlag() {
        let outcome = run(["train", "-h"])
        XCTAssertEqual(outcome.status, 0)
        XCTAssertTrue(outcome.output.hasPrefix("Usage: analogsim train"))
    }

    func testMissingProfileDirectoryIsNamed() {
        let library = ProfileLibrary(directory: nil, searchedDirectories: ["/opt/nowhere/device-profiles"])
        let output = BufferSink()
        let errors = BufferSink()
        let status = CommandLineTool.run(arguments: ["profiles"], output: output, errors: errors, library: library)
        XCTAssertEqual(status, 66)
        XCTAssertEqual(errors.text, "error: no directory of bundled profiles found (looked in: /opt/nowhere/device-profiles). Set ANALOGSIM_PROFILE_DIR to the device-profiles directory of the repository, or install with scripts/install.sh.\n")
    }

    func testBrokenProfileIsReportedAndOthersListed() throws {
        let directory = RepositoryPaths.temporaryDirectory("profiles")
        try FileManager.default.copyItem(atPath: RepositoryPaths.deviceProfiles + "/ag-a-si.json", toPath: directory + "/ag-a-si.json")
        try "{ broken".write(toFile: directory + "/broken.json", atomically: true, encoding: .utf8)
        let output = BufferSink()
        let errors = BufferSink()
        let status = CommandLineTool.run(arguments: ["profiles"], output: output, errors: errors, library: ProfileLibrary(directory: directory))
        XCTAssertEqual(status, 65)
        XCTAssertTrue(output.text.contains("\nag-a-si "), output.text)
        XCTAssertTrue(errors.text.hasPrefix("error: profile \(directory)/broken.json: invalid JSON at line 1, column 3"), errors.text)
    }

    func testIgnoredOptionsAreNoted() {
        let outcome = run(["train", "--rule", "bidirectional", "--profile", "ag-a-si", "--bit-length", "5", "--refresh-threshold", "0.5",
                           "--dataset", "mnist", "--data-dir", Self.tinyDataset, "--hidden", "8"])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertTrue(outcome.errors.contains("note: --bit-length applies only to --update-scheme stochastic, so it is ignored."), outcome.errors)
        XCTAssertTrue(outcome.errors.contains("note: --refresh-threshold applies only to --rule unidirectional, so it is ignored."), outcome.errors)
    }

    func testNoLearningIsWarned() {
        let outcome = run(["train", "--rule", "unidirectional", "--profile", "ag-a-si", "--learning-rate", "1e-9",
                           "--dataset", "mnist", "--data-dir", Self.tinyDataset, "--hidden", "8"])
        XCTAssertEqual(outcome.status, 0, outcome.errors)
        XCTAssertTrue(outcome.errors.contains("warning: [unidirectional] no requested update reached half a device step in epoch 1, so no pulse was sent and the weights did not learn. Raise --learning-rate or lower --weight-range."), outcome.errors)
    }
}
