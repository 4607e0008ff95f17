#!/bin/bash
# End-to-end tests: boot every entry of boots.list (two at a time), collect
# each serial log with the host tool, then run the assertions in t_*.sh.
set -u
cd "$(dirname "$0")/../.."
O=${O:-build}
export O E2E=$O/e2e
. tests/e2e/lib.sh
rm -rf "$E2E" && mkdir -p "$E2E/logs" "$E2E/results"
JOBS=${E2E_JOBS:-2}

boot_one() { # NAME KIND MODEL ARGS...
	local name=$1 kind=$2 model=$3 t0 rc
	shift 3
	t0=$(date +%s)
	case $kind in
	bochs|bochs-lenient|bochs-iso) # MODEL@P:C:T or MODEL@N: that many logical processors (cpu: count=)
		# bochs-lenient: unknown MSRs read as 0 (as bochs-uefi must have them);
		# bochs-iso: iPXE from ipxe.iso on a CD instead of the NIC's option ROM
		local cpus=1 extra=()
		case $model in *@*) cpus=${model#*@} model=${model%@*} ;; esac
		case $kind in bochs-lenient) extra=(--ignore-bad-msrs) ;; bochs-iso) extra=(--route iso) ;; esac
		scripts/lab/bochs-netboot.sh --model "$model" --cpus "$cpus" --log "$E2E/logs/$name.log" \
		--payload "$O/payload.elf" --timeout "${E2E_TIMEOUT:-300}" "${extra[@]}" --args "$*" \
		>"$E2E/logs/$name.out" 2>&1 ;;
	bochs-uefi) # OVMF in Bochs, payload.efi from a disk image
		local cpus=1
		case $model in *@*) cpus=${model#*@} model=${model%@*} ;; esac
		scripts/lab/bochs-uefi.sh --model "$model" --cpus "$cpus" --log "$E2E/logs/$name.log" \
		--payload "$O/payload.efi" --timeout "${E2E_TIMEOUT:-300}" --args "$*" \
		>"$E2E/logs/$name.out" 2>&1 ;;
	qemu) scripts/lab/qemu-netboot.sh --log "$E2E/logs/$name.log" \
		--payload "$O/payload.elf" --timeout "${E2E_TIMEOUT:-300}" --args "$*" \
		>"$E2E/logs/$name.out" 2>&1 ;;
	qemu-uefi) # MODEL: - or MEGS@CPUS
		local megs=256 cpus=1
		case $model in *@*) megs=${model%@*} cpus=${model#*@} ;; esac
		scripts/lab/qemu-netboot.sh --uefi --megs "$megs" --cpus "$cpus" --log "$E2E/logs/$name.log" \
		--payload "$O/payload.efi" --timeout "${E2E_TIMEOUT:-300}" --args "$*" \
		>"$E2E/logs/$name.out" 2>&1 ;;
	esac
	rc=$?
	echo "$rc" >"$E2E/logs/$name.rc"
	echo "   boot $name ($kind $model $*): exit $rc, $(( $(date +%s) - t0 )) s"
}
export -f boot_one

echo "== e2e: booting $(grep -cv '^\s*\(#\|$\)' tests/e2e/boots.list) emulator runs, $JOBS at a time"
grep -v '^\s*\(#\|$\)' tests/e2e/boots.list |
	xargs -P "$JOBS" -L 1 bash -c 'boot_one "$@"' _

for f in "$E2E"/logs/*.log; do
	name=$(basename "$f" .log)
	check "boot $name reaches the end record" test "$(cat "$E2E/logs/$name.rc")" = 0
	# reference and route boots (t_reference.sh, t_route.sh) go to a store of
	# their own: the report tests count the runs of each model in $E2E/results
	out=$E2E/results
	case $name in ref-*|route-*) out=$E2E/results-ref ;; esac
	"$O/vmxbench" collect --quiet --out "$out" --run-id "$name" "$f" \
		>"$E2E/logs/$name.collect" 2>&1
	check "collect stores boot $name" test -n "$(ls "$out"/*/"$name.json" 2>/dev/null)"
done

for t in tests/e2e/t_*.sh; do
	echo "== e2e: ${t##*/}"
	. "$t"
done
