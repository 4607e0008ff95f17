# shadow suite (docs/shadow-suite.md): VMCS shadowing semantics against the
# SDM on haswell (shadowing + MISC bit 29) and tigerlake, the SKIP path on
# penryn (no shadowing), the cost paths (throughput and latency, VPID on and
# off, unrolled aligned loops), the break-even per field set, and determinism
# under Bochs.
S='.records[] | select(.type=="shadow_summary")'
C='.records[] | select(.type=="case" and .suite=="shadow")'
M='.records[] | select(.type=="meas" and .suite=="shadow")'
B='.records[] | select(.type=="shadow_breakeven")'
# the figures every access path has: op.path.width as throughput, op.path.width.lat as latency
FIGS='[["root-ordinary","root-shadow","shadowed","exiting"][] as $p | ["vmread","vmwrite"][] as $o |
	["16","32","64","64-high","natural"][] as $w | "\($o).\($p).\($w)=throughput", "\($o).\($p).\($w).lat=latency"]'
for m in shadow-haswell shadow-tigerlake; do
	check "$m: semantics ran (more than 150 cases, none SKIP)" \
		jqeq "$m" "$S | (.cases > 150 and .skip == 0)" true
	check "$m: no DEVIATION but the two analysed ones (BENCHMARKS.md: Bochs's stale displacement)" \
		jqeq "$m" "[$C | select(.verdict != \"PASS\") | .id] | sort | tojson" '["qual.read.register","qual.write.register"]'
	check "$m: the register-form qualification shows what was wrong, whatever ran before (0x615, provoked)" \
		jqeq "$m" "[$C | select(.id | startswith(\"qual.\")) | .observed] | tojson" '["vmexit:23 qualification 0x615","vmexit:25 qualification 0x615"]'
	check "$m: memory operands: qualification = displacement" \
		jqeq "$m" "[$C | select(.id | startswith(\"mem.\") and endswith(\".exit\")) | \"\(.observed)/\(.verdict)\"] | tojson" '["vmexit:23 qualification 0x48/PASS","vmexit:25 qualification 0x48/PASS"]'

	check "$m: no preemption-timer exit during a guest measurement, and every shadowed sample the same (max = median)" \
		jqeq "$m" "[$M | select(.path==\"shadowed\" or .path==\"exiting\") | select(.timer_exits != 0 or (.path==\"shadowed\" and .max != .median))] | length" 0
	check "$m: the bare transition (VMCALL, RIP-advance-only handler) measured, cheaper than the exiting path" \
		jqeq "$m" "([$M | select(.path==\"transition\") | .median] | first) as \$t | [$M | select(.path==\"exiting\") | .median] | (\$t != null and \$t > 0 and all(. > \$t))" true
	check "$m: one field.* case per supported encoding" \
		jqeq "$m" "([$C | select(.id | startswith(\"field.\"))] | length) == ($S | .fields)" true
	check "$m: bitmap bit 1 exits with reason 23/25 (R1W1 of GUEST_RIP)" \
		jqrun "$m" "$C | select(.id==\"field.GUEST_RIP\") | .observed | test(\"R1W1 vmexit:23/vmexit:25\")"
	check "$m: operand bits 63:15 always exit" \
		jqeq "$m" "[$C | select(.id | startswith(\"enc.\")) | .verdict] | unique | join(\",\")" PASS
	check "$m: link pointer ~0 gives VMfailInvalid in the guest" \
		jqeq "$m" "$C | select(.id==\"link.ones.read\") | \"\(.observed)/\(.verdict)\"" vmfail-invalid/PASS
	check "$m: unsupported encodings give VMfailValid(12)" \
		jqeq "$m" "[$C | select(.id | startswith(\"unsupported.\")) | select(.observed==\"vmfail-valid:12\")] | length >= 4" true
	check "$m: every table field the CPU lacks gives VMfailValid(12) (read and write)" \
		jqeq "$m" "$C | select(.id==\"unsupported.all\") | .verdict" PASS
	check "$m: VMWRITE to a read-only field succeeds (MISC bit 29 set on every Bochs model)" \
		jqeq "$m" "$C | select(.id==\"readonly.write\") | \"\(.expected)/\(.observed)\"" ok/ok
	check "$m: at CPL 3 bitmap bit 1 exits, bit 0 raises #GP(0)" \
		jqeq "$m" "[$C | select(.id | startswith(\"cpl3.\")) | \"\(.id)=\(.observed)\"] | join(\",\")" \
		"cpl3.read.exit=vmexit:23,cpl3.write.exit=vmexit:25,cpl3.read.gp=exception:13,cpl3.write.gp=exception:13"
	check "$m: exiting path slower than the shadowed one for every op, width and kind" \
		jqeq "$m" "[$M | select(.path==\"shadowed\" and .vpid==\"on\")] as \$s | [$M | select(.path==\"exiting\" and .vpid==\"on\")] as \$e
			| (\$s | length) == 20 and (\$e | length) == 20 and
			  ([range(0;20) | \$e[.].median > \$s[.].median] | all)" true
	check "$m: throughput and latency figures for every path, op and width, labelled by kind" \
		jqeq "$m" "($FIGS) - [$M | select(.kind) | \"\(.name)=\(.kind)\"] | length" 0
	check "$m: a VMWRITE latency op (write, then read back) costs more than the VMREAD latency on every path" \
		jqeq "$m" "[$M | select(.kind==\"latency\")] | (map(select(.op==\"vmread\")) | map({key: \"\(.path).\(.width)\", value: .median}) | from_entries) as \$r
			| map(select(.op==\"vmwrite\")) | length == 20 and all(.median > \$r[\"\(.path).\(.width)\"])" true
	check "$m: every access and transition figure unrolled x8 from a loop start aligned to 64 bytes" \
		jqeq "$m" "[$M | select(.kind) | \"\(.unroll)/\(.align)\"] | unique | join(\",\")" 8/0
	check "$m: guest figures with VPID on, their .novpid variants (exiting natural, transition) with VPID off" \
		jqeq "$m" "[$M | select(.path==\"shadowed\" or .path==\"exiting\" or .path==\"transition\") |
			\"\(.name | endswith(\".novpid\"))/\(.vpid)\"] | group_by(.) | map(\"\(.[0])x\(length)\") | join(\",\")" \
			"false/onx41,true/offx3"
	check "$m: the .novpid figures are the exiting natural ones and the transition" \
		jqeq "$m" "[$M | select(.vpid==\"off\") | .name] | join(\",\")" \
			"vmread.exiting.natural.novpid,vmwrite.exiting.natural.novpid,transition.vmcall.novpid"
	check "$m: break-even record for all shadowable fields (positive, hot)" \
		jqeq "$m" "[$B | select(.all)] | \"\(length)/\(.[0].field_set)/\(.[0].cache)/\(.[0].breakeven > 0)\"" 1/all/hot/true
	check "$m: KVM-set break-even, hot and cold, positive and below the all-fields bound (36 listed, some usable)" \
		jqeq "$m" "([$B | select(.all)][0].breakeven) as \$a | [$B | select(.field_set==\"kvm\")] |
			\"\(map(.cache) | join(\",\"))/\(all(.breakeven > 0 and .breakeven < \$a and .set_listed == 36 and .k_read > 0 and .k_write > .k_read))\"" hot,cold/true
	check "$m: KVM-set sync records name their set, cache and usable K (24 read-write fields listed to read back)" \
		jqeq "$m" "[$M | select(.field_set==\"kvm\") | \"\(.name):\(.cache):\(.set_listed):\(.k > 0)\"] | join(\",\")" \
			"sync-read.kvm:hot:24:true,sync-write.kvm:hot:36:true,sync-read.kvm.cold:cold:24:true,sync-write.kvm.cold:cold:36:true"
	check "$m: a cold KVM-set sync is not cheaper than the hot one, either way" \
		jqeq "$m" "[$M | select(.field_set==\"kvm\")] | group_by(.op) | map((map(select(.cache==\"cold\"))[0].median) >= (map(select(.cache==\"hot\"))[0].median)) | \"\(length)/\(all)\"" 2/true
	check "$m: sync cost grows with K (first K, then all; hot)" \
		jqeq "$m" "[$M | select(.op==\"sync-read\" and (.field_set==\"first-k\" or .field_set==\"all\")) | .median] | . == sort and length >= 5" true
	check "$m: every sync record and break-even names its field set and cache" \
		jqeq "$m" "[($M | select(.op | startswith(\"sync-\"))), ($B) | select((.field_set | IN(\"kvm\",\"all\",\"first-k\")) and (.cache | IN(\"hot\",\"cold\")) | not)] | length" 0
done
check "shadow-penryn: one SKIP case naming the missing shadowing" \
	jqeq shadow-penryn "[$C] | \"\(length)/\(.[0].verdict)/\(.[0].reason | test(\"shadowing not supported\"))\"" 1/SKIP/true
check "shadow-penryn: root and exiting paths still measured (no shadowed path)" \
	jqeq shadow-penryn "[$M | .path] | unique | join(\",\")" exiting,root-ordinary,transition
check "shadow-penryn: without VPID support every guest figure says VPID off and why, and has no .novpid twin" \
	jqeq shadow-penryn "[$M | select(.path==\"exiting\" or .path==\"transition\") | \"\(.vpid)/\(.vpid_reason)/\(.name | endswith(\".novpid\"))\"] | unique | join(\",\")" \
	"off/IA32_VMX_PROCBASED_CTLS2 allowed-1 bit 5 (enable VPID) is 0/false"
check "shadow-penryn: latency beside throughput on the paths it has" \
	jqeq shadow-penryn "[$M | .kind] | group_by(.) | map(\"\(.[0])x\(length)\") | join(\",\")" latencyx20,throughputx21
check "shadow: two Bochs runs with the same options give identical shadow records" \
	cmp <(grep -a 'VMXB1 ' "$E2E/logs/shadow-haswell.log") <(grep -a 'VMXB1 ' "$E2E/logs/shadow-haswell-b.log")
# Guest paths run meas_run in VMX non-root: its port I/O (8259 masks, OCW3) must not exit and
# must reach the devices, so the guest's windows mask what the root's do (docs/measurement.md).
check "shadow-haswell: guest windows (shadowed, exiting, transition) masked the 8259s, 24 I/O APIC entries and the TPR like root ones" \
	jqeq shadow-haswell "[$M | select(.path) | \"\(.path == \"shadowed\" or .path == \"exiting\" or .path == \"transition\")/\(.pic_masked)/\(.ioapic_masked)/\(.tpr)/\(.irq_pending)\"] | unique | join(\" \")" \
	'false/true/24/0xf0/pic-irr:0x0001 true/true/24/0xf0/pic-irr:0x0001'
