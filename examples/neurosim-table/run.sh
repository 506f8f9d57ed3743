#!/usr/bin/env bash
# Trains software and the seven NeuroSim V3.0 devices in NeuroSim's MNIST benchmark setting and
# prints the final test accuracy of each next to the accuracy NeuroSim V3.0 publishes for it.
#
#   examples/neurosim-table/run.sh [MNIST_DIR] [OUTPUT_DIR]
#
# The setting: the central 20×20 pixels binarised at 0.5, network 400-100-10, η 0.4 and 0.2,
# weights in [−1, 1]. Training runs 125 rounds of 8000 training images drawn at random, with a
# test on all 10 000 test images after each round. Hidden activations are 1-bit in the forward
# pass. The loss is squared error on sigmoid outputs in NeuroSim's form (--loss sse), with batch
# size 1 and seed 1. As in NeuroSim's trainer, the layers have no biases and the weights start at
# one of seven values k/3, k = −3…3. Devices learn by bidirectional updates with NeuroSim's
# open-loop pulse counts on one device per weight against a mid-range reference column, are read
# through NeuroSim's 8-bit reference-column ADC and start from NeuroSim's ideal write
# (docs/neurosim-table.md).
#
# Environment: JOBS (default 2) runs that many trainings at once; ROUNDS (default 125) shortens
# the schedule for a quick look, in which case the table is not comparable with NeuroSim's;
# SCHEME (default open-loop, NeuroSim's pulse count) sets --update-scheme of the device runs;
# SEEDS (default 1) runs seeds 1 to SEEDS and tabulates the mean and sample standard deviation;
# READOUT=exact reads the devices' W·x exactly and programs the initial weights exactly instead;
# C2C_SCALE=F (default 1) multiplies every device's cycle-to-cycle sigma by F, writing the scaled
# profiles to OUTPUT_DIR/profiles/. It is a sensitivity check, so its table is not NeuroSim's setting.
# Writes OUTPUT_DIR/NAME-seedS.json per run and OUTPUT_DIR/table.md; prints the table on stdout.
# A run whose result file already exists in OUTPUT_DIR is kept, so an interrupted table resumes
# and more seeds can be added to a finished one. OUTPUT_DIR/settings records ROUNDS, SCHEME,
# READOUT and C2C_SCALE. A directory with other settings is rejected, so kept runs always match
# the table's settings. Delete the directory or choose another to start over.
set -euo pipefail
repository="$(cd "$(dirname "$0")/../.." && pwd)"
data="$(realpath -m "${1:-$repository/../shared/datasets/mnist}")"
output="$(realpath -m "${2:-$(mktemp -d)}")"
jobs="${JOBS:-2}"
rounds="${ROUNDS:-125}"
scheme="${SCHEME:-open-loop}"
seeds="${SEEDS:-1}"
readout="${READOUT:-neurosim}"

usage_error() {
    echo "run.sh: $1" >&2
    exit 64
}
for variable in JOBS ROUNDS SEEDS; do
    value="${!variable:-1}"
    [[ "$value" =~ ^[1-9][0-9]*$ ]] || usage_error "$variable must be a whole number of at least 1, not '$value'"
done
case "$scheme" in
    deterministic|stochastic|expected|open-loop) ;;
    *) usage_error "SCHEME must be deterministic, stochastic, expected or open-loop, not '$scheme'" ;;
esac
case "$readout" in
    neurosim|exact) ;;
    *) usage_error "READOUT must be neurosim or exact, not '$readout'" ;;
esac
# The scale in a canonical form ("1" for any spelling of one), or empty when it is not a number.
c2c_scale="$(python3 -c '
import math, sys
try:
    scale = float(sys.argv[1])
except ValueError:
    sys.exit(0)
if math.isfinite(scale) and scale >= 0:
    print("1" if scale == 1 else repr(scale))
' "${C2C_SCALE:-1}")"
[ -n "$c2c_scale" ] || usage_error "C2C_SCALE must be a number of at least 0, not '${C2C_SCALE}'"

settings="rounds=$rounds scheme=$scheme readout=$readout c2c_scale=$c2c_scale"
if [ -f "$output/settings" ] && [ "$(cat "$output/settings")" != "$settings" ]; then
    usage_error "$output contains runs with other settings ($(cat "$output/settings")), not $settings; choose another OUTPUT_DIR or delete it"
fi
mkdir -p "$output"
echo "$settings" > "$output/settings"
cd "$repository"
tool=.build/release/analogsim
[ -x "$tool" ] || swift build -c release

setting=(--dataset mnist --data-dir "$data" --crop 20 --binarize 0.5 --hidden 100
         --learning-rate 0.4,0.2 --hidden-activation-bits 1 --rounds "$rounds" --round-size 8000
         --loss sse --batch-size 1 --weight-range 1 --initial-weights seven-levels --biases off --force)
device_setting=(--update-scheme "$scheme" --pair-writes positive-only --weight-mapping fixed-reference)
if [ "$readout" = neurosim ]; then
    device_setting+=(--adc-bits 8 --initial-write neurosim)
fi
devices=(ag-a-si taox-hfox pcmo alox-hfo2 gst-pcm epiram hzo-fefet)

# Each device's profile: the bundled one, or a copy with its cycle-to-cycle sigma scaled.
profile_of() {
    if [ "$c2c_scale" = 1 ]; then
        echo "$1"
    else
        echo "$output/profiles/$1.json"
    fi
}
if [ "$c2c_scale" != 1 ]; then
    mkdir -p "$output/profiles"
    for name in "${devices[@]}"; do
        python3 - "device-profiles/$name.json" "$c2c_scale" "$output/profiles/$name.json" <<'PYTHON'
import json, sys
source, scale, target = sys.argv[1], float(sys.argv[2]), sys.argv[3]
profile = json.load(open(source))
profile["cycleToCycleSigma"] = profile["cycleToCycleSigma"] * scale
profile["description"] += f" (cycle-to-cycle sigma scaled by {scale})"
with open(target, "w") as file:
    json.dump(profile, file, indent=4, ensure_ascii=False)
    file.write("\n")
PYTHON
    done
fi

train_one() {
    local name="$1" seed="$2"
    local run="$output/$name-seed$seed"
    if [ -f "$run.json" ]; then
        echo "kept $run.json from an earlier run" >&2
        return
    fi
    local status=0
    if [ "$name" = software ]; then
        "$tool" train --rule software "${setting[@]}" --seed "$seed" --output "$run.json" >/dev/null 2>"$run.log" \
            || status=$?
    else
        "$tool" train --rule bidirectional --profile "$(profile_of "$name")" "${device_setting[@]}" \
            "${setting[@]}" --seed "$seed" --output "$run.json" >/dev/null 2>"$run.log" || status=$?
    fi
    if [ "$status" -ne 0 ]; then
        echo "run.sh: training $name, seed $seed failed with exit status $status; the end of $run.log:" >&2
        tail -n 3 "$run.log" >&2
        return "$status"
    fi
    echo "finished $name, seed $seed" >&2
}

# Runs JOBS trainings at a time. After a failure no new training starts, the running ones finish,
# and the script exits with the failure's status instead of writing a table.
running=0
failure=0
for seed in $(seq 1 "$seeds"); do
    for name in software "${devices[@]}"; do
        [ "$failure" -eq 0 ] || break 2
        train_one "$name" "$seed" &
        running=$((running + 1))
        if [ "$running" -ge "$jobs" ]; then
            wait -n || failure=$?
            running=$((running - 1))
        fi
    done
done
while [ "$running" -gt 0 ]; do
    wait -n || failure=$?
    running=$((running - 1))
done
if [ "$failure" -ne 0 ]; then
    echo "run.sh: a training failed, so no table was written; fix the cause and rerun to resume" >&2
    exit "$failure"
fi

python3 - "$output" "$rounds" "$seeds" "$c2c_scale" software "${devices[@]}" <<'PYTHON' | tee "$output/table.md"
import json, statistics, sys
directory, rounds, seeds, scale, names = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5:]
# Accuracy in percent that NeuroSim V3.0 reports for each device (P.-Y. Chen, X. Peng, S. Yu,
# IEEE TCAD 37(12), 2018), as a (low, high) range; software is quoted as 96 to 97 %.
published = {
    "software": (96, 97), "ag-a-si": (72, 72), "taox-hfox": (80, 80), "pcmo": (33, 33),
    "alox-hfo2": (20, 20), "gst-pcm": (89, 89), "epiram": (92, 92), "hzo-fefet": (88, 88),
}
if scale != 1:
    print(f"NOTE: every device's cycle-to-cycle sigma is scaled by {scale}, so this is not NeuroSim's setting.\n")
if rounds != 125:
    print(f"NOTE: {rounds} round(s) instead of 125, so the accuracies are not comparable with NeuroSim's.\n")
print(f"Seeds 1 to {seeds}: final, last-10-rounds and best-round accuracy are means over the seeds, sd the sample standard deviation of the final one.")
print("'range' is the lowest and highest final accuracy of a seed, and 'seeds within ±3' counts the seeds whose final accuracy alone lies within 3 points of the published figure.\n")
print("| device | final test accuracy (%) | sd | range (%) | last 10 rounds (%) | best round (%) | published (%) | difference (points) | within ±3 points | seeds within ±3 |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name in names:
    results = [json.load(open(f"{directory}/{name}-seed{seed}.json")) for seed in range(1, seeds + 1)]
    finals = [100 * result["testAccuracy"] for result in results]
    accuracy = statistics.mean(finals)
    deviation = f"{statistics.stdev(finals):.2f}" if seeds > 1 else "—"
    best = statistics.mean(100 * max(record["testAccuracy"] for record in result["epochs"]) for result in results)
    last = statistics.mean(100 * statistics.mean(record["testAccuracy"] for record in result["epochs"][-10:])
                           for result in results)
    low, high = published[name]
    # The difference to the nearest end of the published range, 0 inside it.
    difference = accuracy - high if accuracy > high else (accuracy - low if accuracy < low else 0.0)
    quoted = f"{low}" if low == high else f"{low}–{high}"
    within = "yes" if abs(difference) <= 3 else "no"
    seeds_within = sum(1 for final in finals if low - 3 <= final <= high + 3)
    spread = f"{min(finals):.2f}–{max(finals):.2f}"
    print(f"| {name} | {accuracy:.2f} | {deviation} | {spread} | {last:.2f} | {best:.2f} | {quoted} | {difference:+.2f} | {within} | {seeds_within} of {seeds} |")
PYTHON
