# A real little lab (docs/lab.md): inside network namespaces made here, one
# dnsmasq plays the site's DHCP server (addresses only), a second runs the
# configuration scripts/lab/setup wrote (proxy-DHCP + TFTP), and QEMU
# netboots through them on a tap device. Nothing leaves the namespaces.
#   lab ns:  br0 10.77.0.1/24 (boot server, collector), tap0 (QEMU), vlab
#   site ns: vsite 10.77.0.2/24 (the site's DHCP server), veth to vlab
# Sourced by run-e2e.sh; the body runs in a subshell so its trap and exits
# stay its own. Standalone: O=build bash -c '. tests/e2e/lib.sh; . tests/e2e/t_lab.sh'

lab_main() {
	local O=${O:-build} t0
	# not local: the EXIT trap runs after lab_main has returned
	tmp="" lab="" site="" qemu_pids=() dns_pids=()

	if [ "$(id -u)" != 0 ]; then
		skip "lab: netboot through setup's dnsmasq" "needs root for network namespaces"
		return
	fi
	for t in ip dnsmasq qemu-system-x86_64 jq; do
		if ! command -v "$t" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$t" ]; then
			skip "lab: netboot through setup's dnsmasq" "$t not installed"
			return
		fi
	done
	[ -f "$O/payload.elf" ] || { skip "lab: netboot" "$O/payload.elf not built"; return; }

	tmp=$(mktemp -d /tmp/vmxb-lab.XXXXXX)
	chmod 755 "$tmp" # dnsmasq's TFTP server runs as an unprivileged user
	lab=vmxb-lab-$$ site=vmxb-site-$$
	lab_cleanup() {
		local p
		for p in "${qemu_pids[@]}" "${dns_pids[@]}"; do kill "$p" 2>/dev/null; done
		for p in "${qemu_pids[@]}" "${dns_pids[@]}"; do wait "$p" 2>/dev/null; done
		ip netns del "$lab" 2>/dev/null
		ip netns del "$site" 2>/dev/null
		[ -n "${VMXB_LAB_KEEP:-}" ] && echo "   lab: kept $tmp" || rm -rf "$tmp"
	}
	trap lab_cleanup EXIT
	trap 'exit 1' INT TERM

	# --- the network ------------------------------------------------------
	if ! { ip netns add "$lab" && ip netns add "$site" &&
		ip -n "$lab" link set lo up && ip -n "$site" link set lo up &&
		ip -n "$lab" link add br0 type bridge &&
		ip -n "$lab" addr add 10.77.0.1/24 dev br0 &&
		ip -n "$lab" link add vlab type veth peer name vsite netns "$site" &&
		ip -n "$lab" link set vlab master br0 &&
		ip -n "$site" addr add 10.77.0.2/24 dev vsite &&
		ip -n "$site" addr add fd77::2/64 dev vsite nodad &&
		ip -n "$lab" tuntap add dev tap0 mode tap &&
		ip -n "$lab" link set tap0 master br0 &&
		ip -n "$lab" link set tap0 up && ip -n "$lab" link set vlab up &&
		ip -n "$lab" link set br0 up && ip -n "$site" link set vsite up; } >"$tmp/net.err" 2>&1; then
		skip "lab: netboot through setup's dnsmasq" "cannot build the namespaces: $(head -1 "$tmp/net.err")"
		return
	fi

	# --- the site's DHCP server: addresses only, no boot options ------------
	# It also sends IPv6 router advertisements: iPXE waits for its IPv6
	# configuration too, ~15 s on a LAN without them (docs/lab.md). --no-ping
	# saves the 3 s check that an address is free.
	ip netns exec "$site" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 \
		--interface=vsite --bind-interfaces --dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,1h \
		--enable-ra --dhcp-range=::,constructor:vsite,ra-only --no-ping \
		--dhcp-leasefile="$tmp/site.leases" --pid-file= --log-dhcp \
		--log-facility="$tmp/site.log" &
	dns_pids+=($!)

	# --- the boot server, as setup writes it --------------------------------
	local out=$tmp/lab args="suites=caps exit=qemu emulator=qemu-tcg"
	scripts/lab/setup --interface br0 --no-check-interface --subnet 10.77.0.0/24 \
		--collector 10.77.0.1:8080 --out "$out" --images "$O" --args "$args" \
		>"$tmp/setup.out" 2>&1
	check "lab: setup writes the boot server" test -s "$out/dnsmasq.conf" -a -s "$out/tftp/boot.ipxe"
	check "lab: the key in boot.ipxe is the key file's" \
		grep -q "key=$(cat "$out/lab.key")" "$out/tftp/boot.ipxe"
	ip netns exec "$lab" dnsmasq --keep-in-foreground --conf-file="$out/dnsmasq.conf" --pid-file= \
		--log-facility="$tmp/boot.log" &
	dns_pids+=($!)
	sleep 0.5

	# --- what PXE firmware gets, by client architecture (option 93) ---------
	local a want got
	for a in 0:undionly.kpxe 7:ipxe.efi 9:ipxe.efi 0/ipxe:boot.ipxe 7/ipxe:boot.ipxe; do
		want=${a#*:} a=${a%:*}
		got=$(ip netns exec "$site" /usr/bin/python3 tests/e2e/lab_pxe_probe.py vsite 10.77.0.2 10.77.0.1 \
			"${a%/*}" "$( [ "${a#*/}" = ipxe ] && echo ipxe)" 2>&1)
		check "lab: proxy DHCP boots client arch ${a%/*}$( [ "${a#*/}" = ipxe ] && echo ' (iPXE)') with $want (got: $got)" \
			test "$got" = "$want"
	done

	# --- BIOS: QEMU's own iPXE ROM -> proxy DHCP -> boot.ipxe -> payload.elf -
	local log=$tmp/bios.log rc
	t0=$(date +%s%N)
	timeout --kill-after=5 60 ip netns exec "$lab" qemu-system-x86_64 -accel tcg -m 256 \
		-display none -monitor none -serial "file:$log" -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
		-device e1000,netdev=n0,mac=52:54:00:77:00:10 -boot order=n,reboot-timeout=0 \
		</dev/null >"$tmp/qemu-bios.out" 2>&1
	rc=$?
	echo "   lab: BIOS netboot: qemu exit $rc, $(( ($(date +%s%N) - t0) / 1000000 )) ms"
	check "lab: BIOS machine boots payload.elf through the proxy DHCP (end record)" \
		grep -q 'VMXB1 {"type":"end"' "$log"
	check "lab: the site's server gave the address (10.77.0.100-150)" \
		bash -c "grep -a '\"type\":\"begin\"' '$log' | grep -qE '\"ip\":\"10\\.77\\.0\\.1([0-4][0-9]|50)\"'"
	check "lab: the boot server sent boot.ipxe and payload.elf by TFTP, never iPXE again" \
		bash -c "grep -q 'sent .*/boot.ipxe to 10.77.0.1' '$tmp/boot.log' &&
			grep -q 'sent .*/payload.elf to 10.77.0.1' '$tmp/boot.log' &&
			! grep -q 'sent .*/undionly.kpxe to 10.77.0.1[0-9][0-9]' '$tmp/boot.log'"
	"$O/vmxbench" collect --quiet --out "$tmp/results-bios" --run-id lab-bios "$log" >"$tmp/collect-bios.out" 2>&1
	local run
	run=$(ls "$tmp"/results-bios/*/lab-bios.json 2>/dev/null | head -1)
	check "lab: the BIOS run collects complete" test -n "$run"
	check "lab: begin record names the machine (mac, product from SMBIOS)" \
		bash -c "jq -e '.records[0].mac == \"52:54:00:77:00:10\" and
			.records[0].product == ([.records[] | select(.type==\"smbios\")][0].product)' '$run'"
	check "lab: the BIOS run carries no key" bash -c "! grep -q '$(cat "$out/lab.key")' '$log'"

	lab_uefi "$out" "$tmp"
	lab_uefi_firmware_pxe "$tmp"
}

# lab_since N: the boot server's log from line N on (one boot's lines)
lab_since() { tail -n "+$1" "$tmp/boot.log"; }

# lab_qemu_uefi LOG NIC-DEVICE STOP: boot q35 + OVMF in the lab namespace;
# with STOP=payload.efi, end it once a TFTP request for payload.efi arrived.
lab_qemu_uefi() {
	local log=$1 dev=$2 stop=$3 from qpid n
	from=$(($(wc -l <"$tmp/boot.log") + 1))
	cp /usr/share/OVMF/OVMF_VARS.fd "$tmp/vars.fd"
	ip netns exec "$lab" qemu-system-x86_64 -accel tcg -m 512 \
		-machine q35 -display none -monitor none -serial "file:$log" -no-reboot \
		-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd \
		-drive if=pflash,format=raw,file="$tmp/vars.fd" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device "$dev" \
		</dev/null >"$log.qemu" 2>&1 &
	qpid=$!
	qemu_pids+=("$qpid")
	for ((n = 0; n < 900; n++)); do
		kill -0 "$qpid" 2>/dev/null || break
		[ "$stop" = payload.efi ] && lab_since "$from" | grep -q 'dnsmasq-tftp.*payload\.efi' && break
		sleep 0.1
	done
	kill "$qpid" 2>/dev/null
	wait "$qpid" 2>/dev/null
	lab_since "$from" >"$log.boot"
}

# Opt-in (VMXB_LAB_FIRMWARE_PXE=1, ~18 s): what a real UEFI machine does.
# A virtio NIC without iPXE ROM boots through OVMF's own PXE client, which
# gets ipxe.efi from the proxy; ipxe.efi asks again and gets boot.ipxe.
lab_uefi_firmware_pxe() {
	local name="lab: UEFI firmware PXE -> ipxe.efi -> boot.ipxe -> payload.efi (no loop)" t0
	if [ -z "${VMXB_LAB_FIRMWARE_PXE:-}" ] || [ ! -r /usr/share/OVMF/OVMF_CODE.fd ]; then
		skip "$name" "opt-in: VMXB_LAB_FIRMWARE_PXE=1, ~18 s"
		return
	fi
	t0=$(date +%s%N)
	lab_qemu_uefi "$tmp/fwpxe.log" virtio-net-pci,netdev=n0,mac=52:54:00:77:00:30,bootindex=0,romfile= payload.efi
	echo "   lab: UEFI firmware PXE chain: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
	check "$name" bash -c "grep 'dnsmasq-tftp' '$tmp/fwpxe.log.boot' | grep -v 'User aborted' |
		sed -n 's/.*\(sent\|file\) [^ ]*\/\([^ /]*\) .*/\2/p' | uniq | tr '\n' ' ' |
		grep -qx 'ipxe.efi boot.ipxe payload.efi '"
}

# The UEFI leg: q35 + OVMF + QEMU's EFI iPXE ROM -> proxy DHCP -> boot.ipxe ->
# payload.efi, which uploads its run to the collector; the stored upload must
# equal the serial copy record for record. The boot up to the request for
# payload.efi runs today; the rest needs three pieces other branches build.
lab_uefi() {
	local out=$1 tmp=$2 name="lab: UEFI machine uploads its run, equal to the serial copy"
	local why="" f

	for f in /usr/share/OVMF/OVMF_CODE.fd /usr/share/OVMF/OVMF_VARS.fd; do
		if [ ! -r "$f" ]; then
			skip "lab: UEFI netboot" "no $f (package ovmf)"
			return
		fi
	done
	[ -f "$O/payload.efi" ] || why="$O/payload.efi not built"
	[ -z "$why" ] && ! grep -aq 'X-Vmxb-Session' "$O/payload.efi" && why="payload.efi has no network sink (X-Vmxb-Session)"
	[ -z "$why" ] && ! "$O/vmxbench" collect --help 2>&1 | grep -q -- '--listen' && why="collect --listen not available"
	if [ -z "$why" ]; then
		ip netns exec "$lab" "$out/collector" --idle 60 >"$tmp/collector.out" 2>&1 &
		dns_pids+=($!)
		sleep 0.3
	fi

	local log=$tmp/uefi.log t0 n
	t0=$(date +%s%N)
	# Without the pieces: stop once iPXE asked for payload.efi. With them:
	# wait for QEMU (the payload leaves through isa-debug-exit).
	lab_qemu_uefi "$log" e1000,netdev=n0,mac=52:54:00:77:00:20,bootindex=0 "${why:+payload.efi}"
	echo "   lab: UEFI netboot: $(( ($(date +%s%N) - t0) / 1000000 )) ms${why:+ (up to the request for payload.efi)}"
	check "lab: UEFI machine's iPXE gets boot.ipxe by TFTP through the proxy DHCP" \
		grep -q 'sent .*/boot.ipxe to 10.77.0.1[0-9][0-9]' "$log.boot"
	check "lab: boot.ipxe on UEFI chains payload.efi (asked by TFTP)" \
		grep -q 'dnsmasq-tftp.*payload\.efi' "$log.boot"
	if [ -n "$why" ]; then
		skip "$name" "$why"
		return
	fi

	check "lab: UEFI machine runs payload.efi to its end record (serial)" \
		grep -q 'VMXB1 {"type":"end"' "$log"
	"$O/vmxbench" collect --quiet --out "$tmp/results-serial" --run-id serial "$log" \
		>"$tmp/collect-uefi.out" 2>&1
	local up="" ser
	# the collector stores under setup's results directory
	for ((n = 0; n < 20; n++)); do
		up=$(find "$out/results" -name '*.json' 2>/dev/null | head -1)
		[ -n "$up" ] && break
		sleep 0.25
	done
	ser=$(ls "$tmp"/results-serial/*/serial.json 2>/dev/null | head -1)
	check "lab: the collector stored the uploaded run, authenticated by the lab key" \
		bash -c "[ -n '$up' ] && jq -e '.upload.authenticated == true' '$up'"
	check "$name" bash -c "[ -n '$ser' ] && [ -n '$up' ] &&
		cmp <(jq -cS '.records[]' '$ser') <(jq -cS '.records[]' '$up')"
	check "lab: the UEFI run's serial log carries no key" bash -c "! grep -q '$(cat "$out/lab.key")' '$log'"
}

( lab_main )
