#!/usr/bin/python3
"""A stand-in for OKX's zk-por-cli (plonky2), which cannot be installed here (no Debian or npm
package; building it needs the Rust toolchain and the network). It behaves as the real tool does
where porwatch depends on it: it reads a global proof file, prints progress and one result line,
"result: Ok(()), elapsed: …" or "result: Err(…), elapsed: …", and EXITS 0 EITHER WAY; then, like
the interactive verifier, it waits for Enter on stdin.

The "proof" is a real check, not a canned answer: {"claims": {...}, "digest": hex}, where digest
must be the SHA-256 of the claims' canonical JSON (sorted keys, no spaces). A changed figure or a
changed digest gives Err(InvalidProof).

usage: zk-por-cli-standin.py verify --global-proof-path FILE [--silent] [--sleep SECONDS]
  --silent  print nothing (no result line) and exit 0
  --sleep   wait that long before answering (for timeouts)"""
import argparse
import hashlib
import json
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('command', choices=['verify'])
    parser.add_argument('--global-proof-path', required=True)
    parser.add_argument('--silent', action='store_true')
    parser.add_argument('--sleep', type=float, default=0)
    args = parser.parse_args()
    started = time.monotonic()
    if args.sleep:
        time.sleep(args.sleep)
    if args.silent:
        return 0
    print('start to reconstruct the circuit with 1 recursive levels for round 0', flush=True)
    try:
        with open(args.global_proof_path) as f:
            proof = json.load(f)
        canonical = json.dumps(proof['claims'], sort_keys=True, separators=(',', ':'))
        ok = hashlib.sha256(canonical.encode()).hexdigest() == proof['digest']
        result = 'Ok(())' if ok else 'Err(InvalidProof)'
    except (OSError, ValueError, KeyError) as e:
        result = f'Err(Io({type(e).__name__}))'
    print(f'result: {result}, elapsed: {(time.monotonic() - started) * 1000:.3f}ms', flush=True)
    sys.stdin.readline()   # "press Enter to exit"
    return 0               # zk-por-cli's main returns Ok(()) whatever the result


if __name__ == '__main__':
    sys.exit(main())
