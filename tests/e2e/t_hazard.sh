# The opt-in hazard suite (docs/migrate-suite.md, "Hazard probes"): every
# probe leaves a `hazard` record, observations only (no case, no verdict);
# on one CPU the two-CPU probe is skipped with the reason; the run ends ok.
H='.records[] | select(.type=="hazard")'
for n in hazard2 hazard1; do
	check "$n: one hazard record per probe" jqeq "$n" \
		"[$H | .probe] | sort | join(\" \")" "active-on-two-cpus vmread-after-memory-change vmwrite-visible"
	check "$n: every record cites 24.11.1 and says what was observed" jqeq "$n" \
		"[$H | select(.sdm != \"24.11.1\" or (.observed | length) == 0)] | length" 0
	check "$n: nothing is a verdict (no case record, no verdict member)" jqeq "$n" \
		"[.records[] | select(.type==\"case\" or (.type==\"hazard\" and has(\"verdict\")))] | length" 0
	check "$n: a skipped probe gives its reason" jqeq "$n" \
		"[$H | select(.skipped and ((.reason // \"\") | length) == 0)] | length" 0
	check "$n: the summary counts three probes" jqeq "$n" \
		'.records[] | select(.type=="hazard_summary") | .probes' 3
	check "$n: the suite and the run end ok" jqeq "$n" \
		'[(.records[] | select(.type=="suite_end" and .name=="hazard") | .status), .end.status] | join(" ")' "ok ok"
	# Bochs keeps VMCS data in guest memory: the write is there at once
	check "$n: (Bochs) the VMWRITE is in memory before VMCLEAR" jqeq "$n" \
		"$H | select(.probe==\"vmwrite-visible\") | .before_clear" true
done
check "hazard2: the two-CPU probe ran and says what A read" jqrun hazard2 \
	"$H | select(.probe==\"active-on-two-cpus\" and (.skipped | not) and .returned)"
check "hazard1 (one CPU): the two-CPU probe is skipped with the reason" jqeq hazard1 \
	"$H | select(.probe==\"active-on-two-cpus\" and .skipped) | .reason" \
	"one logical processor online (smp=off, or the MADT lists one)"
# opt-in: suites=all (the reference boots) never runs it
no_hazard_in_all() {
	local f n=0
	for f in "$E2E"/results-ref/*/ref-*.json; do
		[ -f "$f" ] || continue
		jq -e '.begin.suites == "all" and ([.records[] | select(.type=="hazard" or (.type=="suite" and .name=="hazard"))] | length) == 0' "$f" || return 1
		n=$((n + 1))
	done
	[ "$n" -gt 0 ]
}
if ls "$E2E"/results-ref/*/ref-*.json >/dev/null 2>&1; then
	check "suites=all runs no hazard probe (every reference boot)" no_hazard_in_all
else
	skip "suites=all runs no hazard probe" "no reference boot collected"
fi
