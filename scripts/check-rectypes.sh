#!/bin/bash
# The record types three places name must agree: the payload's rec_start()
# calls, the host's list (host-tools/lib/rectypes.h, what export --type
# accepts) and docs/record-format.md (each type in backquotes).
# Prints the count on success, every disagreement otherwise; exit 0/1.
set -u
cd "$(dirname "$0")/.."
payload=$(grep -rhoE 'rec_start\("[a-z_0-9]+"' payload | sed 's/.*("//;s/"//' | sort -u)
host=$(sed -n '/#define VMXB_RECORD_TYPES/,/^$/p' host-tools/lib/rectypes.h |
	grep -oE 'X\([a-z_0-9]+\)' | sed 's/X(//;s/)//' | sort -u)
bad=0
for t in $payload; do
	grep -qx "$t" <<<"$host" || { echo "payload writes \"$t\": not in host-tools/lib/rectypes.h"; bad=1; }
done
for t in $host; do
	grep -qx "$t" <<<"$payload" || { echo "host-tools/lib/rectypes.h lists \"$t\": no rec_start(\"$t\") in payload/"; bad=1; }
	grep -q "\`$t\`" docs/record-format.md || { echo "\"$t\" is not documented in docs/record-format.md"; bad=1; }
done
[ "$bad" = 0 ] && echo "$(wc -w <<<"$host") record types agree (payload, host list, format doc)"
exit "$bad"
