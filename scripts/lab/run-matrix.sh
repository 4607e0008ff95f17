#!/bin/bash
# `make run`: netboot the payload on the emulated CPU matrix (Bochs models
# with VMX, an AMD model without, QEMU TCG), collect every serial log into
# the results store and write the report.
#
# Usage: run-matrix.sh [--models "m1 m2 ..."] [--all] [--args "suites=..."]
#          [--jobs N] [--timeout SEC] [--results DIR] [--build DIR] [--boots R]
# Models are Bochs cpu models (bochs-bin --help cpu), MODEL@N or MODEL@P:C:T
# for several logical processors, or "qemu". Default: $VMXB_MODELS, else a
# spread from Penryn to Tiger Lake (one of them with 2 CPUs), ryzen and qemu.
# --all: the 11 Intel models with VMX, ryzen and qemu.
# --args: payload options, default "suites=all" (every suite, with the
# payload's sample count for emulators, 20: docs/record-format.md, timing;
# ~30 s for the default matrix on 2 cores).
# --boots R: boot each model R times (default 1), each boot stored as a run of
# its own (run id STAMP-MODEL.bK), so the report aggregates across boots.
# Exit: 0 when every boot ended and was collected, 1 otherwise.
set -u
cd "$(dirname "$0")/../.."
here=scripts/lab

default_models="core2_penryn_t9600 corei7_haswell_4770@2 corei7_skylake_x tigerlake ryzen qemu"
all_models="core2_penryn_t9600 corei5_lynnfield_750 corei5_arrandale_m520
corei7_sandy_bridge_2600k corei7_ivy_bridge_3770k corei7_haswell_4770 broadwell_ult
corei7_skylake_x corei3_cnl corei7_icelake_u tigerlake ryzen qemu"
models=${VMXB_MODELS:-$default_models}
args="suites=all" jobs=2 tmo=180 results=results build=${O:-build} boots=1

usage() { sed -n '6,16p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
	case $1 in
	--models) models=$2; shift 2 ;;
	--all) models=$all_models; shift ;;
	--args) args=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--timeout) tmo=$2; shift 2 ;;
	--results) results=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	--boots) boots=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "run-matrix: unknown argument $1" >&2; usage >&2; exit 1 ;;
	esac
done
case $boots in
'' | *[!0-9]* | 0) echo "run-matrix: --boots needs a count >= 1, not '$boots'" >&2; exit 1 ;;
esac
payload=$build/payload.elf
[ -f "$payload" ] || { echo "run-matrix: no $payload (make payload)" >&2; exit 1; }

# shellcheck disable=SC2206
models_list=($models)
# with --boots R each model R times, the log named MODEL.bK (K = 1..R)
list=()
for m in "${models_list[@]}"; do
	if [ "$boots" = 1 ]; then
		list+=("$m")
	else
		for k in $(seq 1 "$boots"); do list+=("$m.b$k"); done
	fi
done
n=${#list[@]}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
logs=$build/matrix/$stamp
mkdir -p "$logs"
echo "run-matrix: $n boots, $jobs at a time, args \"$args\", logs in $logs"

# boot_one INDEX MODEL: one boot, one progress line when it finishes.
boot_one() {
	local i=$1 model=$2 t0 t1 us rc status kind cpus=1 log
	# MODEL@N: N logical processors (Bochs cpu: count=); the log keeps the name
	log=$logs/$model
	model=${model%.b[0-9]*}
	case $model in *@*) cpus=${model#*@} model=${model%@*} ;; esac
	t0=$EPOCHREALTIME
	if [ "$model" = qemu ]; then
		kind=qemu
		"$here/qemu-netboot.sh" --log "$log.log" --payload "$payload" \
			--timeout "$tmo" --args "$args" >"$log.out" 2>&1
	else
		kind=bochs
		"$here/bochs-netboot.sh" --model "$model" --cpus "$cpus" --log "$log.log" \
			--payload "$payload" --timeout "$tmo" --args "$args" \
			>"$log.out" 2>&1
	fi
	rc=$?
	t1=$EPOCHREALTIME
	case $rc in
	0) status=ok ;;
	2) status="TIMEOUT (no end record after $tmo s)" ;;
	*) status="FAILED ($(tail -n 1 "$log.out"))" ;;
	esac
	echo "$rc" >"$log.rc"
	us=$(( ${t1/./} - ${t0/./} ))
	printf '[%d/%d] %-5s %-26s ... %s %d.%d s\n' "$i" "$N" "$kind" "${log##*/}" "$status" \
		$((us / 1000000)) $((us / 100000 % 10))
}
export -f boot_one
export here logs payload tmo args N=$n

for i in "${!list[@]}"; do
	echo "$((i + 1)) ${list[$i]}"
done | xargs -P "$jobs" -L 1 bash -c 'boot_one "$@"' _

fail=0
vmxbench=$build/vmxbench
if [ ! -x "$vmxbench" ]; then
	echo "run-matrix: $vmxbench not built: logs left in $logs, nothing collected" >&2
	exit 1
fi
for m in "${list[@]}"; do
	if [ "$(cat "$logs/$m.rc")" != 0 ]; then
		fail=1
		echo "run-matrix: $m did not finish (log $logs/$m.log)"
		[ -s "$logs/$m.log" ] || continue
	fi
	# Bochs boots are byte-identical: without their own run ids the store would
	# keep one of R boots (the id is the content hash), so name each boot's run
	rid=()
	[ "$boots" = 1 ] || rid=(--run-id "$stamp-${m//[^A-Za-z0-9._-]/_}")
	if ! "$vmxbench" collect --quiet --out "$results" "${rid[@]}" "$logs/$m.log" \
		>"$logs/$m.collect" 2>&1; then
		fail=1
		echo "run-matrix: collect refused $m: $(tail -n 1 "$logs/$m.collect")"
	fi
done
# --charts: gnuplot draws results/charts/*.{svg,png}, which both reports link
if "$vmxbench" report --results "$results" --charts >"$logs/report.out" 2>&1 &&
	"$vmxbench" report --results "$results" --format html >>"$logs/report.out" 2>&1; then
	echo "run-matrix: report: $results/REPORT.md, $results/REPORT.html, charts in $results/charts"
else
	fail=1
	echo "run-matrix: report failed: $(tail -n 1 "$logs/report.out")"
fi
exit $fail
