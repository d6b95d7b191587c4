#!/usr/bin/python3
"""porwatch scan, contract-wallet rows end to end on anvil:
  - OKX 11-column rows whose eoa1/eoa2 signatures are made at test time (ethers: eip191, cast:
    OKX's eip191-hash) for a Safe-like contract (hand-assembled getOwners/getThreshold): signers
    among the owners → verified; signers not among the owners → stays owners-signed, with why;
  - native rows with scheme eip1271 for a hand-assembled contract whose isValidSignature returns
    0x1626ba7e for exactly one hash: that row verified, a row with another message failed.
usage: scan_contract_wallets.py PORWATCH_BINARY"""
import json
import os
import subprocess
import sys

from nodes import TOOLS, Checks, Nodes, porwatch, rpc

BIN = sys.argv[1]
CAST = os.path.join(TOOLS, 'node_modules/@foundry-rs/cast-linux-amd64/bin/cast')
KEYS = {  # anvil's well-known dev keys
    '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266': '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
    '0x70997970C51812dc3A010C7d01b50e0d17dc79C8': '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
}
ACCT0, ACCT1 = list(KEYS)
STRANGER1 = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
STRANGER2 = '0x90F79Bf6Eb2C4f870365E93C44e28dA078e8c5F3'
SAFE_OK = '0x0000000000000000000000000000000000005afe'
SAFE_OTHER = '0x0000000000000000000000000000000000005af0'
WALLET = '0x000000000000000000000000000000000000c0de'
MESSAGE = 'I am OKX and I control this contract wallet at 2024-01-01'
MSG_1271 = 'porwatch EIP-1271 reserve attestation 1'
MSG_OTHER = 'porwatch EIP-1271 reserve attestation 2'
OKX_HEADER = ('coin,network,snapshot height,address,amount,message,signature1,signature2,'
              'redeem script/public key,eoa1,eoa2\n')
NATIVE_HEADER = 'chain,network,address,asset,message,signatures,script,scheme,label\n'


def eip1271_runtime(good_hash):
    """isValidSignature(bytes32,bytes): magic iff the hash is `good_hash`, else 0xffffffff;
    any other selector reverts."""
    def assemble(labels):
        code, at = [], {}

        def push(n, v):
            code.extend([0x5f + n] + list(v.to_bytes(n, 'big')))

        push(1, 0); code.append(0x35); push(1, 0xe0); code.append(0x1c)          # selector
        push(4, 0x1626ba7e); code.extend([0x14, 0x15]); push(2, labels.get('revert', 0)); code.append(0x57)
        push(1, 4); code.append(0x35); push(32, int(good_hash, 16)); code.extend([0x14, 0x15])
        push(2, labels.get('bad', 0)); code.append(0x57)
        push(32, 0x1626ba7e << 224); push(1, 0); code.append(0x52); push(1, 32); push(1, 0); code.append(0xf3)
        at['bad'] = len(code); code.append(0x5b)
        push(32, 0xffffffff << 224); push(1, 0); code.append(0x52); push(1, 32); push(1, 0); code.append(0xf3)
        at['revert'] = len(code); code.append(0x5b)
        push(1, 0); code.extend([0x80, 0xfd])
        return bytes(code), at

    _, labels = assemble({})
    code, again = assemble(labels)
    assert labels == again
    return '0x' + code.hex()


def sign_eip191_ethers(key, message):
    out = subprocess.check_output(['node', os.path.join(TOOLS, 'eth-sign.mjs'), 'sign', key, message], text=True)
    return json.loads(out)['signature']


def sign_eip191_hash_cast(key, message):
    """OKX's scheme: personal_sign over the 32 bytes keccak256(message)."""
    digest = subprocess.check_output([CAST, 'keccak', message], text=True).strip()
    return subprocess.check_output([CAST, 'wallet', 'sign', '--private-key', key, digest], text=True).strip()


def safe(url, address, threshold, owners):
    runtime = subprocess.check_output(['/usr/bin/python3', os.path.join(TOOLS, 'safe_owners_runtime.py'),
                                       str(threshold), *owners], text=True).strip()
    rpc(url, 'anvil_setCode', [address, runtime])


def verdict(doc, address):
    return next((v for v in doc['contract_verdicts'] if v['address'].lower() == address.lower()), None)


def main():
    c = Checks()
    nodes = Nodes()
    try:
        a = nodes.anvil('a')
        safe(a, SAFE_OK, 2, [ACCT1, ACCT0])
        safe(a, SAFE_OTHER, 1, [STRANGER1, STRANGER2])
        good_hash = subprocess.check_output([CAST, 'hash-message', MSG_1271], text=True).strip()
        rpc(a, 'anvil_setCode', [WALLET, eip1271_runtime(good_hash)])
        for addr, wei in ((SAFE_OK, 3 * 10**18), (SAFE_OTHER, 5 * 10**18), (WALLET, 7 * 10**18)):
            rpc(a, 'anvil_setBalance', [addr, hex(wei)])
        rpc(a, 'anvil_mine', ['0x2'])
        sig0 = sign_eip191_hash_cast(KEYS[ACCT0], MESSAGE)
        sig1 = sign_eip191_ethers(KEYS[ACCT1], MESSAGE)
        okx = nodes.write('okx.csv', OKX_HEADER +
                          f'ETH,ETH,100,{SAFE_OK},3,{MESSAGE},{sig1},{sig0},,{ACCT1},{ACCT0}\n'
                          f'ETH,ETH,100,{SAFE_OTHER},5,{MESSAGE},{sig1},{sig0},,{ACCT1},{ACCT0}\n')
        native = nodes.write('native.csv', NATIVE_HEADER +
                             f'ethereum,,{WALLET},ETH,{MSG_1271},0xdeadbeef,,eip1271,good\n'
                             f'ethereum,,{WALLET},ETH,{MSG_OTHER},0xdeadbeef,,eip1271,other message\n')
        conf = nodes.write('a.conf', f'addresses = {okx}\naddresses = {native}\n[ethereum]\nrpc_url = {a}\n'
                                     'chain_id = 31337\nconfirmations = 1\n')
        code, doc, err = porwatch(BIN, conf)
        c.check('scan complete', code == 0 and doc and doc['snapshot']['status'] == 'complete', err)
        if not doc:
            return c.finish()
        eth = next(t for t in doc['totals'] if t['asset'] == 'ETH')
        c.check('3 addresses, 15 ETH observed', eth['addresses'] == 3 and int(eth['units']) == 15 * 10**18, str(eth))
        c.check('verified_addresses = 2 (the Safe whose owners signed, the EIP-1271 wallet)',
                eth['verified_addresses'] == 2, str(eth))
        v = verdict(doc, SAFE_OK)
        c.check('owners among the Safe owners: owners-signed → verified',
                v and v['status'] == 'verified' and 'threshold 2 of 2' in v['reason'], str(v))
        v = verdict(doc, SAFE_OTHER)
        c.check('signers not among the owners: stays owners-signed, reason recorded',
                v and v['status'] == 'owners-signed' and f'signer {ACCT1} is not among' in v['reason'], str(v))
        checks = {o['address'].lower(): o for o in doc['owner_checks']}
        c.check('owner checks read both contracts at the pinned block',
                checks.get(SAFE_OK, {}).get('owners') == [ACCT1, ACCT0] and checks[SAFE_OK]['threshold'] == 2
                and checks.get(SAFE_OTHER, {}).get('owners') == [STRANGER1, STRANGER2], str(checks))
        rows = [v for v in doc['contract_verdicts'] if v['address'].lower() == WALLET]
        c.check('EIP-1271: the row whose digest the contract accepts is verified',
                len(rows) == 2 and rows[0]['status'] == 'verified' and rows[0]['scheme'] == 'eip1271', str(rows))
        c.check('EIP-1271: another message is failed (not the magic value)',
                len(rows) == 2 and rows[1]['status'] == 'failed' and '0xffffffff' in rows[1]['reason'], str(rows))
        sigs = doc['signature_checks']
        c.check('isValidSignature evidence: one valid (magic), one not',
                sorted(s['valid'] for s in sigs) == [False, True]
                and any(s['hash'] == good_hash and s['returned'] == '0x1626ba7e' + '0' * 56 for s in sigs), str(sigs))

        # The Safe's owners change on chain (signers removed): the same file no longer verifies.
        safe(a, SAFE_OK, 1, [STRANGER1])
        rpc(a, 'anvil_mine', ['0x2'])
        code, doc, err = porwatch(BIN, conf)
        v = verdict(doc, SAFE_OK) if doc else None
        c.check('owners changed on chain: back to owners-signed',
                code == 0 and v and v['status'] == 'owners-signed' and 'not among the contract\'s 1 owners' in v['reason'],
                str(v) + err)
        # A contract without Safe functions / without code: owners-signed with the reason.
        rpc(a, 'anvil_setCode', [SAFE_OK, '0x'])
        rpc(a, 'anvil_mine', ['0x2'])
        code, doc, err = porwatch(BIN, conf)
        v = verdict(doc, SAFE_OK) if doc else None
        c.check('no code at the address: owners-signed, "no contract code"',
                code == 0 and v and v['status'] == 'owners-signed' and 'no contract code' in v['reason'], str(v) + err)
        rpc(a, 'anvil_setCode', [WALLET, '0x'])
        rpc(a, 'anvil_mine', ['0x2'])
        code, doc, err = porwatch(BIN, conf)
        rows = [v for v in doc['contract_verdicts'] if v['address'].lower() == WALLET] if doc else []
        c.check('EIP-1271 wallet without code: failed', len(rows) == 2 and all(r['status'] == 'failed' and
                'no contract code' in r['reason'] for r in rows), str(rows))
    finally:
        nodes.stop()
    return c.finish()


sys.exit(main())
