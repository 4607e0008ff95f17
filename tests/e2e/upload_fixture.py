#!/usr/bin/python3
"""Test fixture, not the collector: a minimal stand-in for `vmxbench collect
--listen` (docs/upload.md) that t_upload.sh uses when the built vmxbench has
no --listen. It keeps each session's bodies in order in OUTDIR/SESSION.log,
checks the headers, the seq order and (with --key) the MAC, and answers as
the contract says: "ok N", "stored RUNID" after the end record, the same
answer again for a resent batch. One request per connection.

Usage: upload_fixture.py --port-file FILE --out OUTDIR [--key HEX64]
(binds 127.0.0.1 on a free port and writes the port to FILE.)
"""
import argparse
import hashlib
import hmac
import http.server
import os
import re
import sys

args = None
sessions = {}  # session -> {"next": seq, "stored": bool}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, code, text):
        body = (text + "\n").encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        with open(os.path.join(args.out, "requests.log"), "a") as f:
            f.write("%d %s\n" % (code, text))

    def log_message(self, fmt, *a):
        pass

    def do_POST(self):
        if self.path != "/upload":
            return self.answer(404, "no such endpoint")
        sess = self.headers.get("X-Vmxb-Session", "")
        seq = self.headers.get("X-Vmxb-Seq", "")
        n = self.headers.get("Content-Length", "")
        if not re.fullmatch(r"[0-9a-f]{16}", sess) or not seq.isdigit() or not n.isdigit():
            return self.answer(400, "malformed header")
        n = int(n)
        if n > 65536:
            return self.answer(413, "body too large")
        body = self.rfile.read(n)
        if args.key:
            want = hmac.new(bytes.fromhex(args.key), b"%s\n%s\n" % (sess.encode(), seq.encode()) + body,
                            hashlib.sha256).hexdigest()
            if not hmac.compare_digest(want, self.headers.get("X-Vmxb-Mac", "")):
                return self.answer(401, "bad MAC")
        lines = body.split(b"\n")
        if lines[-1] != b"" or not all(l.startswith(b"VMXB1 {") for l in lines[:-1]):
            return self.answer(400, "not record lines")
        seq = int(seq)
        s = sessions.setdefault(sess, {"next": 0, "stored": False})
        count = len(lines) - 1
        if seq + count <= s["next"]:  # a resend of what is held
            return self.answer(200, "already stored fixture-" + sess if s["stored"] else "ok %d" % s["next"])
        if seq != s["next"]:
            return self.answer(400, "seq gap: want %d, got %d" % (s["next"], seq))
        with open(os.path.join(args.out, sess + ".log"), "ab") as f:
            f.write(body)
        s["next"] += count
        if b'{"type":"end"' in lines[-2]:
            s["stored"] = True
            return self.answer(200, "stored fixture-" + sess)
        return self.answer(200, "ok %d" % s["next"])


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--key")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    with open(args.port_file + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(args.port_file + ".tmp", args.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
