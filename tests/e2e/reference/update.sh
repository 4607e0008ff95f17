#!/bin/sh
# Replace the reference records with those of the last end-to-end run
# (build/e2e/logs/ref-*.log). Only for a change that means to change what
# the payload records: say in the commit which records change and why.
# Usage: tests/e2e/reference/update.sh   (O=build directory, default build)
set -eu
O=${O:-build}
case $O in /*) ;; *) O=$(pwd)/$O ;; esac # relative to where it was run: the repository
cd "$(dirname "$0")"
logs=$O/e2e/logs
n=0
for log in "$logs"/ref-*.log; do
	[ -f "$log" ] || continue
	m=${log##*/ref-}
	m=${m%.log}
	grep -a '^VMXB1 ' "$log" | gzip -9n >"$m.rec.gz"
	n=$((n + 1))
done
echo "reference: $n model(s) updated from $logs"
[ "$n" -gt 0 ]
