#!/usr/bin/python3
"""A real webhook receiver for tests: checks X-Porwatch-Signature the way a user's would.

Binds 127.0.0.1 on --port (default: a port the kernel picks) and writes it to --port-file once listening.
Each POST is checked: HMAC-SHA256 of the raw body with the key in --secret-file, compared in
constant time against `X-Porwatch-Signature: sha256=<hex>`. A bad or missing signature gets 401.
A good one gets the next status from --statuses (comma-separated; the last one repeats) after
--delay seconds. Every request is appended to --log as one JSON line.
With --tls it serves HTTPS with a fresh self-signed certificate (made with the openssl CLI),
which a verifying client must refuse.
"""
import argparse
import hashlib
import hmac
import http.server
import json
import os
import ssl
import subprocess
import tempfile
import time

parser = argparse.ArgumentParser()
parser.add_argument("--secret-file", required=True)
parser.add_argument("--port-file", required=True)
parser.add_argument("--log", required=True)
parser.add_argument("--statuses", default="200")
parser.add_argument("--delay", type=float, default=0.0)
parser.add_argument("--tls", action="store_true")
parser.add_argument("--port", type=int, default=0, help="0: the kernel picks (default)")
args = parser.parse_args()

with open(args.secret_file, "rb") as f:
    secret = f.read().rstrip(b"\r\n")
statuses = [int(s) for s in args.statuses.split(",")]


class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    count = 0

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
        given = self.headers.get("X-Porwatch-Signature", "")
        signature_ok = hmac.compare_digest(expected, given)
        if signature_ok:
            status = statuses[min(Receiver.count, len(statuses) - 1)]
            Receiver.count += 1
        else:
            status = 401
        record = {
            "path": self.path,
            "body": body.decode("utf-8", "replace"),
            "signature": given,
            "signature_ok": signature_ok,
            "delivery": self.headers.get("X-Porwatch-Delivery"),
            "content_type": self.headers.get("Content-Type"),
            "user_agent": self.headers.get("User-Agent"),
            "status": status,
        }
        with open(args.log, "a") as log:
            log.write(json.dumps(record, sort_keys=True) + "\n")
        time.sleep(args.delay)
        reply = b'{"ok":true}' if status < 300 else b'{"error":"nope"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *_):
        pass


http.server.HTTPServer.allow_reuse_address = True
server = http.server.HTTPServer(("127.0.0.1", args.port), Receiver)
if args.tls:
    cert_dir = tempfile.mkdtemp(prefix="porwatch-tls-")
    cert, key = os.path.join(cert_dir, "cert.pem"), os.path.join(cert_dir, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
tmp = args.port_file + ".tmp"
with open(tmp, "w") as f:
    f.write(str(server.server_address[1]))
os.rename(tmp, args.port_file)
server.serve_forever()
