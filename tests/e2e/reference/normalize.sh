#!/bin/sh
# The record lines of a serial log (or of a stored .rec.gz reference) in the
# form they are compared in: the payload version, the PIT-calibrated TSC
# frequency and the CRCs left out.
#
# tsc_hz is left out because under Bochs its last digits follow the PIT's
# phase when calibration starts, which moves with any change in the
# instructions executed before it (docs/measurement.md); every measured value
# is still compared. The CRCs only restate the line. The `tsc` and `us`
# timestamps of suite/suite_end records count the instructions executed so
# far under Bochs, so any code change moves them: they are left out too.
# Usage: normalize.sh FILE (a log, or a .gz of record lines)
set -eu
case $1 in
*.gz) gzip -dc "$1" ;;
*) cat "$1" ;;
esac | grep -a '^VMXB1 ' |
	sed -E 's/"payload":"[^"]*"//; s/"tsc_hz":[0-9]+/"tsc_hz":N/; s/,"crc":"[0-9a-f]{8}"//' |
	sed -E '/"type":"suite(_end)?"/ s/,"(tsc|us)":[0-9]+//g'
