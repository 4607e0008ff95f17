# vmxbench identify on the payload's CPUID dump, cross-checked with cpuid_tool.
for m in haswell tigerlake; do
	f=$(run_of "$m")
	if [ -z "$f" ]; then skip "$m: identify" "no stored run"; continue; fi
	"$O/vmxbench" identify --raw "$E2E/$m.raw" "$f" >"$E2E/$m.identify" 2>&1
	check "$m: identify names family/model/stepping" grep -qi 'family' "$E2E/$m.identify"
	lib=$(cpuid_tool --load="$E2E/$m.raw" --codename 2>/dev/null | tail -1)
	check "$m: identify's codename matches cpuid_tool --load ($lib)" grep -qF "$lib" "$E2E/$m.identify"
done
# The CPUID dump opens every run, so a run without the caps suite is identified too.
check "noise-only run (no caps suite) is identified as Haswell" jqeq noise-a '.cpu.codename' Haswell
check "noise-only run has its identity record before the first suite" \
	jqeq noise-a '[.records[] | .type] | (index("identity") < index("suite"))' true
