# What bochs-netboot.sh and qemu-netboot.sh share (sourced, not run): the
# temporary TFTP root, boot.ipxe with this run's arguments, and the verdict
# from the serial log. The caller sets me, here, payload, log and keep.

# Bochs's emulated instructions per second for every lab boot: 1000000, the
# least Bochs takes (BX_MIN_IPS). The TSC counts instructions whatever ips is,
# but every wait for emulated time (iPXE's timeouts, the PIT, the UART's 87 us
# a byte, the UEFI shell's countdown) then costs the fewest instructions; the
# records stay the same but tsc_hz (docs/emulators.md).
BOCHS_IPS=1000000

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

# bochs_rc_common: the bochsrc lines every Bochs run of the lab shares (the
# caller adds CPU, firmware, disks or NIC). clock sync=none + fixed time0:
# the run is repeatable (TSC = instructions). RFB with timeout=0 is
# headless; concurrent runs each take the next free port from 5900 up. The
# dummy sound driver: without a sound card, Bochs's ALSA speaker output
# aborts the process ("buffer overflow detected").
bochs_rc_common() {
	cat <<RC
display_library: rfb, options="timeout=0"
clock: sync=none, time0=946684800
com1: enabled=1, mode=file, dev=$log
panic: action=fatal
error: action=report
info: action=ignore
debug: action=ignore
log: $dir/bochs.log
sound: waveoutdrv=dummy, waveout=none
RC
}

# bochs_run TIMEOUT: run $dir/bochsrc (the debugger's rc file says
# continue, quit: the guest's iodebug exit ends Bochs); sets rc. RFB needs a
# free port in 5900-5949; with many runs at once (helpers, CI and a
# developer on one machine) Bochs has been seen to find none and stop at
# once. That says nothing about the payload: wait a moment and try again.
bochs_run() {
	local attempt
	printf 'continue\nquit\n' >"$dir/debugger.rc"
	for attempt in 1 2 3 4 5; do
		timeout --kill-after=5 "$1" bochs-bin -q -f "$dir/bochsrc" -rc "$dir/debugger.rc" \
			</dev/null >"$dir/bochs.out" 2>&1
		rc=$?
		grep -q 'RFB could not bind any port' "$dir/bochs.out" || break
		echo "$me: no free RFB port (attempt $attempt), retrying" >&2
		sleep "$attempt"
	done
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
