#!/bin/bash
# The whole test suite: unit tests (cmocka binaries), the same under
# ASan/UBSan ($O/asan, make asan), the fuzz corpus replayed under ASan/UBSan
# ($O/fuzz, make fuzz-build), repository checks (scripts/entry-inventory.sh: the entry
# suite's rule inventory), then end-to-end tests (emulator boots).
# Ends with one line "N passed, M failed, K skipped".
# Usage: tests/run.sh [--unit-only|--e2e-only]   (O=build directory, default build)
set -u
cd "$(dirname "$0")/.."
O=${O:-build}
mode=${1:-all}
pass=0 fail=0 skip=0
failed_names=()

# run_unit DIR PREFIX: every cmocka binary DIR/test_*, failures named PREFIX:test_x.
run_unit() {
	local dir=$1 prefix=$2 bin out p f s
	for bin in "$dir"/test_*; do
		[ -x "$bin" ] || continue
		echo "== $prefix: ${bin##*/}"
		# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)..."
		out=$("$bin" 2>&1)
		local rc=$?
		printf '%s\n' "$out" | grep -E '^\[  (FAILED|  OK  |  SKIPPED )|^\[  PASSED|^\[==========' || true
		p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
		f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
		s=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -1)
		p=${p:-0} f=${f:-0} s=${s:-0}
		if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
			# crashed or aborted before its summary: count the binary as one failure
			echo "   ${bin##*/} exited $rc without a failure summary"
			printf '%s\n' "$out" | tail -5
			f=1
		fi
		[ "$f" != 0 ] && failed_names+=("$prefix:${bin##*/}")
		pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	done
}

# The ASan/UBSan build of the unit tests; a missing build is one skip, not silence.
run_asan() {
	if ! compgen -G "$O/asan/tests/test_*" >/dev/null; then
		echo "SKIP: asan lane: $O/asan/tests not built (make asan)"
		skip=$((skip + 1))
		return
	fi
	# abort_on_error off: a report ends the binary with a non-zero exit, counted as a failure.
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
		run_unit "$O/asan/tests" asan
}

# Each fuzz harness on its repo corpus (every file once, no fuzzing): one test each.
run_replay() {
	local h bin out rc
	for h in tests/fuzz/fuzz_*.c; do
		h=${h##*/} h=${h%.c} bin=$O/fuzz/$h
		if [ ! -x "$bin" ]; then
			echo "SKIP: fuzz-replay:$h ($bin not built: make fuzz-build)"
			skip=$((skip + 1))
			continue
		fi
		out=$("$bin" tests/fuzz/corpus/"$h"/* 2>&1)
		rc=$?
		if [ "$rc" = 0 ]; then
			echo "PASS: fuzz-replay:$h ($(ls tests/fuzz/corpus/"$h" | wc -l) inputs)"
			pass=$((pass + 1))
		else
			echo "FAIL: fuzz-replay:$h exited $rc"
			printf '%s\n' "$out" | grep -E 'ERROR|SUMMARY|runtime error|Running:' | tail -6
			fail=$((fail + 1))
			failed_names+=("fuzz-replay:$h")
		fi
	done
}

# Repository consistency checks that need no build: one test each.
run_checks() {
	local out
	if scripts/entry-inventory.sh >/tmp/entry-inventory.$$ 2>&1; then
		echo "PASS: entry rule inventory ($(head -1 /tmp/entry-inventory.$$))"
		pass=$((pass + 1))
	else
		echo "FAIL: entry rule inventory (scripts/entry-inventory.sh)"
		sed 's/^/   /' /tmp/entry-inventory.$$
		fail=$((fail + 1))
		failed_names+=("check:entry-inventory")
	fi
	rm -f /tmp/entry-inventory.$$
	if out=$(scripts/check-rectypes.sh 2>&1); then
		echo "PASS: record types ($out)"
		pass=$((pass + 1))
	else
		echo "FAIL: record types (scripts/check-rectypes.sh)"
		printf '%s\n' "$out" | sed 's/^/   /'
		fail=$((fail + 1))
		failed_names+=("check:record-types")
	fi
}

run_e2e() {
	local out
	out=$(mktemp)
	O="$O" tests/e2e/run-e2e.sh | tee "$out"
	local p f s
	p=$(grep -c '^PASS: ' "$out") f=$(grep -c '^FAIL: ' "$out") s=$(grep -c '^SKIP: ' "$out")
	while IFS= read -r l; do failed_names+=("e2e:${l#FAIL: }"); done < <(grep '^FAIL: ' "$out")
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	rm -f "$out"
}

start=$(date +%s)
if [ "$mode" != --e2e-only ]; then
	run_unit "$O/tests" unit
	run_asan
	run_replay
	run_checks
fi
[ "$mode" != --unit-only ] && run_e2e
echo
if [ "${#failed_names[@]}" -gt 0 ]; then
	echo "Failed:"
	printf '  %s\n' "${failed_names[@]}"
fi
echo "test time: $(( $(date +%s) - start )) s"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
