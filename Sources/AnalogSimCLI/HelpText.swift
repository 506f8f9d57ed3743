import AnalogSim

/// The help text of every command.
enum HelpText {
    static let overview = """
        analogsim \(AnalogSimVersion.current): train neural networks on simulated analog synapse devices

        Usage: analogsim COMMAND [OPTIONS]

        Commands:
        \(CommandLineTool.commands.map { "  " + $0.name.padding(toLength: 10, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n"))

        Run 'analogsim COMMAND --help' for a command's options, and 'analogsim --version' for the version.
        Exit status: 0 success, 64 bad usage, 65 bad input data, 66 missing input file, 1 failure at run time.

        """

    static func options(_ specifications: [OptionSpecification]) -> String {
        specifications.map { option in
            let flag = option.valueName.map { "\(option.name) \($0)" } ?? option.name
            let column = flag.count < 34 ? flag.padding(toLength: 34, withPad: " ", startingAt: 0) : flag + "  "
            return "  " + column + option.help
        }.joined(separator: "\n")
    }

    static let numericalFaults = """
        A training step whose loss becomes NaN or infinite, or whose label's output overflows single precision
        (a sigmoid output or softmax probability of exactly 0), stops the run with exit status 1, the epoch
        (or round) and sample, and a smaller --learning-rate to try; no result is written. A sample whose error
        or input is NaN or infinite changes no weight and sends no pulse; such samples are counted as
        nonFiniteUpdates in the result and reported on standard error.
        """

    static let limitations = """
        Known limits:
          - Biases are digital (floating point) in every rule. With --batch-size B > 1 the deterministic and
            expected schemes sum the batch's requests and write each synapse once per batch; the stochastic
            scheme runs its pulse trains sample by sample with η/B.
          - With the deterministic scheme, requests below half a device step send no pulse, so a small
            --learning-rate can freeze learning on devices with few levels.
          - Read noise (readNoiseSigma in a profile), step models and measured curves are much slower than
            pulse-position devices without read noise.
        """

    static let checkpoints = """
        SIGINT and SIGTERM stop training after the sample in progress, save the whole state to the
        checkpoint file and exit with 130 or 143; --checkpoint-every N also saves it after every N
        epochs. The same command with --resume continues and ends with the uninterrupted run's
        result apart from timings; a checkpoint of other options is rejected (docs/checkpoints.md).
        """

    static let train = """
        Usage: analogsim train --rule software|bidirectional|unidirectional [--profile P] [OPTIONS]

        Trains a multilayer perceptron (sigmoid hidden units, batch size 1 unless --batch-size) whose weights are differential
        pairs of simulated devices, or floating-point weights for --rule software, and tests it after every
        epoch. Progress goes to standard error, the summary to standard output, the full result (configuration,
        profile, version, one record per epoch, testAccuracy as a fraction) to --output.

        \(checkpoints)

        \(numericalFaults)

        Options:
        \(options(TrainCommand.specifications))

        \(limitations)

        Example:
          analogsim train --profile ag-a-si --rule unidirectional --train-limit 10000 --output run.json

        """

    static let compare = """
        Usage: analogsim compare --profile P [OPTIONS]

        Trains with software, bidirectional and unidirectional updates from the same seed, data order and
        initial weights, runs them in parallel, prints a table (rule, test accuracy, gap to software in
        percentage points, pulses, refreshes, share of dropped updates) and writes the JSON result.

        With --seeds N, every rule runs once for each of the seeds S, S+1, …, S+N−1 (S is --seed), and
        each of these runs equals a one-seed comparison with that seed. The table then gives means over
        the seeds (pulses and refreshes rounded) and an "sd" column, the sample standard deviation of the
        test accuracy; the JSON result keeps every run. The device runs of all seeds start first.

        With --profile A,B,…, software runs once per seed and bidirectional and unidirectional once per
        profile and seed; each of these runs equals the run of a one-profile comparison. The table has
        one row per profile with each device rule's test accuracy and gap to software, and software's
        test accuracy in the line above it. Every profile is loaded and checked before training; a
        profile given twice is rejected.

        \(checkpoints) All runs of a comparison share one checkpoint file; finished runs are not
        trained again. Checkpoints need a single --profile.

        Options:
        \(options(CompareCommand.specifications))

        \(numericalFaults)

        \(limitations)

        Example:
          analogsim compare --profile ag-a-si --dataset mnist --data-dir DIR --train-limit 10000
          analogsim compare --profile ag-a-si --dataset mnist --data-dir DIR --train-limit 10000 --seeds 5
          analogsim compare --profile ag-a-si,taox-hfox,gst-pcm --dataset mnist --data-dir DIR --train-limit 10000

        """

    static let sweep = """
        Usage: analogsim sweep SPEC.json [OPTIONS]
               analogsim sweep --profile P --vary NAME=V1,V2,… [--vary …] --output-dir DIR [OPTIONS]
               analogsim sweep merge DIR… --output-dir OUT
               analogsim sweep plot DIR --x NAME [--y NAME] [--where NAME=VALUE …] --plot FILE.svg|FILE.png

        Trains once per point of a grid: the product of the --vary values, the last --vary changing
        fastest. Point indices start at 0 in that order. Every point's profile is validated before the
        first run. Points run in parallel, one thread each; each finished point is appended at once to
        DIR/points.jsonl (parameters, full configuration and profile, test accuracy, pulses, timing) and
        DIR/points.csv, in the order the points finish. DIR/spec.json records the grid. Rerunning with
        the same DIR skips the finished points; a different grid or configuration is rejected.

        SPEC.json gives the same as the flags: {"profile": P, "vary": [{"parameter": NAME, "values":
        [V, …]}], "options": {"FLAG": VALUE}}; see docs/sweeps.md.

        Options:
        \(options(SweepCommand.specifications))

        Example:
          analogsim sweep --profile ag-a-si --rule bidirectional --vary levels=16,32,64,128 --vary potentiation.nonlinearity=0,1,2,4 --dataset mnist --data-dir DIR --train-limit 10000 --output-dir levels-nl

        """

    static let sweepPlot = """
        Usage: analogsim sweep plot DIR --x NAME [--y NAME] [--where NAME=VALUE …] --plot FILE.svg|FILE.png [--force]

        Draws the final test accuracy of the finished points in DIR against the swept parameter NAME:
        one line per learning rule through the mean over seeds, over a band from the minimum to the
        maximum over seeds. With --y, draws a heatmap of the mean over seeds against two swept
        parameters, for one rule. Every other swept parameter with several values must be fixed
        with --where (rule too with --y). Unfinished points are left out, so a running sweep can be
        plotted.

        Options:
        \(options(SweepPlotCommand.specifications))

        Example:
          analogsim sweep plot levels-nl --x levels --where potentiation.nonlinearity=2 --plot levels.svg
          analogsim sweep plot levels-nl --x levels --y potentiation.nonlinearity --plot heatmap.png

        """

    static let sweepMerge = """
        Usage: analogsim sweep merge DIR… --output-dir OUT

        Joins the directories of 'analogsim sweep --shard I/N' runs of one sweep into OUT, rows sorted by
        point index. Rejects directories that record different sweeps, a point present in two
        directories, and missing points.

        Options:
        \(options(SweepMergeCommand.specifications))

        """

    static let continual = """
        Usage: analogsim continual --stream S --rule R --profile P|software --data-dir DIR [OPTIONS]

        Trains one network (ReLU hidden units, softmax cross-entropy) on the
        tasks of a stream one after another and tests it on every task after each one. Progress goes to standard
        error; the accuracy matrix R (R[i][j]: accuracy on task j after training task i), average accuracy
        ACC = mean_j R[T][j], backward transfer BWT = mean_{j<T}(R[T][j] − R[j][j]) and forgetting
        F = mean_{j<T}(max_{i<T} R[i][j] − R[T][j]) go to standard output, and the full result (configuration,
        profile, version, matrix, metrics, pulses) to --output.

        Rules: sgd (Δw = −η·g), adagrad (CLASSP with p 2, τ 0), ewc (SGD plus λ/2·Σ F·(w − w*)², F the diagonal
        Fisher of the finished tasks), classp (S += |g|^p and w −= α·g/(ε + S)^(1/p) only where g² > τ).
        Binary-weight rules (784-512-512-10 and Adam by default): mean-field-binary (a field θ per ±1 weight,
        m = tanh(βθ), with a KL pull towards the previous posterior, tested as the mean-field network or as
        sign(θ) by --evaluation), metaplastic (sign(W_h) forward; an Adam step that would shrink |W_h| is scaled
        by 1 − tanh²(M·|W_h|)) and binarized (metaplastic with M = 0).
        On devices, every rule's per-synapse request goes through the update scheme as one write per synapse
        and step; CLASSP's S stays in digital periphery and its gate keeps a request from sending any pulse.
        The binary-weight rules keep θ or W_h on a device pair within ±--hidden-range and deploy binary weights
        by --deployment.
        --checkpoint-every N saves the run after every N epochs (counted over the whole stream), SIGINT and
        SIGTERM save it at the next epoch or task boundary and exit with 130 or 143, and --resume continues it
        to the result an uninterrupted run writes, apart from timings.

        Options:
        \(options(ContinualCommand.specifications))

        Example:
          analogsim continual --stream mnist-fashion --rule classp --profile epiram --data-dir DIR --train-limit 10000

        """

    static let profiles = """
        Usage: analogsim profiles

        Lists the bundled device profiles with their level counts, nonlinearity labels, on/off ratio and
        cycle-to-cycle noise. The bundled profiles are in device-profiles/ (or $ANALOGSIM_PROFILE_DIR);
        docs/profile-format.md describes the format for your own.

        """

    static let deviceShow = """
        Usage: analogsim device show P [--noise] [--seed S] [--format table|csv] [--plot FILE [--devices N] [--force]]

        Other device subcommands: 'analogsim device convert P --to MODEL' (NeuroSim and aihwkit descriptions)
        and 'analogsim device fit DATA.csv --model MODEL' (fit a profile to a measured train); each has --help.

        Prints profile P's levels, on/off ratio and nonlinearity, then the conductance of one nominal device
        (no device-to-device variation) after each pulse of a full potentiation train from Gmin and then a
        full depression train. P is a bundled profile name (see 'analogsim profiles') or the path of a
        profile file. With --plot, it also draws (a) those trains for the nominal device and for N devices
        drawn with the profile's device-to-device variation, and (b) the nominal device's step size per
        pulse against its conductance (docs/plots.md).

        Options:
        \(options(DeviceCommand.specifications))

        """

    static let deviceConvert = """
        Usage: analogsim device convert P --to linear-step|pulse-position [OPTIONS]

        Converts between NeuroSim's description of a device (levels, nonlinearity label, on/off ratio: the
        pulse-position model) and aihwkit's normalised step description (the linear-step model). Both describe
        the same per-pulse rule: every pulse moves the weight a fixed fraction of its distance to the curve's
        asymptote. Weights span [−1, 1]; device-to-device spreads are not converted. Soft-bounds profiles reach
        their bounds only asymptotically and have no pulse-position equivalent.

        Options:
        \(options(DeviceConvertCommand.specifications))

        Example:
          analogsim device convert ag-a-si --to linear-step --output ag-a-si-linear-step.json

        """

    static let bench = """
        Usage: analogsim bench [--workload NAME|all] [--data-dir DIR] [OPTIONS]

        Times fixed training workloads on MNIST: one epoch over the 60000 training images, then one pass
        over the 10000 test images. Prints, per workload, training images per second, seconds for the test
        pass, nanoseconds per synapse update (training time per image over all synapses of the network),
        the process's peak resident memory during the workload (the dataset included) and the OpenBLAS
        thread count. Build with 'swift build -c release' first: debug builds are many times slower.

        Workloads:
          aihwkit-reference        the configuration of benchmarks/aihwkit-comparison: 784-256-10, sigmoid
                                   hidden layer, softmax cross-entropy, batch size 1, η 0.05, digital biases,
                                   initial weights and biases uniform in ±1/√fanIn (PyTorch's default);
                                   one soft-bounds device per weight (dw_min 0.02, bounds ±1, no variation);
                                   stochastic pulse trains, BL 31, update and BL management on
          ag-a-si-unidirectional   ag-a-si with device-to-device variation (σ_NL 0.5, range and levels 10 %)
                                   and its 3.5 % cycle-to-cycle noise, 784-256-10, squared error, η 0.5,
                                   deterministic counts, unidirectional updates with refresh
          ag-a-si-hidden-1024      the same with 1024 hidden units, softmax cross-entropy
                                   and η 0.2 (squared error saturates the output layer)
          ag-a-si-batch-64         ag-a-si-unidirectional in batches of 64 with cross-entropy and η 2: the
                                   batch's mean request is written once per synapse; OpenBLAS uses every
                                   processor

        Options:
        \(options(BenchCommand.specifications))

        Wall-clock figures vary with other load on the machine; docs/benchmarks.md lists measured figures
        with their machine. Peak memory is read from /proc/self/status (Linux), reset before each workload.
        "setup s" is the time outside training and evaluation, mostly building the devices: with a
        nonlinearity spread each device takes a bisection for its curve constant, about 9 µs, so the
        Ag:a-Si workloads spend about 4 s (256 hidden units) and 17 s (1024) before training, even with
        --train-limit. --workload all takes about 40 s in all.

        Example:
          .build/release/analogsim bench --workload aihwkit-reference --data-dir DIR --output bench.json

        """
}
