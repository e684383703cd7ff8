#!/usr/bin/env bash
# tests/fuzz/run.sh run BUILD_DIR DRIVER -- fuzzes one driver for
# $FUZZ_SECONDS (default 60) from its committed corpus
# tests/fuzz/corpus/<driver>/. New inputs go to BUILD_DIR/corpus/<driver>/
# (a scratch directory), or into the committed corpus when FUZZ_SAVE=1;
# crashes to BUILD_DIR/crashes/<driver>/; libFuzzer's output to
# BUILD_DIR/log/<driver>.log (the library's own log lines are discarded:
# -close_fd_mask=2 keeps libFuzzer's and the sanitizers' reports).
# Extra libFuzzer options in $FUZZ_OPTS; tests/fuzz/<driver>.dict is used
# when it exists. Exits 0 (so that make goes on with the other drivers);
# the exit status is kept in BUILD_DIR/log/<driver>.rc.
#
# tests/fuzz/run.sh summary BUILD_DIR DRIVER... -- one line per driver
# from the logs: executions, executions/s, coverage (libFuzzer's cov: and
# ft:), corpus size, files in the scratch corpus, crash files (and the exit
# status when the last run crashed). Exits non-zero when one crashed.
set -u
cd "$(dirname "$0")/../.." || exit 1
mode=${1:?usage: run.sh run|summary BUILD_DIR DRIVER...}
dir=${2:?usage: run.sh run|summary BUILD_DIR DRIVER...}
shift 2

if [ "$mode" = summary ]; then
	rc=0
	printf '%-16s %10s %8s %6s %7s %6s %8s %s\n' driver execs exec/s cov \
	    ft corpus new crashes
	for d in "$@"; do
		log=$dir/log/$d.log
		[ -f "$log" ] || { echo "$d: no log"; continue; }
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
		last=$(grep -E '^#[0-9]+' "$log" | tail -1)
		cov=$(printf '%s' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
		ft=$(printf '%s' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
		corp=$(printf '%s' "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
		new=$(find "$dir/corpus/$d" -type f 2>/dev/null | wc -l)
		crashes=$(find "$dir/crashes/$d" -type f 2>/dev/null | wc -l)
		st=$(cat "$dir/log/$d.rc" 2>/dev/null || echo '?')
		[ "$st" != 0 ] && { rc=1; crashes="$crashes (exit $st)"; }
		printf '%-16s %10s %8s %6s %7s %6s %8s %s\n' "$d" \
		    "${execs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" \
		    "${corp:-?}" "$new" "$crashes"
	done
	exit $rc
fi

d=${1:?usage: run.sh run BUILD_DIR DRIVER}
bin=$dir/$d
corpus=tests/fuzz/corpus/$d
mkdir -p "$corpus" "$dir/corpus/$d" "$dir/crashes/$d" "$dir/log"
dirs=("$dir/corpus/$d" "$corpus")
[ "${FUZZ_SAVE:-0}" = 1 ] && dirs=("$corpus")
dict=()
[ -f "tests/fuzz/$d.dict" ] && dict=("-dict=tests/fuzz/$d.dict")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
echo "fuzz: $d for ${FUZZ_SECONDS:-60} s (log: $dir/log/$d.log)"
# shellcheck disable=SC2086
"$bin" -max_total_time="${FUZZ_SECONDS:-60}" -timeout=10 \
    -print_final_stats=1 -close_fd_mask=2 \
    -artifact_prefix="$dir/crashes/$d/" "${dict[@]}" ${FUZZ_OPTS:-} \
    "${dirs[@]}" >"$dir/log/$d.log" 2>&1
rc=$?
echo $rc >"$dir/log/$d.rc"
if [ $rc != 0 ]; then
	echo "fuzz: $d CRASHED (exit $rc), see $dir/log/$d.log and $dir/crashes/$d/"
	grep -E 'ERROR: |SUMMARY: |runtime error|Test unit written' \
	    "$dir/log/$d.log" | head -5
fi
exit 0	# the others still run; the summary fails
