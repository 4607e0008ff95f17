#!/bin/bash
# Netboot the payload in QEMU (TCG: no VMX; tests the boot path and the
# "VMX not available" path): QEMU's BIOS iPXE ROM on an e1000 -> slirp
# DHCP/TFTP -> boot.ipxe -> payload.elf (Multiboot); with --uefi OVMF and
# QEMU's EFI iPXE ROM -> the same boot.ipxe -> payload.efi. See
# docs/netboot.md (the emulated lab) and docs/uefi.md.
#
# Usage: qemu-netboot.sh --log FILE [--args "suites=caps ..."] [--timeout SEC]
#          [--payload build/payload.elf|.efi] [--cpus N] [--megs N] [--kernel|--uefi] [--keep]
# --kernel boots with -kernel instead of the network (fast, no iPXE).
# --uefi boots OVMF (q35) and netboots payload.efi (default build/payload.efi).
# Exit: 0 when FILE holds the payload's end record, 2 on timeout, 1 otherwise.
set -u
here=$(cd "$(dirname "$0")" && pwd) me=qemu-netboot
. "$here/netboot-lib.sh"

log="" args="" tmo=60 payload="" cpus=1 megs=256 direct=0 keep=0 uefi=0
usage() { sed -n '8,12p' "$0" | sed 's/^# //'; }
while [ $# -gt 0 ]; do
	case $1 in
	--log) log=$2; shift 2 ;;
	--args) args=$2; shift 2 ;;
	--timeout) tmo=$2; shift 2 ;;
	--payload) payload=$2; shift 2 ;;
	--cpus) cpus=$2; shift 2 ;;
	--megs) megs=$2; shift 2 ;;
	--kernel) direct=1; shift ;;
	--keep) keep=1; shift ;;
	--uefi) uefi=1; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "qemu-netboot: unknown argument $1" >&2; usage >&2; exit 1 ;;
	esac
done
[ -n "$log" ] || { usage >&2; exit 1; }
[ "$uefi$direct" != 11 ] || { echo "qemu-netboot: --kernel and --uefi exclude each other" >&2; exit 1; }
image=payload.elf
[ "$uefi" = 1 ] && image=payload.efi
payload=${payload:-build/$image}
[ -f "$payload" ] || { echo "qemu-netboot: no payload at $payload (make payload)" >&2; exit 1; }
if [ "$uefi" = 1 ]; then
	ovmf_code=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE.fd} ovmf_vars=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS.fd}
	for f in "$ovmf_code" "$ovmf_vars"; do
		[ -r "$f" ] || { echo "qemu-netboot: no OVMF at $f (Debian package ovmf)" >&2; exit 1; }
	done
fi

netboot_dir qemu "$image"
lab_args="exit=qemu emulator=qemu-tcg"
netboot_script "$lab_args" "$args"
rm -f "$log"

common=(-accel tcg -m "$megs" -smp "$cpus" -display none -monitor none -serial "file:$log"
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -no-reboot)
if [ "$uefi" = 1 ]; then
	# OVMF ignores -boot n: the NIC's bootindex puts its EFI iPXE ROM first.
	# The variable store is a fresh copy per run: nothing persists.
	cp "$ovmf_vars" "$dir/vars.fd"
	common+=(-machine q35
		-drive "if=pflash,format=raw,unit=0,readonly=on,file=$ovmf_code"
		-drive "if=pflash,format=raw,unit=1,file=$dir/vars.fd")
	boot=(-netdev "user,id=n0,tftp=$dir/tftp,bootfile=boot.ipxe"
		-device e1000,netdev=n0,bootindex=0)
elif [ "$direct" = 1 ]; then
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
