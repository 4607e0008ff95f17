#!/bin/bash
# The entry suite's rule inventory (docs/entry-suite.md, "Rule inventory") checked against the
# case ids the payload has: every id a row names must exist, and the count line under the table
# must be what the table says. Prints the counts; --uncovered lists the reachable rules no case
# tests. Exit 0 when consistent, 1 otherwise.
#
# Case ids come from the payload sources (payload/suites/entry_*.c through the C preprocessor:
# written rows and the rows macros generate), or with --ids FILE from a list, one id a line
# (e.g. jq -r '.records[]|select(.type=="case" and .suite=="entry")|.id' of a stored run).
#
# Row grammar of the table's last column: `id`, `id2` (a trailing * stands for every id with
# that prefix; it must match at least one) = covered; "missing: why" = reachable, no case yet;
# "unreachable: why" = no case can test it from this payload.
set -u
cd "$(dirname "$0")/.."
DOC=docs/entry-suite.md
ids_file= uncovered=0
while [ $# -gt 0 ]; do
	case $1 in
	--ids) ids_file=${2:?--ids needs a file}; shift 2 ;;
	--uncovered) uncovered=1; shift ;;
	-h|--help)
		sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
		echo "Usage: scripts/entry-inventory.sh [--ids FILE] [--uncovered]"
		exit 0 ;;
	*) echo "entry-inventory: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done

ids=$(mktemp)
trap 'rm -f "$ids"' EXIT
if [ -n "$ids_file" ]; then
	[ -r "$ids_file" ] || { echo "entry-inventory: cannot read $ids_file" >&2; exit 2; }
	grep -E '^[a-z0-9_.]+$' "$ids_file" | sort -u >"$ids"
else
	# The tables through the C preprocessor, so rows that macros generate
	# (FB32, the sweeps) count like written ones; adjacent string literals joined.
	cc=${CC:-cc}
	command -v "$cc" >/dev/null || { echo "entry-inventory: no C compiler ($cc) to read the tables" >&2; exit 2; }
	{
		for f in payload/suites/entry_*.c; do
			"$cc" -E -P -ffreestanding -nostdinc -isystem "$("$cc" -print-file-name=include)" \
				-isystem payload/include -Ipayload "$f" ||
				{ echo "entry-inventory: cannot preprocess $f" >&2; exit 2; }
		done | tr '\n' ' ' | sed -E 's/" *"//g' |
			grep -oE '\{ *"[a-z0-9_.]+", *"[0-9A.]+",' | sed -E 's/\{ *"([^"]+)".*/\1/'
	} | sort -u >"$ids"
fi
[ -s "$ids" ] || { echo "entry-inventory: no case ids found" >&2; exit 1; }

awk -v IDS="$ids" -v UNC="$uncovered" '
BEGIN { while ((getline l < IDS) > 0) have[l] = 1; nid = 0; for (i in have) nid++ }
/<!-- inventory:begin -->/ { on = 1; next }
/<!-- inventory:end -->/ { on = 0; next }
!on && /^Inventory: [0-9]+ rules/ { stated = $0; next }
!on || !/^\| *[0-9]/ { next }
{
	n = split($0, col, "|")
	sec = col[2]; rule = col[3]; last = col[n - 1]
	gsub(/^ +| +$/, "", sec); gsub(/^ +| +$/, "", rule); gsub(/^ +| +$/, "", last)
	rules++
	if (last ~ /^unreachable:/) next
	reach++
	if (last ~ /^missing:/) { if (UNC) printf "uncovered: %s %s (%s)\n", sec, rule, last; next }
	m = split(last, parts, "`")
	got = 0
	for (i = 2; i <= m; i += 2) {
		id = parts[i]; got++
		if (id ~ /\*$/) {
			p = substr(id, 1, length(id) - 1); hit = 0
			for (h in have) if (index(h, p) == 1) { hit = 1; used[h] = 1 }
			if (!hit) { printf "FAIL: %s: no case id starts with %s\n", sec, p; bad++ }
		} else if (!(id in have)) { printf "FAIL: %s: no case %s (%s)\n", sec, id, rule; bad++ }
		else used[id] = 1
	}
	if (!got) { printf "FAIL: %s: row names no case and no reason: %s\n", sec, rule; bad++; next }
	covered++
}
END {
	if (!rules) { print "FAIL: no inventory table in the document"; exit 1 }
	pct = int(1000 * covered / reach + 0.5) / 10
	line = sprintf("Inventory: %d rules, %d reachable, %d covered (%.1f %%)", rules, reach, covered, pct)
	print line
	nu = 0; for (h in have) if (!(h in used)) nu++
	printf "case ids: %d, named by no row: %d\n", nid, nu
	if (stated == "") { print "FAIL: the document has no line starting \"Inventory: N rules\""; bad++ }
	else if (index(stated, line) != 1) { printf "FAIL: the document says\n  %s\nthe table gives\n  %s\n", stated, line; bad++ }
	exit bad ? 1 : 0
}' "$DOC"
