#!/bin/bash
# Netboot the payload in QEMU (TCG: no VMX; tests the boot path and the
# "VMX not available" path): QEMU's BIOS iPXE ROM on an e1000 -> slirp
# DHCP/TFTP -> boot.ipxe -> payload.elf (Multiboot). See docs/netboot.md
# (the emulated lab).
#
# Usage: qemu-netboot.sh --log FILE [--args "suites=caps ..."] [--timeout SEC]
#          [--payload build/payload.elf] [--cpus N] [--kernel] [--keep]
# --kernel boots with -kernel instead of the network (fast, no iPXE).
# Exit: 0 when FILE holds the payload's end record, 2 on timeout, 1 otherwise.
set -u
here=$(cd "$(dirname "$0")" && pwd) me=qemu-netboot
. "$here/netboot-lib.sh"

log="" args="" tmo=60 payload=build/payload.elf cpus=1 direct=0 keep=0
usage() { sed -n '7,10p' "$0" | sed 's/^# //'; }
while [ $# -gt 0 ]; do
	case $1 in
	--log) log=$2; shift 2 ;;
	--args) args=$2; shift 2 ;;
	--timeout) tmo=$2; shift 2 ;;
	--payload) payload=$2; shift 2 ;;
	--cpus) cpus=$2; shift 2 ;;
	--kernel) direct=1; shift ;;
	--keep) keep=1; shift ;;
	--uefi) echo "qemu-netboot: --uefi is not implemented yet" >&2; exit 1 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "qemu-netboot: unknown argument $1" >&2; usage >&2; exit 1 ;;
	esac
done
[ -n "$log" ] || { usage >&2; exit 1; }
[ -f "$payload" ] || { echo "qemu-netboot: no payload at $payload (make payload)" >&2; exit 1; }

netboot_dir qemu
lab_args="exit=qemu emulator=qemu-tcg"
netboot_script "$lab_args" "$args"
rm -f "$log"

common=(-accel tcg -m 256 -smp "$cpus" -display none -monitor none -serial "file:$log"
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -no-reboot)
if [ "$direct" = 1 ]; then
	boot=(-kernel "$dir/tftp/payload.elf" -append "$lab_args console=ttyS0,115200 ${args:-suites=caps}")
else
	boot=(-netdev "user,id=n0,tftp=$dir/tftp,bootfile=boot.ipxe"
		-device e1000,netdev=n0 -boot order=n,reboot-timeout=0)
fi
timeout --kill-after=5 "$tmo" qemu-system-x86_64 "${common[@]}" "${boot[@]}" \
	</dev/null >"$dir/qemu.out" 2>&1
rc=$?

# isa-debug-exit makes QEMU exit (status << 1) | 1: 1 or 3 from the payload.
netboot_verdict qemu-tcg
cp "$dir/qemu.out" "$log.qemu" 2>/dev/null
netboot_fail "$rc" "timeout after $tmo s, no end record in $log" \
	"qemu exited $rc without an end record; see $log.qemu"
