#!/usr/bin/env bash
# Builds a libFuzzer target together with the AnalogSim library sources and runs it.
#
#   fuzz/run.sh TARGET SECONDS [LIBFUZZER-OPTION …]
#
# TARGET is profile-parser or idx-reader. The working corpus is fuzz/corpus/TARGET, seeded on
# the first run from device-profiles/ (profile-parser) or fuzz/seeds/idx-reader/ (idx-reader);
# crashing inputs are written to fuzz/artifacts/TARGET/. See docs/fuzzing.md.
set -euo pipefail

usage="usage: fuzz/run.sh profile-parser|idx-reader SECONDS [LIBFUZZER-OPTION …]"
if [[ $# -lt 2 ]]; then
    echo "$usage" >&2
    exit 64
fi
target=$1
seconds=$2
shift 2
if ! [[ $seconds =~ ^[0-9]+$ ]] || [[ $seconds -lt 1 ]]; then
    echo "fuzz/run.sh: SECONDS must be a whole number of seconds above 0, but it is '$seconds'. $usage" >&2
    exit 64
fi

repository=$(cd "$(dirname "$0")/.." && pwd)
case $target in
    profile-parser) source_file=ProfileParserTarget.swift; seeds=("$repository"/device-profiles/*.json) ;;
    idx-reader) source_file=IDXReaderTarget.swift; seeds=("$repository"/fuzz/seeds/idx-reader/*) ;;
    *) echo "fuzz/run.sh: unknown target '$target'. $usage" >&2; exit 64 ;;
esac

build_directory=$repository/fuzz/build
corpus=$repository/fuzz/corpus/$target
artifacts=$repository/fuzz/artifacts/$target
binary=$build_directory/$target
mkdir -p "$build_directory" "$corpus" "$artifacts"

# Every library source is compiled with coverage instrumentation, so that libFuzzer records which
# branches of the parser and the device models an input reaches. The library's sources and the
# target form one module; the target may use internal declarations.
library_sources=()
while IFS= read -r -d '' file; do
    library_sources+=("$file")
done < <(find "$repository/Sources/AnalogSim" -name '*.swift' -print0 | sort -z)
if [[ ! -x $binary ]] \
    || [[ -n $(find "$repository/Sources/AnalogSim" "$repository/fuzz/targets/$source_file" -name '*.swift' -newer "$binary" -print -quit) ]]; then
    echo "building $binary" >&2
    swiftc -parse-as-library -sanitize=fuzzer,address -O -g \
        -module-name AnalogSimFuzz -I "$repository/Sources/CNumerics" \
        "${library_sources[@]}" "$repository/fuzz/targets/$source_file" -o "$binary"
fi

if [[ -z $(ls -A "$corpus") ]]; then
    cp "${seeds[@]}" "$corpus/"
fi

"$binary" "$corpus" -max_total_time="$seconds" -artifact_prefix="$artifacts/" -print_final_stats=1 "$@"
