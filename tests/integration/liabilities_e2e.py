#!/usr/bin/python3
"""Solvency end to end on real nodes: LTC reserves on litecoind regtest and ETH reserves on
anvil (part of each proven by a real signature, part unsigned), against liabilities files
written by tests/tools/gen-liabilities.py (a second, Python implementation of BitMEX's and
OKX's published formulas), loaded above and below the reserves over `porwatch scan`
cycles on one database with a recording hook.

Checked: every ratio exactly (observed and proven, both heights side by side); ratio_below
fires once, stays quiet, resolves once (LTC on all reserves, ETH on proven reserves); a
tampered tree fails closed (exit 3, FILE:LINE, alerts_broken); max_age against the tree's own
height (liabilities_stale); history --ratio, status and the SQL views; `porwatch inclusion` on
the generated files (and a tampered one); with Chainlink's own MockV3Aggregator priced on
anvil, the ratio over every asset in value, incomplete while OKX's BTC and USDT are owed and
not scanned (ratio_below = VALUE holds), complete and firing once they are not.
usage: liabilities_e2e.py PORWATCH_BINARY"""
import json
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal

import chainlink_mock
from nodes import TOOLS, Checks, Nodes, rpc

BIN = sys.argv[1]
GEN = os.path.join(TOOLS, 'gen-liabilities.py')
HEADER = 'chain,network,address,asset,message,signatures,script,scheme,label\n'
MESSAGE = 'porwatch solvency test: these reserves belong to Example Exchange'
ETH_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
UNSIGNED_ETH = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
HOOK = '''#!/usr/bin/python3
import json, os, sys
with open(%r, "a") as f:
    f.write(json.dumps({"stdin": sys.stdin.read(), "alert": os.environ["PORWATCH_ALERT"],
                        "state": os.environ["PORWATCH_STATE"]}) + "\\n")
'''


def ratio(reserves, reserves_decimals, liabilities, liabilities_decimals):
    """The expected ratio text, computed here independently: percent truncated to 0.01."""
    hundredths = reserves * 10**liabilities_decimals * 10000 // (liabilities * 10**reserves_decimals)
    return f'{hundredths // 100}.{hundredths % 100:02d}'


def main():
    c = Checks()
    nodes = Nodes()
    try:
        ltc = nodes.litecoind('ltc')
        eth = nodes.anvil('eth')
        ltc('createwallet', 'miner')
        ltc('createwallet', 'reserve')
        miner = ltc('getnewaddress', '', 'bech32', wallet='miner')
        ltc('generatetoaddress', 101, miner)
        signed = ltc('getnewaddress', '', 'bech32', wallet='reserve')
        unsigned = ltc('getnewaddress', '', 'legacy', wallet='reserve')
        ltc('sendtoaddress', signed, '2.0', wallet='miner')
        ltc('sendtoaddress', unsigned, '1.0', wallet='miner')
        ltc('generatetoaddress', 1, miner)
        wif = ltc('dumpprivkey', signed, wallet='reserve')
        sig = subprocess.check_output(['node', os.path.join(TOOLS, 'btc-sign.cjs'), 'sign137', wif, 'p2wpkh', MESSAGE,
                                       'litecoin-regtest'], text=True).strip()
        eth_signed = json.loads(subprocess.check_output(['node', os.path.join(TOOLS, 'eth-sign.mjs'), 'sign', ETH_KEY, MESSAGE],
                                                        text=True))
        rpc(eth, 'anvil_setBalance', [eth_signed['address'], hex(5 * 10**18)])
        rpc(eth, 'anvil_setBalance', [UNSIGNED_ETH, hex(3 * 10**18)])
        rpc(eth, 'evm_mine', [])
        book = nodes.write('reserves.csv', HEADER +
                           f'litecoin,regtest,{signed},LTC,{MESSAGE},{sig},,,signed\n'
                           f'litecoin,regtest,{unsigned},LTC,,,,,unsigned\n'
                           f'ethereum,,{eth_signed["address"]},ETH,{MESSAGE},{eth_signed["signature"]},,,signed\n'
                           f'ethereum,,{UNSIGNED_ETH},ETH,,,,,unsigned\n')
        ltc_units, ltc_proven = 300000000, 200000000
        eth_units, eth_proven = 8 * 10**18, 5 * 10**18
        hook_log = os.path.join(nodes.dir, 'hook.jsonl')
        hook = nodes.write('record-hook.py', HOOK % hook_log)
        os.chmod(hook, 0o755)
        db = os.path.join(nodes.dir, 'porwatch.db')
        tree = os.path.join(nodes.dir, 'ltc-tree.txt')
        nonces = os.path.join(nodes.dir, 'ltc-nonces.txt')
        okx = os.path.join(nodes.dir, 'okx-tree.txt')
        okx_user = os.path.join(nodes.dir, 'okx-user.json')

        def bitmex(height, *balances):
            subprocess.check_call([GEN, 'bitmex', '--height', str(height), '--out', tree, '--nonces', nonces,
                                   *[f'{a}={v}' for a, v in balances]])
            return sum(v for _, v in balances)

        def okx_tree(eth_of_alice):
            subprocess.check_call([GEN, 'okx-tree', '--out', okx, '--user-out', okx_user, '--user', 'alice',
                                   f'alice=0.01,{eth_of_alice},100', 'bob=0,1.5,0.5', 'carol=0.002,0,0'])
            return int(Decimal(eth_of_alice) * 10**8) + 150000000   # the tree's ETH in 8-decimal units

        def write_conf(extra='', prices='', alerts=''):
            return nodes.write('porwatch.conf', (
                f'database = {db}\ninterval = 3600\naddresses = {book}\n[daemon]\njitter = 0\n'
                f'[litecoin]\nnetwork = regtest\nrpc_url = http://u:p@127.0.0.1:{ltc.port}/\nretries = 0\n'
                f'[ethereum]\nrpc_url = {eth}\nchain_id = 31337\nconfirmations = 0\nretries = 0\n'
                f'[liabilities]\nfile = bitmex:{tree}\nfile = okx-merkle:{okx}\nasset = LTC\n{extra}{prices}'
                f'[alerts]\nratio_below = LTC:100\nratio_below = ETH:100:verified\nresolve_percent = 5\n{alerts}'
                f'hook = {hook}\n'))
        conf = write_conf()

        def events():
            if not os.path.exists(hook_log):
                return []
            with open(hook_log) as f:
                return [json.loads(line) for line in f if line.strip()]

        def scan(name, want_code, want_events):
            before = len(events())
            p = subprocess.run([BIN, 'scan', '--config', conf, '--format', 'json'], capture_output=True, text=True, timeout=120)
            doc = json.loads(p.stdout) if p.stdout.strip() else {}
            got = [(e['alert'], e['state']) for e in events()[before:]]
            c.check(f'{name}: exit {want_code}', p.returncode == want_code, f'exit {p.returncode}: {p.stderr[-2000:]}')
            c.check(f'{name}: hook got {want_events}', got == want_events, f'got {got}; {p.stderr[-1500:]}')
            rows = {r['asset']: r for r in doc.get('solvency', [])}
            heights = {ch['chain']: ch['height'] for ch in doc.get('chains', [])}
            return doc, rows, heights, events()[before:]

        def check_ratios(name, rows, heights, ltc_liabilities, ltc_height, eth_liabilities):
            l, e = rows.get('LTC', {}), rows.get('ETH', {})
            c.check(f'{name}: LTC {ratio(ltc_units, 8, ltc_liabilities, 8)} % (proven {ratio(ltc_proven, 8, ltc_liabilities, 8)} %), '
                    'both heights side by side',
                    l.get('status') == 'ok' and l.get('ratio_percent') == ratio(ltc_units, 8, ltc_liabilities, 8)
                    and l.get('verified_ratio_percent') == ratio(ltc_proven, 8, ltc_liabilities, 8)
                    and l.get('units') == str(ltc_units) and l.get('verified_units') == str(ltc_proven)
                    and l.get('liabilities_units') == str(ltc_liabilities) and l.get('liabilities_format') == 'bitmex'
                    and l.get('reserves_height') == heights.get('litecoin') and l.get('liabilities_height') == ltc_height,
                    json.dumps(l))
            c.check(f'{name}: ETH {ratio(eth_units, 18, eth_liabilities, 8)} % (proven {ratio(eth_proven, 18, eth_liabilities, 8)} %)',
                    e.get('status') == 'ok' and e.get('ratio_percent') == ratio(eth_units, 18, eth_liabilities, 8)
                    and e.get('verified_ratio_percent') == ratio(eth_proven, 18, eth_liabilities, 8)
                    and e.get('units') == str(eth_units) and e.get('liabilities_units') == str(eth_liabilities)
                    and e.get('reserves_height') == heights.get('ethereum') and e.get('liabilities_height') is None,
                    json.dumps(e))

        height = ltc('getblockcount')
        # 1. Liabilities below the reserves: LTC 2.5 vs 3.0 observed / 2.0 proven; ETH 4 vs 8 / 5.
        ltc_owed = bitmex(height - 1, (1, 150000000), (2, 100000000))
        eth_owed = okx_tree('2.5')
        doc, rows, heights, _ = scan('below', 0, [])
        check_ratios('below', rows, heights, ltc_owed, height - 1, eth_owed)
        c.check('below: the liabilities files are verified and their uncovered assets named',
                [f['status'] for f in doc.get('liabilities', [])] == ['verified', 'verified']
                and doc.get('uncovered_liabilities') == [f'BTC 0.01200000 (okx-merkle {okx})', f'USDT 100.50000000 (okx-merkle {okx})'],
                json.dumps(doc.get('liabilities')) + json.dumps(doc.get('uncovered_liabilities')))

        # 2. LTC liabilities above the reserves: 3.3 LTC → 90.90 %: ratio_below:LTC fires once.
        ltc_owed = bitmex(height - 1, (1, 200000000), (2, 130000000))
        _, rows, heights, fired = scan('LTC above', 0, [('ratio_below:LTC', 'firing')])
        check_ratios('LTC above', rows, heights, ltc_owed, height - 1, eth_owed)
        payload = json.loads(fired[0]['stdin']) if fired else {}
        s = payload.get('solvency') or {}
        c.check('payload: the ratio, the threshold, both heights',
                s.get('ratio_percent') == '90.90' and s.get('verified_ratio_percent') == '60.60'
                and s.get('threshold_percent') == '100' and s.get('liabilities_units') == str(ltc_owed)
                and s.get('liabilities_height') == height - 1 and s.get('reserves_height') == heights.get('litecoin')
                and payload.get('current_units') == str(ltc_units), json.dumps(payload))
        scan('stays above', 0, [])

        # 3. ETH liabilities above the proven reserves: 6 ETH → proven 83.33 %, observed 133.33 %.
        eth_owed = okx_tree('4.5')
        _, rows, heights, _ = scan('ETH above proven', 0, [('ratio_below:ETH:verified', 'firing')])
        check_ratios('ETH above proven', rows, heights, ltc_owed, height - 1, eth_owed)

        # 4. Both back below the reserves, past the hysteresis: one resolve each.
        ltc_owed = bitmex(height - 1, (1, 150000000), (2, 100000000))
        eth_owed = okx_tree('2.5')
        _, rows, heights, _ = scan('both below again', 0, [('ratio_below:ETH:verified', 'resolved'),
                                                            ('ratio_below:LTC', 'resolved')])
        check_ratios('both below again', rows, heights, ltc_owed, height - 1, eth_owed)

        # 5. A tampered tree (one leaf's value changed): fail closed, with the line named.
        with open(tree) as f:
            good = f.read()
        lines = good.split('\n')
        digest, value = lines[-2].split(',')
        lines[-2] = f'{digest},{int(value) + 1}'
        with open(tree, 'w') as f:
            f.write('\n'.join(lines))
        doc, rows, _, _ = scan('tampered tree', 3, [('alerts_broken:ratio_below:LTC', 'firing')])
        failed = [f for f in doc.get('liabilities', []) if f['status'] == 'failed']
        nodes_count = len(lines) - 2                   # the header and the final newline aside
        parent_line = (nodes_count - 2) // 2 + 2       # node i is on line i + 2; the last leaf's parent
        c.check('tampered tree: failed with FILE:LINE of the parent that no longer adds up',
                len(failed) == 1 and failed[0]['error'].startswith(f'{tree}:{parent_line}: value ')
                and rows.get('LTC', {}).get('status') == 'liabilities_failed' and rows.get('ETH', {}).get('status') == 'ok',
                json.dumps(failed) + json.dumps(rows.get('LTC')))

        # 6. The tree restored, but older than max_age; OKX's tree has no height of its own.
        with open(tree, 'w') as f:
            f.write(good)
        conf = write_conf('max_age = 3 blocks\n')
        ltc('generatetoaddress', 5, miner)
        _, rows, heights, _ = scan('stale', 0, [('alerts_broken:ratio_below:LTC', 'resolved'),
                                                ('liabilities_stale:ETH', 'firing'), ('liabilities_stale:LTC', 'firing')])
        c.check('stale: the age in blocks of the reserves\' chain',
                rows.get('LTC', {}).get('age_blocks') == heights.get('litecoin') - (height - 1)
                and rows['LTC'].get('stale') and 'no height of its own' in rows.get('ETH', {}).get('stale_reason', ''),
                json.dumps(rows))

        # history --ratio, status and the SQL views read back the same figures.
        hist = json.loads(subprocess.check_output([BIN, 'history', '--db', db, '--ratio', '--asset', 'LTC', '--format', 'json'], text=True))
        c.check('history --ratio: every LTC ratio, in order',
                [r['ratio_percent'] for r in hist] == ['120.00', '90.90', '90.90', '90.90', '120.00', None, '120.00']
                and [r['status'] for r in hist][5] == 'liabilities_failed', json.dumps([r['ratio_percent'] for r in hist]))
        status = json.loads(subprocess.check_output([BIN, 'status', '--db', db, '--format', 'json'], text=True))
        c.check('status: the latest ratio per asset and the files',
                sorted((r['asset'], r['ratio_percent']) for r in status['latest_solvency']) == [('ETH', '200.00'), ('LTC', '120.00')]
                and [f['status'] for f in status['latest_liabilities']] == ['verified', 'verified'], json.dumps(status['latest_solvency']))
        with sqlite3.connect(db) as con:
            view = con.execute("SELECT ratio_percent, verified_ratio_percent, reserves_amount, liabilities_amount, stale "
                               "FROM latest_solvency WHERE asset = 'LTC'").fetchall()
        c.check('SQL view latest_solvency', view == [('120.00', '80.00', '3.00000000', '2.50000000', 1)], str(view))

        # porwatch inclusion on the generated files.
        def inclusion(*files):
            p = subprocess.run([BIN, 'inclusion', '--format', 'json', *files], capture_output=True, text=True, timeout=60)
            return p.returncode, json.loads(p.stdout) if p.stdout.strip() else {}
        code, report = inclusion(tree, nonces)
        c.check('inclusion: BitMEX accounts find their leaves and sums',
                code == 0 and any('account 1: leaves' in line['text'] and '150000000 sat' in line['text'] for line in report['proven'])
                and any('account 2: leaves' in line['text'] and '100000000 sat' in line['text'] for line in report['proven']),
                json.dumps(report))
        code, report = inclusion(okx_user, okx)
        c.check('inclusion: the OKX user file\'s leaf is in the tree',
                code == 0 and any('your leaves are leaves of' in line['text'] for line in report['proven']), json.dumps(report))
        damaged_lines = good.split('\n')
        damaged_lines[3] = ('f' if damaged_lines[3][0] != 'f' else 'e') + damaged_lines[3][1:]   # a digit of node 2
        damaged = nodes.write('damaged.txt', '\n'.join(damaged_lines))
        code, report = inclusion(damaged, nonces)
        c.check('inclusion: a damaged tree exits 1 with FILE:LINE', code == 1 and report['failed']
                and report['failed'][0]['text'].startswith(damaged + ':'), json.dumps(report))

        # 7. Prices on chain (8-decimal feeds, as Chainlink's USD feeds): the ratio in value.
        answers = {'LTC': 7012345678, 'ETH': 200000000000}
        feeds = {asset: chainlink_mock.deploy(eth, 8, answer) for asset, answer in answers.items()}
        conf = write_conf(prices='[prices]\n' + ''.join(f'feed = {a}:{f}:{chainlink_mock.DESCRIPTION}\n' for a, f in feeds.items()),
                          alerts='ratio_below = VALUE:250\n')

        def value(units, decimals, asset):   # porwatch's formula, truncated to 10^-8 USD
            return units * answers[asset] // 10**decimals

        reserves = value(ltc_units, 8, 'LTC') + value(eth_units, 18, 'ETH')
        proven = value(ltc_proven, 8, 'LTC') + value(eth_proven, 18, 'ETH')
        owed = value(ltc_owed, 8, 'LTC') + value(eth_owed, 8, 'ETH')
        doc, _, _, _ = scan('priced, BTC and USDT owed but not scanned', 0, [('liabilities_stale:ETH', 'resolved'),
                                                                              ('liabilities_stale:LTC', 'resolved')])
        v = doc.get('solvency_value') or {}
        c.check(f'value ratio: {reserves} vs {owed} (10^-8 USD), incomplete: BTC and USDT left out, no VALUE alert',
                v.get('reserves_value_units') == str(reserves) and v.get('verified_reserves_value_units') == str(proven)
                and v.get('liabilities_value_units') == str(owed) and v.get('ratio_hundredths') == str(reserves * 10000 // owed)
                and v.get('complete') is False and v.get('included') == 'LTC,ETH'
                and v.get('excluded', '').startswith('BTC: no configured chain scans it') and 'USDT: ' in v.get('excluded', ''),
                json.dumps(v))
        subprocess.check_call([GEN, 'okx-tree', '--out', okx, 'alice=0,2.5,0', 'bob=0,1.5,0', 'carol=0,0,0'])
        doc, _, _, fired = scan('priced, nothing left out', 0, [('ratio_below:VALUE', 'firing')])
        v = doc.get('solvency_value') or {}
        ratio_value = f'{reserves * 10000 // owed // 100}.{reserves * 10000 // owed % 100:02d}'
        c.check(f'value ratio complete: {ratio_value} % < 250 %: ratio_below:VALUE fires once',
                v.get('complete') is True and v.get('ratio_percent') == ratio_value and v.get('excluded') == '', json.dumps(v))
        payload = json.loads(fired[0]['stdin']) if fired else {}
        c.check('value ratio payload: the value of the liabilities in 10^-8 USD',
                (payload.get('solvency') or {}).get('liabilities_units') == str(owed)
                and (payload.get('solvency') or {}).get('ratio_percent') == ratio_value, json.dumps(payload))
        status = json.loads(subprocess.check_output([BIN, 'status', '--db', db, '--format', 'json'], text=True))
        with sqlite3.connect(db) as con:
            view = con.execute('SELECT ratio_percent, complete FROM solvency_value_history ORDER BY snapshot_id').fetchall()
        c.check('status and the SQL view read the value ratio back',
                (status.get('latest_solvency_value') or {}).get('ratio_percent') == ratio_value
                and [row[1] for row in view] == [0, 1] and view[-1][0] == ratio_value, json.dumps(status.get('latest_solvency_value')) + str(view))
    finally:
        nodes.stop()
    return c.finish()


if __name__ == '__main__':
    sys.exit(main())
