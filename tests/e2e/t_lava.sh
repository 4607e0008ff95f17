# LAVA (scripts/lab/lava/): the job template, rendered with example values,
# passes LAVA's own validator (Debian's lava-common, strict), and its monitor
# turns the reference runs' record lines into the test cases and
# measurements they hold. Needs Debian's /usr/bin/python3 (the python3 on
# PATH may not see Debian's modules). Sourced by run-e2e.sh.
lava_main() {
	local py=/usr/bin/python3 v='import sys, yaml, lava_common.schemas as s
s.validate(yaml.safe_load(open(sys.argv[1])), strict=True, extra_context_variables=[])'

	if ! "$py" -c 'import yaml, lava_common.schemas' 2>/dev/null; then
		skip "lava: job template validates" "$py cannot import lava_common (package lava-common)"
		return
	fi
	# not local: the EXIT trap runs after this function has returned
	tmp=$(mktemp -d /tmp/vmxb-lava.XXXXXX)
	trap 'rm -rf "$tmp"' EXIT
	printf '%s\n' 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef >"$tmp/key"

	scripts/lab/lava/render --device-type x86 --payload-url http://lava.example/vmxbench/payload.elf \
		--suites caps,entry >"$tmp/bios.yaml"
	check "lava: BIOS job (kernel payload.elf) passes LAVA's validator" "$py" -c "$v" "$tmp/bios.yaml"
	scripts/lab/lava/render --device-type x86-uefi --payload-url http://lava.example/vmxbench/payload.efi \
		--efi --collector 10.0.0.1:8080 --key-file "$tmp/key" >"$tmp/efi.yaml"
	check "lava: UEFI job (chain payload.efi, upload) passes LAVA's validator" "$py" -c "$v" "$tmp/efi.yaml"
	check "lava: UEFI job with the key is personal, not public" grep -qx 'visibility: personal' "$tmp/efi.yaml"
	check "lava: the job's identity commands are boot.ipxe's" \
		bash -c "grep -E '^(isset [^ ]+ && )?set vmxb_id ' scripts/lab/boot.ipxe | grep -q . &&
			grep -E '^(isset [^ ]+ && )?set vmxb_id ' scripts/lab/boot.ipxe |
			while IFS= read -r l; do grep -qxF -- \"    - '\$l'\" '$tmp/bios.yaml' || exit 1; done"
	sed 's/PASS: pass/PASS: passed/' "$tmp/bios.yaml" >"$tmp/broken.yaml"
	check "lava: the validator refuses a result LAVA does not know (it validates)" \
		bash -c "! '$py' -c '$v' '$tmp/broken.yaml'"
	check "lava: render refuses a value with a quote" \
		bash -c "! scripts/lab/lava/render --device-type \"x'86\" --payload-url u"

	check "lava: monitor gives every reference case and meas record as a test case" \
		"$py" tests/e2e/lava_monitor_check.py "$tmp/bios.yaml" tests/e2e/reference/*.rec.gz
	sed '/DEVIATION: fail/d' "$tmp/bios.yaml" >"$tmp/nodev.yaml"
	check "lava: monitor check fails without DEVIATION -> fail (it checks)" \
		bash -c "! '$py' tests/e2e/lava_monitor_check.py '$tmp/nodev.yaml' tests/e2e/reference/*.rec.gz"
	local log
	log=$(ls "$E2E"/logs/*.log 2>/dev/null | head -1)
	if [ -n "$log" ]; then
		check "lava: monitor on a serial log of this e2e run (${log##*/})" \
			"$py" tests/e2e/lava_monitor_check.py "$tmp/bios.yaml" "$log"
	else
		skip "lava: monitor on a serial log of this e2e run" "no logs in $E2E/logs"
	fi
}

( lava_main )
