# capcheck suite (docs/capcheck-suite.md): the capability MSRs against what the CPU does.
CC='.records[] | select(.type=="case" and .suite=="capcheck")'
cc_of() { echo "$CC | select(.id==\"$1\") | $2"; }
for m in capcheck-penryn capcheck-tigerlake; do
	check "$m: run ends ok" jqeq "$m" '.end.status' ok
	check "$m: summary counts every case" jqrun "$m" \
		"([$CC] | length) == (.records[] | select(.type==\"capcheck_summary\") | .cases)"
	check "$m: every case cites an Appendix A section" jqrun "$m" "[$CC | .sdm] | all(test(\"^A\\\\.[0-9]+$\"))"
	check "$m: every SKIP has a reason" jqrun "$m" "[$CC | select(.verdict==\"SKIP\") | .reason] | all(. != null)"
	check "$m: the CR3-target count MISC reports enters" jqeq "$m" "$(cc_of misc.cr3_targets_usable .observed)" ok
	check "$m: an MSR-load list as long as MISC recommends enters" jqeq "$m" "$(cc_of misc.msr_list_usable .observed)" ok
	check "$m: clearing CR0.NE in VMX operation faults (#GP)" jqeq "$m" "$(cc_of cr0.fixed1.bit5 .observed)" exception:13
	check "$m: clearing CR4.VMXE in VMX operation faults (#GP)" jqeq "$m" "$(cc_of cr4.fixed1.bit13 .observed)" exception:13
	check "$m: VMCS_ENUM probed (some encodings accepted)" jqrun "$m" "$(cc_of vmcs_enum.highest_index .reason) | test(\"^[1-9][0-9]* encodings accepted\")"
done
check "capcheck-tigerlake: preemption-timer rate as MISC[4:0] says (1024 ticks per 1024 units at rate 0)" \
	jqeq capcheck-tigerlake "$(cc_of misc.preemption_timer_rate .verdict)" PASS
check "capcheck-penryn: no preemption timer: the rate case SKIPs" \
	jqeq capcheck-penryn "$(cc_of misc.preemption_timer_rate .verdict)" SKIP
check "capcheck-ryzen: no VMX: one SKIP with the reason" jqeq capcheck-ryzen "[$CC | .verdict] | tojson" '["SKIP"]'
