# An emulated run is never stored as silicon, even from a forged log: the lab's
# options come first on the command line, the payload recognises the
# emulator itself, and a run whose label was lost is still emulated.
B='.records[0]'
check "longcmd: the lab's emulator label survives a cut command line" jqeq longcmd "$B.emulator" qemu-tcg
check "longcmd: the payload warns that the command line may have been cut" \
	jqrun longcmd '.records[] | select(.type=="warn" and (.msg | startswith("command line of 511 bytes")))'
check "qemu: the payload recognises QEMU TCG by itself (CPUID signature)" \
	jqeq qemu "$B | \"\(.emulator_detected)/\(.emulator_evidence)\"" 'qemu-tcg/CPUID 0x40000000 signature "TCGTCGTCGTCG"'
check "haswell: the payload recognises Bochs by itself (SMBIOS)" \
	jqeq haswell "$B | \"\(.emulator_detected)/\(.emulator_evidence)\"" 'bochs/SMBIOS BIOS vendor "The Bochs Project"'

# A label the lab did not get: the lab refuses the run; the host stores it as emulated anyway.
nl="$E2E/logs-extra/nolabel"
mkdir -p "$nl"
scripts/lab/qemu-netboot.sh --log "$nl/nolabel.log" --payload "$O/payload.elf" \
	--timeout "${E2E_TIMEOUT:-300}" --args "suites=caps emulator=" >"$nl/lab.out" 2>&1
echo $? >"$nl/lab.rc"
check "nolabel: the lab exits 1 when the begin record lacks its emulator label" test "$(cat "$nl/lab.rc")" = 1
check "nolabel: the lab says why" grep -q 'does not carry emulator=qemu-tcg' "$nl/lab.out"
"$O/vmxbench" collect --out "$nl/results" "$nl/nolabel.log" >"$nl/collect.out" 2>&1
check "nolabel: collect stores the run under an emulated CPU directory" \
	test -n "$(ls "$nl"/results/emu-qemu-tcg-*/*.json 2>/dev/null)"
"$O/vmxbench" export --results "$nl/results" --format csv --type identity --out "$nl/id.csv" >/dev/null 2>&1
check "nolabel: export marks the run emulated" grep -q ',qemu-tcg,' "$nl/id.csv"
