#!/usr/bin/python3
"""Write pre-built JSON-RPC batch bodies (the same reads porwatch makes) and a curl config that
posts them all over one keep-alive connection: the lower bound for the EVM benchmark.
usage: make_bodies.py DIR URL COUNT BATCH BLOCK_HASH TOKEN...  → DIR/curl.cfg"""
import hashlib
import json
import os
import sys

out, url, count, batch, block_hash, tokens = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6:]
block = {'blockHash': block_hash, 'requireCanonical': True}
calls = []
for i in range(count):
    a = '0x' + hashlib.sha256(f'porwatch-bench-scan-{i}'.encode()).hexdigest()[:40]
    calls.append(('eth_getBalance', [a, block]))
    for t in tokens:
        calls.append(('eth_call', [{'to': t, 'data': '0x70a08231' + '0' * 24 + a[2:]}, block]))
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, 'curl.cfg'), 'w') as cfg:
    for n, start in enumerate(range(0, len(calls), batch)):
        body = [{'jsonrpc': '2.0', 'id': k, 'method': m, 'params': p} for k, (m, p) in enumerate(calls[start:start + batch])]
        path = os.path.join(out, f'b{n}.json')
        with open(path, 'w') as f:
            json.dump(body, f, separators=(',', ':'))
        cfg.write(('next\n' if n else '') + f'url = "{url}"\nheader = "content-type: application/json"\n'
                  f'data-binary = "@{path}"\noutput = "/dev/null"\n')
