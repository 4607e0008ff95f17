# vmxbench collect --listen and vmxbench upload, the binaries over loopback,
# with a real payload log (boot entry-haswell): the uploaded run holds the
# same records as the same log collected from serial; sent again it is stored
# once; a key refuses unsigned batches; SIGTERM drops an unfinished session
# and exits 0. The session logic itself: tests/unit/test_upload_session.c,
# test_listen_net.c.
L=$E2E/listen
rm -rf "$L" && mkdir -p "$L"
src=$E2E/logs/entry-haswell.log
serial_run=$E2E/results/emu-bochs-corei7_haswell_4770-haswell-06-3c-3/entry-haswell.json

# listen_up NAME ARGS...: start a listener on a free port; sets lpid and lport.
listen_up() {
	local name=$1 i
	shift
	"$O/vmxbench" collect --listen 127.0.0.1:0 --out "$L/$name-res" "$@" \
		>"$L/$name.out" 2>"$L/$name.err" &
	lpid=$!
	lport=
	for i in $(seq 50); do
		lport=$(sed -n 's/^listening on .* (port \([0-9]*\)).*/\1/p' "$L/$name.out")
		[ -n "$lport" ] && return 0
		sleep 0.1
	done
	return 1
}

# listen_down: SIGTERM, wait; the exit status in lrc.
listen_down() {
	kill -TERM "$lpid" 2>/dev/null
	wait "$lpid"
	lrc=$?
}

if [ ! -s "$src" ] || [ ! -s "$serial_run" ]; then
	skip "collect --listen with a payload log" "no entry-haswell boot collected"
elif ! listen_up open --idle 30; then
	skip "collect --listen with a payload log" "the listener did not start: $(head -2 "$L/open.err")"
	kill "$lpid" 2>/dev/null
else
	url=http://127.0.0.1:$lport/
	"$O/vmxbench" upload --to "$url" --batch 4096 "$src" >"$L/up1.out" 2>&1
	up1=$?
	stored=$(ls "$L"/open-res/*/*.json 2>/dev/null)
	check "upload: a payload log's run is stored by the listener" \
		sh -c "test $up1 = 0 && grep -q ': stored ' '$L/up1.out' && test -n '$stored'"
	check "upload: the stored records equal the same log collected from serial" \
		sh -c "jq -S .records '$stored' >'$L/a.json' && jq -S .records '$serial_run' >'$L/b.json' && cmp -s '$L/a.json' '$L/b.json'"
	check "upload: the stored run says it arrived unauthenticated (no key)" \
		jq -e '.upload.authenticated == false and .upload.peer == "127.0.0.1"' "$stored"
	"$O/vmxbench" upload --to "$url" "$src" >"$L/up2.out" 2>&1
	check "upload: the same run again is already stored, once" \
		sh -c "grep -q ': already stored ' '$L/up2.out' && test \$(ls '$L'/open-res/*/*.json | wc -l) = 1"
	check "listener: a progress line per batch (MAC, session, suite, records)" \
		grep -q '^\[127.0.0.1\] session [0-9a-f]\{16\} (label -, mac 52:54:00:12:34:56): suite entry, [0-9]* records$' "$L/open.out"
	# an unfinished session (the first 5 record lines only), then SIGTERM
	grep -a -o 'VMXB1 .*' "$src" | tr -d '\r' | head -5 >"$L/part.txt"
	code=$(curl -s -o "$L/part.reply" -w '%{http_code}' -H 'X-Vmxb-Session: 00000000000000e2' \
		-H 'X-Vmxb-Seq: 0' -H 'Content-Type: text/plain' --data-binary @"$L/part.txt" \
		"${url}upload")
	check "curl: a first batch is held (200 ok 5)" sh -c "test '$code' = 200 && grep -q '^ok 5' '$L/part.reply'"
	listen_down
	check "SIGTERM: the listener exits 0" test "$lrc" = 0
	check "SIGTERM: the unfinished session is dropped with a message naming it" \
		grep -q 'session 00000000000000e2 .*dropped: collector stopped (SIGTERM): dropped with 5 records held, nothing stored' "$L/open.out"
	check "SIGTERM: nothing stored for it" test "$(ls "$L"/open-res/*/*.json | wc -l)" = 1

	head -c 64 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 64 >"$L/lab.key"
	echo >>"$L/lab.key"
	chmod 644 "$L/lab.key"
	check "--key-file readable by others is refused (exit 1)" \
		sh -c "'$O/vmxbench' collect --listen 127.0.0.1:0 --key-file '$L/lab.key' >'$L/k.out' 2>&1; test \$? = 1 && grep -q 'chmod 600' '$L/k.out'"
	chmod 600 "$L/lab.key"
	if listen_up keyed --key-file "$L/lab.key"; then
		url=http://127.0.0.1:$lport/
		"$O/vmxbench" upload --to "$url" "$src" >"$L/up3.out" 2>&1
		up3=$?
		check "keyed listener: an unsigned upload is refused (401), exit 1" \
			sh -c "test $up3 = 1 && grep -q 'X-Vmxb-Mac missing' '$L/up3.out'"
		"$O/vmxbench" upload --to "$url" --key-file "$L/lab.key" "$src" >"$L/up4.out" 2>&1
		check "keyed listener: a signed upload of a BIOS log is stored, not authenticated (unbound)" \
			sh -c "grep -q ': stored ' '$L/up4.out' && jq -e '.upload.authenticated == false and .upload.bound == false' '$L'/keyed-res/*/*.json"
		listen_down
		check "keyed listener: SIGTERM exits 0" test "$lrc" = 0
	else
		skip "keyed listener" "it did not start: $(head -2 "$L/keyed.err")"
	fi
fi
