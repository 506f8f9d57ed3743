#!/usr/bin/env bash
# Trains the binary-weight rules on two streams and tabulates what each keeps:
#   1. five permuted-MNIST tasks: mean-field binary learning (streaming and frozen prior) against
#      metaplasticity (M 1.35) and the plain binarised network (M 0), in software and on a device
#      profile;
#   2. MNIST then Fashion-MNIST: the plain binarised network against metaplasticity with M 1.5
#      and M 3, in software.
#
#   examples/continual/binary-weights.sh [MNIST_DIR] [OUTPUT_DIR]
#
# The setting: 784-512-512-10, each rule's default batch size and Adam step (64 and 0.01 for the
# mean-field rule, 100 and 0.005 for the metaplastic ones), seed 1, all test images.
# Environment: PERMUTED_LIMIT (default 10000) and PERMUTED_EPOCHS (default 5) set the training
# images and epochs per permuted task. FASHION_LIMIT (default 30000) and FASHION_EPOCHS
# (default 10) set those of the MNIST then Fashion-MNIST stream. PROFILE (default epiram) is the
# device profile of the permuted runs. MEAN_FIELD_RANGE (default 0.5) and METAPLASTIC_RANGE
# (default 1) are the ranges of θ and W_h on its pairs: over ±1, EpiRAM's 64 levels make a step of
# θ so coarse that the mean-field rule's Adam steps rarely send a pulse. JOBS (default 2) runs that many trainings at once. FASHION_DIR (default
# /usr/share/datasets/fashion-mnist) is Fashion-MNIST's directory.
# Writes OUTPUT_DIR/NAME.json per run and OUTPUT_DIR/table.md; prints the table on stdout.
set -euo pipefail
repository="$(cd "$(dirname "$0")/../.." && pwd)"
data="$(realpath -m "${1:-$repository/../shared/datasets/mnist}")"
output="$(realpath -m "${2:-$(mktemp -d)}")"
jobs="${JOBS:-2}"
fashion="${FASHION_DIR:-/usr/share/datasets/fashion-mnist}"
profile="${PROFILE:-epiram}"
mean_field_range="${MEAN_FIELD_RANGE:-0.5}"
metaplastic_range="${METAPLASTIC_RANGE:-1}"
permuted=(--stream permuted-mnist:5 --train-limit "${PERMUTED_LIMIT:-10000}" --epochs-per-task "${PERMUTED_EPOCHS:-5}")
fashion_stream=(--stream mnist-fashion --train-limit "${FASHION_LIMIT:-30000}" --epochs-per-task "${FASHION_EPOCHS:-10}")
mkdir -p "$output"
cd "$repository"
tool=.build/release/analogsim
[ -x "$tool" ] || swift build -c release

# Name, stream and options of each run.
runs=(
    "permuted-mean-field:permuted:--rule mean-field-binary --profile software"
    "permuted-mean-field-frozen:permuted:--rule mean-field-binary --prior frozen --profile software"
    "permuted-metaplastic:permuted:--rule metaplastic --metaplasticity 1.35 --profile software"
    "permuted-binarized:permuted:--rule binarized --profile software"
    "permuted-mean-field-$profile:permuted:--rule mean-field-binary --profile $profile --hidden-range $mean_field_range"
    "permuted-metaplastic-$profile:permuted:--rule metaplastic --metaplasticity 1.35 --profile $profile --hidden-range $metaplastic_range"
    "fashion-binarized:fashion:--rule binarized --profile software"
    "fashion-metaplastic-1.5:fashion:--rule metaplastic --metaplasticity 1.5 --profile software"
    "fashion-metaplastic-3:fashion:--rule metaplastic --metaplasticity 3 --profile software"
)

train_one() {
    local name="$1" stream="$2" options="$3"
    local stream_options=("${permuted[@]}")
    [ "$stream" = fashion ] && stream_options=("${fashion_stream[@]}")
    # shellcheck disable=SC2086 # the run's options are meant to split into words
    "$tool" continual $options "${stream_options[@]}" --data-dir "$data" --fashion-data-dir "$fashion" --seed 1 \
        --force --output "$output/$name.json" >/dev/null 2>"$output/$name.log"
    echo "finished $name" >&2
}

running=0
for entry in "${runs[@]}"; do
    name="${entry%%:*}"
    rest="${entry#*:}"
    train_one "$name" "${rest%%:*}" "${rest#*:}" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

names=()
for entry in "${runs[@]}"; do names+=("${entry%%:*}"); done
python3 - "$output" "${names[@]}" <<'PYTHON' | tee "$output/table.md"
import json, sys
directory, names = sys.argv[1], sys.argv[2:]
print("| run | task 1 after task 1 (%) | task 1 at the end (%) | last task (%) | ACC (%) | BWT (points) "
      "| forgetting (points) | pulses |")
print("|---|---|---|---|---|---|---|---|")
for name in names:
    result = json.load(open(f"{directory}/{name}.json"))
    matrix, metrics = result["metrics"]["accuracyMatrix"], result["metrics"]
    pulses = result.get("pulses")
    print(f"| {name} | {100 * matrix[0][0]:.2f} | {100 * matrix[-1][0]:.2f} | {100 * matrix[-1][-1]:.2f} "
          f"| {100 * metrics['averageAccuracy']:.2f} | {100 * metrics['backwardTransfer']:.2f} "
          f"| {100 * metrics['forgetting']:.2f} "
          f"| {pulses['potentiation'] + pulses['depression'] if pulses else '—'} |")
PYTHON
