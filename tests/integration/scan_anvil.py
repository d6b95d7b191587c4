#!/usr/bin/python3
"""porwatch scan against real anvil nodes: ETH and a planted ERC-20 read at one pinned block
while blocks with other balances are mined, wrong chain id, decimals mismatch, a token address
without code, two anvils that disagree (disputed), and the Safe-style owner check.
usage: scan_anvil.py PORWATCH_BINARY OWNER_CHECK_PROBE"""
import hashlib
import os
import subprocess
import sys

from nodes import TOOLS, Checks, Churn, Nodes, plant_erc20, porwatch, rpc

BIN, PROBE = sys.argv[1], sys.argv[2]
TOKEN = '0x00000000000000000000000000000000000a11ce'
EMPTY = '0x00000000000000000000000000000000000b0b00'
SAFE = '0x0000000000000000000000000000000000005afe'
ACCT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
ACCT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
HEADER = 'chain,network,address,asset,message,signatures,script,scheme,label\n'
N = 300


def addresses(n):
    return ['0x' + hashlib.sha256(f'porwatch-anvil-{i}'.encode()).hexdigest()[:40] for i in range(n)]


def plant_token(url, holders):
    plant_erc20(url, TOKEN, {h: 10**18 * (i + 1) + 7 for i, h in enumerate(holders)})


def conf(nodes, name, book_path, urls, body):
    rpcs = ''.join(f'rpc_url = {u}\n' for u in urls)
    return nodes.write(name, f'addresses = {book_path}\n[ethereum]\n{rpcs}{body}')


def total(doc, asset):
    return next((int(t['units']) for t in doc['totals'] if t['asset'] == asset), None) if doc else None


def balance_of_at(url, holder, tag):
    data = '0x70a08231' + '0' * 24 + holder[2:].lower()
    return int(rpc(url, 'eth_call', [{'to': TOKEN, 'data': data}, tag]), 16)


def main():
    c = Checks()
    nodes = Nodes()
    try:
        a = nodes.anvil('a', timestamp=1700000000)
        holders = addresses(N)
        # Each holder is listed for ETH and for TST: a total counts an address only for the assets its rows name.
        book_path = nodes.write('book.csv', HEADER + ''.join(f'ethereum,,{h},ETH,,,,,r{i}\nethereum,,{h},TST,,,,,t{i}\n'
                                                             for i, h in enumerate(holders)))
        for i, h in enumerate(holders):
            rpc(a, 'anvil_setBalance', [h, hex(10**15 * (i + 1))])
        plant_token(a, holders[:50])
        rpc(a, 'anvil_mine', ['0x20'])
        base = conf(nodes, 'a.conf', book_path, [a], f'chain_id = 31337\nconfirmations = 3\n'
                                                     f'token = TST:{TOKEN}:18\nbatch_size = 64\n')

        # 1. pinned reads while blocks with other balances are mined
        with Churn(a, holders):
            code, doc, err = porwatch(BIN, base)
        c.check('scan while mining: complete', code == 0 and doc['snapshot']['status'] == 'complete', err)
        ch = doc['chains'][0]
        tag = hex(ch['height'])
        eth_at = sum(int(rpc(a, 'eth_getBalance', [h, tag]), 16) for h in holders)
        tst_at = sum(balance_of_at(a, h, tag) for h in holders)
        c.check('ETH total is exactly the pinned block\'s', total(doc, 'ETH') == eth_at, f'{total(doc, "ETH")} vs {eth_at}')
        c.check('TST total is exactly the pinned block\'s', total(doc, 'TST') == tst_at == sum(10**18 * (i + 1) + 7 for i in range(50)))
        block = rpc(a, 'eth_getBlockByNumber', [tag, False])
        c.check('block hash is the pinned block\'s', block['hash'] == ch['block_hash'])
        head = int(rpc(a, 'eth_blockNumber'), 16)
        c.check('pinned at most latest - 3', ch['height'] <= head - 3)
        c.check('amounts are exact decimal text', all(t['amount'].count('.') == 1 for t in doc['totals']))

        # 2. wrong chain id fails
        wrong = conf(nodes, 'w.conf', book_path, [a], 'chain_id = 1\nconfirmations = 0\n')
        code, doc, err = porwatch(BIN, wrong)
        c.check('wrong chain id: exit 3, failed', code == 3 and doc['chains'][0]['status'] == 'failed'
                and 'eth_chainId is 31337' in doc['chains'][0]['error'] and doc['totals'] == [])

        # 3. decimals() checked on chain; a token address without code is an error, not zero
        dec = conf(nodes, 'd.conf', book_path, [a], f'chain_id = 31337\nconfirmations = 0\ntoken = TST:{TOKEN}:6\n')
        code, doc, _ = porwatch(BIN, dec)
        c.check('decimals mismatch: exit 3', code == 3 and 'decimals() = 18' in doc['chains'][0]['error'])
        nocode = conf(nodes, 'n.conf', book_path, [a], f'chain_id = 31337\nconfirmations = 0\ntoken = NOPE:{EMPTY}:18\n')
        code, doc, _ = porwatch(BIN, nocode)
        c.check('token without code ("0x"): exit 3, never zero', code == 3 and 'no contract code' in doc['chains'][0]['error']
                and doc['totals'] == [])

        # 4. two anvils with the same genesis, one balance changed: disputed
        b1 = nodes.anvil('b1', timestamp=1700000000)
        b2 = nodes.anvil('b2', timestamp=1700000000)
        small = nodes.write('small.csv', HEADER + ''.join(f'ethereum,,{h},ETH,,,,,r{i}\n' for i, h in enumerate(holders[:20])))
        rpc(b2, 'anvil_setBalance', [holders[3], hex(777)])
        # Two anvils share a block hash with different balances only because anvil_setBalance
        # rewrites the state under a sealed header: the proofs would refuse that before the
        # quorum is even compared, so they are off here (the quorum is what this tests).
        two = conf(nodes, 't.conf', small, [b1, b2], 'chain_id = 31337\nconfirmations = 0\nproofs = off\n')
        code, doc, err = porwatch(BIN, two)
        ch = doc['chains'][0]
        dis = ch.get('disagreements', [])
        c.check('two anvils disagree: disputed, exit 3', code == 3 and ch['status'] == 'disputed' and doc['totals'] == [],
                str(ch)[:300])
        c.check('the disagreement names both endpoints and values',
                len(dis) == 2 and {d['units'] for d in dis} == {'0', '777'} and dis[0]['address'].lower() == holders[3])
        rpc(b1, 'anvil_setBalance', [holders[3], hex(777)])
        code, doc, _ = porwatch(BIN, two)
        c.check('once they agree: complete', code == 0 and total(doc, 'ETH') == 777)

        # 5. Safe-style owner check (hand-assembled getOwners/getThreshold runtime)
        runtime = subprocess.check_output(['/usr/bin/python3', os.path.join(TOOLS, 'safe_owners_runtime.py'), '2',
                                           ACCT1, ACCT0], text=True).strip()
        rpc(a, 'anvil_setCode', [SAFE, runtime])
        rpc(a, 'evm_mine', [])
        out = subprocess.check_output([PROBE, a, '31337', '0x0000000000000000000000000000000000005AfE'], text=True)
        c.check('owner check reads owners and threshold', out.strip() ==
                f'complete has_code=1 safe=1 threshold=2 owners={ACCT1},{ACCT0},', out)
        out = subprocess.check_output([PROBE, a, '31337', ACCT0], text=True)
        c.check('an EOA has no code', 'has_code=0 safe=0' in out, out)
        out = subprocess.check_output([PROBE, a, '31337', '0x00000000000000000000000000000000000A11CE'], text=True)
        c.check('a non-Safe contract does not answer', 'has_code=1 safe=0' in out, out)
    finally:
        nodes.stop()
    return c.finish()


sys.exit(main())
