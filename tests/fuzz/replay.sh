#!/usr/bin/env bash
# tests/fuzz/replay.sh BUILD_DIR DRIVER... -- runs each driver once over
# every file of its committed corpus (tests/fuzz/corpus/<driver>/).
# Prints one line per driver; on a crash, the driver's output (the
# sanitizer's report). Exits non-zero when any driver failed.
# `make fuzz-replay` builds the drivers and calls this.
set -u
cd "$(dirname "$0")/../.." || exit 1
dir=${1:?usage: replay.sh BUILD_DIR DRIVER...}
shift
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0
total=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for d in "$@"; do
	bin=$dir/$d
	files=()
	for f in tests/fuzz/corpus/"$d"/*; do
		[ -f "$f" ] && files+=("$f")
	done
	if [ ! -x "$bin" ]; then
		echo "fuzz-replay: $d: no $bin (make fuzz-build)"
		failed=$((failed + 1))
		continue
	fi
	if [ ${#files[@]} = 0 ]; then
		echo "fuzz-replay: $d: no corpus"
		continue
	fi
	start=$(date +%s%N)
	if "$bin" -timeout=30 "${files[@]}" >"$log" 2>&1; then
		ms=$((($(date +%s%N) - start) / 1000000))
		printf 'fuzz-replay: %-16s %4d inputs ok (%d ms)\n' "$d" \
		    ${#files[@]} "$ms"
	else
		echo "fuzz-replay: $d: FAILED"
		grep -E '^Running: ' "$log" | tail -1
		grep -vE '^(Running: |Executed )|^[0-9TZ:-]+ (WARN|ERROR|INFO) ' \
		    "$log" | tail -60
		failed=$((failed + 1))
	fi
	total=$((total + ${#files[@]}))
done
if [ "$failed" != 0 ]; then
	echo "fuzz-replay: $failed driver(s) failed"
	exit 1
fi
echo "fuzz-replay: $# drivers, $total inputs, no crash"
