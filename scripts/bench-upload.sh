#!/bin/bash
# The upload's cost (docs/upload.md): QEMU+OVMF boots payload.efi twice per
# suite list, serial only and uploading to a listener on 127.0.0.1, and
# prints the wall time of each boot, what the payload says it sent and the
# TSC ticks it spent sending against the run's.
# Usage: scripts/bench-upload.sh [SUITES...]   (default: caps all; O=build dir, KEEP=1 keeps the logs)
# The collector is this build's `vmxbench collect --listen` on 127.0.0.1.
set -u
cd "$(dirname "$0")/.."
O=${O:-build}
work=$(mktemp -d /tmp/vmxb-bench-upload.XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
[ -f "$O/payload.efi" ] || { echo "bench-upload: no $O/payload.efi (make payload)" >&2; exit 1; }
key=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
(umask 077 && printf '%s\n' "$key" >"$work/key") # collect --listen refuses a key others can read
"$O/vmxbench" collect --listen 127.0.0.1:0 --key-file "$work/key" --quiet --out "$work/in" \
	>"$work/listener.out" 2>&1 &
pid=$!
port=""
for _ in $(seq 50); do
	port=$(sed -n 's/^listening on .*(port \([0-9]*\)).*/\1/p' "$work/listener.out")
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] && kill -0 "$pid" 2>/dev/null ||
	{ echo "bench-upload: collect --listen did not start:" >&2; cat "$work/listener.out" >&2; exit 1; }
echo "collect --listen on 127.0.0.1:$port"
printf '%-8s %-8s %8s %8s %s\n' suites mode wall_s records payload
[ $# -gt 0 ] || set -- caps all
for suites in "$@"; do
	for mode in serial upload; do
		args="suites=$suites"
		[ "$mode" = upload ] &&
			args="$args netmask=255.255.255.0 collect=http://10.0.2.2:$port/ key=$key"
		t0=$(date +%s.%N)
		scripts/lab/qemu-netboot.sh --uefi --payload "$O/payload.efi" --log "$work/$suites.$mode.log" \
			--timeout 300 --args "$args" >/dev/null 2>&1
		rc=$? t1=$(date +%s.%N)
		n=$(grep -a -c 'VMXB1 {' "$work/$suites.$mode.log")
		said=$(grep -a 'vmxbench: upload to' "$work/$suites.$mode.log" | tr -d '\r' |
			sed 's/.*: upload to [^:]*:[0-9]* over [^:]*: //')
		[ "$rc" = 0 ] || said="exit $rc $said"
		printf '%-8s %-8s %8.2f %8s %s\n' "$suites" "$mode" "$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")" "$n" "$said"
	done
done
