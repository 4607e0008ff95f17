#!/bin/bash
# Netboot the payload in Bochs 2.7 (the only VMX CPU here): BIOS -> iPXE
# option ROM on an e1000 -> Bochs's internal vnet DHCP/TFTP -> boot.ipxe ->
# payload.elf (Multiboot). See docs/netboot.md (the emulated lab).
#
# Usage: bochs-netboot.sh --model MODEL --log FILE [--args "suites=caps ..."]
#          [--cpus N] [--timeout SEC] [--payload build/payload.elf] [--ips N]
#          [--megs N] [--ignore-bad-msrs] [--route rom|iso] [--keep]
# --ignore-bad-msrs: unknown MSRs read as 0 (Bochs's default, which OVMF
# needs) instead of #GP, to compare with bochs-uefi.sh on the same CPU.
# --route iso: iPXE from Debian's ipxe.iso on a CD instead of the NIC's
# option ROM (same network, script and payload): verdicts must not change.
# Exit: 0 when FILE holds the payload's end record, 2 on timeout, 1 otherwise.
set -u
here=$(cd "$(dirname "$0")" && pwd) me=bochs-netboot
. "$here/netboot-lib.sh"

model="" log="" args="" cpus=1 tmo=120 payload=build/payload.elf ips=$BOCHS_IPS megs=128 keep=0 bad_msrs=0 route=rom
usage() { sed -n '6,13p' "$0" | sed 's/^# //'; }
while [ $# -gt 0 ]; do
	case $1 in
	--model) model=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--args) args=$2; shift 2 ;;
	--cpus) cpus=$2; shift 2 ;;
	--timeout) tmo=$2; shift 2 ;;
	--payload) payload=$2; shift 2 ;;
	--ips) ips=$2; shift 2 ;;
	--megs) megs=$2; shift 2 ;;
	--ignore-bad-msrs) bad_msrs=1; shift ;;
	--route) route=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "bochs-netboot: unknown argument $1" >&2; usage >&2; exit 1 ;;
	esac
done
[ -n "$model" ] && [ -n "$log" ] || { usage >&2; exit 1; }
case $route in rom|iso) ;; *) echo "bochs-netboot: --route is rom or iso, not $route" >&2; exit 1 ;; esac
[ "$route" = rom ] || [ -f /usr/lib/ipxe/ipxe.iso ] || { echo "bochs-netboot: /usr/lib/ipxe/ipxe.iso missing (package ipxe)" >&2; exit 1; }
[ -f "$payload" ] || { echo "bochs-netboot: no payload at $payload (make payload)" >&2; exit 1; }
command -v bochs-bin >/dev/null || { echo "bochs-netboot: bochs-bin missing (make deps)" >&2; exit 1; }

netboot_dir bochs
netboot_script "exit=bochs emulator=bochs:$model" "$args"

# Bochs insists on this exact first line.
cat >"$dir/vnet.conf" <<VNET
# vnet config
bootfile = boot.ipxe
VNET

rm -f "$log"

# ignore_bad_msrs=0: an MSR Bochs does not know raises #GP as on silicon
# (the default reads it as 0). ips: BOCHS_IPS (netboot-lib.sh).
{
	cat <<RC
megs: $megs
cpu: model=$model, count=$cpus, ips=$ips, reset_on_triple_fault=0, ignore_bad_msrs=$bad_msrs
romimage: file=/usr/share/bochs/BIOS-bochs-latest, options=fastboot
vgaromimage: file=/usr/share/vgabios/vgabios.bin
pci: enabled=1, chipset=i440fx, slot1=e1000
RC
	if [ "$route" = iso ]; then
		cat <<RC
e1000: enabled=1, mac=52:54:00:12:34:56, ethmod=vnet, ethdev=$dir/tftp, script=$dir/vnet.conf
ata0-master: type=cdrom, path=/usr/lib/ipxe/ipxe.iso, status=inserted
boot: cdrom
RC
	else
		cat <<RC
e1000: enabled=1, mac=52:54:00:12:34:56, ethmod=vnet, ethdev=$dir/tftp, script=$dir/vnet.conf, bootrom=/usr/lib/ipxe/82540em.rom
boot: network
RC
	fi
	bochs_rc_common
} >"$dir/bochsrc"

bochs_run "$tmo"

netboot_verdict "bochs:$model"
# Keep the emulator's own log beside the serial log for diagnosis.
cat "$dir/bochs.out" "$dir/bochs.log" >"$log.bochs" 2>/dev/null
netboot_fail "$rc" "timeout after $tmo s ($model), no end record in $log" \
	"bochs exited $rc ($model) without an end record; see $log.bochs"
