#!/bin/sh
# Install the Debian packages vmxbench needs, only those missing.
# Runs as root on Debian 12 (make run / make test call it first).
# clang + libclang-rt-14-dev (libFuzzer, sanitizer runtimes) and llvm
# (llvm-symbolizer for stack traces): make fuzz and the replay in make test.
# iproute2 (ip): the lab test's network namespaces (tests/e2e/t_lab.sh).
# libxml2-utils (xmllint): the JUnit export is checked to be well-formed XML;
# tidy: the HTML pages (compare, report) are checked to be valid HTML5;
# chromium: a real browser opens the published site (tests/e2e/t_site.sh).
set -eu

PKGS="build-essential binutils make jq mtools
bochs bochsbios vgabios ipxe ipxe-qemu qemu-system-x86 ovmf
libcpuid-dev cpuidtool gnuplot-nox libjansson-dev libcmocka-dev pkg-config
clang libclang-rt-14-dev llvm
libmicrohttpd-dev nettle-dev dnsmasq-base lava-common curl gnu-efi
iproute2 time libxml2-utils tidy chromium"

missing=""
for p in $PKGS; do
	# "install ok installed" only: a removed package leaves config-files behind.
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi

echo "install-deps: installing:$missing"
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: need root to apt-get install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
