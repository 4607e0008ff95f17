# Several logical processors: the MADT lists them, every AP starts, the
# topology is recorded, smp=off keeps to the boot CPU (docs/architecture.md).
S='.records[] | select(.type=="smp")'
C='[.records[] | select(.type=="cpu")]'
for b in smp2:2 smp4:4 smp8:8 smp122:4 smp221:4; do
	n=${b%%:*} want=${b#*:}
	check "$n: the MADT lists $want processors" jqeq "$n" "$S | .listed" "$want"
	check "$n: every one of them online" jqeq "$n" "$S | .online" "$want"
	check "$n: a cpu record per processor, each started" jqeq "$n" "$C | map(select(.started)) | length" "$want"
	check "$n: each AP answers run_on with the boot CPU's topology" \
		jqeq "$n" "$C | map(select(.topology_check or .topology_differs or .reads_apic_id)) | length" 0
	check "$n: distinct cpu indexes 0..$((want - 1))" jqeq "$n" "$C | map(.index) | sort | . == [range($want)]" true
done
check "smp122: leaf 0xb decoded (Bochs's topology)" jqeq smp122 "$S | .topology" "leaf 0xb"
check "smp122: an SMT sibling of the boot CPU" jqeq smp122 "$C | map(select(.relation==\"smt-sibling\")) | length" 1
check "smp221: another core of the boot CPU's package" jqeq smp221 "$C | map(select(.relation==\"same-package\")) | length" 1
check "smp221: processors of the other package" jqeq smp221 "$C | map(select(.relation==\"other-package\")) | length" 2
check "smpoff: smp=off starts nothing" jqeq smpoff "$S | \"\(.start)/\(.online)\"" "false/1"
check "smpoff: the other processor listed, not started, with the reason" \
	jqeq smpoff "$C | map(select(.started | not)) | .[0].why" "smp=off"
check "haswell (one CPU): one processor, online" jqeq haswell "$S | \"\(.listed)/\(.online)\"" "1/1"
