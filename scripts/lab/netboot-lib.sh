# What bochs-netboot.sh and qemu-netboot.sh share (sourced, not run): the
# temporary TFTP root, boot.ipxe with this run's arguments, and the verdict
# from the serial log. The caller sets me, here, payload, log and keep.

# netboot_dir KIND [IMAGE]: $dir, a temporary directory removed on exit
# (kept with --keep), holding tftp/IMAGE (default payload.elf; payload.efi
# for UEFI, the name boot.ipxe asks an EFI iPXE for); the log's directory
# exists.
netboot_dir() {
	dir=$(mktemp -d "/tmp/vmxb-$1.XXXXXX")
	trap netboot_cleanup EXIT
	mkdir -p "$dir/tftp" "$(dirname "$log")"
	cp "$payload" "$dir/tftp/${2:-payload.elf}"
}

netboot_cleanup() { [ "$keep" = 1 ] && echo "$me: kept $dir" >&2 || rm -rf "$dir"; }

# netboot_script LAB ARGS: the canonical script with "set vmxb_lab LAB" and
# "set vmxb_args ARGS" right after #!ipxe. boot.ipxe puts the lab's options
# first on the command line: iPXE's Multiboot loader keeps only 511 bytes of
# it, and a lost emulator= label must not be what gets cut. ARGS is never
# empty (an empty one would bring boot.ipxe's default, exit=halt, and the
# emulator would wait out its timeout).
netboot_script() {
	{
		head -n 1 "$here/boot.ipxe"
		echo "set vmxb_lab $1"
		echo "set vmxb_args ${2:-suites=caps}"
		tail -n +2 "$here/boot.ipxe"
	} >"$dir/tftp/boot.ipxe"
}

# netboot_ended: the serial log holds the payload's end record.
netboot_ended() { grep -q 'VMXB1 {"type":"end"' "$log" 2>/dev/null; }

# netboot_verdict LABEL: exit 0 when the log holds the end record and its
# begin record carries emulator=LABEL; exit 1 when the label did not arrive
# (the run would pass for silicon); return otherwise (no end record).
netboot_verdict() {
	netboot_ended || return 0
	if grep -a 'VMXB1 {"type":"begin"' "$log" | grep -qF "\"emulator\":\"$1\""; then
		exit 0
	fi
	echo "$me: the begin record in $log does not carry emulator=$1: the payload did not" \
		"get the lab's label (check --args for emulator=); not a valid emulated run" >&2
	exit 1
}

# netboot_fail RC TIMEOUT-TEXT OTHER-TEXT: exit 2 when timeout(1) stopped the
# emulator (RC 124, or 137 after --kill-after), else 1; the text says why.
netboot_fail() {
	if [ "$1" = 124 ] || [ "$1" = 137 ]; then
		echo "$me: $2" >&2
		exit 2
	fi
	echo "$me: $3" >&2
	exit 1
}
