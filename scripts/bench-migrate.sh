#!/bin/bash
# make bench, second part: run the migrate suite on emulated multi-processor
# machines, store the runs, and write the report's migration section into
# BENCHMARKS.md between <!-- migrate-bench:begin --> and <!-- migrate-bench:end -->
# (the rest of the file is left as it is). Emulated: the Bochs TSC counts
# instructions, and Bochs keeps VMCS data in guest memory (docs/migrate-suite.md).
# Env: O (build dir, default build), BENCH_SAMPLES (default 1000), BENCH_OUT
# (default $O/bench-migrate), BENCH_DOC (default BENCHMARKS.md; "-" prints the
# section instead), BENCH_MACHINES ("MODEL@CPUS ...").
set -u
cd "$(dirname "$0")/.."
O=${O:-build}
SAMPLES=${BENCH_SAMPLES:-1000}
OUT=${BENCH_OUT:-$O/bench-migrate}
DOC=${BENCH_DOC:-BENCHMARKS.md}
MACHINES=${BENCH_MACHINES:-"corei7_haswell_4770@2 corei7_haswell_4770@1:2:2 tigerlake@4"}
[ -x "$O/vmxbench" ] && [ -f "$O/payload.elf" ] || { echo "bench-migrate: build first (make O=$O all)" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT/logs" "$OUT/results"

walls=""
for m in $MACHINES; do
	model=${m%@*} cpus=${m#*@} name=$(echo "$m" | tr '@:' '--')
	t0=$(date +%s%N)
	scripts/lab/bochs-netboot.sh --model "$model" --cpus "$cpus" --log "$OUT/logs/$name.log" \
		--payload "$O/payload.elf" --timeout "${BENCH_TIMEOUT:-900}" \
		--args "suites=migrate samples=$SAMPLES" >"$OUT/logs/$name.out" 2>&1
	rc=$?
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	echo "bench-migrate: $m: exit $rc, $((ms / 1000)).$((ms % 1000 / 100)) s"
	walls="$walls| $model | $cpus | $((ms / 1000)).$((ms % 1000 / 100)) s |"$'\n'
	"$O/vmxbench" collect --quiet --out "$OUT/results" --run-id "bench-$name" "$OUT/logs/$name.log" ||
		{ echo "bench-migrate: $m: run not stored" >&2; exit 1; }
done
"$O/vmxbench" report --results "$OUT/results" --out "$OUT/REPORT.md" >/dev/null || exit 1

# The report's migration section, its headings one level down.
section=$({
	echo "## VMCS migration (\`suites=migrate\`, samples=$SAMPLES)"
	echo
	echo "**Emulated.** Under Bochs the TSC counts instructions and VMCS data lives in guest memory:"
	echo "the figures test the method, they show no cache, no working-set knee and no topology effect."
	echo "Method and records: docs/migrate-suite.md. Wall time per boot (\`make bench\`):"
	echo
	echo "| model | cpu: count= | wall |"
	echo "|---|---|---|"
	printf '%s' "$walls"
	echo
	awk '/^## Migration/{on=1; next} on && /^## /{exit} on' "$OUT/REPORT.md" | sed 's/^###/####/'
})
if [ "$DOC" = - ]; then
	printf '%s\n' "$section"
	exit 0
fi
grep -q '<!-- migrate-bench:begin -->' "$DOC" ||
	printf '\n<!-- migrate-bench:begin -->\n<!-- migrate-bench:end -->\n' >>"$DOC"
tmp=$(mktemp)
awk -v sec="$section" '
/<!-- migrate-bench:begin -->/ { print; print sec; skip = 1; next }
/<!-- migrate-bench:end -->/ { skip = 0 }
!skip { print }' "$DOC" >"$tmp" && mv "$tmp" "$DOC"
echo "bench-migrate: wrote the migration section of $DOC"
