#!/bin/bash
# The upload's cost (docs/upload.md): QEMU+OVMF boots payload.efi twice per
# suite list, serial only and uploading to a listener on 127.0.0.1, and
# prints the wall time of each boot, what the payload says it sent and the
# TSC ticks it spent sending against the run's.
# Usage: scripts/bench-upload.sh [SUITES...]   (default: caps all; O=build dir, KEEP=1 keeps the logs)
# The listener is `vmxbench collect --listen` when the build has it, else
# the test fixture tests/e2e/upload_fixture.py.
set -u
cd "$(dirname "$0")/.."
O=${O:-build}
py=/usr/bin/python3
work=$(mktemp -d /tmp/vmxb-bench-upload.XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
[ -f "$O/payload.efi" ] || { echo "bench-upload: no $O/payload.efi (make payload)" >&2; exit 1; }
key=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
printf '%s\n' "$key" >"$work/key"
chmod 600 "$work/key" # collect --listen refuses a key others can read
if "$O/vmxbench" collect --help 2>&1 | grep -q -- '--listen'; then
	listener="vmxbench collect --listen"
	port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	"$O/vmxbench" collect --listen "127.0.0.1:$port" --key-file "$work/key" --quiet \
		--out "$work/in" >"$work/listener.out" 2>&1 &
	pid=$!
else
	listener="tests/e2e/upload_fixture.py"
	"$py" tests/e2e/upload_fixture.py --port-file "$work/port" --out "$work/in" --key "$key" &
	pid=$!
	for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
	port=$(cat "$work/port")
fi
sleep 0.5
kill -0 "$pid" 2>/dev/null || { echo "bench-upload: the listener did not start:" >&2; cat "$work/listener.out" >&2; exit 1; }
echo "listener: $listener on 127.0.0.1:$port"
printf '%-8s %-8s %8s %8s %s\n' suites mode wall_s records payload
for suites in "${@:-caps all}"; do
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
			sed 's/.*: upload to [^:]*:[0-9]*: //')
		[ "$rc" = 0 ] || said="exit $rc $said"
		printf '%-8s %-8s %8.2f %8s %s\n' "$suites" "$mode" "$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")" "$n" "$said"
	done
done
