#!/usr/bin/python3
"""A real misbehaving JSON-RPC server for porwatch's tests, on loopback.

In "pass" mode it is a proxy in front of a real node (--upstream): each POST body and its
Authorization header go to the node, whatever path and query the client used, and the node's
reply comes back. A request without an Authorization header gets --upstream-auth's (so a client
can be pointed at the proxy without credentials); one with a header is checked by the node. Other modes answer like a broken, slow or hostile node would. The mode is set
by POST /__mode {"mode": NAME, ...arguments}; GET /__log returns what was received
(path, query, the JSON-RPC methods) as JSON.

Modes (arguments in parentheses):
  pass                        forward to the upstream node
  warmup (count)              the first `count` calls get -28 "Loading block index…" (HTTP 500, as
                              Bitcoin Core answers), then pass
  status (code, body)         every request gets HTTP `code` with `body` (text)
  huge (bytes)                HTTP 200, a valid JSON-RPC reply of `bytes` bytes
  truncated                   HTTP 200 announcing 1000 bytes, sending 40, then closing
  deep (depth)                HTTP 200, `depth` nested '['
  raw (hex)                   HTTP 200 with exactly these bytes
  batch (how)                 pass, then rewrite an array reply: reverse, drop_id, dup_id, single
  slow (seconds, method)      pass, after sleeping `seconds` (only for `method` when given)
  lie (sats)                  pass, but scantxoutset start reports `sats` more in its first
                              unspent and in total_amount
  overflow                    scantxoutset start answers two unspents of 2^255 satoshi each for the
                              first requested script, total_amount 0 (what a wrapping sum makes)
  evm_lie (what, address)     pass, but alter one Ethereum answer about `address` (in a batch too):
                              what = balance     eth_getBalance of it + 1000 wei
                                     balance_of  balanceOf(it) (an eth_call) + 1
                                     proof_node  one byte of the last node of its eth_getProof
                                                 accountProof
                                     header      eth_getBlockByHash: one bit of stateRoot (address unused)

usage: hostile-rpc.py --port-file FILE [--upstream URL] [--upstream-auth USER:PASSWORD]
(binds 127.0.0.1, a port the kernel picks)
"""
import argparse
import base64
import decimal
import http.server
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--port-file", required=True)
parser.add_argument("--upstream", default="")
parser.add_argument("--upstream-auth", default="")
args = parser.parse_args()

state = {"mode": {"mode": "pass"}, "warmed": 0}
received = []
lock = threading.Lock()


def dumps(value):
    """JSON text with Decimals written exactly (amounts are decimal text, never floats)."""
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k) + ":" + dumps(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    return json.dumps(value)


def upstream(body, auth):
    request = urllib.request.Request(args.upstream, body, {"content-type": "application/json"})
    if auth:
        request.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=600) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def upstream_call(method, params, auth):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    return json.loads(upstream(body, auth)[1])["result"]


def methods_of(call):
    calls = call if isinstance(call, list) else [call]
    return [c.get("method") for c in calls if isinstance(c, dict)]


def rewrite_batch(reply, how):
    doc = json.loads(reply, parse_float=decimal.Decimal)
    if not isinstance(doc, list) or not doc:
        return reply
    if how == "reverse":
        doc.reverse()
    elif how == "drop_id":
        del doc[-1]["id"]
    elif how == "dup_id":
        doc[-1]["id"] = doc[0]["id"]
    elif how == "single":
        doc = doc[0]
    return dumps(doc).encode()


def lie(reply, sats):
    doc = json.loads(reply, parse_float=decimal.Decimal)
    result = doc.get("result") or {}
    if result.get("unspents"):
        extra = decimal.Decimal(sats) / 10**8
        result["unspents"][0]["amount"] = decimal.Decimal(result["unspents"][0]["amount"]) + extra
        result["total_amount"] = decimal.Decimal(result["total_amount"]) + extra
    return dumps(doc).encode()


def overflow(call, auth):
    descriptor = call["params"][1][0]
    script = descriptor[len("raw("):-1]
    info = upstream_call("getblockchaininfo", [], auth)
    half = 2**255   # satoshi; two of them wrap a uint256 to 0
    amount = decimal.Decimal(f"{half // 10**8}.{half % 10**8:08d}")   # exact: no context rounding
    unspent = {"txid": "00" * 32, "vout": 0, "scriptPubKey": script, "desc": descriptor,
               "amount": amount, "height": info["blocks"]}
    result = {"success": True, "txouts": 2, "height": info["blocks"], "bestblock": info["bestblockhash"],
              "unspents": [unspent, dict(unspent, vout=1)], "total_amount": decimal.Decimal("0E-8")}
    return dumps({"jsonrpc": "2.0", "id": call.get("id"), "result": result, "error": None}).encode()


def evm_lie(call, reply, what, address):
    """Alter the one answer `what` names about `address` (lower-case hex) in a reply."""
    calls = call if isinstance(call, list) else [call]
    doc = json.loads(reply, parse_float=decimal.Decimal)
    answers = doc if isinstance(doc, list) else [doc]
    by_id = {a.get("id"): a for a in answers if isinstance(a, dict)}
    selector = "0x70a08231" + "0" * 24 + address[2:]
    for c in calls:
        if not isinstance(c, dict) or c.get("id") not in by_id:
            continue
        answer = by_id[c["id"]]
        method, params = c.get("method"), c.get("params") or []
        result = answer.get("result")
        if result is None:
            continue
        if what == "balance" and method == "eth_getBalance" and params[0].lower() == address:
            answer["result"] = hex(int(result, 16) + 1000)
        elif what == "balance_of" and method == "eth_call" and params[0].get("data", "").lower() == selector:
            answer["result"] = "0x" + (int(result, 16) + 1).to_bytes(32, "big").hex()
        elif what == "proof_node" and method == "eth_getProof" and params[0].lower() == address:
            node = result["accountProof"][-1]
            mid = len(node) // 2
            result["accountProof"][-1] = node[:mid] + ("0" if node[mid] != "0" else "1") + node[mid + 1:]
        elif what == "header" and method == "eth_getBlockByHash":
            root = result["stateRoot"]
            result["stateRoot"] = root[:-1] + ("0" if root[-1] != "0" else "1")
    return dumps(doc).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def reply(self, status, body, length=None):
        try:
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body) if length is None else length))
            self.end_headers()
            self.wfile.write(body)
            if length is not None:
                self.close_connection = True
        except OSError:
            pass   # the client hung up (its own timeout)

    def do_GET(self):
        with lock:
            body = json.dumps(received).encode()
        self.reply(200, body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/__mode":
            with lock:
                state["mode"] = json.loads(body)
                state["warmed"] = 0
                received.clear()
            self.reply(200, b"{}")
            return
        try:
            call = json.loads(body)
        except ValueError:
            call = None
        auth = self.headers.get("Authorization")
        if not auth and args.upstream_auth:
            auth = "Basic " + base64.b64encode(args.upstream_auth.encode()).decode()
            sent_user = None
        else:
            sent_user = auth
        with lock:
            mode = dict(state["mode"])
            user = base64.b64decode(sent_user.split()[1]).decode(errors="replace").split(":")[0] if sent_user else None
            received.append({"path": url.path, "query": url.query, "methods": methods_of(call), "user": user})
        name = mode["mode"]
        if name == "status":
            self.reply(mode["code"], mode["body"].encode())
        elif name == "huge":
            filler = "x" * max(mode["bytes"] - 40, 0)
            self.reply(200, ('{"jsonrpc":"2.0","id":0,"result":"' + filler + '"}').encode())
        elif name == "truncated":
            self.reply(200, b'{"jsonrpc":"2.0","id":0,"result":{"chain":', length=1000)
        elif name == "deep":
            self.reply(200, b"[" * mode["depth"])
        elif name == "raw":
            self.reply(200, bytes.fromhex(mode["hex"]))
        elif name == "warmup" and state["warmed"] < mode["count"]:
            with lock:
                state["warmed"] += 1
            error = {"jsonrpc": "2.0", "id": (call or {}).get("id"), "result": None,
                     "error": {"code": -28, "message": "Loading block index..."}}
            self.reply(500, json.dumps(error).encode())
        elif name == "overflow" and isinstance(call, dict) and call.get("method") == "scantxoutset" \
                and call["params"][0] == "start":
            self.reply(200, overflow(call, auth))
        else:
            if name == "slow" and (not mode.get("method") or mode["method"] in methods_of(call)):
                time.sleep(mode["seconds"])
            status, answer = upstream(body, auth)
            if name == "batch" and isinstance(call, list):
                answer = rewrite_batch(answer, mode["how"])
            if name == "lie" and isinstance(call, dict) and call.get("method") == "scantxoutset":
                answer = lie(answer, mode["sats"])
            if name == "evm_lie" and call is not None:
                answer = evm_lie(call, answer, mode["what"], mode.get("address", "").lower())
            self.reply(status, answer)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
# Atomic rename: a reader never sees a half-written port.
os.replace(args.port_file + ".tmp", args.port_file)
server.serve_forever()
