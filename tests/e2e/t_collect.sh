# vmxbench collect on damaged serial logs: a clear error and nothing stored.
src="$E2E/logs/haswell.log"
bad="$E2E/bad"
mkdir -p "$bad"
collect_bad() { # LOGFILE: collect must fail, say why, and store nothing
	local out=$bad/out.$$ rc
	rm -rf "$bad/res"
	"$O/vmxbench" collect --out "$bad/res" "$1" >"$out" 2>&1
	rc=$?
	[ "$rc" != 0 ] && grep -qi "$2" "$out" && [ -z "$(find "$bad/res" -name '*.json' 2>/dev/null)" ]
}
if [ -s "$src" ]; then
	# flip one hex digit inside the 5th record line
	awk 'BEGIN{n=0} /VMXB1 /{n++; if(n==5){sub(/"seq":4/,"\"seq\":5")}} {print}' "$src" >"$bad/corrupt.log"
	check "collect rejects a corrupted record line (CRC)" collect_bad "$bad/corrupt.log" crc
	awk '/VMXB1 /{n++} n<8{print}' "$src" >"$bad/truncated.log"
	check "collect rejects a truncated log" collect_bad "$bad/truncated.log" truncat
	awk '/VMXB1 /{n++; if(n==6) next} {print}' "$src" >"$bad/lost.log"
	check "collect rejects a log with a lost line" collect_bad "$bad/lost.log" lost
	head -c 3000 "$src" | tr -d '\n' >"$bad/noeol.log"
	check "collect rejects a log cut mid-line" collect_bad "$bad/noeol.log" "end"
	check "collect of a missing file fails clearly" collect_bad "$bad/does-not-exist.log" "no such file"
else
	skip "collect on damaged logs" "no haswell log"
fi
