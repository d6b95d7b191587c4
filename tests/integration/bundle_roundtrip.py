#!/usr/bin/python3
"""porwatch export → porwatch check on real nodes (issue 13): one litecoind (signed and unsigned
LTC rows, the UTXO outpoints behind them) and one anvil (EIP-191-signed accounts, a planted ERC-20
proven by storage slot), priced by Chainlink's MockV3Aggregator deployed on the same anvil (ETH
and LTC; TST has no feed). The exported bundle re-checks offline and online against the same
nodes after both chains and the feeds moved on; a bundle with one byte changed in a signature, a
balance, a proof node, the header, a feed's answer, a value or the price block's timestamp fails
`check` with the reason; an outpoint spent since is reported as not re-checkable, never as a
failure or a pass.
usage: bundle_roundtrip.py PORWATCH_BINARY"""
import json
import os
import subprocess
import sys

import chainlink_mock as mock
from nodes import Checks, Nodes, plant_erc20, rpc
from reserves_fixture import Reserves

BIN = sys.argv[1]
TOKEN = '0x00000000000000000000000000000000000a11ce'
ETH_USD = 2000_12345678   # 8 decimals
LTC_USD = 85_50000001


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def check(path, *extra):
    code, out, err = run('check', path, '--format', 'json', *extra)
    try:
        doc = json.loads(out)
    except json.JSONDecodeError:
        doc = {'parts': []}
    return code, doc, err


def part(doc, name):
    return next((p for p in doc['parts'] if p['part'] == name), {})


def failed(doc):
    return {p['part']: p['detail'] for p in doc['parts'] if p['status'] == 'FAILED'}


def main():
    c = Checks()
    nodes = Nodes()
    try:
        r = Reserves(nodes)
        # A planted ERC-20 held by the signed accounts, listed for TST too.
        plant_erc20(r.eth, TOKEN, {h: 10**18 * (i + 2) for i, h in enumerate(r.eth_accounts)})
        with open(r.book, 'a') as f:
            f.write(''.join(f'ethereum,,{h},TST,,,,,token {i}\n' for i, h in enumerate(r.eth_accounts)))
        rpc(r.eth, 'evm_mine', [])
        db = os.path.join(nodes.dir, 'porwatch.db')
        feeds = {'ETH': mock.deploy(r.eth, 8, ETH_USD), 'LTC': mock.deploy(r.eth, 8, LTC_USD)}
        prices = ''.join(f'feed = {a}:{f}:{mock.DESCRIPTION}\n' for a, f in feeds.items()) + 'max_age = 1h\n'
        conf = nodes.write('porwatch.conf', r.config(db, interval=600, extra='[prices]\n' + prices).replace(
            'confirmations = 0\n', f'confirmations = 0\ntoken = TST:{TOKEN}:18:slot=0\n'))
        p = subprocess.run([BIN, 'scan', '--config', conf, '--format', 'json'], capture_output=True, text=True, timeout=120)
        scan = json.loads(p.stdout)
        c.check('scan stores a complete snapshot', p.returncode == 0 and scan['snapshot']['status'] == 'complete', p.stderr[-300:])

        code, out, err = run('export', '--db', db, '--snapshot', 'latest')
        c.check('export: exit 0, one JSON document', code == 0 and out.count('\n') == 1, err)
        bundle = json.loads(out)
        path = nodes.write('bundle.json', out)
        ltc = next(x for x in bundle['chains'] if x['chain'] == 'litecoin')
        eth = next(x for x in bundle['chains'] if x['chain'] == 'ethereum')
        c.check('the bundle holds the address file byte for byte',
                bundle['book']['files'][0]['content'] == open(r.book).read() and len(bundle['book']['rows']) == 7)
        c.check('every balance carries its chain, height and block hash',
                all(b['block_hash'] == (ltc if b['chain'] == 'litecoin' else eth)['block_hash'] for b in bundle['balances']))
        unspent = {(u['txid'], u['vout']) for u in r.ltc('listunspent', 1, 9999999, [], True, wallet='reserve')}
        c.check('the UTXO outpoints behind the LTC balances, as the wallet sees them',
                {(o['txid'], o['vout']) for o in bundle['outpoints']} == unspent and len(unspent) == 2, str(bundle['outpoints']))
        proofs = eth['evidence']['proofs']
        c.check('the header, proof nodes and proven balances are in it',
                eth['evidence']['header_rlp'].startswith('0x') and len(eth['evidence']['proof_nodes']) > 0
                and proofs['accounts_proven'] == 4 and proofs['slots_proven'] == 3, str(proofs))

        # The price evidence: the feeds read at the Ethereum block, each total's value exact.
        pe = bundle['prices']
        c.check('the bundle carries the price evidence, read at the Ethereum pinned block',
                pe['included'] and pe['block_hash'] == eth['block_hash'] and pe['height'] == eth['height']
                and {f['asset']: f['answer'] for f in pe['feeds']} == {'ETH': str(ETH_USD), 'LTC': str(LTC_USD)}
                and all(f['status'] == 'priced' for f in pe['feeds']), json.dumps(pe)[:600])
        expected = {}
        for t in bundle['totals']:
            answer = {'ETH': ETH_USD, 'LTC': LTC_USD}.get(t['asset'])
            expected[(t['asset'], t['chain'])] = (None if answer is None else
                                                  str(int(t['units']) * answer * 10**8 // 10**(t['decimals'] + 8)))
        got = {(v['asset'], v['chain']): v['value_units'] for v in pe['values']}
        c.check('each value is units × answer, exact (TST has no feed: unpriced, no value)',
                got == expected and expected[('TST', 'ethereum')] is None, f'{got} vs {expected}')
        c.check('the total value is the sum of the priced values',
                pe['value_units'] == str(sum(int(v) for v in got.values() if v)) and pe['unpriced'] == ['TST'],
                str(pe['value_units']))

        code, doc, err = check(path)
        c.check('check offline: exit 0, no part failed', code == 0 and doc.get('failed') == 0, str(failed(doc)) + err)
        for name in ('signatures', 'header ethereum', 'proofs ethereum', 'outpoints litecoin', 'totals', 'balances',
                     'price block', 'price feeds', 'values'):
            c.check(f'check offline: {name} ok', part(doc, name).get('status') == 'ok', str(part(doc, name)))

        # Both chains move on; one reserve output is spent since the snapshot.
        miner = r.ltc('getnewaddress', '', 'bech32', wallet='miner')
        spent = r.ltc('listunspent', 1, 9999999, [], True, wallet='reserve')[0]
        raw = r.ltc('createrawtransaction', [{'txid': spent['txid'], 'vout': spent['vout']}],
                    {miner: str(spent['amount'] - __import__('decimal').Decimal('0.001'))}, wallet='reserve')
        signed = r.ltc('signrawtransactionwithwallet', raw, wallet='reserve')
        r.ltc('sendrawtransaction', signed['hex'])
        r.ltc('generatetoaddress', 3, miner)
        rpc(r.eth, 'evm_mine', [])   # first: anvil_setBalance rewrites the head block's state
        rpc(r.eth, 'anvil_setBalance', [r.eth_accounts[0], hex(1)])
        rpc(r.eth, 'anvil_mine', ['0x5'])
        mock.update_answer(r.eth, feeds['ETH'], ETH_USD * 2)   # the feed moves on too
        code, doc, err = check(path, '--config', conf)
        online = part(doc, 'balances ethereum (online)')
        c.check('check online: exit 0 after both chains moved on', code == 0 and doc.get('failed') == 0,
                str(failed(doc)) + err[-300:])
        c.check('online: EVM balances and proofs read again at the bundle\'s block hash', online.get('status') == 'ok'
                and '6 balances read again' in online.get('detail', '') and 'proven' in online.get('detail', ''), str(online))
        ltc_online = part(doc, 'outpoints litecoin (online)')
        c.check('online: the unspent outpoint still matches, the block at the height is the same',
                ltc_online.get('status') == 'ok' and ltc_online.get('detail', '').startswith('1 of 2'), str(ltc_online))
        c.check('online: the feeds read again at the bundle\'s price block, equal though ETH/USD moved on',
                part(doc, 'price feeds (online)').get('status') == 'ok'
                and part(doc, 'price feeds (online)').get('detail', '').startswith('2 feed readings'),
                str(part(doc, 'price feeds (online)')))
        c.check('online: the priced feeds pass the checker\'s [prices] rules',
                part(doc, 'prices judged by ' + conf).get('status') == 'ok', str(part(doc, 'prices judged by ' + conf)))
        c.check('online: the spent outpoint is not re-checkable, said so', part(doc, 'outpoints litecoin (online) spent since')
                .get('status') == 'not checked')

        # One byte changed in a signature, a balance, a proof node, the header: each fails with the reason.
        def tampered(name, change):
            doc = json.loads(out)
            change(doc)
            t = nodes.write(name, json.dumps(doc))
            return check(t)

        def flip_signature(doc):
            f = doc['book']['files'][0]
            sig = next(line for line in f['content'].split('\n') if line.startswith('ethereum,') and '0x' in line.split(',')[5])
            s = sig.split(',')[5]
            f['content'] = f['content'].replace(s, s[:20] + ('1' if s[20] != '1' else '2') + s[21:])

        code, doc, _ = tampered('sig.json', flip_signature)
        bad = failed(doc)
        c.check('a signature byte changed: exit 1, the row named, its signature does not verify',
                code == 1 and 'does not verify' in bad.get('signatures', '') and 'book file ' + r.book in bad, str(bad))

        def raise_balance(doc):
            b = next(b for b in doc['balances'] if b['chain'] == 'ethereum' and b['asset'] == 'ETH'
                     and b['address'] == r.eth_accounts[1])
            b['units'] = str(int(b['units']) + 1)

        code, doc, _ = tampered('balance.json', raise_balance)
        bad = failed(doc)
        c.check('an ETH balance changed: exit 1, its proof and the totals disagree',
                code == 1 and 'its proof says' in bad.get('proofs ethereum', '') and 'ETH on ethereum' in bad.get('totals', ''),
                str(bad))

        def raise_ltc(doc):
            b = next(b for b in doc['balances'] if b['chain'] == 'litecoin')
            b['units'] = str(int(b['units']) + 1)

        code, doc, _ = tampered('ltc.json', raise_ltc)
        c.check('an LTC balance changed: exit 1, its outpoints do not add up',
                code == 1 and 'outpoints add up to' in failed(doc).get('outpoints litecoin', ''), str(failed(doc)))

        def flip_node(doc):
            nodes_ = doc['chains'][[x['chain'] for x in doc['chains']].index('ethereum')]['evidence']['proof_nodes']
            n = nodes_[-1]
            nodes_[-1] = n[:40] + ('0' if n[40] != '0' else '1') + n[41:]

        code, doc, _ = tampered('node.json', flip_node)
        c.check('a proof node changed: exit 1, the proof does not reach the state root',
                code == 1 and 'no node with hash' in failed(doc).get('proofs ethereum', ''), str(failed(doc)))

        def flip_header(doc):
            e = doc['chains'][[x['chain'] for x in doc['chains']].index('ethereum')]['evidence']
            h = e['header_rlp']
            e['header_rlp'] = h[:100] + ('0' if h[100] != '0' else '1') + h[101:]

        code, doc, _ = tampered('header.json', flip_header)
        c.check('a header byte changed: exit 1, its hash is not the block hash',
                code == 1 and 'keccak256(rlp(header))' in failed(doc).get('header ethereum', ''), str(failed(doc)))

        def price_of(doc, asset):
            return next(f for f in doc['prices']['feeds'] if f['asset'] == asset)

        code, doc, _ = tampered('answer.json', lambda d: price_of(d, 'ETH').update(answer=str(ETH_USD + 1)))
        c.check('a feed\'s answer changed: exit 1, the ETH value no longer follows from it',
                code == 1 and 'ETH on ethereum: the bundle says value' in failed(doc).get('values', ''), str(failed(doc)))

        def raise_value(doc):
            v = next(v for v in doc['prices']['values'] if v['asset'] == 'LTC')
            v['value_units'] = str(int(v['value_units']) + 1)

        code, doc, _ = tampered('value.json', raise_value)
        c.check('a value changed by 10^-8 USD: exit 1, named', code == 1 and 'LTC on litecoin' in failed(doc).get('values', ''),
                str(failed(doc)))
        code, doc, _ = tampered('time.json', lambda d: d['prices'].update(block_timestamp=d['prices']['block_timestamp'] - 7200))
        c.check('the price block\'s timestamp changed (prices look fresher): exit 1, the header says otherwise',
                code == 1 and 'its header' in failed(doc).get('price block', ''), str(failed(doc)))

        code, _, err = run('check', nodes.write('junk.json', '{"format":"porwatch-bundle","version":99}'))
        c.check('a bundle of another version: exit 2, said so', code == 2 and 'version' in err, err)
        code, _, err = run('export', '--db', db, '--snapshot', '999')
        c.check('export of a missing snapshot: exit 2', code == 2 and 'no snapshot 999' in err, err)

        # A node that does not answer: the online part is not checked and the exit code says so.
        r.stop_anvil()
        code, doc, _ = check(path, '--config', conf)
        c.check('online with anvil down: exit 3, the EVM part not checked, never ok',
                code == 3 and part(doc, 'balances ethereum (online)').get('status') == 'not checked' and doc['unreachable'],
                str(doc.get('parts', ''))[:400])
    finally:
        nodes.stop()
    return c.finish()


sys.exit(main())
