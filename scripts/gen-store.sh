#!/bin/sh
# Make a results directory of N stored runs for measuring `vmxbench report`
# against a large store: copies of the stored runs of SRC (one or more results
# directories), round robin, each under its own <cpu> directory with a new
# run id (the original's, "-gNNNNN" appended), so the picks per model stay real.
# Usage: scripts/gen-store.sh N OUT SRC...
set -eu
[ $# -ge 3 ] || { echo "usage: $0 N OUT SRC..." >&2; exit 2; }
n=$1 out=$2
shift 2
case $n in ''|*[!0-9]*) echo "$0: N must be a number" >&2; exit 2 ;; esac
src=$(find "$@" -mindepth 2 -maxdepth 2 -name '*.json' | sort)
[ -n "$src" ] || { echo "$0: no stored runs in $*" >&2; exit 1; }
set -- $src
m=$#
mkdir -p "$out"
i=0
while [ "$i" -lt "$n" ]; do
	k=$((i % m + 1))
	eval f=\${$k}
	slug=$(basename "$(dirname "$f")")
	id=$(basename "$f" .json)-g$(printf %05d "$i")
	mkdir -p "$out/$slug"
	# the first "run_id" member is the document's (stored runs start with it)
	sed "0,/\"run_id\": \"[^\"]*\"/s//\"run_id\": \"$id\"/" "$f" >"$out/$slug/$id.json"
	i=$((i + 1))
	[ $((i % 1000)) -ne 0 ] || echo "gen-store: $i/$n runs" >&2
done
echo "gen-store: $n runs in $out" >&2
