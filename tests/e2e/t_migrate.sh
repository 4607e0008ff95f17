# The migrate suite (docs/migrate-suite.md): every AP up, every relation
# present measured, zero mismatched fields, the protocol as the SDM says, the
# working-set sweep complete; one CPU gets a clear SKIP.
M='.records[] | select(.type=="meas" and .suite=="migrate")'
K='.records[] | select(.type=="case" and .suite=="migrate")'
for b in mig2:2 mig122:4 mig4:4 mig8:8 migpenryn:2; do
	n=${b%%:*} want=${b#*:}
	check "$n: $want processors online for the suite" jqeq "$n" '.records[] | select(.type=="migrate_setup") | .cpus' "$want"
	check "$n: every relation to the boot CPU present is measured (VMCLEAR at every K)" jqeq "$n" \
		"([.records[] | select(.type==\"cpu\" and .relation!=\"same-cpu\") | .relation] | unique) as \$r |
		 [$M | select(.op==\"vmclear\") | .relation] | unique | . == \$r and (\$r | length) > 0" true
	check "$n: six K points per pair" jqeq "$n" \
		"[$M | select(.op==\"vmclear\")] | group_by(.to) | map(length) | unique | tojson" "[6]"
	check "$n: zero mismatched fields, both ways, every relation" jqeq "$n" \
		"[$K | select(.id | startswith(\"integrity.\")) | select(.verdict != \"PASS\" or (.observed | startswith(\"0 of\") | not))] | length" 0
	check "$n: VMRESUME after migration gives VMfailValid(5)" jqeq "$n" \
		"$K | select(.id==\"protocol.resume-after-migration\") | .observed" "vmfail-valid:5"
	check "$n: VMLAUNCH of a launched VMCS gives VMfailValid(4)" jqeq "$n" \
		"$K | select(.id==\"protocol.launch-launched\") | .observed" "vmfail-valid:4"
	check "$n: undefined cases are observations (SKIP with what happened), never verdicts" jqeq "$n" \
		"[$K | select(.id | startswith(\"undefined.\")) | select(.verdict != \"SKIP\" or (.reason | startswith(\"undefined by the SDM: observed\") | not))] | length" 0
	check "$n: the working-set sweep W=1..128 complete" jqeq "$n" "[$M | select(.op==\"ws\") | .w] | sort | tojson" "[1,2,4,8,16,32,64,128]"
	check "$n: migration and staying put both measured" jqeq "$n" \
		"[$M | select(.op==\"roundtrip_stay\" or .op==\"roundtrip_migrated\") | .op] | unique | tojson" '["roundtrip_migrated","roundtrip_stay"]'
	check "$n: no DEVIATION" jqeq "$n" "[$K | select(.verdict==\"DEVIATION\")] | length" 0
	check "$n: figures labelled emulated" jqeq "$n" "[$M | select(.emulated | not)] | length" 0
	check "$n: a hand-off (round trip, TSC offset, end-to-end migration) per pair measured" jqeq "$n" \
		"([.records[] | select(.type==\"migrate_setup\") | .pairs] | add) as \$p | [.records[] | select(.type==\"handoff\" and .error==null and .migrations > 0 and .e2e_min > 0 and .rtt_min > 0 and .emulated)] | length == \$p and \$p > 0" true
done
check "mig122: relations smt-sibling and other-package both measured" jqeq mig122 "[$M | select(.op==\"vmptrld\") | .relation] | sort | tojson" '["other-package","smt-sibling"]'
# Bochs 2.7's leaf 0xB is wrong for three levels (docs/emulators.md): 2:2:2 decodes to two relations
check "mig8: at least two relations measured (2:2:2)" jqeq mig8 "[$M | select(.op==\"vmptrld\") | .relation] | unique | length >= 2" true
check "mig2: shadow VMCS migrated too, linked by VM entry" jqeq mig2 "[$M | select(.op==\"shadow_vmclear\" or .op==\"shadow_vmptrld\") | .shadow_state] | unique | tojson" '["linked-by-vm-entry"]'
check "mig4 (migrate=all): three pairs, one per AP" jqeq mig4 "[$M | select(.op==\"vmptrld\") | .from] | sort | tojson" "[1,2,3]"
check "mig122: Bochs's leaf 0xB contradicts leaves 1/4, and the run says so" jqrun mig122 '.records[] | select(.type=="smp" and .topology_contradiction != null)'
check "mig2: no topology contradiction on a one-level topology" jqeq mig2 '[.records[] | select(.type=="smp" and .topology_contradiction != null)] | length' 0
check "migpenryn: no shadowing: the shadow figures SKIP with the reason" jqrun migpenryn "$K | select(.verdict==\"SKIP\" and (.id | contains(\"shadow\")))"
check "mig1 (one CPU): a clear SKIP, not a hang" jqeq mig1 "$K | select(.verdict==\"SKIP\") | .reason" "one logical processor online (smp=off, or the MADT lists one)"
check "mig1 (one CPU): the run ends ok" jqeq mig1 '.end.status' ok
