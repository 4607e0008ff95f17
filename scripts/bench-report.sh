#!/bin/sh
# Peak memory (RSS) and wall time of `vmxbench report` over stores of N runs
# made by gen-store.sh from the e2e runs, one line per N.
# Usage: O=build scripts/bench-report.sh [N...]   (default: 100 1000)
# SRC="dir..." picks other stored runs (default: $O/e2e/results $O/e2e/results-ref).
set -eu
cd "$(dirname "$0")/.."
O=${O:-build}
src=${SRC:-"$O/e2e/results $O/e2e/results-ref"}
[ -x "$O/vmxbench" ] || { echo "$0: $O/vmxbench not built (make O=$O host)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "$0: /usr/bin/time not installed (package time)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/vmxb-bench-report-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
[ $# -gt 0 ] || set -- 100 1000
for n in "$@"; do
	echo "bench-report: generating $n runs" >&2
	# shellcheck disable=SC2086 # SRC is a list of directories
	scripts/gen-store.sh "$n" "$tmp/s$n" $src
	/usr/bin/time -f "%M %e" -o "$tmp/t$n" "$O/vmxbench" report -r "$tmp/s$n" -o "$tmp/R$n.md" \
		>/dev/null
	read -r kb s <"$tmp/t$n"
	echo "report over $n runs: RSS $((kb / 1024)) MB, wall $s s"
	rm -rf "$tmp/s$n"
done
