# Every record of every Bochs model under suites=all is what the reference
# holds (tests/e2e/reference/): Bochs is deterministic, so a change that
# means only to move code must leave the records as they were.
for ref in tests/e2e/reference/*.rec.gz; do
	m=${ref##*/}
	m=${m%.rec.gz}
	log=$E2E/logs/ref-$m.log
	if [ ! -f "$log" ]; then
		skip "reference $m: records as before" "no boot ref-$m in boots.list"
		continue
	fi
	tests/e2e/reference/normalize.sh "$ref" >"$E2E/logs/ref-$m.want"
	tests/e2e/reference/normalize.sh "$log" >"$E2E/logs/ref-$m.got"
	check "reference $m: records as before ($(wc -l <"$E2E/logs/ref-$m.want") lines)" \
		cmp -s "$E2E/logs/ref-$m.want" "$E2E/logs/ref-$m.got"
	cmp -s "$E2E/logs/ref-$m.want" "$E2E/logs/ref-$m.got" ||
		diff "$E2E/logs/ref-$m.want" "$E2E/logs/ref-$m.got" | head -6
done
