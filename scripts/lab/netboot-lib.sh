# What bochs-netboot.sh and qemu-netboot.sh share (sourced, not run): the
# temporary TFTP root, boot.ipxe with this run's arguments, and the verdict
# from the serial log. The caller sets me, here, payload, log and keep.

# netboot_dir KIND: $dir, a temporary directory removed on exit (kept with
# --keep), holding tftp/payload.elf; the log's directory exists.
netboot_dir() {
	dir=$(mktemp -d "/tmp/vmxb-$1.XXXXXX")
	trap netboot_cleanup EXIT
	mkdir -p "$dir/tftp" "$(dirname "$log")"
	cp "$payload" "$dir/tftp/payload.elf"
}

netboot_cleanup() { [ "$keep" = 1 ] && echo "$me: kept $dir" >&2 || rm -rf "$dir"; }

# netboot_script ARGS: the canonical script with "set vmxb_args ARGS" right after #!ipxe.
netboot_script() {
	{
		head -n 1 "$here/boot.ipxe"
		echo "set vmxb_args $1"
		tail -n +2 "$here/boot.ipxe"
	} >"$dir/tftp/boot.ipxe"
}

# netboot_ended: the serial log holds the payload's end record.
netboot_ended() { grep -q 'VMXB1 {"type":"end"' "$log" 2>/dev/null; }

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
