# The UEFI image (payload.efi, docs/uefi.md): it boots through OVMF + EFI
# iPXE in QEMU to its end record, and in Bochs + OVMF it reaches the same
# case verdicts as the BIOS path on the same emulated CPU and Bochs settings.

if [ -z "$(run_of uefi-qemu)" ]; then
	skip "uefi: QEMU+OVMF netboot of payload.efi" "no stored run uefi-qemu"
else
	check "uefi-qemu: begin says boot uefi" jqeq uefi-qemu "[$(rec uefi-qemu begin) | .boot] | .[0]" uefi
	check "uefi-qemu: LoadOptions arrived (the lab's emulator label, image name first)" \
		jqeq uefi-qemu "[$(rec uefi-qemu begin) | (.emulator + \" \" + (.cmdline | split(\" \") | .[0]))] | .[0]" \
		"qemu-tcg payload.efi"
	check "uefi-qemu: ACPI from the configuration table (MADT found)" \
		jqrun uefi-qemu "[$(rec uefi-qemu smp) | .madt] | .[0] | test(\"xsdt|rsdt\")"
	check "uefi-qemu: SMBIOS from the configuration table (OVMF's)" \
		jqrun uefi-qemu "[$(rec uefi-qemu smbios) | .bios_vendor] | .[0] | test(\"EFI Development Kit II\")"
	check "uefi-qemu: the identity map covers the memory above 4 GiB" \
		jqrun uefi-qemu "[$(rec uefi-qemu begin) | .mem_end | ltrimstr(\"0x\")] | .[0] | length >= 9 and . != \"100000000\""
	check "uefi-qemu: the AP started (MADT, our INIT-SIPI-SIPI from a page below 1 MiB)" \
		jqeq uefi-qemu "[$(rec uefi-qemu smp) | .started] | .[0]" 1
	# ConOut ends lines in CR LF (the UART path writes LF only): the records came that way
	check "uefi-qemu: no UART at console=ttyS3: the records reach the log through ConOut" \
		test "$(grep -a -c $'^VMXB1 .*\r$' "$E2E/logs/uefi-qemu.log")" -gt 30
	check "uefi-qemu: caps says no VMX under TCG" jqeq uefi-qemu "[$(rec uefi-qemu vmx_caps) | .vmx] | .[0]" false
	check "uefi-qemu: the run ends ok" jqeq uefi-qemu "[$(rec uefi-qemu end) | .status] | .[0]" ok
fi

if [ -z "$(run_of uefi-bochs)" ] || [ -z "$(run_of uefi-bios)" ]; then
	skip "uefi: Bochs+OVMF verdicts equal the BIOS path's" "no stored run uefi-bochs or uefi-bios"
else
	check "uefi-bochs: begin says boot uefi" jqeq uefi-bochs "[$(rec uefi-bochs begin) | .boot] | .[0]" uefi
	check "uefi-bochs: the AP started (firmware's processor list, our INIT-SIPI-SIPI)" \
		jqeq uefi-bochs "[$(rec uefi-bochs smp) | .started] | .[0]" 1
	check "uefi-bochs: the migrate suite ran on 2 CPUs" \
		jqrun uefi-bochs "[$(rec uefi-bochs case) | select(.suite == \"migrate\" and .verdict == \"PASS\")] | length > 0"
	check "uefi-bochs: every suite ended ok" \
		jqrun uefi-bochs "[$(rec uefi-bochs suite_end) | .status] | length == 4 and all(. == \"ok\")"
	# OVMF leaves IA32_FEATURE_CONTROL unlocked (0): the payload enables VMX
	# outside SMX and locks it, and caps says so; the Bochs BIOS locks it itself
	check "uefi-bochs: caps records that the payload locked IA32_FEATURE_CONTROL" \
		jqeq uefi-bochs "[$(rec uefi-bochs feature_control) | .action] | .[0]" enabled-and-locked
	check "uefi-bios: the BIOS had locked IA32_FEATURE_CONTROL itself" \
		jqeq uefi-bios "[$(rec uefi-bios feature_control) | .action] | .[0]" none
	# One line per case: suite, id, verdict; the two runs must agree line by line.
	verdicts() {
		jq -r '.records[] | select(.type == "case") | [.suite, .id, .verdict] | @tsv' "$(run_of "$1")"
	}
	verdicts uefi-bios >"$E2E/logs/uefi-bios.verdicts"
	verdicts uefi-bochs >"$E2E/logs/uefi-bochs.verdicts"
	diff "$E2E/logs/uefi-bios.verdicts" "$E2E/logs/uefi-bochs.verdicts" >"$E2E/logs/uefi.verdict-diff"
	n=$(wc -l <"$E2E/logs/uefi-bios.verdicts")
	check "uefi-bochs: the $n case verdicts of the BIOS path, case by case" \
		test "$n" -gt 600 -a ! -s "$E2E/logs/uefi.verdict-diff"
	head -5 "$E2E/logs/uefi.verdict-diff"
fi
