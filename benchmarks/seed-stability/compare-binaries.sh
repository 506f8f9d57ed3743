#!/usr/bin/env bash
# Train the same seven short MNIST runs with two analogsim binaries and say, case by case,
# whether the results are identical: test accuracy, potentiation and depression pulses, and the
# training loss to all its digits. Use it before and after a change that should not alter results
# (an optimisation), or to see which cases a deliberate change alters.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: benchmarks/seed-stability/compare-binaries.sh BEFORE AFTER [DATA_DIR]

  BEFORE, AFTER  two analogsim binaries, for example .build/release/analogsim built from two commits
                 (copy the first one elsewhere before building the second)
  DATA_DIR       directory with MNIST's four gzipped IDX files
                 (default: $ANALOGSIM_MNIST_DIR, or else ../shared/datasets/mnist next to the repository)

Each case trains 784-64-10 on the first 3 000 training images with seed 3 and tests on the first
1 000 test images:
  1 ag-a-si, unidirectional, deterministic     5 aihwkit-reram-sb, bidirectional, stochastic
  2 ag-a-si, bidirectional, deterministic      6 ag-a-si, unidirectional, expected
  3 soft bounds, bidirectional, stochastic,    7 software back-propagation
    cross-entropy, η 0.05
  4 aihwkit-pcm, unidirectional, deterministic
Exit status: 0 when every case is identical, 1 when a case differs, 2 on a usage or run error.
USAGE
}

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    usage
    exit 0
fi
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    usage >&2
    echo "compare-binaries.sh: expected two binaries and an optional data directory, got $# arguments" >&2
    exit 2
fi
before="$1"
after="$2"
script_dir="$(cd "$(dirname "$0")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
data_dir="${3:-${ANALOGSIM_MNIST_DIR:-$repo_root/../shared/datasets/mnist}}"
for binary in "$before" "$after"; do
    if [ ! -f "$binary" ] || [ ! -x "$binary" ]; then
        echo "compare-binaries.sh: $binary is not an executable file; pass two analogsim binaries" >&2
        exit 2
    fi
done
[ -d "$data_dir" ] || { echo "compare-binaries.sh: MNIST directory not found: $data_dir; pass it as the third argument" >&2; exit 2; }
export ANALOGSIM_PROFILE_DIR="${ANALOGSIM_PROFILE_DIR:-$repo_root/device-profiles}"

cases=(
    "--profile ag-a-si --rule unidirectional"
    "--profile ag-a-si --rule bidirectional"
    "--profile $script_dir/soft-bounds-reference.json --rule bidirectional --update-scheme stochastic --loss cross-entropy --learning-rate 0.05"
    "--profile aihwkit-pcm --rule unidirectional"
    "--profile aihwkit-reram-sb --rule bidirectional --update-scheme stochastic"
    "--profile ag-a-si --rule unidirectional --update-scheme expected"
    "--rule software"
)

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT
differing=0
for index in "${!cases[@]}"; do
    number=$((index + 1))
    read -r -a arguments <<<"${cases[$index]}"
    for side in before after; do
        binary="$before"
        [ "$side" = after ] && binary="$after"
        if ! "$binary" train "${arguments[@]}" --hidden 64 --dataset mnist --data-dir "$data_dir" \
            --train-limit 3000 --test-limit 1000 --seed 3 --output "$work_dir/$side-$number.json" --force \
            >"$work_dir/$side-$number.log" 2>&1; then
            echo "compare-binaries.sh: case $number failed with the $side binary; its output:" >&2
            cat "$work_dir/$side-$number.log" >&2
            exit 2
        fi
        if [ ! -s "$work_dir/$side-$number.json" ]; then
            echo "compare-binaries.sh: case $number: the $side binary ($binary) exited 0 but wrote no result file; is it analogsim?" >&2
            exit 2
        fi
    done
    if ! python3 - "$work_dir/before-$number.json" "$work_dir/after-$number.json" "$number" "${cases[$index]}" <<'PYTHON'
import json
import sys

before_path, after_path, number, arguments = sys.argv[1:5]

def key(path):
    result = json.load(open(path))
    pulses = result["pulses"]
    return (result["testAccuracy"], pulses["potentiationPulses"], pulses["depressionPulses"],
            result["epochs"][0]["trainLoss"])

before, after = key(before_path), key(after_path)
names = ("test accuracy", "potentiation pulses", "depression pulses", "train loss")
if before == after:
    print(f"case {number} ({arguments}): identical")
    sys.exit(0)
changes = ", ".join(f"{name} {old!r} -> {new!r}" for name, old, new in zip(names, before, after) if old != new)
print(f"case {number} ({arguments}): differs: {changes}")
sys.exit(1)
PYTHON
    then
        differing=$((differing + 1))
    fi
done
[ "$differing" -eq 0 ] || { echo "$differing of ${#cases[@]} cases differ"; exit 1; }
echo "all ${#cases[@]} cases identical"
