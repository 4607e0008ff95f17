#!/bin/bash
# Boot the UEFI payload in Bochs 2.7 (VMX on the UEFI path): Debian's 2 MB
# OVMF as the ROM -> its UEFI shell -> startup.nsh on a FAT disk image
# (mtools) -> payload.efi with the options. No network: iPXE's EFI ROM does
# not fit Bochs's PCI ROM limit (docs/uefi.md).
#
# Usage: bochs-uefi.sh --model MODEL --log FILE [--args "suites=caps ..."]
#          [--cpus N] [--timeout SEC] [--payload build/payload.efi] [--ips N] [--keep]
# --ips: emulated instructions per second (default 1000000, Bochs's least).
# Exit: 0 when FILE holds the payload's end record, 2 on timeout, 1 otherwise.
set -u
here=$(cd "$(dirname "$0")" && pwd) me=bochs-uefi
. "$here/netboot-lib.sh"

model="" log="" args="" cpus=1 tmo=300 payload=build/payload.efi ips=$BOCHS_IPS keep=0
ovmf_code=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE.fd} ovmf_vars=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS.fd}
usage() { sed -n '7,10p' "$0" | sed 's/^# //'; }
while [ $# -gt 0 ]; do
	case $1 in
	--model) model=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--args) args=$2; shift 2 ;;
	--cpus) cpus=$2; shift 2 ;;
	--timeout) tmo=$2; shift 2 ;;
	--payload) payload=$2; shift 2 ;;
	--ips) ips=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "$me: unknown argument $1" >&2; usage >&2; exit 1 ;;
	esac
done
[ -n "$model" ] && [ -n "$log" ] || { usage >&2; exit 1; }
[ -f "$payload" ] || { echo "$me: no payload at $payload (make payload)" >&2; exit 1; }
for t in bochs-bin mformat mcopy; do
	command -v "$t" >/dev/null || { echo "$me: $t missing (make deps)" >&2; exit 1; }
done
for f in "$ovmf_code" "$ovmf_vars"; do
	[ -r "$f" ] || { echo "$me: no OVMF at $f (Debian package ovmf)" >&2; exit 1; }
done

netboot_dir bochs-uefi payload.efi
rm -f "$log"

# Bochs takes a ROM of at most 2 MiB: the variable store and the code of
# the 2 MB OVMF build, in the order the flash has them.
cat "$ovmf_vars" "$ovmf_code" >"$dir/ovmf.rom"
rom_size=$(stat -c %s "$dir/ovmf.rom")
[ "$rom_size" -le 2097152 ] || { echo "$me: $ovmf_code + $ovmf_vars is $rom_size bytes, Bochs takes 2 MiB (use the 2 MB OVMF build)" >&2; exit 1; }

# A FAT16 image without a partition table (OVMF's disk driver takes it as
# a whole-disk file system) of 16 cylinders x 16 heads x 63 sectors. With no
# EFI/BOOT/BOOTX64.EFI on it OVMF falls back to its shell, which runs
# startup.nsh: the only way here to give the image a command line.
disk=$dir/disk.img
truncate -s $((16 * 16 * 63 * 512)) "$disk"
mformat -i "$disk" -t 16 -h 16 -s 63 :: || { echo "$me: mformat failed" >&2; exit 1; }
printf 'fs0:\r\npayload.efi exit=bochs emulator=bochs:%s console=ttyS0,115200 %s\r\n' \
	"$model" "${args:-suites=caps}" >"$dir/startup.nsh"
mcopy -i "$disk" "$dir/tftp/payload.efi" "$dir/startup.nsh" :: ||
	{ echo "$me: mcopy failed" >&2; exit 1; }

# OVMF needs ignore_bad_msrs left at 1 (it takes a #GP early otherwise), so
# MSRs Bochs does not know read as 0 here, where the BIOS runs see #GP.
# megs: OVMF wants more room than the payload alone. ips: BOCHS_IPS
# (netboot-lib.sh).
{
	cat <<RC
megs: 512
cpu: model=$model, count=$cpus, ips=$ips, reset_on_triple_fault=0
romimage: file=$dir/ovmf.rom
vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest
vga: extension=vbe
pci: enabled=1, chipset=i440fx
ata0-master: type=disk, path=$disk, mode=flat, cylinders=16, heads=16, spt=63
boot: disk
RC
	bochs_rc_common
} >"$dir/bochsrc"

bochs_run "$tmo"
# a killed Bochs leaves its lock beside the image (all in $dir, removed on exit)
rm -f "$disk.lock"

netboot_verdict "bochs:$model"
cat "$dir/bochs.out" "$dir/bochs.log" >"$log.bochs" 2>/dev/null
netboot_fail "$rc" "timeout after $tmo s ($model, UEFI), no end record in $log" \
	"bochs exited $rc ($model, UEFI) without an end record; see $log.bochs"
