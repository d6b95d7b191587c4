#!/usr/bin/python3
"""porwatch scan against real litecoind regtest nodes: address types, totals vs the node's own
scantxoutset and getreceivedbyaddress, confirmations, tip moving under a scan, quorum across
two nodes on different chains, bad credentials, and a node killed mid-scan.
usage: scan_litecoin.py PORWATCH_BINARY"""
import os
import subprocess
import sys
import threading

from nodes import Checks, Nodes, p2pkh_regtest, porwatch, sats

BIN = sys.argv[1]
P2TR = 'rltc1p33wm0auhr9kkahzd6l0kqj85af4cswn276hsxg6zpz85xe2r0y8sk5r05n'   # test key 32 x 0x01
HEADER = 'chain,network,address,asset,message,signatures,script,scheme,label\n'


def book(addresses):
    return HEADER + ''.join(f'litecoin,regtest,{a},LTC,,,,,row{i}\n' for i, a in enumerate(addresses))


def conf(nodes, name, book_path, urls, extra=''):
    rpc = ''.join(f'rpc_url = {u}\n' for u in urls)
    return nodes.write(name, f'addresses = {book_path}\n[litecoin]\nnetwork = regtest\n{rpc}{extra}')


def ltc_total(doc):
    return next((int(t['units']) for t in doc['totals'] if t['asset'] == 'LTC'), None) if doc else None


def main():
    c = Checks()
    nodes = Nodes()
    try:
        a = nodes.litecoind('a')
        url = f'http://u:p@127.0.0.1:{a.port}/'
        a('createwallet', 'miner')
        a('createwallet', 'reserve')
        miner = a('getnewaddress', '', 'bech32', wallet='miner')
        a('generatetoaddress', 101, miner)
        k1 = a('getaddressinfo', a('getnewaddress', wallet='reserve'), wallet='reserve')['pubkey']
        k2 = a('getaddressinfo', a('getnewaddress', wallet='reserve'), wallet='reserve')['pubkey']
        funded = {
            'p2pkh': a('getnewaddress', '', 'legacy', wallet='reserve'),
            'p2sh-p2wpkh': a('getnewaddress', '', 'p2sh-segwit', wallet='reserve'),
            'p2wpkh': a('getnewaddress', '', 'bech32', wallet='reserve'),
            'p2wsh-multisig': a('addmultisigaddress', 2, [k1, k2], '', 'bech32', wallet='reserve')['address'],
            'p2tr': P2TR,
        }
        amounts = {'p2pkh': '1.5', 'p2sh-p2wpkh': '2.25', 'p2wpkh': '0.75', 'p2wsh-multisig': '3.125', 'p2tr': '0.5'}
        for kind, address in funded.items():
            a('sendtoaddress', address, amounts[kind], wallet='miner')
        a('generatetoaddress', 1, miner)
        padding = [a('getnewaddress', '', 'bech32', wallet='reserve') for _ in range(95)]
        addresses = list(funded.values()) + padding
        book_path = nodes.write('book.csv', book(addresses))
        base = conf(nodes, 'a.conf', book_path, [url])

        # 1. totals equal the node's own view
        code, doc, err = porwatch(BIN, base)
        c.check('scan exits 0 with a complete snapshot', code == 0 and doc['snapshot']['status'] == 'complete', err)
        node_scan = a('scantxoutset', 'start', [f'addr({x})' for x in addresses])
        expected = sum(sats(amounts[k]) for k in funded)
        c.check('total equals the funded amounts', ltc_total(doc) == expected, f'{ltc_total(doc)} != {expected}')
        c.check('total equals the node\'s scantxoutset', ltc_total(doc) == sats(node_scan['total_amount']))
        received = sum(sats(a('getreceivedbyaddress', x, 1, wallet='reserve')) for x in addresses if x != P2TR)
        c.check('total equals getreceivedbyaddress (+ the p2tr coin)', ltc_total(doc) == received + sats('0.5'))
        chain = doc['chains'][0]
        c.check('height and hash are the node\'s tip', chain['height'] == node_scan['height']
                and chain['block_hash'] == node_scan['bestblock'])
        c.check('address count', doc['totals'][0]['addresses'] == len(addresses))
        c.check('credentials are redacted', 'u:p@' not in str(doc) and '***@' in chain['endpoints'][0]['url'])

        # 2. confirmations: a mempool coin never counts; it counts after a block
        a('sendtoaddress', funded['p2wpkh'], '0.4', wallet='miner')
        _, doc, _ = porwatch(BIN, base)
        c.check('mempool coin does not count', ltc_total(doc) == expected)
        a('generatetoaddress', 1, miner)
        _, doc, _ = porwatch(BIN, base)
        c.check('coin counts after one block', ltc_total(doc) == expected + sats('0.4'))
        conf3 = conf(nodes, 'c3.conf', book_path, [url], 'confirmations = 2\n')
        _, doc, _ = porwatch(BIN, conf3)
        c.check('confirmations = 2 excludes the 1-confirmation coin', ltc_total(doc) == expected)
        a('generatetoaddress', 1, miner)
        _, doc, _ = porwatch(BIN, conf3)
        c.check('and includes it at 2 confirmations', ltc_total(doc) == expected + sats('0.4'))
        expected += sats('0.4')

        # 3. the tip moves during a chunked scan: retried, then failed (invalidate/reconsider
        # flips the tip without growing the chain past MWEB's height 432)
        moving = conf(nodes, 'move.conf', book_path, [url], 'scan_chunk_size = 1\npin_retries = 2\n')
        stop = threading.Event()

        def flip():
            while not stop.is_set():
                tip = a('getbestblockhash')
                a('invalidateblock', tip)
                a('reconsiderblock', tip)

        t = threading.Thread(target=flip)
        t.start()
        code, doc, err = porwatch(BIN, moving)
        stop.set()
        t.join()
        ch = doc['chains'][0] if doc else {}
        retried_ok = code == 0 and ch.get('attempts', 0) > 1
        failed = code == 3 and ch.get('status') == 'failed' and 'tip moved' in ch.get('error', '') \
            and ch.get('attempts') == 3 and doc['totals'] == []
        c.check('moving tip: retried or failed, never a mixed figure', retried_ok or failed, str(ch)[:400])
        code, doc, _ = porwatch(BIN, moving)
        c.check('same config succeeds once the tip is still', code == 0 and ltc_total(doc) == expected)

        # 4. bad credentials: failed, exit 3, the password never printed
        pw = nodes.write('pw', 'wrong-secret\n')
        bad = conf(nodes, 'bad.conf', book_path, [f'http://127.0.0.1:{a.port}/'],
                   f'rpc_user = u\nrpc_password_file = {pw}\nretries = 0\n')
        code, doc, err = porwatch(BIN, bad)
        c.check('wrong password: exit 3, auth error', code == 3 and 'authentication failed' in doc['chains'][0]['error'])
        c.check('password never printed', 'wrong-secret' not in str(doc) + err)
        good_pw = nodes.write('pw2', 'p\n')
        good = conf(nodes, 'good.conf', book_path, [f'http://127.0.0.1:{a.port}/'],
                    f'rpc_user = u\nrpc_password_file = {good_pw}\n')
        code, doc, _ = porwatch(BIN, good)
        c.check('rpc_user + rpc_password_file works', code == 0 and ltc_total(doc) == expected)

        # 5. config errors exit 2
        code, _, err = porwatch(BIN, nodes.write('main.conf', f'addresses = {book_path}\n[litecoin]\n'
                                                              f'network = main\nrpc_url = {url}\n'))
        c.check('regtest book with network = main: exit 2', code == 2 and 'network = main' in err, err)
        code, _, err = porwatch(BIN, nodes.write('typo.conf', f'addresses = {book_path}\n[litecoin]\nnetwrk = x\n'))
        c.check('unknown key: exit 2 with its line', code == 2 and 'typo.conf:3: unknown key' in err, err)

        # 6. quorum: a second node on another chain never shares the tip → failed
        b = nodes.litecoind('b')
        b('generatetoaddress', 120, miner)
        two = conf(nodes, 'two.conf', book_path, [url, f'http://u:p@127.0.0.1:{b.port}/'], 'pin_retries = 1\n')
        code, doc, err = porwatch(BIN, two)
        ch = doc['chains'][0]
        c.check('two nodes on different chains: failed, exit 3', code == 3 and ch['status'] == 'failed'
                and 'do not share a tip' in ch['error'] and len(ch['endpoints']) == 2, str(ch)[:300])
        c.check('both endpoints\' tips are recorded', {e['height'] for e in ch['endpoints']} == {chain['height'] + 3, 120}
                or len({e['block_hash'] for e in ch['endpoints']}) == 2)

        # 7. the node dies mid-scan: failed, exit 3, no totals. 3000 extra addresses scanned one
        # per call make the scan last seconds, so the kill lands inside it, not after it.
        big_book = nodes.write('big.csv', book(addresses + [p2pkh_regtest(f'pad{i}') for i in range(3000)]))
        killer = conf(nodes, 'kill.conf', big_book, [url], 'scan_chunk_size = 1\nretries = 1\n')
        p = subprocess.Popen([BIN, 'scan', '--config', killer, '--format', 'json'], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        import time
        time.sleep(0.5)
        pid = int(open(a.pidfile).read())
        os.kill(pid, 9)
        out, err = p.communicate(timeout=60)
        import json
        doc = json.loads(out)
        c.check('killed node: exit 3, failed chain, no totals', p.returncode == 3 and doc['snapshot']['status'] == 'failed'
                and doc['totals'] == [] and doc['chains'][0]['status'] == 'failed', out[:300])
    finally:
        nodes.stop()
    return c.finish()


sys.exit(main())
