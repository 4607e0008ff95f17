# The route that boots the payload must not change a verdict: the same Bochs
# model and payload booted from ipxe.iso on a CD (route-iso) and from the
# NIC's option ROM (entry-haswell, shadow-haswell) give the same observed
# outcome and verdict for every entry and shadow case. (Under Bochs 2.7 the
# shadow suite's register-form exit qualification once depended on what ran
# before the payload: BENCHMARKS.md, qual.*.register.)
route_cases() { # NAME SUITE (route-* runs are stored in results-ref)
	local f
	f=$(run_of "$1")
	[ -n "$f" ] || f=$(ls "$E2E/results-ref/"*/"$1.json" 2>/dev/null | head -1)
	[ -n "$f" ] && jq -r ".records[] | select(.type==\"case\" and .suite==\"$2\") | \"\(.id) \(.observed) \(.verdict)\"" "$f" | sort
}
for s in entry:entry-haswell shadow:shadow-haswell; do
	suite=${s%%:*} rom=${s#*:}
	route_cases route-iso "$suite" >"$E2E/logs/route-iso.$suite"
	route_cases "$rom" "$suite" >"$E2E/logs/route-rom.$suite"
	check "route: the iso route ran the $suite suite ($(wc -l <"$E2E/logs/route-iso.$suite") cases)" \
		test "$(wc -l <"$E2E/logs/route-iso.$suite")" -gt 100
	check "route: every $suite verdict and observed outcome the same from ipxe.iso as from the option ROM" \
		cmp -s "$E2E/logs/route-iso.$suite" "$E2E/logs/route-rom.$suite"
	cmp -s "$E2E/logs/route-iso.$suite" "$E2E/logs/route-rom.$suite" ||
		diff "$E2E/logs/route-rom.$suite" "$E2E/logs/route-iso.$suite" | head -6
done
