#!/usr/bin/python3
"""Integration test: `porwatch verify --format jsonl` on signatures made at test time by third-party
signers (Electrum, bitcoinjs-message, bip322-js, python3-bitcoinlib, ethers, cast) for fresh
keys and awkward messages, plus tampered copies that must fail.

usage: verify_signers.py PORWATCH_BINARY
Exit 0 when every row has its expected status; prints each mismatch otherwise.
"""
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import bitcoin
from bitcoin.core import CScript, Hash160
from bitcoin.signmessage import BitcoinMessage, SignMessage
from bitcoin.wallet import CBitcoinAddress, CBitcoinSecret, P2SHBitcoinAddress

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(HERE, '..', 'tools')
CAST = os.path.join(TOOLS, 'node_modules/@foundry-rs/cast-linux-amd64/bin/cast')
ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
MESSAGES = {
    'empty': '',
    'long': ('proof of reserves ' * 60)[:1000],
    'unicode': 'Grüße, 世界 — I own this address 🚀 nonce=42',
    'newlines': 'line one\nline two\r\nline, "three"',
}
bitcoin.SelectParams('mainnet')


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True, cwd=TOOLS).stdout.strip()


def fresh_secret():
    while True:
        secret = os.urandom(32)
        if 0 < int.from_bytes(secret, 'big') < ORDER:
            return secret


def fresh_btc_key():
    wif = str(CBitcoinSecret.from_secret_bytes(fresh_secret(), True))
    return wif, json.loads(run('node', 'btc-sign.cjs', 'addrs', wif))


def electrum_sign(wif, kind, message):
    return json.loads(run('/usr/bin/python3', 'electrum-sign.py', 'sign', wif, kind, message))


def flip_char(text):
    return (text[:-1] + ('a' if text[-1:] != 'a' else 'b')) if text else 'x'


def main(binary):
    rows = []   # (chain, address, message, signatures, script, scheme, expected status, note)

    def add(chain, address, message, sigs, expected, note, script='', scheme=''):
        rows.append((chain, address, message, sigs, script, scheme, expected, note))

    key_a, addrs_a = fresh_btc_key()
    key_b, addrs_b = fresh_btc_key()
    for name, message in MESSAGES.items():
        # Electrum: P2PKH (strict BIP-137) and segwit with its loose 31-34 headers.
        for kind, addr_key in (('p2pkh', 'p2pkh'), ('p2wpkh-p2sh', 'p2sh-p2wpkh'), ('p2wpkh', 'p2wpkh')):
            signed = electrum_sign(key_a, kind, message)
            assert signed['address'] == addrs_a[addr_key], (signed, addrs_a)
            add('bitcoin', signed['address'], message, [signed['signature']], 'verified', f'electrum {kind} {name}')
        # bitcoinjs-message: BIP-137 headers for all three single-key types.
        for kind in ('p2pkh', 'p2sh-p2wpkh', 'p2wpkh'):
            sig = run('node', 'btc-sign.cjs', 'sign137', key_a, kind, message)
            add('bitcoin', addrs_a[kind], message, [sig], 'verified', f'bitcoinjs-message {kind} {name}')
            if kind == 'p2wpkh':
                # Wrong address type: the P2WPKH-pinned header against the P2PKH address of the same key.
                add('bitcoin', addrs_a['p2pkh'], message, [sig], 'failed', f'wrong address type {name}')
        # bip322-js: BIP-322 simple (unprefixed) for segwit and taproot.
        for kind in ('p2wpkh', 'p2sh-p2wpkh', 'p2tr'):
            sig = run('node', 'btc-sign.cjs', 'sign322', key_a, addrs_a[kind], message)
            add('bitcoin', addrs_a[kind], message, [sig], 'verified', f'bip322-js {kind} {name}')
            add('bitcoin', addrs_a[kind], flip_char(message), [sig], 'failed', f'bip322-js {kind} changed message')
            add('bitcoin', addrs_a[kind], message, ['smp' + sig], 'verified', f'bip322-js {kind} smp prefix')
        # python3-bitcoinlib: P2PKH only (not deterministic, so only the result is compared).
        sig = SignMessage(CBitcoinSecret(key_a), BitcoinMessage(message)).decode()
        add('bitcoin', addrs_a['p2pkh'], message, [sig], 'verified', f'python-bitcoinlib {name}')
        add('bitcoin', addrs_b['p2pkh'], message, [sig], 'failed', f'another key {name}')
        add('bitcoin', addrs_a['p2pkh'], flip_char(message), [sig], 'failed', f'one-character change {name}')

    # EVM: ethers and cast, fresh key each.
    pk = '0x' + fresh_secret().hex()
    other_pk = '0x' + fresh_secret().hex()
    for name, message in MESSAGES.items():
        ethers = json.loads(run('node', 'eth-sign.mjs', 'sign', pk, message))
        add('ethereum', ethers['address'], message, [ethers['signature']], 'verified', f'ethers {name}')
        v01 = ethers['signature'][:-2] + ('00' if ethers['signature'].endswith('1b') else '01')
        add('ethereum', ethers['address'], message, [v01], 'verified', f'ethers v=0/1 {name}')
        add('ethereum', ethers['address'], flip_char(message), [ethers['signature']], 'failed', f'ethers changed {name}')
        sig = run(CAST, 'wallet', 'sign', '--private-key', pk, message)
        add('ethereum', ethers['address'], message, [sig], 'verified', f'cast {name}')
        other = json.loads(run('node', 'eth-sign.mjs', 'sign', other_pk, message))
        add('ethereum', ethers['address'], message, [other['signature']], 'failed', f'another key eth {name}')

    # OKX-style 2-of-3 multisig, keys signed by Electrum and bitcoinjs-message.
    keys = [fresh_btc_key() for _ in range(3)]
    script = bytes([0x52]) + b''.join(bytes([33]) + bytes.fromhex(a['pubkey']) for _, a in keys) + bytes([0x53, 0xae])
    program = hashlib.sha256(script).digest()
    p2sh = str(P2SHBitcoinAddress.from_redeemScript(CScript(script)))
    p2wsh = str(CBitcoinAddress.from_scriptPubKey(CScript([0, program])))
    nested = str(P2SHBitcoinAddress.from_redeemScript(CScript([0, program])))
    other_script = bytes([0x52]) + b''.join(bytes([33]) + bytes.fromhex(a['pubkey']) for _, a in reversed(keys)) + bytes([0x53, 0xae])
    message = MESSAGES['unicode']
    sig0 = electrum_sign(keys[0][0], 'p2pkh', message)['signature']
    sig2 = run('node', 'btc-sign.cjs', 'sign137', keys[2][0], 'p2pkh', message)
    for address in (p2sh, p2wsh, nested):
        add('bitcoin', address, message, [sig0, sig2], 'verified', 'multisig 2-of-3', script.hex(), 'multisig')
        add('bitcoin', address, message, [sig0, sig0], 'failed', 'duplicate multisig signature', script.hex(), 'multisig')
        add('bitcoin', address, message, [sig0, sig2], 'failed', 'script not hashing to the address', other_script.hex(), 'multisig')
    add('bitcoin', p2sh, message, [sig0], 'failed', 'multisig 1 of 2 required')

    fails = 0
    with tempfile.TemporaryDirectory(prefix='porwatch-verify-') as tmp:
        path = os.path.join(tmp, 'signed.csv')
        with open(path, 'w', newline='', encoding='utf-8') as out:
            writer = csv.writer(out, lineterminator='\n')
            writer.writerow(['chain', 'network', 'address', 'asset', 'message', 'signatures', 'script', 'scheme', 'label'])
            for chain, address, msg, sigs, scr, scheme, _, note in rows:
                asset = 'BTC' if chain == 'bitcoin' else 'ETH'
                writer.writerow([chain, 'main' if chain == 'bitcoin' else '', address, asset, msg, '|'.join(sigs), scr, scheme, note])
        proc = subprocess.run([binary, 'verify', '--format', 'jsonl', path], capture_output=True, text=True)
        lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        results = [line for line in lines if 'summary' not in line]
        if len(results) != len(rows):
            print(f'FAIL expected {len(rows)} rows, got {len(results)}; stderr: {proc.stderr}')
            return 1
        for row, result in zip(rows, results):
            if result['status'] != row[6]:
                fails += 1
                print(f"FAIL {row[7]}: expected {row[6]}, got {result['status']} ({result['scheme']}: {result['reason']})")
        if proc.returncode != 1:
            fails += 1
            print(f'FAIL exit code {proc.returncode}, expected 1 (some rows fail)')
        # --strict rejects Electrum's loose segwit headers.
        strict = subprocess.run([binary, 'verify', '--format', 'jsonl', '--strict', path], capture_output=True, text=True)
        strict_rows = [json.loads(line) for line in strict.stdout.splitlines() if 'summary' not in line]
        for row, result in zip(rows, strict_rows):
            loose = row[7].startswith('electrum p2wpkh')
            if loose and result['status'] != 'failed':
                fails += 1
                print(f'FAIL --strict accepted {row[7]}')
        # Only the good rows: exit 0.
        good = os.path.join(tmp, 'good.csv')
        with open(path, encoding='utf-8', newline='') as src, open(good, 'w', encoding='utf-8', newline='') as dst:
            reader = csv.reader(src)
            writer = csv.writer(dst, lineterminator='\n')
            writer.writerow(next(reader))
            for record, row in zip(reader, rows):
                if row[6] == 'verified':
                    writer.writerow(record)
        ok = subprocess.run([binary, 'verify', good], capture_output=True, text=True)
        if ok.returncode != 0:
            fails += 1
            print(f'FAIL good rows exit {ok.returncode}:\n{ok.stdout}{ok.stderr}')
    print(f'{len(rows)} rows checked, {fails} mismatches')
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
