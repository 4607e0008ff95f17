# entry suite on the emulated matrix: every case gives one record,
# none hangs, and outcomes the SDM fixes are observed (docs/entry-suite.md).
CASE='.records[] | select(.type=="case" and .suite=="entry")'
# case ID FILTER: one case's member
case_of() { echo "$CASE | select(.id==\"$1\") | $2"; }
for m in entry-penryn entry-haswell entry-icelake entry-tigerlake; do
	check "$m: run ends ok (no hang, no abort)" jqeq "$m" '.end.status' ok
	check "$m: at least 150 cases" jqrun "$m" "[$CASE] | length >= 150"
	check "$m: case ids unique" jqrun "$m" "[$CASE | .id] | length == (unique | length)"
	check "$m: summary counts every case" jqrun "$m" \
		"([$CASE] | length) == (.records[] | select(.type==\"entry_summary\") | .cases)"
	check "$m: every verdict is PASS, DEVIATION or SKIP" jqrun "$m" \
		"[$CASE | .verdict] | all(. == \"PASS\" or . == \"DEVIATION\" or . == \"SKIP\")"
	check "$m: every SKIP has a reason" jqrun "$m" "[$CASE | select(.verdict==\"SKIP\") | .reason] | all(. != null)"
	check "$m: every case cites an SDM section" jqrun "$m" "[$CASE | .sdm] | all(test(\"^[0-9]+(\\\\.[0-9]+)+$\"))"
	check "$m: baseline VMCS enters and the guest calls back" jqeq "$m" "$(case_of base.launch .observed)" ok
	check "$m: VMRESUME after an exit re-enters" jqeq "$m" "$(case_of base.resume .observed)" ok
	check "$m: reserved pin-based bit 8 gives error 7 (26.2.1.1)" jqeq "$m" "$(case_of ctl.pin.bit8 .observed)" vmfail-valid:7
	check "$m: VMLAUNCH of a launched VMCS gives error 4" jqeq "$m" "$(case_of insn.vmlaunch.launched .observed)" vmfail-valid:4
	check "$m: VMPTRLD of the VMXON region gives error 10" jqeq "$m" "$(case_of insn.vmptrld.vmxon_ptr .observed)" vmfail-valid:10
	check "$m: VMXON in root gives error 15" jqeq "$m" "$(case_of insn.vmxon.in_root .observed)" vmfail-valid:15
	check "$m: link pointer beyond the width: exit 33, qualification 4" jqeq "$m" "$(case_of guest.link.too_wide .observed)" exit:33:4
	check "$m: IA32_FS_BASE in the MSR-load area: exit 34, entry 1" jqeq "$m" "$(case_of msr.load.fs_base .observed)" exit:34:1
done
for m in entry-haswell entry-icelake entry-tigerlake; do
	check "$m: shadowing on, link pointer to an ordinary VMCS: exit 33, qualification 4" \
		jqeq "$m" "$(case_of shadow.link.ordinary .observed)" exit:33:4
	check "$m: VMWRITE to a read-only field succeeds (MISC bit 29)" jqeq "$m" "$(case_of insn.vmwrite.read_only .observed)" ok
done
# The rule inventory (docs/entry-suite.md) names only cases a real run has.
inventory_ids() { jqrun entry-tigerlake "$CASE | .id" >"$E2E/entry-ids.txt" && scripts/entry-inventory.sh --ids "$E2E/entry-ids.txt"; }
check "entry-tigerlake: every case the rule inventory names is in the run" inventory_ids
# Every deviation is one analysed in BENCHMARKS.md (its "Deviations" table is the one list):
# the deviations (every suite) seen on the 12-model reference boots must be exactly the table's ids, so
# a deviation that appears or disappears without the table changing fails here.
# (a row's first cell may list several ids, separated by ", ", that share one analysis)
ANALYSED=$(awk -F'|' '/^### Deviations/{on=1; next} on && /^\| [a-z]/{k=split($2, a, ","); for (i = 1; i <= k; i++) {gsub(/ /, "", a[i]); print a[i]}} on && /^$/ && n++{exit}' BENCHMARKS.md |
	grep -v '^case$' | sort -u | jq -R . | jq -sc .)
SEEN=$(for f in "$E2E"/results-ref/*/ref-*.json; do
	jq -r '.records[] | select(.type=="case" and .verdict=="DEVIATION") | .id' "$f"
done | sort -u | jq -R . | jq -sc .)
check "BENCHMARKS.md lists deviations (its Deviations table read)" test "$(echo "$ANALYSED" | jq length)" -gt 0
check "the deviations on the Bochs matrix (every suite) are exactly BENCHMARKS.md's table" \
	test "$SEEN" = "$ANALYSED"
[ "$SEEN" = "$ANALYSED" ] || echo "   seen: $SEEN"$'\n'"   table: $ANALYSED"
for m in entry-penryn entry-haswell entry-icelake entry-tigerlake; do
	check "$m: every DEVIATION is an analysed one (BENCHMARKS.md)" jqrun "$m" \
		"$ANALYSED as \$a | [$CASE | select(.verdict==\"DEVIATION\") | .id] | all(IN(\$a[]))"
done
check "entry-haswell: the guest PAT written at full width: PA0 = 2 fails the entry (26.3.1.1)" \
	jqeq entry-haswell "$(case_of guest.pat.type2 .observed)" exit:33:0
check "entry-tigerlake: with BASIC[56] #UD may be injected with an error code (enters; delivery #GP: exit 0, vector 13)" \
	jqeq entry-tigerlake "$(case_of ctl.inject.ud_with_errcode .observed)" vmexit:0:v13
for m in entry-haswell entry-tigerlake; do
	check "$m: PAE guest with not-present PDPTEs: #PF exit at its first fetch (vector 14, qualification 0x1000)" \
		jqeq "$m" "$(case_of guest.pae.valid .observed)" vmexit:0:v14:q4096
	check "$m: valid virtual-8086 guest enters (the twin of the v8086 rows): #PF at 0:1000H" \
		jqeq "$m" "$(case_of guest.v8086.valid .observed)" vmexit:0:v14:q4096
	check "$m: HLT with an injected external interrupt enters: delivery #GP (exit 0, vector 13)" \
		jqeq "$m" "$(case_of guest.activity.hlt_inject_extint .verdict)" PASS
done
check "entry-haswell: #UD with an error code is error 7 without BASIC[56]" \
	jqeq entry-haswell "$(case_of ctl.inject.ud_with_errcode .observed)" vmfail-valid:7
for m in entry-haswell entry-tigerlake; do
	check "$m: every PAT sweep row (64 guest, 64 host) PASS" jqrun "$m" \
		"[$CASE | select(.id | startswith(\"sweep.pat.\")) | .verdict] | (length == 128 and all(. == \"PASS\"))"
	check "$m: EPTP sweep: WB, 4 levels enters (exit 48), memory type 2 and walk 2 fail (error 7)" jqrun "$m" \
		"[$CASE | select(.id == \"sweep.eptp.memtype6\" or .id == \"sweep.eptp.memtype2\" or .id == \"sweep.eptp.walk2\") | .observed] == [\"vmfail-valid:7\",\"vmexit:48\",\"vmfail-valid:7\"]"
done
check "entry-penryn: shadow cases SKIP (no VMCS shadowing)" jqeq entry-penryn "$(case_of shadow.link.ordinary .verdict)" SKIP
check "entry-penryn: VMPTRLD with the shadow indicator gives error 11" jqeq entry-penryn "$(case_of insn.vmptrld.shadow_indicator .observed)" vmfail-valid:11
check "entry-ryzen: every case SKIP (no VMX)" jqrun entry-ryzen "[$CASE | .verdict] | (length >= 150 and all(. == \"SKIP\"))"
