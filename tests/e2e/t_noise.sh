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
check "noise (qemu TCG): labelled emulated (emulator=qemu-tcg)" \
	jqeq noise-q '.records[] | select(.type=="timing") | .emulated' true
# selftest-smi: a body that raises an SMI (APM port 0xB2) in every sample.
# QEMU counts SMIs in MSR_SMI_COUNT, so every sample must be discarded.
check "selftest-smi (qemu): every SMI-hit sample discarded (50 of 50, none kept)" \
	jqeq smi-q "$M | select(.name==\"apm-smi\") | \"\(.n)/\(.discarded)/\(.smi_count >= 165)\"" 0/50/true
check "selftest-smi (qemu): self-check ok" \
	jqeq smi-q '.records[] | select(.type=="selftest" and .check=="smi-discard") | .ok' true
