#!/usr/bin/env bash
# Trains a stream of tasks (default MNIST, then Fashion-MNIST) with every rule of 'analogsim
# continual', in software and on device profiles, and tabulates how much of the first task each
# keeps.
#
#   examples/continual/run.sh [MNIST_DIR] [OUTPUT_DIR]
#
# The setting of the gradient rules: 784-100-10 with ReLU hidden units and softmax cross-entropy,
# batch size 1, the first TRAIN_LIMIT (default 10 000) training images of each task, EPOCHS
# (default 1) passes over them, all test images, seed 1. Each rule runs at its default step size: η 0.01 for SGD, EWC and
# AdaGrad, α 0.2 for CLASSP. SGD and AdaGrad also run at 0.1, because on devices with few levels
# most requests of η 0.01 fall below half a step and send nothing. CLASSP runs three
# times: the rule of Ludwig's CLASSP paper (2024) with its defaults (τ 0.5, p 1), the same rule
# with τ 0.01, and the compatibility mode, which behaves like the authors' code. The
# compatibility mode is documented in docs/learning-rules/classp.md.
# The binary-weight rules run with their own defaults (784-512-512-10, Adam, batch 64 for the
# mean-field rule and 100 for metaplasticity, M 1.5) on the same images and epochs. On devices
# their hidden values lie in ±0.5: over the default ±3, one pulse of a 64-level device moves θ or
# W_h by about 0.09, and Adam's steps then never reach half a pulse, so nothing is written.
# Devices learn by bidirectional updates with closed-loop (deterministic) pulse counts.
#
# Environment: STREAM (default mnist-fashion) is any stream of 'analogsim continual'; JOBS
# (default 2) runs that many trainings at once; PROFILES (default "ideal-linear epiram gst-pcm")
# lists the device profiles; FASHION_DIR (default /usr/share/datasets/fashion-mnist) is
# Fashion-MNIST's directory.
# Writes OUTPUT_DIR/PROFILE-RULE.json per run and OUTPUT_DIR/table.md; prints the table on stdout.
# A run whose result file is already in OUTPUT_DIR is kept, so an interrupted table resumes.
set -euo pipefail
repository="$(cd "$(dirname "$0")/../.." && pwd)"
data="$(realpath -m "${1:-$repository/../shared/datasets/mnist}")"
output="$(realpath -m "${2:-$(mktemp -d)}")"
jobs="${JOBS:-2}"
epochs="${EPOCHS:-1}"
stream="${STREAM:-mnist-fashion}"
train_limit="${TRAIN_LIMIT:-10000}"
fashion="${FASHION_DIR:-/usr/share/datasets/fashion-mnist}"
read -r -a profiles <<< "${PROFILES:-ideal-linear epiram gst-pcm}"
mkdir -p "$output"
cd "$repository"
tool=.build/release/analogsim
[ -x "$tool" ] || swift build -c release

setting=(--stream "$stream" --data-dir "$data" --fashion-data-dir "$fashion" --train-limit "$train_limit"
         --epochs-per-task "$epochs" --seed 1 --force)
# Name and options of each rule's run.
rules=("sgd:--rule sgd" "sgd-eta0.1:--rule sgd --learning-rate 0.1" "adagrad:--rule adagrad"
       "adagrad-alpha0.1:--rule adagrad --learning-rate 0.1" "ewc:--rule ewc" "classp:--rule classp"
       "classp-tau0.01:--rule classp --classp-threshold 0.01" "classp-compat:--rule classp --classp-compatibility"
       "mean-field-binary:--rule mean-field-binary --hidden-range 0.5"
       "metaplastic:--rule metaplastic --metaplasticity 1.5 --hidden-range 0.5"
       "binarized:--rule binarized --hidden-range 0.5")

train_one() {
    local profile="$1" name="$2" options="$3"
    local run="$output/$profile-$name"
    if [ -f "$run.json" ]; then
        echo "kept $run.json from an earlier run" >&2
        return
    fi
    # shellcheck disable=SC2086 # the rule's options are meant to split into words
    "$tool" continual --profile "$profile" $options "${setting[@]}" --output "$run.json" >/dev/null 2>"$run.log"
    echo "finished $name on $profile" >&2
}

running=0
for profile in software "${profiles[@]}"; do
    for entry in "${rules[@]}"; do
        train_one "$profile" "${entry%%:*}" "${entry#*:}" &
        running=$((running + 1))
        if [ "$running" -ge "$jobs" ]; then
            wait -n
            running=$((running - 1))
        fi
    done
done
wait

names=()
for entry in "${rules[@]}"; do names+=("${entry%%:*}"); done
python3 - "$output" "${#names[@]}" "${names[@]}" software "${profiles[@]}" <<'PYTHON' | tee "$output/table.md"
import json, sys
directory, count = sys.argv[1], int(sys.argv[2])
names, profiles = sys.argv[3:3 + count], sys.argv[3 + count:]
print("| weights | rule | task 1 after task 1 (%) | task 1 at the end (%) | last task (%) | ACC (%) | BWT (points) "
      "| forgetting (points) | stored values per weight | pulses | gated requests | pulses saved by the gate (estimate) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for profile in profiles:
    for name in names:
        result = json.load(open(f"{directory}/{profile}-{name}.json"))
        matrix, metrics = result["metrics"]["accuracyMatrix"], result["metrics"]
        pulses, saved = result.get("pulses"), result.get("estimatedGatedPulses")
        print(f"| {profile} | {name} | {100 * matrix[0][0]:.2f} | {100 * matrix[-1][0]:.2f} | {100 * matrix[-1][-1]:.2f} "
              f"| {100 * metrics['averageAccuracy']:.2f} | {100 * metrics['backwardTransfer']:.2f} "
              f"| {100 * metrics['forgetting']:.2f} | {result['storedValuesPerWeight']} "
              f"| {pulses['potentiation'] + pulses['depression'] if pulses else '—'} "
              f"| {pulses['gatedRequests'] if pulses else '—'} | {saved if saved is not None else '—'} |")
PYTHON
