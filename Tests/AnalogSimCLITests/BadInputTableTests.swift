import XCTest
import AnalogSim
import AnalogSimCLI
import AnalogSimTestSupport

/// Bad input of every kind, run through the command-line tool: each case writes its files, runs
/// one command, and expects an exit status, a message that contains the given words (the file,
/// key or flag and the fix), nothing on stdout, and no output file.
///
/// In arguments, file contents and words, `$DIR` stands for the case's own directory and `$OUT`
/// for the output path that must not exist after the run.
final class BadInputTableTests: CommandLineTestCase {
    struct BadInputCase {
        let name: String
        /// Files written into `$DIR` before the run, by relative path.
        var files: [String: [UInt8]] = [:]
        /// Whether `$DIR/data` receives a valid tiny dataset before `files` are written.
        var dataset = false
        let arguments: [String]
        let status: Int32
        let words: [String]
    }

    /// A valid pulse-position profile; the cases edit one part of it.
    static let validProfile = """
        {"name": "bad", "source": "tests", "model": "pulse-position",
         "minimumConductance": 3.08e-9, "maximumConductance": 3.85e-8,
         "potentiation": {"levels": 97, "nonlinearity": 2.4},
         "depression": {"levels": 100, "nonlinearity": -4.88},
         "cycleToCycleSigma": 0.035}
        """

    /// A valid step-model profile for the cases of the other models.
    static let validStepProfile = """
        {"name": "step", "source": "tests", "model": "linear-step",
         "step": {"minimum": 0.01},
         "bounds": {"minimum": -1, "maximum": 1},
         "linear": {"slopeUp": 0.5, "slopeDown": 0.3}}
        """

    static func editedProfile(_ original: String, _ replacement: String, base: String = validProfile) -> [UInt8] {
        let edited = base.replacingOccurrences(of: original, with: replacement)
        precondition(edited != base, "the edit '\(original)' changed nothing")
        return Array(edited.utf8)
    }

    /// A profile case: `train` with the profile at `$DIR/profile.json`.
    static func profileCase(_ name: String, _ bytes: [UInt8], status: Int32 = 65, words: [String]) -> BadInputCase {
        BadInputCase(name: name, files: ["profile.json": bytes],
                     arguments: ["train", "--rule", "bidirectional", "--profile", "$DIR/profile.json", "--output", "$OUT"],
                     status: status, words: ["profile $DIR/profile.json"] + words)
    }

    static func idxCase(_ name: String, _ files: [String: [UInt8]], status: Int32 = 65, words: [String]) -> BadInputCase {
        BadInputCase(name: name, files: files, dataset: true,
                     arguments: ["train", "--rule", "software", "--dataset", "mnist", "--data-dir", "$DIR/data", "--output", "$OUT"],
                     status: status, words: words)
    }

    static func fitCase(_ name: String, _ text: String, arguments: [String] = ["--model", "nonlinear"], status: Int32 = 65,
                        words: [String]) -> BadInputCase {
        BadInputCase(name: name, files: ["train.csv": Array(text.utf8)],
                     arguments: ["device", "fit", "$DIR/train.csv"] + arguments + ["--output", "$OUT"],
                     status: status, words: words)
    }

    static func sweepCase(_ name: String, _ text: String, status: Int32 = 65, words: [String]) -> BadInputCase {
        BadInputCase(name: name, files: ["spec.json": Array(text.utf8)],
                     arguments: ["sweep", "$DIR/spec.json", "--output-dir", "$OUT"],
                     status: status, words: ["$DIR/spec.json"] + words)
    }

    static let tinySplit = SyntheticImages.split(trainingCount: 20, testCount: 10)
    static let trainImages = IDXFixtures.imageFileBytes(tinySplit.training)
    static let trainLabels = IDXFixtures.labelFileBytes(tinySplit.training.labels)
    static let fitHeader = "pulse,polarity,conductance\n"

    static let profileCases: [BadInputCase] = [
        profileCase("conductance as string", editedProfile("\"maximumConductance\": 3.85e-8", "\"maximumConductance\": \"3.85e-8\""),
                    words: ["'maximumConductance' must be a number", "string"]),
        profileCase("curve as number", editedProfile("\"depression\": {\"levels\": 100, \"nonlinearity\": -4.88}", "\"depression\": 100"),
                    words: ["'depression' must be an object"]),
        profileCase("levels as boolean", editedProfile("\"levels\": 97", "\"levels\": true"),
                    words: ["'potentiation.levels' must be a number"]),
        profileCase("missing depression", editedProfile(",\n \"depression\": {\"levels\": 100, \"nonlinearity\": -4.88}", ""),
                    words: ["required key 'depression' is missing", "Give an object such as"]),
        profileCase("missing model", editedProfile("\"model\": \"pulse-position\",", ""),
                    words: ["required key 'model' is missing", "Add \"model\""]),
        profileCase("missing source", editedProfile("\"source\": \"tests\",", ""),
                    words: ["required key 'source' is missing", "Say where the parameters come from"]),
        profileCase("unknown top-level key", editedProfile("\"cycleToCycleSigma\"", "\"cycleToCycleSigm\""),
                    words: ["unknown key 'cycleToCycleSigm'", "Did you mean 'cycleToCycleSigma'?"]),
        profileCase("unknown curve key", editedProfile("\"levels\": 97", "\"level\": 97"),
                    words: ["unknown key 'potentiation.level'", "Did you mean 'potentiation.levels'?"]),
        profileCase("unknown spread key", editedProfile("\"cycleToCycleSigma\": 0.035", "\"cycleToCycleSigma\": 0.035, \"deviceToDevice\": {\"levelSigma\": 0.1}"),
                    words: ["unknown key 'deviceToDevice.levelSigma'", "Did you mean 'deviceToDevice.levelsSigma'?"]),
        profileCase("negative conductance", editedProfile("\"minimumConductance\": 3.08e-9", "\"minimumConductance\": -3.08e-9"),
                    words: ["'minimumConductance'", "cannot be negative"]),
        profileCase("negative noise", editedProfile("\"cycleToCycleSigma\": 0.035", "\"cycleToCycleSigma\": -0.035"),
                    words: ["'cycleToCycleSigma' is -0.035", "must be in [0, 1]"]),
        profileCase("NaN", editedProfile("\"cycleToCycleSigma\": 0.035", "\"cycleToCycleSigma\": NaN"),
                    words: ["invalid JSON at line 5", "NaN and Infinity are not JSON numbers; write a finite number"]),
        profileCase("infinity", editedProfile("\"nonlinearity\": 2.4", "\"nonlinearity\": Infinity"),
                    words: ["invalid JSON at line 3", "NaN and Infinity are not JSON numbers"]),
        profileCase("negative infinity", editedProfile("\"nonlinearity\": 2.4", "\"nonlinearity\": -Infinity"),
                    words: ["invalid JSON at line 3", "write a finite number"]),
        profileCase("number beyond double", editedProfile("\"maximumConductance\": 3.85e-8", "\"maximumConductance\": 1e400"),
                    words: ["invalid JSON at line 2", "too large for a 64-bit float"]),
        profileCase("huge conductance", editedProfile("\"maximumConductance\": 3.85e-8", "\"maximumConductance\": 1e300"),
                    words: ["'maximumConductance' is 1e+300 S", "Conductances are in siemens"]),
        profileCase("huge level count", editedProfile("\"levels\": 97", "\"levels\": 1e12"),
                    words: ["'potentiation.levels'", "whole number from 2 to 1000000"]),
        profileCase("fractional level count", editedProfile("\"levels\": 97", "\"levels\": 97.5"),
                    words: ["'potentiation.levels' is 97.5", "whole number"]),
        profileCase("huge nonlinearity", editedProfile("\"nonlinearity\": -4.88", "\"nonlinearity\": -488"),
                    words: ["'depression.nonlinearity' is -488", "must be in [−9, 9]"]),
        profileCase("Gmin above Gmax", editedProfile("\"minimumConductance\": 3.08e-9", "\"minimumConductance\": 4e-8"),
                    words: ["'minimumConductance' (4e-08 S) must be below maximumConductance", "swap them"]),
        profileCase("Gmin equal to Gmax", editedProfile("\"minimumConductance\": 3.08e-9", "\"minimumConductance\": 3.85e-8"),
                    words: ["'minimumConductance' (3.85e-08 S) must be below maximumConductance (3.85e-08 S)"]),
        profileCase("noise given in percent", editedProfile("\"cycleToCycleSigma\": 0.035", "\"cycleToCycleSigma\": 5"),
                    words: ["'cycleToCycleSigma' is 5", "fraction of the conductance range", "did you mean 0.05 (5 %)?"]),
        profileCase("read noise given in percent", editedProfile("\"cycleToCycleSigma\": 0.035", "\"readNoiseSigma\": 2"),
                    words: ["'readNoiseSigma' is 2", "did you mean 0.02 (2 %)?"]),
        profileCase("spread given in percent", editedProfile("\"cycleToCycleSigma\": 0.035", "\"deviceToDevice\": {\"levelsSigma\": 10}"),
                    words: ["'deviceToDevice.levelsSigma' is 10", "did you mean 0.1 (10 %)?"]),
        profileCase("unknown device model", editedProfile("\"pulse-position\"", "\"pulse-positon\""),
                    words: ["'model' names an unknown model 'pulse-positon'", "Did you mean 'pulse-position'?"]),
        profileCase("spread crosses bounds", editedProfile("\"minimumConductance\": 3.08e-9", "\"minimumConductance\": 2.5e-8, \"deviceToDevice\": {\"conductanceRangeSigma\": 0.3}"),
                    words: ["'deviceToDevice.conductanceRangeSigma' is 0.3", "would draw Gmax ≤ Gmin", "Lower the spread or widen the conductance range"]),
        profileCase("pulse width in microseconds", editedProfile("\"cycleToCycleSigma\": 0.035", "\"write\": {\"potentiationVoltage\": 3.2, \"depressionVoltage\": 2.8, \"potentiationPulseWidth\": 300, \"depressionPulseWidth\": 3e-4}"),
                    words: ["'write.potentiationPulseWidth' is 300", "write 0.0003"]),
        profileCase("name with a slash", editedProfile("\"name\": \"bad\"", "\"name\": \"../bad\""),
                    words: ["'name' is '../bad'", "may contain only letters, digits"]),
        profileCase("truncated JSON", Array(validProfile.utf8.dropLast(40)),
                    words: ["invalid JSON", "docs/profile-format.md"]),
        profileCase("array document", Array("[1, 2]".utf8), words: ["a profile is a JSON object"]),
        profileCase("empty profile", [], words: ["invalid JSON at line 1, column 1"]),
        profileCase("duplicate key", editedProfile("\"cycleToCycleSigma\": 0.035", "\"cycleToCycleSigma\": 0.035, \"cycleToCycleSigma\": 0.05"),
                    words: ["invalid JSON", "cycleToCycleSigma"]),
        profileCase("binary bytes", [0xFF, 0xFE, 0x00, 0x7B], words: ["invalid JSON at line 1"]),
        profileCase("step bounds crossed", editedProfile("\"maximum\": 1", "\"maximum\": -0.5", base: validStepProfile),
                    words: ["'bounds.maximum' is -0.5", "must be in [0, 1e6]"]),
        profileCase("step bound spread in percent", editedProfile("\"maximum\": 1", "\"maximum\": 1, \"maximumDeviceToDevice\": 30", base: validStepProfile),
                    words: ["'bounds.maximumDeviceToDevice' is 30", "must be in [0, 1]"]),
        profileCase("step model key of another model", editedProfile("\"linear\": {", "\"power\": {", base: validStepProfile),
                    words: ["unknown key 'power'", "Valid keys here"]),
        BadInputCase(name: "missing profile file", arguments: ["train", "--rule", "bidirectional", "--profile", "$DIR/absent.json", "--output", "$OUT"],
                     status: 66, words: ["profile $DIR/absent.json: file not found", "analogsim profiles"]),
    ]

    static let idxCases: [BadInputCase] = [
        idxCase("truncated images", ["data/train-images-idx3-ubyte": Array(trainImages.dropLast(10))],
                words: ["$DIR/data/train-images-idx3-ubyte: truncated", "Download the file again"]),
        idxCase("header cut short", ["data/train-images-idx3-ubyte": Array(trainImages.prefix(9))],
                words: ["$DIR/data/train-images-idx3-ubyte: truncated", "announces 16 bytes but the file has 9"]),
        idxCase("empty images file", ["data/train-images-idx3-ubyte": []],
                words: ["$DIR/data/train-images-idx3-ubyte: truncated", "the file has 0"]),
        idxCase("wrong magic number", ["data/train-images-idx3-ubyte": [0x50, 0x4B] + Array(trainImages.dropFirst(2))],
                words: ["$DIR/data/train-images-idx3-ubyte: the magic number is 0x504B0803", "starts with 0x00000803"]),
        idxCase("gzip data in a plain file", ["data/train-labels-idx1-ubyte": [0x1F, 0x8B] + Array(trainLabels.dropFirst(2))],
                words: ["$DIR/data/train-labels-idx1-ubyte: the gzip data is damaged", "Download the file again"]),
        idxCase("HTML page for images", ["data/train-images-idx3-ubyte": Array("<html><body>Not found</body></html>".utf8)],
                words: ["$DIR/data/train-images-idx3-ubyte: the magic number is 0x3C68746D", "not an HTML page"]),
        idxCase("labels and images swapped", ["data/train-images-idx3-ubyte": trainLabels, "data/train-labels-idx1-ubyte": trainImages],
                words: ["$DIR/data/train-images-idx3-ubyte", "the image and label files are not swapped"]),
        idxCase("image count above data", ["data/train-images-idx3-ubyte": [0, 0, 8, 3] + IDXFixtures.bigEndian(21) + Array(trainImages.dropFirst(8))],
                words: ["$DIR/data/train-images-idx3-ubyte: truncated", "announces 1360 bytes but the file has 1296"]),
        idxCase("image count below data", ["data/train-images-idx3-ubyte": [0, 0, 8, 3] + IDXFixtures.bigEndian(19) + Array(trainImages.dropFirst(8))],
                words: ["$DIR/data/train-images-idx3-ubyte: 64 bytes beyond what the header announces"]),
        idxCase("label count above data", ["data/train-labels-idx1-ubyte": [0, 0, 8, 1] + IDXFixtures.bigEndian(25) + Array(trainLabels.dropFirst(8))],
                words: ["$DIR/data/train-labels-idx1-ubyte: truncated", "Download the file again"]),
        idxCase("images and labels disagree", ["data/train-labels-idx1-ubyte": IDXFixtures.labelFileBytes(Array(tinySplit.training.labels.prefix(15)))],
                words: ["$DIR/data/train-images-idx3-ubyte holds 20 images but $DIR/data/train-labels-idx1-ubyte holds 15 labels", "use the matching pair"]),
        idxCase("label out of range", ["data/train-labels-idx1-ubyte": Array(trainLabels.prefix(12)) + [42] + Array(trainLabels.dropFirst(13))],
                words: ["$DIR/data/train-labels-idx1-ubyte: label 4 is 42", "class indices 0…9"]),
        idxCase("no examples", ["data/train-images-idx3-ubyte": [0, 0, 8, 3] + IDXFixtures.bigEndian(0) + IDXFixtures.bigEndian(8) + IDXFixtures.bigEndian(8)],
                words: ["$DIR/data/train-images-idx3-ubyte", "holds no examples"]),
        idxCase("hostile header", ["data/train-images-idx3-ubyte": [0, 0, 8, 3] + IDXFixtures.bigEndian(0x7FFF_FFFF) + IDXFixtures.bigEndian(0x7FFF_FFFF) + IDXFixtures.bigEndian(0x7FFF_FFFF)],
                words: ["$DIR/data/train-images-idx3-ubyte: the header announces 2147483647 × 2147483647 × 2147483647 values", "download it again"]),
        idxCase("damaged gzip", ["data/t10k-images-idx3-ubyte.gz": [0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02, 0x03]],
                words: ["$DIR/data/t10k-images-idx3-ubyte.gz: the gzip data is damaged or cut short", "Download the file again"]),
        idxCase("test images of another size", ["data/t10k-images-idx3-ubyte": IDXFixtures.imageFileBytes(SyntheticImages.split(trainingCount: 10, testCount: 10, side: 6).test)],
                words: ["$DIR/data/train-images-idx3-ubyte has 8×8 images but $DIR/data/t10k-images-idx3-ubyte has 6×6", "same dataset"]),
        BadInputCase(name: "missing label file", files: ["data/train-images-idx3-ubyte": trainImages],
                     arguments: ["train", "--rule", "software", "--dataset", "mnist", "--data-dir", "$DIR/data", "--output", "$OUT"],
                     status: 66, words: ["mnist: train-labels-idx1-ubyte (or train-labels-idx1-ubyte.gz) not found in $DIR/data", "--data-dir"]),
    ]

    static let fitCases: [BadInputCase] = [
        fitCase("missing CSV column", "pulse,polarity\n0,0\n", words: ["$DIR/train.csv line 1", "no 'conductance' column"]),
        fitCase("text for a conductance", fitHeader + "0,0,1e-8\n1,+,2e-8\n2,+,n/a\n", words: ["$DIR/train.csv line 4", "conductance 'n/a' is not a number"]),
        fitCase("NaN conductance", fitHeader + "0,0,1e-8\n1,+,2e-8\n2,+,nan\n3,-,1e-8\n", words: ["$DIR/train.csv line 4", "'nan'"]),
        fitCase("empty CSV", "", words: ["$DIR/train.csv"]),
        fitCase("single reading", fitHeader + "0,0,1e-8\n", words: ["$DIR/train.csv", "only 1 reading"]),
        fitCase("negative measured conductance", fitHeader + "0,0,1e-8\n1,+,-2e-8\n2,+,3e-8\n3,-,1e-8\n", words: ["$DIR/train.csv line 3", "conductance -2e-8 S is negative"]),
        fitCase("unknown fit model", fitHeader + "0,0,1e-8\n1,+,2e-8\n", arguments: ["--model", "nonlinaer"], status: 64,
                words: ["--model 'nonlinaer' is not valid", "Did you mean 'nonlinear'?"]),
        BadInputCase(name: "missing CSV", arguments: ["device", "fit", "$DIR/absent.csv", "--model", "nonlinear", "--output", "$OUT"],
                     status: 66, words: ["$DIR/absent.csv: file not found", "docs/fitting.md"]),
    ]

    static let sweepCases: [BadInputCase] = [
        sweepCase("specification not JSON", "{\"profile\": \"ag-a-si\",", words: ["invalid JSON", "docs/sweeps.md"]),
        sweepCase("unknown specification key", #"{"profile": "ag-a-si", "varry": []}"#, words: ["unknown key 'varry' (did you mean 'vary'?)"]),
        sweepCase("profile as number", #"{"profile": 3, "options": {"rule": "software"}}"#, words: ["'profile' must be a string"]),
        sweepCase("vary as object", #"{"profile": "ag-a-si", "vary": {"levels": [16]}}"#, words: ["'vary' must be an array"]),
        sweepCase("unknown sweep parameter", #"{"profile": "ag-a-si", "vary": [{"parameter": "level", "values": [16]}], "options": {"rule": "bidirectional"}}"#,
                  words: ["unknown parameter 'level'. Did you mean 'levels'?"]),
        sweepCase("noise in percent", #"{"profile": "ag-a-si", "vary": [{"parameter": "cycleToCycleSigma", "values": [5]}], "options": {"rule": "bidirectional"}}"#,
                  words: ["cycleToCycleSigma=5 gives an invalid profile", "did you mean 0.05 (5 %)?"]),
        sweepCase("unknown bundled profile", #"{"profile": "ag-asi", "options": {"rule": "bidirectional"}}"#,
                  words: ["no bundled profile is named 'ag-asi'", "Did you mean 'ag-a-si'?"]),
        BadInputCase(name: "missing specification", arguments: ["sweep", "$DIR/absent.json", "--output-dir", "$OUT"],
                     status: 66, words: ["specification $DIR/absent.json not found", "docs/sweeps.md"]),
    ]

    static let flagCases: [BadInputCase] = [
        BadInputCase(name: "misspelt flag", arguments: ["train", "--rule", "software", "--learning-rat", "0.1", "--output", "$OUT"],
                     status: 64, words: ["unknown option '--learning-rat'", "Did you mean --learning-rate?"]),
        BadInputCase(name: "infinite learning rate", arguments: ["train", "--rule", "software", "--learning-rate", "inf", "--output", "$OUT"],
                     status: 64, words: ["--learning-rate must be a positive number", "'inf'"]),
        BadInputCase(name: "learning rate beyond single precision", arguments: ["train", "--rule", "software", "--learning-rate", "1e39", "--output", "$OUT"],
                     status: 64, words: ["--learning-rate must be a positive number that single precision holds", "'1e39'"]),
        BadInputCase(name: "negative epochs", arguments: ["train", "--rule", "software", "--epochs", "-3", "--output", "$OUT"],
                     status: 64, words: ["--epochs must be a whole number from 1 to 100000", "'-3'"]),
        BadInputCase(name: "huge hidden layer", arguments: ["train", "--rule", "software", "--hidden", "99999999999", "--output", "$OUT"],
                     status: 64, words: ["--hidden must be layer sizes from 1 to 100000"]),
        BadInputCase(name: "missing flag value", arguments: ["train", "--rule", "software", "--output", "$OUT", "--seed"],
                     status: 64, words: ["--seed needs a value"]),
        BadInputCase(name: "data directory is a file", files: ["file": [1]],
                     arguments: ["train", "--rule", "software", "--dataset", "mnist", "--data-dir", "$DIR/file", "--output", "$OUT"],
                     status: 65, words: ["$DIR/file is a file, not a directory", "--data-dir"]),
        BadInputCase(name: "missing data directory",
                     arguments: ["train", "--rule", "software", "--dataset", "mnist", "--data-dir", "$DIR/absent", "--output", "$OUT"],
                     status: 66, words: ["data directory $DIR/absent not found", "--data-dir DIR"]),
        BadInputCase(name: "unknown sweep flag", arguments: ["sweep", "--profile", "ag-a-si", "--rule", "software", "--vary", "seed=1,2", "--output-dir", "$OUT", "--job", "2"],
                     status: 64, words: ["unknown option '--job'", "Did you mean --jobs?"]),
    ]

    static var allCases: [BadInputCase] { profileCases + idxCases + fitCases + sweepCases + flagCases }

    func testTableHasEveryKindOfInput() {
        XCTAssertGreaterThanOrEqual(Self.allCases.count, 40)
        XCTAssertEqual(Set(Self.allCases.map(\.name)).count, Self.allCases.count, "case names are unique")
    }

    func testProfiles() throws { try check(Self.profileCases) }
    func testIDXFiles() throws { try check(Self.idxCases) }
    func testFitCSVs() throws { try check(Self.fitCases) }
    func testSweepSpecifications() throws { try check(Self.sweepCases) }
    func testFlags() throws { try check(Self.flagCases) }

    private func check(_ cases: [BadInputCase]) throws {
        for testCase in cases {
            let directory = RepositoryPaths.temporaryDirectory("bad-input")
            let outputPath = directory + "/out/result.json"
            try FileManager.default.createDirectory(atPath: directory + "/out", withIntermediateDirectories: true)
            if testCase.dataset {
                try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
                IDXFixtures.writeDataset(Self.tinySplit, to: directory + "/data", gzipped: false)
            }
            for (relativePath, bytes) in testCase.files {
                let parent = (directory + "/" + relativePath as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                XCTAssertTrue(FileManager.default.createFile(atPath: directory + "/" + relativePath, contents: Data(bytes)), testCase.name)
            }
            let substitute = { (text: String) in
                text.replacingOccurrences(of: "$DIR", with: directory).replacingOccurrences(of: "$OUT", with: outputPath)
            }
            var arguments = testCase.arguments.map(substitute)
            if arguments.first == "train", !arguments.contains("--data-dir") {
                arguments += ["--dataset", "mnist", "--data-dir", Self.tinyDataset]
            }

            let outcome = run(arguments)

            XCTAssertEqual(outcome.status, testCase.status, "\(testCase.name): \(outcome.errors)")
            XCTAssertTrue(outcome.errors.hasPrefix("error: "), "\(testCase.name): \(outcome.errors)")
            for word in testCase.words.map(substitute) {
                XCTAssertTrue(outcome.errors.contains(word), "\(testCase.name): '\(word)' is missing from: \(outcome.errors)")
            }
            XCTAssertEqual(outcome.output, "", testCase.name)
            XCTAssertFalse(FileManager.default.fileExists(atPath: outputPath), "\(testCase.name): the output file was written")
        }
    }
}
