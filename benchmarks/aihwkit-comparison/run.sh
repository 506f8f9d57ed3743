#!/usr/bin/env bash
# Train the aihwkit reference workload in IBM aihwkit 1.1.0 and in AnalogSim on one CPU thread
# each, once per seed, and print training throughput, evaluation time, test accuracy and peak
# memory side by side. Optional and not part of CI: the first run downloads about 4.2 GB of Python
# wheels from PyPI.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: benchmarks/aihwkit-comparison/run.sh [--limit N] [--seeds N] [DATA_DIR]

Trains a 784-256-10 perceptron on MNIST for one epoch (batch size 1) in aihwkit and in AnalogSim,
once per seed, and prints a table per seed and, per tool, images/s, evaluation seconds, test
accuracy and peak resident memory over the seeds.

  DATA_DIR    directory with MNIST's four gzipped IDX files
              (default: $ANALOGSIM_MNIST_DIR, or else ../shared/datasets/mnist next to the
              repository root, as for AnalogSim's tests)
  --limit N   train on the first N images of the shuffled training set instead of all 60 000;
              the test set is always all 10 000 images
  --seeds N   train each tool N times, with seeds 1 to N (default 3). The test accuracy of one
              epoch varies by several points from seed to seed, so one run per tool cannot show
              whether the two tools agree.
  -h, --help  print this help

Environment:
  ANALOGSIM_MNIST_DIR  default DATA_DIR
  PYTHON               Python that creates the virtual environment (default: python3.11;
                       aihwkit 1.1.0 has wheels for CPython 3.10 to 3.12 on Linux x86_64)

Results are written to benchmarks/aihwkit-comparison/out/: TOOL-seedS.json and TOOL-seedS.time
(the /usr/bin/time -v output) per run, where TOOL is aihwkit or analogsim.
EOF
}

fail() {
    echo "run.sh: $*" >&2
    exit 2
}

limit=""
seed_count=3
data_dir=""
while [ $# -gt 0 ]; do
    case "$1" in
        --limit)
            [ $# -ge 2 ] || fail "--limit needs a number of training images"
            limit="$2"
            shift 2
            ;;
        --limit=*)
            limit="${1#--limit=}"
            shift
            ;;
        --seeds)
            [ $# -ge 2 ] || fail "--seeds needs a number of runs per tool"
            seed_count="$2"
            shift 2
            ;;
        --seeds=*)
            seed_count="${1#--seeds=}"
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        -*)
            usage >&2
            fail "unknown option $1"
            ;;
        *)
            [ -z "$data_dir" ] || fail "more than one data directory given: $data_dir and $1"
            data_dir="$1"
            shift
            ;;
    esac
done
if [ -n "$limit" ] && ! [[ "$limit" =~ ^[1-9][0-9]*$ ]]; then
    fail "--limit must be a positive whole number of training images, got '$limit'"
fi
if ! [[ "$seed_count" =~ ^0*[1-9][0-9]{0,5}$ ]]; then
    fail "--seeds must be a whole number of runs per tool from 1 to 999999 (seeds 1 to N), got '$seed_count'; use --seeds 1 for a single run"
fi
seed_count=$((10#$seed_count))

bench_dir="$(cd "$(dirname "$0")" && pwd)"
repo_root="$(cd "$bench_dir/../.." && pwd)"
data_dir="${data_dir:-${ANALOGSIM_MNIST_DIR:-$repo_root/../shared/datasets/mnist}}"
[ -d "$data_dir" ] || fail "MNIST directory not found: $data_dir; pass the directory with the four gzipped IDX files as the first argument"
data_dir="$(cd "$data_dir" && pwd)"
out_dir="$bench_dir/out"
mkdir -p "$out_dir"
# Results of an earlier run with more seeds would otherwise stay next to this run's.
rm -f "$out_dir"/aihwkit-seed*.json "$out_dir"/aihwkit-seed*.time \
    "$out_dir"/analogsim-seed*.json "$out_dir"/analogsim-seed*.time

# One thread everywhere: torch (MKL, OpenMP), aihwkit's C++ simulator (OpenMP and its bundled
# OpenBLAS) and AnalogSim's OpenBLAS.
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

if [ ! -x /usr/bin/time ]; then
    echo "== /usr/bin/time is missing; installing Debian's time package"
    if [ "$(id -u)" -eq 0 ]; then sudo_command=(); else sudo_command=(sudo); fi
    "${sudo_command[@]}" apt-get update -qq
    "${sudo_command[@]}" apt-get install -y -qq time
fi

# --- Setup ---------------------------------------------------------------------------------------

python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null || fail "$python not found; set PYTHON to a CPython 3.10, 3.11 or 3.12 interpreter"
venv_dir="$bench_dir/.venv"
if [ ! -x "$venv_dir/bin/python" ]; then
    echo "== creating $venv_dir with $python"
    "$python" -m venv "$venv_dir"
fi
echo "== installing torch 2.10.0 and aihwkit 1.1.0 into $venv_dir (about 4.2 GB on the first run)"
# Wheels only: aihwkit's source distribution would compile its C++ simulator, which takes long and
# needs a BLAS and a compiler setup that this benchmark does not provide.
"$venv_dir/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: \
    -r "$bench_dir/requirements.txt" \
    || fail "pip failed to install $bench_dir/requirements.txt into $venv_dir (see pip's message above)"
"$venv_dir/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: --no-deps \
    aihwkit==1.1.0 \
    || fail "pip failed to install aihwkit 1.1.0 into $venv_dir; its wheels are for CPython 3.10 to 3.12 on Linux x86_64"

analogsim_ready=true
echo "== AnalogSim: swift build -c release"
if ! command -v swift >/dev/null; then
    echo "run.sh: swift not found, so AnalogSim's side is skipped" >&2
    analogsim_ready=false
elif ! (cd "$repo_root" && swift build -c release); then
    echo "run.sh: swift build -c release failed, so AnalogSim's side is skipped" >&2
    analogsim_ready=false
fi

# --- Training, one run per tool and seed ---------------------------------------------------------

# Runs alternate between the tools, so that a change in the load of the machine during the
# benchmark affects both tools' figures alike.
failed_runs=0
for seed in $(seq 1 "$seed_count"); do
    echo "== aihwkit, seed $seed of $seed_count: training${limit:+ on $limit images}"
    status=0
    /usr/bin/time -v -o "$out_dir/aihwkit-seed$seed.time" \
        "$venv_dir/bin/python" "$bench_dir/aihwkit_reference.py" --data-dir "$data_dir" \
        --output "$out_dir/aihwkit-seed$seed.json" --seed "$seed" ${limit:+--limit "$limit"} \
        || status=$?
    if [ "$status" -ne 0 ]; then
        echo "run.sh: aihwkit's run with seed $seed failed with exit status $status; see its output above" >&2
        failed_runs=$((failed_runs + 1))
    fi

    if ! "$analogsim_ready"; then
        failed_runs=$((failed_runs + 1))
        continue
    fi
    echo "== AnalogSim, seed $seed of $seed_count: training${limit:+ on $limit images}"
    # The option for a shorter run is --train-limit, as in `analogsim train`.
    status=0
    (cd "$repo_root" && /usr/bin/time -v -o "$out_dir/analogsim-seed$seed.time" \
        .build/release/analogsim bench --workload aihwkit-reference --data-dir "$data_dir" \
        --output "$out_dir/analogsim-seed$seed.json" --seed "$seed" ${limit:+--train-limit "$limit"}) \
        || status=$?
    if [ "$status" -ne 0 ]; then
        echo "run.sh: 'analogsim bench --workload aihwkit-reference --seed $seed' failed with exit" \
            "status $status; see its output above" >&2
        failed_runs=$((failed_runs + 1))
    fi
done

# --- Comparison ----------------------------------------------------------------------------------

echo
echo "MNIST 784-256-10, batch size 1, one CPU thread, ${limit:-60000} training images," \
    "10000 test images, seeds 1 to $seed_count"
echo
"$python" "$bench_dir/report.py" --results-dir "$out_dir" --seeds "$seed_count"

if [ "$failed_runs" -ne 0 ]; then
    echo "run.sh: $failed_runs of $((2 * seed_count)) runs failed or were skipped; the figures above leave them out" >&2
    exit 1
fi
