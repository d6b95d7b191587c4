#!/usr/bin/python3
"""Verifiable evidence on a real anvil (issue 13): the pinned block's header is checked against
its hash, ETH balances and a planted ERC-20's (balance mapping at slot 0) are proven with
eth_getProof against the state root while the head moves on, and a lying proxy
(tests/tools/hostile-rpc.py) in front of anvil that alters one eth_getBalance, one balanceOf, one
proof node or the header is caught each time: the chain fails with "proof does not match" and
the endpoint named, and nothing is summed.
usage: proofs_anvil.py PORWATCH_BINARY"""
import hashlib
import sys

from nodes import HEADER_NATIVE, Checks, Churn, Hostile, Nodes, plant_erc20, porwatch, rpc

BIN = sys.argv[1]
TOKEN = '0x00000000000000000000000000000000000a11ce'
OTHER = '0x00000000000000000000000000000000000b0b0b'   # a second token, configured without a slot
N = 24


def holders(n):
    return ['0x' + hashlib.sha256(f'porwatch-proofs-{i}'.encode()).hexdigest()[:40] for i in range(n)]


def chain_of(doc):
    return doc['chains'][0] if doc and doc.get('chains') else {}


def main():
    c = Checks()
    nodes = Nodes()
    try:
        a = nodes.anvil('a')
        accounts = holders(N)
        rows = ''.join(f'ethereum,,{h},ETH,,,,,e{i}\nethereum,,{h},TST,,,,,t{i}\n' for i, h in enumerate(accounts))
        book = nodes.write('book.csv', HEADER_NATIVE + rows)
        for i, h in enumerate(accounts[:-1]):   # the last account never exists: a proof of exclusion
            rpc(a, 'anvil_setBalance', [h, hex(10**15 * (i + 1))])
        # holders 10.. hold no TST: their slots are proofs of exclusion
        plant_erc20(a, TOKEN, {h: 10**18 * (i + 1) + 7 for i, h in enumerate(accounts[:10])})
        plant_erc20(a, OTHER, {h: 10**6 * (i + 1) for i, h in enumerate(accounts[:3])})
        rpc(a, 'anvil_mine', ['0x8'])

        def conf(name, url, extra='', confirmations=2):
            return nodes.write(name, f'addresses = {book}\n[ethereum]\nrpc_url = {url}\nchain_id = 31337\n'
                                     f'confirmations = {confirmations}\ntoken = TST:{TOKEN}:18:slot=0\n{extra}')

        # 1. proofs = all while the head moves on: every balance proven at the pinned block
        with Churn(a, accounts[:-1]):
            code, doc, err = porwatch(BIN, conf('all.conf', a, 'proofs = all\n'))
        ch = chain_of(doc)
        p = ch.get('proofs') or {}
        c.check('proofs = all while mining: complete, exit 0', code == 0 and ch.get('status') == 'complete', err[-400:])
        c.check('the header was checked against the pinned hash', p.get('header_verified') is True
                and p.get('header_fork') in ('cancun', 'prague') and p.get('state_root', '').startswith('0x'), str(p))
        c.check('every account and the token contract proven', p.get('accounts_proven') == N + 1
                and p.get('accounts_selected') == N, str(p))
        c.check('every holder\'s TST slot proven (absent holders by exclusion)', p.get('slots_proven') == N
                and p.get('balances_proven') == 2 * N and p.get('balances') == 2 * N and p.get('failures') == 0, str(p))
        block = rpc(a, 'eth_getBlockByNumber', [hex(ch['height']), False])
        c.check('state root is the pinned block\'s', block['hash'] == ch['block_hash']
                and block['stateRoot'] == p.get('state_root'))
        tag = {'blockHash': ch['block_hash']}
        eth_at = sum(int(rpc(a, 'eth_getBalance', [h, tag]), 16) for h in accounts)
        total = next((int(x['units']) for x in doc['totals'] if x['asset'] == 'ETH'), None)
        c.check('ETH total is the pinned block\'s, not the moving head\'s', total == eth_at, f'{total} vs {eth_at}')
        c.check('an account that does not exist is proven absent (balance 0)',
                rpc(a, 'eth_getProof', [accounts[-1], [], tag])['nonce'] == '0x0' and int(rpc(a, 'eth_getBalance', [accounts[-1], tag]), 16) == 0)

        # 2. default sample:64 (all 24 here), a token without a slot is reported unproven
        code, doc, err = porwatch(BIN, conf('default.conf', a, f'token = OTH:{OTHER}:18\n'))
        p = chain_of(doc).get('proofs') or {}
        c.check('default proofs = sample:64: complete', code == 0 and p.get('mode') == 'sample:64'
                and p.get('accounts_selected') == N, err[-300:])
        c.check('a token without slot= is unproven, its balances not counted as proven',
                p.get('unproven_assets') == ['OTH'] and p.get('balances') == 3 * N and p.get('balances_proven') == 2 * N,
                str(p))
        code, doc, _ = porwatch(BIN, conf('off.conf', a, 'proofs = off\n'))
        p = chain_of(doc).get('proofs') or {}
        c.check('proofs = off: no balance proven, the header still checked', code == 0 and p.get('mode') == 'off'
                and p.get('balances_proven') == 0 and p.get('header_verified') is True, str(p))

        # 3. a lying proxy in front of anvil: each lie caught, the chain failed, the endpoint named
        proxy = Hostile(nodes, 'liar', a)
        liar = conf('liar.conf', proxy.url)
        victim = accounts[4]
        for what, address, expect in [('balance', victim, 'ETH balance is'),
                                      ('balance_of', victim, 'TST balance is'),
                                      ('proof_node', victim, 'the proof has no node with hash'),
                                      ('header', '', 'keccak256(rlp(header))')]:
            proxy.mode('evm_lie', what=what, address=address)
            code, doc, err = porwatch(BIN, liar)
            ch = chain_of(doc)
            methods = [m for entry in proxy.log() for m in entry['methods']]
            c.check(f'lie about {what}: exit 3, chain failed, nothing summed',
                    code == 3 and ch.get('status') == 'failed' and doc['totals'] == [], f'{code} {str(ch)[:300]}')
            c.check(f'lie about {what}: "proof does not match", the reason and the endpoint named',
                    ch.get('error', '').startswith('proof does not match') and expect in ch.get('error', '')
                    and f'127.0.0.1:{proxy.port}' in ch.get('error', '') and ch.get('error_kind') == 'proof',
                    ch.get('error', '')[:400])
            asked = 'eth_getBlockByHash' if what == 'header' else 'eth_getProof'
            c.check(f'lie about {what}: caught by checking what {asked} returned', asked in methods)
        proxy.mode('pass')
        code, doc, _ = porwatch(BIN, liar)
        c.check('the same proxy passing answers: complete', code == 0 and chain_of(doc).get('status') == 'complete')
        proxy.stop()

        # 4. A node whose state at the pinned block is not what the block's header commits to:
        # anvil_setBalance rewrites the sealed head block's state (its stateRoot stays), and
        # eth_getBalance then reports the new value at that block. Only the proof shows it.
        rpc(a, 'anvil_setBalance', [accounts[7], hex(10**18)])
        code, doc, _ = porwatch(BIN, conf('head.conf', a, confirmations=0))
        ch = chain_of(doc)
        c.check('state rewritten under a sealed header: chain failed, "proof does not match"',
                code == 3 and ch.get('error_kind') == 'proof' and ch.get('error', '').startswith('proof does not match'),
                ch.get('error', '')[:300])
    finally:
        nodes.stop()
    return c.finish()


sys.exit(main())
