#!/usr/bin/env bash
# The acceptance runs of the first training path, on MNIST: 784-100-10, one epoch over the first
# 10 000 training images, all 10 000 test images, seed 1, default learning rate and loss.
#
#   examples/mnist-acceptance/run.sh [MNIST_DIR] [OUTPUT_DIR]
#
# Checks: software reaches at least 0.88; ideal-linear with bidirectional updates comes within 2
# points of software; on ag-a-si, unidirectional beats bidirectional. The same checks run as the
# test TrainingRunTests.testMnistAcceptance (in a debug build, whose rounding differs slightly).
set -euo pipefail
repository="$(cd "$(dirname "$0")/../.." && pwd)"
data="$(realpath -m "${1:-$repository/../shared/datasets/mnist}")"
output="$(realpath -m "${2:-$(mktemp -d)}")"
mkdir -p "$output"
cd "$repository"
tool=.build/release/analogsim
[ -x "$tool" ] || swift build -c release

common=(--dataset mnist --data-dir "$data" --train-limit 10000 --seed 1 --force)
"$tool" train --rule software "${common[@]}" --output "$output/software.json" >/dev/null
"$tool" train --rule bidirectional --profile ideal-linear "${common[@]}" --output "$output/ideal-linear-bidirectional.json" >/dev/null
"$tool" compare --profile ag-a-si "${common[@]}" --output "$output/ag-a-si-compare.json"

python3 - "$output" <<'PYTHON'
import json, sys
directory = sys.argv[1]
software = json.load(open(f"{directory}/software.json"))["testAccuracy"]
ideal = json.load(open(f"{directory}/ideal-linear-bidirectional.json"))["testAccuracy"]
table = {row["rule"]: row["testAccuracy"] for row in json.load(open(f"{directory}/ag-a-si-compare.json"))["table"]}
checks = [
    (f"software {software:.4f} >= 0.88", software >= 0.88),
    (f"ideal-linear bidirectional {ideal:.4f} within 2 points of software", software - ideal <= 0.02),
    (f"ag-a-si unidirectional {table['unidirectional']:.4f} > bidirectional {table['bidirectional']:.4f}",
     table["unidirectional"] > table["bidirectional"]),
]
for text, passed in checks:
    print(("pass  " if passed else "FAIL  ") + text)
sys.exit(0 if all(passed for _, passed in checks) else 1)
PYTHON
