"""Print run.sh's comparison table from the result JSON and `/usr/bin/time -v` output of each tool.

Uses only the standard library, so it runs with any Python 3 even when the aihwkit environment
could not be set up.
"""

import argparse
import json
import re
import sys
from pathlib import Path

MAX_RSS_PATTERN = re.compile(r"Maximum resident set size \(kbytes\):\s*(\d+)")


def read_result(path: Path, tool: str) -> dict | None:
    """Read imagesPerSecond, evaluationSeconds and testAccuracy, or None where the run wrote none."""
    if not path.is_file():
        return None
    try:
        result = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        print(f"{tool}: {path} is not valid JSON ({error}); its row is left empty", file=sys.stderr)
        return None
    missing = [key for key in ("imagesPerSecond", "evaluationSeconds", "testAccuracy") if key not in result]
    if missing:
        print(f"{tool}: {path} has no {', '.join(missing)}; its row is left empty", file=sys.stderr)
        return None
    return result


def read_peak_megabytes(path: Path) -> float | None:
    """Return the peak resident set size from `/usr/bin/time -v` output, in MB (10^6 bytes)."""
    if not path.is_file():
        return None
    match = MAX_RSS_PATTERN.search(path.read_text())
    return int(match.group(1)) * 1024 / 1e6 if match else None


def format_number(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:,.{digits}f}".replace(",", " ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aihwkit-json", type=Path, required=True)
    parser.add_argument("--aihwkit-time", type=Path, required=True)
    parser.add_argument("--analogsim-json", type=Path, required=True)
    parser.add_argument("--analogsim-time", type=Path, required=True)
    arguments = parser.parse_args()

    rows = {
        "aihwkit": (read_result(arguments.aihwkit_json, "aihwkit"),
                    read_peak_megabytes(arguments.aihwkit_time)),
        "AnalogSim": (read_result(arguments.analogsim_json, "AnalogSim"),
                      read_peak_megabytes(arguments.analogsim_time)),
    }

    header = ("tool", "images/s", "evaluation (s)", "test accuracy", "peak memory (MB)")
    lines = [header]
    for tool, (result, megabytes) in rows.items():
        if result is None:
            # The peak memory of a run that wrote no result (a failed one) is not comparable.
            megabytes = None
        lines.append((
            tool,
            format_number(result and result["imagesPerSecond"], 0),
            format_number(result and result["evaluationSeconds"], 2),
            format_number(result and result["testAccuracy"], 4),
            format_number(megabytes, 0),
        ))
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    for line in lines:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())

    aihwkit, analogsim = rows["aihwkit"][0], rows["AnalogSim"][0]
    if aihwkit and analogsim:
        speed_ratio = analogsim["imagesPerSecond"] / aihwkit["imagesPerSecond"]
        accuracy_points = 100 * (analogsim["testAccuracy"] - aihwkit["testAccuracy"])
        print(f"AnalogSim/aihwkit images/s: {speed_ratio:.1f}")
        print(f"test accuracy, AnalogSim minus aihwkit: {accuracy_points:+.2f} points")
    else:
        print("AnalogSim/aihwkit ratios: not computed, because a tool has no result")
    return 0


if __name__ == "__main__":
    sys.exit(main())
