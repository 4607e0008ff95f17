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
# identify DUMP: our raw dump read back (cpuid_tool --save format) names the same CPU;
# --json is one array with the same answer.
for m in haswell tigerlake; do
	[ -s "$E2E/$m.raw" ] || { skip "$m: identify DUMP" "no raw dump"; continue; }
	want=$(sed -n 's/^codename: *//p' "$E2E/$m.identify")
	"$O/vmxbench" identify "$E2E/$m.raw" >"$E2E/$m.identify-raw" 2>&1
	check "$m: identify of the --raw dump names the same CPU ($want)" \
		grep -qx "codename: *$want" "$E2E/$m.identify-raw"
	check "$m: identify --json gives the same codename" \
		test "$("$O/vmxbench" identify --json "$E2E/$m.raw" | jq -r '.[0].cpu.codename')" = "$want"
done
check "identify of a file that is neither run, log nor dump fails" \
	bash -c "! '$O/vmxbench' identify VERSION"
