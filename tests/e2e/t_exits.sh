# exits suite on Bochs (docs/exits-suite.md): every case gives one record
# with an SDM citation and a verdict, none hangs, what the SDM fixes is
# observed, and every deviation is one analysed in BENCHMARKS.md.
XCASE='.records[] | select(.type=="case" and .suite=="exits")'
xcase_of() { echo "$XCASE | select(.id==\"$1\") | $2"; }
# xpass BOOT ID TEXT: case ID passed, its observation equal to TEXT
xpass() { jqeq "$1" "$(xcase_of "$2" '.verdict + " " + .observed')" "PASS $3"; }
XANALYSED=$(awk -F'|' '/^### Deviations/{on=1; next} on && /^\| [a-z]/{k=split($2, a, ","); for (i = 1; i <= k; i++) {gsub(/ /, "", a[i]); print a[i]}} on && /^$/ && n++{exit}' BENCHMARKS.md |
	grep -v '^case$' | sort -u | jq -R . | jq -sc .)
for m in exits-penryn exits-tigerlake; do
	check "$m: run ends with its end record, status ok" jqeq "$m" '.end.status' ok
	check "$m: suite ends ok" jqeq "$m" '.records[] | select(.type=="suite_end" and .name=="exits") | .status' ok
	check "$m: at least 150 cases" jqrun "$m" "[$XCASE] | length >= 150"
	check "$m: case ids unique" jqrun "$m" "[$XCASE | .id] | length == (unique | length)"
	check "$m: summary counts every case" jqrun "$m" \
		"([$XCASE] | length) == (.records[] | select(.type==\"exits_summary\") | .cases)"
	check "$m: no case without a verdict (PASS, DEVIATION or SKIP)" jqrun "$m" \
		"[$XCASE | .verdict] | all(. == \"PASS\" or . == \"DEVIATION\" or . == \"SKIP\")"
	check "$m: every SKIP has a reason" jqrun "$m" "[$XCASE | select(.verdict==\"SKIP\") | .reason] | all(. != null)"
	check "$m: every case cites SDM sections" jqrun "$m" \
		"[$XCASE | .sdm] | all(test(\"^[0-9]+(\\\\.[0-9]+)+(, ([0-9]+(\\\\.[0-9]+)+|C))*\$\"))"
	check "$m: every judged case shows what it expected and observed" jqrun "$m" \
		"[$XCASE | select(.verdict!=\"SKIP\") | (.expected != null and .observed != null)] | all"
	check "$m: a PASS observed exactly what it expected" jqrun "$m" \
		"[$XCASE | select(.verdict==\"PASS\") | .expected == .observed] | all"
	check "$m: every DEVIATION is an analysed one (BENCHMARKS.md)" jqrun "$m" \
		"$XANALYSED as \$a | [$XCASE | select(.verdict==\"DEVIATION\") | .id] | all(IN(\$a[]))"
	check "$m: CPUID exits, reason 10, length 2, RIP at the CPUID" xpass "$m" insn.cpuid.leaf1 "vmexit:10 len=2 rip=+0"
	check "$m: MOV to CR0 from R15: qualification 0xf00, length 4" \
		xpass "$m" cr.mov-to-cr0.r15 "vmexit:28 qual=0xf00 len=4 rip=+0"
	check "$m: MOV from CR8 to RSI: qualification 0x618" \
		xpass "$m" cr.mov-from-cr8.rsi "vmexit:28 qual=0x618 len=4 rip=+0"
	check "$m: LMSW (RBX): operand type 1 and the linear address" \
		jqeq "$m" "$(xcase_of cr.lmsw.mem .verdict)" PASS
	check "$m: IN AL,84H: qualification 0x840048" xpass "$m" io.uncond.in-imm-1 "vmexit:30 qual=0x840048 len=2 rip=+0"
	check "$m: a 4-byte IN from 7FFEH exits on bitmap B's first bit" jqeq "$m" "$(xcase_of io.bitmap.spans-a-b .verdict)" PASS
	check "$m: clear I/O bitmaps: no exit" xpass "$m" io.bitmap-a.clear ok
	check "$m: MSR bitmaps: read-low bit exits, write-only bit does not" \
		jqrun "$m" "[$XCASE | select(.id==\"msr.rdmsr.low.read-bit\" or .id==\"msr.rdmsr.low.write-bit-only\") | .verdict] == [\"PASS\",\"PASS\"]"
	check "$m: #PF: qualification = the address, error code 2 on a write" \
		xpass "$m" event.exception.pf-write "vmexit:0 qual=0x7f0000001000 intr=0x80000b0e ec=0x2 rip=+0"
	check "$m: #PF mask/match: a non-matching #PF reaches the guest" xpass "$m" event.pf-mask.bit1-nomatch ok
	check "$m: triple fault exits with reason 2" xpass "$m" event.triple-fault "vmexit:2"
	check "$m: external interrupt acknowledged on exit: vector E0H in the information" \
		xpass "$m" event.extint.ack "vmexit:1 intr=0x800000e0 rip=+0"
	check "$m: TSC offsetting applies to RDTSC" xpass "$m" insn.tsc.offset "ok tsc=offset"
	check "$m: VM-exit MSR-store list holds the TSC" xpass "$m" event.msr-list.store-tsc "vmexit:10 len=2 rip=+0 stored=tsc"
done
check "exits-tigerlake: the guest cannot run away: no timeout" jqrun exits-tigerlake "[$XCASE | .observed // \"\" | test(\"timeout\")] | any | not"
check "exits-tigerlake: VMX-preemption timer 0 exits before the first instruction" \
	xpass exits-tigerlake event.preemption-timer.zero "vmexit:52 rip=+0"
check "exits-tigerlake: LIDT information: identity 3, scale 1, index RSI, base RDX" \
	xpass exits-tigerlake desc.lidt "vmexit:46 qual=0x10 len=5 info=0x31198101 rip=+0"
check "exits-tigerlake: TSC scaling applies to RDTSC" xpass exits-tigerlake insn.tsc.scaling "ok tsc=scaled+offset"
check "exits-tigerlake: INVEPT exits (reason 50) with its information" jqeq exits-tigerlake "$(xcase_of insn.invept .verdict)" PASS
check "exits-penryn: no preemption timer: its rows SKIP with the reason" \
	jqrun exits-penryn "[$XCASE | select(.id | startswith(\"event.preemption-timer.\")) | .verdict == \"SKIP\" and (.reason | test(\"PREEMPTION_TIMER\"))] | all"
check "exits-penryn: no descriptor-table exiting: its rows SKIP, SGDT without it does not exit" \
	jqrun exits-penryn "[$XCASE | select(.id | startswith(\"desc.\")) | .verdict] | (.[:-1] | all(. == \"SKIP\")) and .[-1] == \"PASS\""
check "exits-penryn: a HLT without a watchdog is not run" jqeq exits-penryn "$(xcase_of insn.hlt .verdict)" SKIP
