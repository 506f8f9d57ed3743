#!/usr/bin/env bash
# Train the aihwkit reference workload in IBM aihwkit 1.1.0 and in AnalogSim on one CPU thread
# each, and print training throughput, evaluation time, test accuracy and peak memory side by side.
# Optional and not part of CI: the first run downloads about 4.2 GB of Python wheels from PyPI.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: benchmarks/aihwkit-comparison/run.sh [--limit N] [DATA_DIR]

Trains a 784-256-10 perceptron on MNIST for one epoch (batch size 1) in aihwkit and in AnalogSim
and prints images/s, evaluation seconds, test accuracy and peak resident memory of each.

  DATA_DIR    directory with MNIST's four gzipped IDX files
              (default: $ANALOGSIM_MNIST_DIR, or else ../shared/datasets/mnist next to the
              repository root, as for AnalogSim's tests)
  --limit N   train on the first N images of the shuffled training set instead of all 60 000;
              the test set is always all 10 000 images
  -h, --help  print this help

Environment:
  ANALOGSIM_MNIST_DIR  default DATA_DIR
  PYTHON               Python that creates the virtual environment (default: python3.11;
                       aihwkit 1.1.0 has wheels for CPython 3.10 to 3.12 on Linux x86_64)

Results are written to benchmarks/aihwkit-comparison/out/.
EOF
}

fail() {
    echo "run.sh: $*" >&2
    exit 2
}

limit=""
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

bench_dir="$(cd "$(dirname "$0")" && pwd)"
repo_root="$(cd "$bench_dir/../.." && pwd)"
data_dir="${data_dir:-${ANALOGSIM_MNIST_DIR:-$repo_root/../shared/datasets/mnist}}"
[ -d "$data_dir" ] || fail "MNIST directory not found: $data_dir; pass the directory with the four gzipped IDX files as the first argument"
data_dir="$(cd "$data_dir" && pwd)"
out_dir="$bench_dir/out"
mkdir -p "$out_dir"

# One thread everywhere: torch (MKL, OpenMP), aihwkit's C++ simulator (OpenMP and its bundled
# OpenBLAS) and AnalogSim's OpenBLAS.
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

if [ ! -x /usr/bin/time ]; then
    echo "== /usr/bin/time is missing; installing Debian's time package"
    if [ "$(id -u)" -eq 0 ]; then sudo_command=(); else sudo_command=(sudo); fi
    "${sudo_command[@]}" apt-get update -qq
    "${sudo_command[@]}" apt-get install -y -qq time
fi

# --- aihwkit -------------------------------------------------------------------------------------

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

aihwkit_status=0
rm -f "$out_dir/aihwkit.json" "$out_dir/aihwkit.time"
echo "== aihwkit: training${limit:+ on $limit images}"
/usr/bin/time -v -o "$out_dir/aihwkit.time" \
    "$venv_dir/bin/python" "$bench_dir/aihwkit_reference.py" \
    --data-dir "$data_dir" --output "$out_dir/aihwkit.json" ${limit:+--limit "$limit"} \
    || aihwkit_status=$?
if [ "$aihwkit_status" -ne 0 ]; then
    echo "run.sh: the aihwkit run failed with exit status $aihwkit_status; see its output above" >&2
fi

# --- AnalogSim -----------------------------------------------------------------------------------

analogsim_status=0
rm -f "$out_dir/analogsim.json" "$out_dir/analogsim.time"
echo "== AnalogSim: swift build -c release"
if ! command -v swift >/dev/null; then
    echo "run.sh: swift not found, so AnalogSim's side is skipped" >&2
    analogsim_status=127
elif ! (cd "$repo_root" && swift build -c release); then
    echo "run.sh: swift build -c release failed, so AnalogSim's side is skipped" >&2
    analogsim_status=1
else
    echo "== AnalogSim: training${limit:+ on $limit images}"
    # `analogsim bench` refuses to replace an existing --output file without --force, hence the
    # rm -f above. Its option for a shorter run is --train-limit, as in `analogsim train`.
    (cd "$repo_root" && /usr/bin/time -v -o "$out_dir/analogsim.time" \
        .build/release/analogsim bench --workload aihwkit-reference \
        --data-dir "$data_dir" --output "$out_dir/analogsim.json" ${limit:+--train-limit "$limit"}) \
        || analogsim_status=$?
    if [ "$analogsim_status" -ne 0 ]; then
        echo "run.sh: 'analogsim bench --workload aihwkit-reference' failed with exit status" \
            "$analogsim_status; this build of AnalogSim may not have the bench command yet." \
            "aihwkit's figures are printed below without AnalogSim's." >&2
    fi
fi

# --- Comparison ----------------------------------------------------------------------------------

echo
echo "MNIST 784-256-10, batch size 1, one CPU thread, ${limit:-60000} training images, 10000 test images"
"$python" "$bench_dir/report.py" \
    --aihwkit-json "$out_dir/aihwkit.json" --aihwkit-time "$out_dir/aihwkit.time" \
    --analogsim-json "$out_dir/analogsim.json" --analogsim-time "$out_dir/analogsim.time"

if [ "$aihwkit_status" -ne 0 ] || [ "$analogsim_status" -ne 0 ]; then
    exit 1
fi
