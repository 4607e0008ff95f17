# scripts/lab/power-loop with a stand-in ipmitool (no BMC here): the loop's
# order of BMC commands, the capture, collect, and the timeout path.
# Sourced by run-e2e.sh.
power_loop_main() {
	local ref=tests/e2e/reference/corei7_haswell_4770.rec.gz
	# not local: the EXIT trap runs after this function has returned
	tmp=$(mktemp -d /tmp/vmxb-power.XXXXXX)
	trap 'rm -rf "$tmp"' EXIT
	[ -x "$O/vmxbench" ] || { skip "power-loop" "$O/vmxbench not built"; return; }
	echo secret >"$tmp/pw"
	# The stand-in logs its arguments; "sol activate" plays a serial console
	# (SOL_LOG, then "vmxbench: done" unless SOL_HANG) and stays open.
	cat >"$tmp/ipmitool" <<-'STUB'
	#!/bin/bash
	echo "$*" >>"$CALLS"
	case "$*" in
	*"sol activate"*) gzip -dc "$SOL_LOG"; [ -n "${SOL_HANG:-}" ] || echo "vmxbench: done"; exec sleep 60 ;;
	*"power status"*) echo "Chassis Power is ${POWER:-on}" ;;
	*"power cycle"*|*"power on"*) echo "Chassis Power Control: ok" ;;
	esac
	STUB
	chmod +x "$tmp/ipmitool"
	export CALLS=$tmp/calls SOL_LOG=$ref
	IPMITOOL=$tmp/ipmitool scripts/lab/power-loop --host bmc7 --user admin --password-file "$tmp/pw" \
		--logs "$tmp/logs" --runs 2 --out "$tmp/results" --vmxbench "$O/vmxbench" >"$tmp/out" 2>&1
	check "power-loop: two rounds collected (exit 0)" test $? = 0
	check "power-loop: each round power-cycles after starting SOL" \
		bash -c "[ \$(grep -c 'chassis power cycle' '$tmp/calls') = 2 ] &&
			grep -n 'sol activate\|power cycle' '$tmp/calls' | head -2 | tr '\n' ' ' | grep -q 'activate.*cycle'"
	check "power-loop: the password goes by file, never on the command line" \
		bash -c "grep -q -- '-f $tmp/pw' '$tmp/calls' && ! grep -q secret '$tmp/calls'"
	check "power-loop: the run is stored" test -n "$(find "$tmp/results" -name '*.json' 2>/dev/null)"
	check "power-loop: an existing log is not overwritten" \
		bash -c "! IPMITOOL='$tmp/ipmitool' scripts/lab/power-loop --host bmc7 --user admin \
			--password-file '$tmp/pw' --logs '$tmp/logs' --out '$tmp/results' --vmxbench '$O/vmxbench'"
	: >"$tmp/calls"
	SOL_HANG=1 POWER=off IPMITOOL=$tmp/ipmitool scripts/lab/power-loop --host bmc7 --user admin \
		--password-file "$tmp/pw" --logs "$tmp/logs2" --timeout 2 --vmxbench "$O/vmxbench" \
		--out "$tmp/results2" >"$tmp/out2" 2>&1
	check "power-loop: a run without its end fails after --timeout, says so" \
		bash -c "[ $? = 1 ] && grep -q 'no end after' '$tmp/out2'"
	check "power-loop: a machine that is off is powered on, not cycled" \
		bash -c "grep -q 'chassis power on' '$tmp/calls' && ! grep -q 'power cycle' '$tmp/calls'"
}

( power_loop_main )
