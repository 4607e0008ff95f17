#!/bin/sh
# Turn tests/data/real-cpus/vmx-msrs.csv (VMX capability MSRs read off real
# Intel CPUs) into a C table for the host tool: the reference each report
# compares a CPU's features with (host-tools/lib/genref.c). The CSV stays the
# one list; this only changes its form. Usage: gen-realcpus.sh CSV > OUT.h
set -eu
awk -F, '
BEGIN { print "/* Generated from tests/data/real-cpus/vmx-msrs.csv by scripts/gen-realcpus.sh: do not edit. */" }
NR == 1 { if ($1 != "cpu" || $3 != "cpuid1_eax" || NF != 23) { print "bad header" > "/dev/stderr"; exit 1 } next }
NF != 23 { print "line " NR ": " NF " columns, not 23" > "/dev/stderr"; exit 1 }
{
	gsub(/"/, "", $1); gsub(/"/, "", $2)
	printf "{ \"%s\", \"%s\", %s, {", $1, $2, $3
	for (i = 4; i <= 23; i++) printf "%s%s", (i > 4 ? ", " : " "), ($i == "" ? "0" : $i "ull")
	printf " }, {"
	for (i = 4; i <= 23; i++) printf "%s%s", (i > 4 ? ", " : " "), ($i == "" ? "false" : "true")
	print " } },"
}' "$1"
