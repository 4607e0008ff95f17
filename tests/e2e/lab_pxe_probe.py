#!/usr/bin/python3
"""Ask a proxy-DHCP server what it boots, as PXE firmware would (t_lab.sh).

Usage: lab_pxe_probe.py IFACE OWN-ADDR SERVER ARCH [ipxe]

Sends a DHCPDISCOVER (vendor class PXEClient, client architecture ARCH =
DHCP option 93; with "ipxe" also option 175 and user class iPXE) from port
68 on IFACE (whose address is OWN-ADDR), takes the ProxyDHCP offer's PXE boot menu (option 43), asks
SERVER:4011 for its first item (Boot Server Discovery, PXE 2.1 section 2.2)
and prints the boot file name. Exit 1 when no answer comes within 3 s.
QEMU's NIC ROMs are iPXE already: this is how the test sees the answers
plain PXE firmware (BIOS, UEFI) gets.
"""
import os
import socket
import struct
import sys
import time


def options(opts):
    out = b""
    for code, val in opts:
        out += bytes([code, len(val)]) + val
    return out + b"\xff"


def packet(xid, mac, opts, ciaddr="0.0.0.0"):
    hdr = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000,
                      socket.inet_aton(ciaddr), bytes(4), bytes(4), bytes(4),
                      mac + bytes(10), bytes(64), bytes(128))
    return hdr + b"\x63\x82\x53\x63" + options(opts)


def parse(data):
    """(xid, file, {code: value}) of a reply, or None."""
    if len(data) < 240 or data[236:240] != b"\x63\x82\x53\x63":
        return None
    xid = struct.unpack("!I", data[4:8])[0]
    bootfile = data[108:236].split(b"\0", 1)[0].decode("ascii", "replace")
    opts, i = {}, 240
    while i < len(data) and data[i] != 255:
        if data[i] == 0:
            i += 1
            continue
        if i + 1 >= len(data):
            break
        n = data[i + 1]
        opts[data[i]] = data[i + 2:i + 2 + n]
        i += 2 + n
    return xid, bootfile, opts


def suboptions(raw):
    out, i = {}, 0
    while i + 1 < len(raw) and raw[i] != 255:
        n = raw[i + 1]
        out[raw[i]] = raw[i + 2:i + 2 + n]
        i += 2 + n
    return out


def receive(sock, xid, deadline, want):
    """The first reply to xid that want(reply) accepts, or None at deadline."""
    while time.time() < deadline:
        sock.settimeout(max(0.05, deadline - time.time()))
        try:
            data, _ = sock.recvfrom(2048)
        except socket.timeout:
            break
        reply = parse(data)
        if reply and reply[0] == xid and want(reply):
            return reply
    return None


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    iface, own, server, arch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    ipxe = len(sys.argv) > 5 and sys.argv[5] == "ipxe"
    mac = b"\x52\x54\x00\x77\x01" + bytes([arch & 0xff])
    xid = struct.unpack("!I", os.urandom(4))[0]
    opts = [(53, b"\x01"),
            (60, b"PXEClient:Arch:%05d:UNDI:003016" % arch),
            (93, struct.pack("!H", arch)),
            (94, b"\x01\x03\x10"),
            (97, b"\x00" + bytes(range(16)))]
    if ipxe:
        opts += [(175, b"\x15\x01\x01"), (77, b"iPXE")]

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode())
    sock.bind(("0.0.0.0", 68))
    deadline = time.time() + 3
    offer = None
    # the site server offers too: the proxy's offer carries option 60 PXEClient
    proxy = lambda r: r[2].get(53) == b"\x02" and r[2].get(60, b"")[:9] == b"PXEClient"
    while offer is None and time.time() < deadline:
        sock.sendto(packet(xid, mac, opts), ("255.255.255.255", 67))
        offer = receive(sock, xid, min(deadline, time.time() + 1), proxy)
    if offer is None:
        print("no ProxyDHCP offer", file=sys.stderr)
        return 1
    if os.environ.get("PROBE_DEBUG"):
        print("offer", offer, file=sys.stderr)
    if offer[1]:
        print(offer[1])
        return 0
    # No file name: ask SERVER:4011. With a boot menu (BIOS PXE), for its
    # first item's boot server type; without (UEFI firmware gets none), a
    # plain request, as EDK2 does for such an offer.
    req = [o for o in opts if o[0] != 53] + [(53, b"\x03")]
    menu = suboptions(offer[2].get(43, b"")).get(9, b"")
    if len(menu) >= 3:
        req.append((43, options([(71, menu[:2] + b"\0\0")])))
    sock.sendto(packet(xid, mac, req, ciaddr=own), (server, 4011))
    ack = receive(sock, xid, time.time() + 2, lambda r: r[2].get(53) == b"\x05")
    if os.environ.get("PROBE_DEBUG"):
        print("ack", ack, file=sys.stderr)
    if ack is None or not ack[1]:
        print("no boot file from %s:4011" % server, file=sys.stderr)
        return 1
    print(ack[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
