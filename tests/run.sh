#!/bin/bash
# The whole test suite: unit tests (cmocka binaries) then end-to-end tests
# (emulator boots). Ends with one line "N passed, M failed, K skipped".
# Usage: tests/run.sh [--unit-only|--e2e-only]   (O=build directory, default build)
set -u
cd "$(dirname "$0")/.."
O=${O:-build}
mode=${1:-all}
pass=0 fail=0 skip=0
failed_names=()

run_unit() {
	local bin out p f s
	for bin in "$O"/tests/test_*; do
		[ -x "$bin" ] || continue
		echo "== unit: ${bin##*/}"
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
		[ "$f" != 0 ] && failed_names+=("unit:${bin##*/}")
		pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	done
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
[ "$mode" != --e2e-only ] && run_unit
[ "$mode" != --unit-only ] && run_e2e
echo
if [ "${#failed_names[@]}" -gt 0 ]; then
	echo "Failed:"
	printf '  %s\n' "${failed_names[@]}"
fi
echo "test time: $(( $(date +%s) - start )) s"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
