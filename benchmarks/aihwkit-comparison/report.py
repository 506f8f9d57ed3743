"""Print run.sh's comparison of aihwkit and AnalogSim over the runs of seeds 1 to N.

Reads TOOL-seedS.json (the result of one run) and TOOL-seedS.time (its `/usr/bin/time -v` output)
for each tool and seed from the results directory. A run without a valid result is reported on
stderr and left out of the statistics. Uses only the standard library, so it runs with any
Python 3.10 or later even when the aihwkit environment could not be set up.
"""

import argparse
import json
import math
import re
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

TOOLS = {"aihwkit": "aihwkit", "analogsim": "AnalogSim"}
RESULT_KEYS = ("imagesPerSecond", "evaluationSeconds", "testAccuracy")
MAX_RSS_PATTERN = re.compile(r"Maximum resident set size \(kbytes\):\s*(\d+)")
EXIT_STATUS_PATTERN = re.compile(r"Exit status:\s*(\d+)")
SIGNAL_PATTERN = re.compile(r"Command terminated by signal (\d+)")


@dataclass
class Run:
    """Figures of one training run that wrote a valid result."""

    seed: int
    images_per_second: float
    evaluation_seconds: float
    test_accuracy: float
    peak_megabytes: float | None


def warn(message: str) -> None:
    print(f"report.py: {message}", file=sys.stderr)


def read_failure(time_path: Path) -> str | None:
    """Describe how the run failed according to `/usr/bin/time -v`, or return None.

    None also when the time file is missing or lacks the lines, because then the result file
    alone decides whether the run counts.
    """
    if not time_path.is_file():
        return None
    text = time_path.read_text(errors="replace")
    # GNU time records "Exit status: 0" for a process that a signal ended, so check the signal first.
    signal_match = SIGNAL_PATTERN.search(text)
    if signal_match:
        return f"was ended by signal {signal_match.group(1)}"
    status_match = EXIT_STATUS_PATTERN.search(text)
    if status_match and status_match.group(1) != "0":
        return f"failed with exit status {status_match.group(1)}"
    return None


def read_peak_megabytes(time_path: Path) -> float | None:
    """Return the peak resident set size from `/usr/bin/time -v` output, in MB (10^6 bytes)."""
    if not time_path.is_file():
        return None
    match = MAX_RSS_PATTERN.search(time_path.read_text(errors="replace"))
    return int(match.group(1)) * 1024 / 1e6 if match else None


def invalid_figures(result: dict) -> list[str]:
    """Describe each figure of RESULT_KEYS that is missing or out of range."""
    problems = []
    for key in RESULT_KEYS:
        value = result.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            problems.append(f"{key} is {value!r}, not a finite number")
        elif key == "testAccuracy" and not 0 <= value <= 1:
            problems.append(f"testAccuracy is {value}, outside [0, 1]")
        elif key != "testAccuracy" and value <= 0:
            problems.append(f"{key} is {value}, not positive")
    return problems


def read_run(results_dir: Path, tool: str, seed: int) -> Run | None:
    """Read one run's figures, or warn and return None when the run failed or wrote no valid result."""
    name = f"{TOOLS[tool]}, seed {seed}"
    json_path = results_dir / f"{tool}-seed{seed}.json"
    time_path = results_dir / f"{tool}-seed{seed}.time"

    failure = read_failure(time_path)
    if failure is not None:
        warn(f"{name}: the run {failure} ({time_path}); left out")
        return None
    if not json_path.is_file():
        warn(f"{name}: no result, {json_path} not found; left out")
        return None
    try:
        result = json.loads(json_path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        warn(f"{name}: {json_path} could not be read as JSON ({error}); left out")
        return None
    if not isinstance(result, dict):
        warn(f"{name}: {json_path} contains a JSON {type(result).__name__}, not an object; left out")
        return None
    problems = invalid_figures(result)
    if problems:
        warn(f"{name}: {json_path}: {'; '.join(problems)}; left out")
        return None

    peak_megabytes = read_peak_megabytes(time_path)
    if peak_megabytes is None:
        warn(f"{name}: no 'Maximum resident set size' in {time_path}; its peak memory is left out")
    return Run(seed, result["imagesPerSecond"], result["evaluationSeconds"], result["testAccuracy"],
               peak_megabytes)


def format_number(value: float | None, digits: int) -> str:
    """Format with a space as the thousands separator, or a dash for a missing value."""
    return "—" if value is None else f"{value:,.{digits}f}".replace(",", " ")


def format_range(values: list[float], digits: int) -> str:
    return f"{format_number(min(values), digits)} – {format_number(max(values), digits)}"


def print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    lines = [header, *rows]
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    for line in lines:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())


def print_seed_table(runs: dict[str, dict[int, Run]], seeds: range) -> None:
    rows = []
    for seed in seeds:
        aihwkit, analogsim = runs["aihwkit"].get(seed), runs["analogsim"].get(seed)
        rows.append((
            str(seed),
            format_number(aihwkit and aihwkit.test_accuracy, 4),
            format_number(analogsim and analogsim.test_accuracy, 4),
            format_number(aihwkit and aihwkit.images_per_second, 0),
            format_number(analogsim and analogsim.images_per_second, 0),
        ))
    print_table(("seed", "aihwkit accuracy", "AnalogSim accuracy", "aihwkit images/s", "AnalogSim images/s"),
                rows)


def print_tool_table(runs: dict[str, dict[int, Run]], seed_count: int) -> None:
    rows = []
    for tool, label in TOOLS.items():
        tool_runs = list(runs[tool].values())
        if not tool_runs:
            rows.append((label, f"0 of {seed_count}", "—", "—", "—", "—"))
            continue

        speeds = [run.images_per_second for run in tool_runs]
        accuracies = [run.test_accuracy for run in tool_runs]
        peaks = [run.peak_megabytes for run in tool_runs if run.peak_megabytes is not None]
        # The sample standard deviation needs two runs.
        spread = f" ± {statistics.stdev(accuracies):.4f}" if len(accuracies) >= 2 else ""
        rows.append((
            label,
            f"{len(tool_runs)} of {seed_count}",
            f"{format_number(statistics.median(speeds), 0)} ({format_range(speeds, 0)})",
            format_number(statistics.median(run.evaluation_seconds for run in tool_runs), 2),
            f"{statistics.mean(accuracies):.4f}{spread} ({format_range(accuracies, 4)})",
            format_number(max(peaks) if peaks else None, 0),
        ))
    print_table(("tool", "runs", "images/s: median (min – max)", "evaluation s: median",
                 "test accuracy: mean ± s.d. (min – max)", "peak memory MB: max"), rows)


def print_comparison(runs: dict[str, dict[int, Run]]) -> None:
    aihwkit, analogsim = list(runs["aihwkit"].values()), list(runs["analogsim"].values())
    if not aihwkit or not analogsim:
        print("AnalogSim/aihwkit: not compared, because a tool has no valid run")
        return

    speed_ratio = (statistics.median(run.images_per_second for run in analogsim)
                   / statistics.median(run.images_per_second for run in aihwkit))
    print(f"AnalogSim/aihwkit median images/s: {speed_ratio:.1f}")

    aihwkit_accuracies = [run.test_accuracy for run in aihwkit]
    analogsim_accuracies = [run.test_accuracy for run in analogsim]
    difference_points = 100 * (statistics.mean(analogsim_accuracies) - statistics.mean(aihwkit_accuracies))
    if len(aihwkit_accuracies) < 2 or len(analogsim_accuracies) < 2:
        print(f"mean test accuracy, AnalogSim minus aihwkit: {difference_points:+.2f} points "
              "(no standard error, because a tool has fewer than two runs)")
        return
    standard_error_points = 100 * math.sqrt(
        statistics.variance(analogsim_accuracies) / len(analogsim_accuracies)
        + statistics.variance(aihwkit_accuracies) / len(aihwkit_accuracies)
    )
    print(f"mean test accuracy, AnalogSim minus aihwkit: {difference_points:+.2f} ± "
          f"{standard_error_points:.2f} points (± one standard error of the difference)")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results-dir", type=Path, required=True,
                        help="directory with TOOL-seedS.json and TOOL-seedS.time, where TOOL is aihwkit or analogsim")
    parser.add_argument("--seeds", type=int, required=True,
                        help="number of seeds N: the runs of seeds 1 to N are read")
    arguments = parser.parse_args()
    if arguments.seeds < 1:
        parser.error(f"--seeds must be at least 1, got {arguments.seeds}")
    if not arguments.results_dir.is_dir():
        parser.error(f"results directory not found: {arguments.results_dir}")
    return arguments


def main() -> int:
    arguments = parse_arguments()
    seeds = range(1, arguments.seeds + 1)
    runs: dict[str, dict[int, Run]] = {tool: {} for tool in TOOLS}
    for tool in TOOLS:
        for seed in seeds:
            run = read_run(arguments.results_dir, tool, seed)
            if run is not None:
                runs[tool][seed] = run

    print_seed_table(runs, seeds)
    print()
    print_tool_table(runs, arguments.seeds)
    print()
    print_comparison(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
