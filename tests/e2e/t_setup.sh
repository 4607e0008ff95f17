# scripts/lab/setup (docs/lab.md): what it writes and what it refuses.
# No root, no network: t_lab.sh boots machines through the result.
# Sourced by run-e2e.sh.
setup_main() {
	local out s=scripts/lab/setup
	[ -f "$O/payload.elf" ] && [ -x "$O/vmxbench" ] || { skip "setup" "$O/payload.elf or vmxbench not built"; return; }
	# not local: the EXIT trap runs after this function has returned
	tmp=$(mktemp -d /tmp/vmxb-setup.XXXXXX)
	trap 'rm -rf "$tmp"' EXIT
	out=$tmp/lab
	local base=(--interface lab0 --no-check-interface --subnet 10.9.0.0/24 --collector 10.9.0.1:8080 --images "$O")

	"$s" "${base[@]}" --out "$out" --args "suites=caps exit=halt" >"$tmp/out1" 2>&1
	check "setup: writes the lab (exit 0)" test $? = 0
	check "setup: dnsmasq accepts the configuration (dnsmasq --test)" \
		bash -c "PATH=\$PATH:/usr/sbin dnsmasq --test --conf-file='$out/dnsmasq.conf'"
	check "setup: proxy DHCP on the subnet with its mask, no DNS" \
		bash -c "grep -qx 'dhcp-range=10.9.0.0,proxy,255.255.255.0' '$out/dnsmasq.conf' && grep -qx 'port=0' '$out/dnsmasq.conf'"
	check "setup: iPXE gets the script, PXE firmware gets iPXE by architecture" \
		bash -c "grep -q 'tag:ipxe,x86PC,.*boot.ipxe' '$out/dnsmasq.conf' &&
			grep -q 'tag:!ipxe,x86PC,.*undionly.kpxe' '$out/dnsmasq.conf' &&
			grep -q 'tag:!ipxe,X86-64_EFI,.*ipxe.efi' '$out/dnsmasq.conf' &&
			grep -q 'tag:!ipxe,BC_EFI,.*ipxe.efi' '$out/dnsmasq.conf'"
	check "setup: the TFTP root holds Debian's iPXE and the payload" \
		bash -c "cmp -s /usr/lib/ipxe/undionly.kpxe '$out/tftp/undionly.kpxe' && cmp -s /usr/lib/ipxe/ipxe.efi '$out/tftp/ipxe.efi' &&
			cmp -s '$O/payload.elf' '$out/tftp/payload.elf'"
	check "setup: boot.ipxe is the canonical script plus this lab's settings" \
		bash -c "diff <(grep -v '^set vmxb_upload \|^set vmxb_console \|^set vmxb_args \|^# this lab:' '$out/tftp/boot.ipxe') scripts/lab/boot.ipxe &&
			grep -qx 'set vmxb_args suites=caps exit=halt' '$out/tftp/boot.ipxe' &&
			grep -qx \"set vmxb_upload collect=http://10.9.0.1:8080/ key=\$(cat '$out/lab.key')\" '$out/tftp/boot.ipxe'"
	check "setup: the collector runs collect --listen with the key and results" \
		grep -q "collect --listen '10.9.0.1:8080' --key-file '$out/lab.key' --out '$out/results'" "$out/collector"
	check "setup: the unit runs the collector" grep -qx "ExecStart=$out/collector" "$out/vmxbench-collector.service"

	# the collector command setup wrote starts the listener, which stops cleanly on SIGTERM
	if "$O/vmxbench" collect --help 2>&1 | grep -q -- '--listen'; then
		local port=$((20000 + RANDOM % 20000)) pid n
		"$s" "${base[@]}" --listen "127.0.0.1:$port" --out "$tmp/labc" >/dev/null 2>&1
		"$tmp/labc/collector" >"$tmp/collector.out" 2>&1 &
		pid=$!
		for ((n = 0; n < 50; n++)); do
			grep -q 'listening on' "$tmp/collector.out" && break
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		check "setup: its collector command listens with the lab key" \
			bash -c "grep -q 'listening on 127.0.0.1:$port' '$tmp/collector.out' && grep -qi 'MAC' '$tmp/collector.out'"
		kill -TERM "$pid" 2>/dev/null
		wait "$pid"
		check "setup: the collector stops cleanly on SIGTERM (systemd's stop)" test $? = 0
	else
		skip "setup: its collector command listens" "collect --listen not available"
	fi

	# an existing key is used, never replaced; a malformed one is refused
	printf '%s\n' aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa >"$tmp/k"
	chmod 644 "$tmp/k"
	"$s" "${base[@]}" --out "$tmp/lab2" --key-file "$tmp/k" >"$tmp/out2" 2>&1
	check "setup: an existing key file is used as it is (and made 0600)" \
		bash -c "grep -qx 'a\{64\}' '$tmp/k' && grep -q 'key=a\{64\}' '$tmp/lab2/tftp/boot.ipxe' && [ \$(stat -c %a '$tmp/k') = 600 ]"
	echo not-a-key >"$tmp/bad"
	check "setup: a malformed key file is refused, not replaced" \
		bash -c "! '$s' ${base[*]} --out '$tmp/lab3' --key-file '$tmp/bad' 2>/dev/null && grep -qx not-a-key '$tmp/bad'"
	check "setup: two labs get two different keys" bash -c "! cmp -s '$out/lab.key' <('$s' ${base[*]} --out '$tmp/lab4' >/dev/null 2>&1; cat '$tmp/lab4/lab.key')"

	# refusals, each with its reason and nothing written
	"$s" "${base[@]}" --out "$out" >"$tmp/e" 2>&1
	check "setup: refuses a non-empty output directory" grep -q 'not empty' "$tmp/e"
	"$s" --interface no-such-if0 --subnet 10.9.0.0/24 --collector 10.9.0.1:8080 --out "$tmp/x1" --images "$O" >"$tmp/e" 2>&1
	check "setup: refuses a missing interface" bash -c "grep -q 'no interface' '$tmp/e' && [ ! -e '$tmp/x1' ]"
	"$s" "${base[@]/10.9.0.0\/24/10.9.0.0/33}" --out "$tmp/x2" >"$tmp/e" 2>&1
	check "setup: refuses a bad subnet" bash -c "grep -q 'prefix length' '$tmp/e' && [ ! -e '$tmp/x2' ]"
	"$s" --interface lab0 --out "$tmp/x3" >"$tmp/e" 2>&1
	check "setup: names the missing options" grep -q 'missing: --subnet --collector' "$tmp/e"
	"$s" "${base[@]}" --out "$tmp/x4" --args 'suites=caps"; reboot' >"$tmp/e" 2>&1
	check "setup: refuses quotes and ; in --args" bash -c "grep -q 'not allowed' '$tmp/e' && [ ! -e '$tmp/x4' ]"
	"$s" --interface lab0 --no-check-interface --subnet 10.9.0.0/24 --collector collector.lab:8080 --images "$O" --out "$tmp/x5" >"$tmp/e" 2>&1
	check "setup: refuses a collector name (the payload takes IPv4 only)" bash -c "grep -q 'not A.B.C.D:PORT' '$tmp/e' && [ ! -e '$tmp/x5' ]"
	check "setup: --help says how" bash -c "'$s' --help | grep -q -- '--collector A.B.C.D:PORT'"
}

( setup_main )
