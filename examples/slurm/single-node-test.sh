#!/usr/bin/env bash
# Runs examples/slurm/sweep-array.sbatch on a one-node SLURM cluster started on this machine, and
# checks that the merged shards equal an unsharded `analogsim sweep` of the same grid.
#
#   examples/slurm/single-node-test.sh [ANALOGSIM]
#
# The cluster uses Debian's slurm-wlm and munge (`apt-get install slurm-wlm munge`). Its slurm.conf
# for this host, a munge key and all state live in a temporary directory. munged, slurmctld and
# slurmd run as background processes of this script (no systemd) and are stopped on exit. When SLURM
# is missing or does not start, the script prints the failing command and its message, then runs
# the array's tasks by hand with SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT set.
#
# The sweep is 4 points (levels × seed) on a synthetic 28×28 IDX dataset of 300 training and 100
# test images, split into 2 shards. Exit status: 0 when the rows agree, 1 when they differ, and
# analogsim's own status when it fails. A SLURM failure alone does not change the status.
set -euo pipefail
repository="$(cd "$(dirname "$0")/../.." && pwd)"
analogsim="$(realpath "${1:-$repository/.build/release/analogsim}")"
array_script="$repository/examples/slurm/sweep-array.sbatch"
shard_count=2
[ -x "$analogsim" ] || { echo "error: $analogsim is not an executable; build it with 'swift build -c release'" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/analogsim-slurm.XXXXXX")"
daemon_pids=()
stop_daemons() {
    local pid
    for pid in "${daemon_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${daemon_pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        # slurmd can outlive SIGTERM by seconds; this script's daemons must not outlive it.
        kill -KILL "$pid" 2>/dev/null || true
    done
    daemon_pids=()
}
cleanup() { stop_daemons; rm -rf "$work"; }
trap cleanup EXIT

# A tiny dataset: class c is a bright 6×6 square at one of ten positions plus noise, so a 16-unit
# hidden layer learns something and the accuracies are not all equal.
python3 - "$work/data" <<'PYTHON'
import os, random, struct, sys
directory = sys.argv[1]
os.makedirs(directory)
rng = random.Random(7)
def write(prefix, count):
    labels = [rng.randrange(10) for _ in range(count)]
    pixels = bytearray()
    for label in labels:
        image = [rng.randrange(40) for _ in range(28 * 28)]
        top, left = 4 + 6 * (label // 5), 2 + 5 * (label % 5)
        for row in range(top, top + 6):
            for column in range(left, left + 6):
                image[row * 28 + column] = 200 + rng.randrange(56)
        pixels += bytes(image)
    with open(f"{directory}/{prefix}-images-idx3-ubyte", "wb") as file:
        file.write(struct.pack(">IIII", 2051, count, 28, 28) + pixels)
    with open(f"{directory}/{prefix}-labels-idx1-ubyte", "wb") as file:
        file.write(struct.pack(">II", 2049, count) + bytes(labels))
write("train", 300)
write("t10k", 100)
PYTHON

cat > "$work/spec.json" <<JSON
{
  "profile": "ag-a-si",
  "vary": [
    {"parameter": "levels", "values": [16, 64]},
    {"parameter": "seed", "values": [1, 2]}
  ],
  "options": {"rule": "bidirectional", "dataset": "mnist", "data-dir": "$work/data",
              "train-limit": 300, "test-limit": 100, "hidden": 16}
}
JSON
export ANALOGSIM="$analogsim" SWEEP_SPEC="$work/spec.json" SWEEP_OUTPUT="$work/shards" SWEEP_JOBS=1

# Prints why SLURM could not be used: the command, its status and its output.
report_slurm_failure() {
    local command="$1" status="$2" log="$3"
    echo "slurm: '$command' failed with status $status; the last lines of its output:" >&2
    tail -n 15 "$log" | sed 's/^/slurm:   /' >&2 || true
}

# Starts munged, slurmctld and slurmd in $work/slurm and leaves SLURM_CONF exported.
start_slurm() {
    local directory="$work/slurm" host command
    host="$(hostname -s)"
    mkdir -p "$directory/state" "$directory/spool" "$directory/munge"
    chmod 700 "$directory/munge"
    for command in munged mungekey slurmctld slurmd sbatch squeue sinfo; do
        if ! command -v "$command" >/dev/null && [ ! -x "/usr/sbin/$command" ]; then
            echo "slurm: '$command' not found; install Debian's slurm-wlm and munge packages" >&2
            return 1
        fi
    done
    export PATH="$PATH:/usr/sbin"

    command="mungekey --create --keyfile=$directory/munge/munge.key"
    if ! $command >"$directory/mungekey.log" 2>&1; then
        report_slurm_failure "$command" $? "$directory/mungekey.log"; return 1
    fi
    command="munged --foreground --force --key-file=$directory/munge/munge.key --socket=$directory/munge/munge.socket --pid-file=$directory/munge/munged.pid --log-file=$directory/munge/munged.log --seed-file=$directory/munge/munged.seed"
    $command >"$directory/munged.out" 2>&1 &
    daemon_pids+=($!)

    cat > "$directory/slurm.conf" <<CONF
ClusterName=analogsim-test
SlurmctldHost=$host(127.0.0.1)
# NOTE: the ports are fixed. When another program uses them, slurmctld or slurmd fails and the
# script falls back to running the tasks by hand.
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
AuthType=auth/munge
AuthInfo=socket=$directory/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$directory/state
SlurmdSpoolDir=$directory/spool
SlurmctldPidFile=$directory/slurmctld.pid
SlurmdPidFile=$directory/slurmd.pid
SlurmctldLogFile=$directory/slurmctld.log
SlurmdLogFile=$directory/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF="$directory/slurm.conf"
    for _ in $(seq 50); do [ -S "$directory/munge/munge.socket" ] && break; sleep 0.1; done
    if [ ! -S "$directory/munge/munge.socket" ]; then
        report_slurm_failure "$command" "(no socket after 5 s)" "$directory/munged.out"; return 1
    fi

    slurmctld -D -i -f "$SLURM_CONF" >"$directory/slurmctld.out" 2>&1 &
    daemon_pids+=($!)
    slurmd -D -f "$SLURM_CONF" >"$directory/slurmd.out" 2>&1 &
    daemon_pids+=($!)

    # sinfo waits for slurmctld's timeout when it is not up, so bound each call and stop early
    # when a daemon has exited.
    local deadline=$((SECONDS + 20))
    while [ "$SECONDS" -lt "$deadline" ]; do
        if timeout 3 sinfo -h -o %T 2>/dev/null | grep -q '^idle'; then return 0; fi
        kill -0 "${daemon_pids[1]}" 2>/dev/null && kill -0 "${daemon_pids[2]}" 2>/dev/null || break
        sleep 0.2
    done
    sinfo >"$directory/sinfo.out" 2>&1 || true
    cat "$directory/slurmctld.out" "$directory/slurmd.out" >>"$directory/sinfo.out" 2>/dev/null || true
    report_slurm_failure "slurmctld/slurmd: exited, or no idle node after 20 s (sinfo)" 1 "$directory/sinfo.out"
    return 1
}

# Submits the array and a dependent merge job, waits for both, and fails on any SLURM error.
run_with_slurm() {
    local directory="$work/slurm" array_job merge_job state
    if ! array_job="$(cd "$directory" && timeout 10 sbatch --parsable --array=1-$shard_count --export=ALL "$array_script" 2>"$directory/sbatch.err")"; then
        report_slurm_failure "sbatch --array=1-$shard_count $array_script" 1 "$directory/sbatch.err"; return 1
    fi
    if ! merge_job="$(cd "$directory" && timeout 10 sbatch --parsable --dependency=afterok:"$array_job" --export=ALL \
            --wrap '"$ANALOGSIM" sweep merge "$SWEEP_OUTPUT"/shard-* --output-dir "$SWEEP_OUTPUT/merged"' 2>"$directory/sbatch.err")"; then
        report_slurm_failure "sbatch --dependency=afterok:$array_job --wrap 'analogsim sweep merge …'" 1 "$directory/sbatch.err"; return 1
    fi
    echo "slurm: submitted array job $array_job ($shard_count tasks) and merge job $merge_job" >&2

    local deadline=$((SECONDS + 60))
    while [ "$SECONDS" -lt "$deadline" ]; do
        [ -z "$(timeout 3 squeue -h -j "$array_job,$merge_job" 2>/dev/null)" ] && break
        sleep 0.2
    done
    if [ -n "$(timeout 3 squeue -h -j "$array_job,$merge_job" 2>/dev/null)" ]; then
        squeue >"$directory/squeue.out" 2>&1 || true
        report_slurm_failure "squeue: jobs $array_job and $merge_job still queued after 60 s" 1 "$directory/squeue.out"
        return 1
    fi
    if [ ! -s "$SWEEP_OUTPUT/merged/points.jsonl" ]; then
        cat "$directory"/analogsim-sweep-*.out "$directory"/slurm-*.out >"$directory/jobs.out" 2>/dev/null || true
        report_slurm_failure "job array $array_job or merge job $merge_job (no merged points.jsonl)" 1 "$directory/jobs.out"
        return 1
    fi
    echo "slurm: array job $array_job and merge job $merge_job finished" >&2
}

# Runs the array's tasks one after another, as SLURM would set their variables, then merges.
run_by_hand() {
    local task
    rm -rf "$SWEEP_OUTPUT"
    for task in $(seq "$shard_count"); do
        SLURM_ARRAY_TASK_ID=$task SLURM_ARRAY_TASK_COUNT=$shard_count bash "$array_script" >/dev/null
    done
    "$analogsim" sweep merge "$SWEEP_OUTPUT"/shard-* --output-dir "$SWEEP_OUTPUT/merged" >/dev/null
}

if start_slurm && run_with_slurm; then
    way="a SLURM job array on a one-node cluster"
else
    echo "slurm: falling back to running the $shard_count array tasks by hand" >&2
    stop_daemons
    run_by_hand
    way="the array's tasks run by hand (SLURM unavailable)"
fi
stop_daemons

"$analogsim" sweep "$SWEEP_SPEC" --output-dir "$work/unsharded" --jobs 2 >/dev/null

# Rows sorted by index, with the timing member and the seconds column removed, must be equal.
python3 - "$SWEEP_OUTPUT/merged" "$work/unsharded" "$way" <<'PYTHON'
import csv, json, sys
merged, unsharded, way = sys.argv[1:]
def json_rows(directory):
    rows = [json.loads(line) for line in open(f"{directory}/points.jsonl")]
    for row in rows:
        del row["timing"]
    return sorted(rows, key=lambda row: row["index"])
def csv_rows(directory):
    rows = list(csv.DictReader(open(f"{directory}/points.csv")))
    for row in rows:
        del row["seconds"]
    return sorted(rows, key=lambda row: int(row["index"]))
json_equal = json_rows(merged) == json_rows(unsharded)
csv_equal = csv_rows(merged) == csv_rows(unsharded)
count = len(json_rows(unsharded))
print(f"{'pass' if json_equal else 'FAIL'}  points.jsonl: {count} merged rows from {way} equal the unsharded sweep")
print(f"{'pass' if csv_equal else 'FAIL'}  points.csv: the same rows, apart from the seconds column")
sys.exit(0 if json_equal and csv_equal else 1)
PYTHON
