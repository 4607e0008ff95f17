# vmxbench identify on the payload's CPUID dump, cross-checked with cpuid_tool.
for m in haswell tigerlake; do
	f=$(run_of "$m")
	if [ -z "$f" ]; then skip "$m: identify" "no stored run"; continue; fi
	"$O/vmxbench" identify --raw "$E2E/$m.raw" "$f" >"$E2E/$m.identify" 2>&1
	check "$m: identify names family/model/stepping" grep -qi 'family' "$E2E/$m.identify"
	lib=$(cpuid_tool --load="$E2E/$m.raw" --codename 2>/dev/null | tail -1)
	check "$m: identify's codename matches cpuid_tool --load ($lib)" grep -qF "$lib" "$E2E/$m.identify"
done
