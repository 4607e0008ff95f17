# noise suite: the measurement harness (docs/measurement.md). Under Bochs the
# TSC counts instructions, so the overhead subtraction must leave exactly the
# body's instruction count, and two boots with the same options must print
# byte-identical logs.
M='.records[] | select(.type=="meas")'
check "noise: two Bochs boots with the same options give identical logs" \
	cmp "$E2E/logs/noise-a.log" "$E2E/logs/noise-b.log"
check "noise: timing record present, labelled emulated" \
	jqeq noise-a '.records[] | select(.type=="timing") | .emulated' true
check "noise: Bochs has no usable fixed counter 1 (cycles absent, with a reason)" \
	jqeq noise-a '.records[] | select(.type=="timing") | "\(.cycles)/\(.cycles_reason != null)"' absent/true
# Bochs 2.7 enumerates PDCM, APERF/MPERF (CPUID.06h:ECX[0]) and a PMU on haswell but
# implements none of their MSRs: each probe must fault and say so (docs/measurement.md).
check "noise: Bochs counters absent by a faulting MSR (instructions, APERF/MPERF, FREEZE_WHILE_SMM)" \
	jqeq noise-a '.records[] | select(.type=="timing") | "\(.instructions)|\(.instructions_reason)|\(.aperf_mperf)|\(.aperf_mperf_reason)|\(.freeze_while_smm)|\(.freeze_while_smm_reason)|\(.fixed_enabled)"' \
	'absent|RDMSR of IA32_FIXED_CTR_CTRL/PERF_GLOBAL_CTRL faulted|absent|RDMSR of IA32_APERF/IA32_MPERF faulted|false|RDMSR of IA32_PERF_CAPABILITIES faulted|0x0'
check "noise: every window masked the 8259 pair, Bochs's 24 I/O APIC entries and the TPR; PIT IRQ 0 found pending" \
	jqeq noise-a "[$M | select(.pic_masked and .ioapic_masked == 24 and .tpr == \"0xf0\" and .irq_pending == \"pic-irr:0x0001\" and .counter_overflow == false and .aperf_mperf == \"absent\" and .instructions == \"absent\")] | length" 4
check "noise: TSC frequency calibrated against the PIT on haswell (no CPUID 15h)" \
	jqeq noise-a '.records[] | select(.type=="timing") | .tsc_source' pit
check "noise: every measurement kept 200 samples and is labelled emulated" \
	jqeq noise-a "[$M | select(.n == 200 and .discarded == 0 and .emulated)] | length" 4
# name:expected ticks per operation (instructions per body repetition)
for want in empty:0 nop10:10 cpuid.0:5 rdtsc:3; do
	name=${want%%:*} k=${want#*:}
	check "noise: $name measures exactly $k instructions/op for every sample (min=max=$k)" \
		jqeq noise-a "$M | select(.name==\"$name\") | \"\(.min)/\(.median)/\(.max)/\(.mad)\"" "$k/$k/$k/0"
done
check "noise (qemu TCG): four measurements, samples + discarded = 200" \
	jqeq noise-q "[$M | select(.n + .discarded == 200)] | length" 4
# noise-q boots with turbo=off: TCG enumerates no turbo, so the option must say so
check "noise (qemu TCG): counters absent by CPUID (no PMU, PDCM, APERF/MPERF), turbo=off unsupported" \
	jqeq noise-q '.records[] | select(.type=="timing") | "\(.instructions_reason)|\(.aperf_mperf_reason)|\(.freeze_while_smm_reason)|\(.turbo)|\(.turbo_reason)"' \
	'CPUID.0Ah: perfmon version < 2 or no fixed counter 0|CPUID.06h:ECX[0] clear|CPUID.1:ECX[15] (PDCM) clear: no IA32_PERF_CAPABILITIES|off-unsupported|CPUID.06h:EAX[1] clear: no turbo'
check "noise (qemu TCG): labelled emulated (emulator=qemu-tcg)" \
	jqeq noise-q '.records[] | select(.type=="timing") | .emulated' true
# selftest-smi: a body that raises an SMI (APM port 0xB2) in every sample.
# QEMU counts SMIs in MSR_SMI_COUNT, so every sample must be discarded.
check "selftest-smi (qemu): every SMI-hit sample discarded (50 of 50, none kept)" \
	jqeq smi-q "$M | select(.name==\"apm-smi\") | \"\(.n)/\(.discarded)/\(.smi_count >= 165)\"" 0/50/true
check "selftest-smi (qemu): self-check ok" \
	jqeq smi-q '.records[] | select(.type=="selftest" and .check=="smi-discard") | .ok' true
