#!/bin/bash
# make fuzz: run each libFuzzer harness for FUZZ_SECONDS, one at a time (the
# machine is shared), seeded from tests/fuzz/corpus/<harness>/. New inputs go
# to a scratch corpus under $O/fuzz/ (the repo corpus is only read), unless
# FUZZ_MERGE=1: then they are merged (minimised) into the repo corpus.
# FUZZ_KEEP_GOING=1: a crash does not end the harness's run (libFuzzer
# -fork=1 -ignore_crashes=1), every crashing input is kept.
# Prints executions per harness and overall; exits 1 on any crash.
# Usage: tests/fuzz/run-fuzz.sh HARNESS...   (O, FUZZ_SECONDS, FUZZ_MERGE, FUZZ_KEEP_GOING)
set -u
cd "$(dirname "$0")/../.."
O=${O:-build}
secs=${FUZZ_SECONDS:-60}
merge=${FUZZ_MERGE:-0}
keep=${FUZZ_KEEP_GOING:-0}
total=0 crashes=0
summary=()

# Longest input per harness: a record line, a short log, a few stored runs, ...
max_len() {
	case $1 in
	fuzz_recline) echo 8192 ;;
	fuzz_collect) echo 65536 ;;
	fuzz_report) echo 131072 ;;
	fuzz_cmdline) echo 1024 ;;
	fuzz_smbios) echo 8192 ;;
	fuzz_cpuid_walk) echo 12288 ;;
	fuzz_madt) echo 16384 ;;
	fuzz_upload) echo 65536 ;;
	fuzz_http_resp) echo 2048 ;;
	fuzz_url) echo 256 ;;
	*) echo 4096 ;;
	esac
}
dict() {
	case $1 in
	fuzz_recline | fuzz_collect | fuzz_report | fuzz_upload) echo tests/fuzz/records.dict ;;
	fuzz_cmdline) echo tests/fuzz/cmdline.dict ;;
	fuzz_smbios) echo tests/fuzz/smbios.dict ;;
	fuzz_http_resp | fuzz_url) echo tests/fuzz/http.dict ;;
	esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for h in "$@"; do
	bin=$O/fuzz/$h
	seeds=tests/fuzz/corpus/$h
	scratch=$O/fuzz/corpus-new/$h
	art=$O/fuzz/crashes/$h
	log=$O/fuzz/$h.log
	mkdir -p "$scratch" "$art" "$seeds"
	d=$(dict "$h")
	echo "== fuzz: $h for ${secs}s (max_len $(max_len "$h"), log $log)"
	before=$(ls "$art" | wc -l)
	t0=$(date +%s)
	# The scratch dir comes first: libFuzzer writes new inputs into the first directory.
	"$bin" -max_total_time="$secs" -print_final_stats=1 -max_len="$(max_len "$h")" \
		-timeout=10 -rss_limit_mb=2048 -artifact_prefix="$art/" ${d:+-dict=$d} \
		$([ "$keep" = 1 ] && echo -fork=1 -ignore_crashes=1) \
		"$scratch" "$seeds" >"$log" 2>&1
	rc=$?
	# crashes in fork mode leave rc 0: count new artifacts too
	[ "$(ls "$art" | wc -l)" -gt "$before" ] && [ "$rc" = 0 ] && rc=crashes
	execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -1)
	[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*DONE.*/\1/p' "$log" | tail -1)
	# fork mode: the last "#N: cov: ..." progress line
	[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -1)
	execs=${execs:-0}
	rate=$(sed -n 's/^stat::average_exec_per_sec: *\([0-9]*\).*/\1/p' "$log" | tail -1)
	[ -n "$rate" ] || rate=$((execs / ($(date +%s) - t0 > 0 ? $(date +%s) - t0 : 1)))
	total=$((total + execs))
	if [ "$rc" != 0 ]; then
		crashes=$((crashes + 1))
		echo "FAIL: $h: $rc after $execs executions; input(s) in $art/:"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | sort | uniq -c | head -8
		ls -t "$art" | head -5
	fi
	line=$(printf '%-16s %12s executions %8s exec/s  %s' "$h" "$execs" "${rate:-?}" \
		"$([ "$rc" = 0 ] && echo ok || echo CRASH)")
	echo "   $line"
	summary+=("$line")
	if [ "$merge" = 1 ] && [ "$rc" = 0 ]; then
		# Keep only inputs that add coverage to the repo corpus.
		"$bin" -merge=1 -max_len="$(max_len "$h")" "$seeds" "$scratch" >>"$log" 2>&1 &&
			echo "   merged into $seeds ($(ls "$seeds" | wc -l) files)"
	fi
done
echo
echo "fuzz summary (${secs}s per harness):"
printf '  %s\n' "${summary[@]}"
echo "  total: $total executions, $crashes crashed harness(es)"
[ "$crashes" = 0 ]
