#!/usr/bin/python3
"""porwatch scan over two EVM chains (issue 15): [ethereum] on one anvil (chain id 31337) and
[evm.arbitrum] on another (chain id 42161), an OKX-layout file whose rows on networks ETH and
ARBITRUM are signed with ethers, ETH and a planted ERC-20 per chain. Totals are exact per chain
(TST and TST@arbitrum, ETH and ETH@arbitrum); with the second anvil killed the first chain's
totals stand, the snapshot is partial and names the failed chain, and a real hook receives
`stale:arbitrum` and a breached floor on [ethereum], never a drop for arbitrum's unread assets.
usage: scan_evm_sections.py PORWATCH_BINARY"""
import json
import os
import sqlite3
import subprocess
import sys
import time

from nodes import TOOLS, Checks, Nodes, plant_erc20, porwatch, rpc

BIN = sys.argv[1]
TOKEN = '0x00000000000000000000000000000000000a11ce'
KEYS = {  # anvil's well-known dev keys
    '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266': '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
    '0x70997970C51812dc3A010C7d01b50e0d17dc79C8': '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
}
ACCT0, ACCT1 = list(KEYS)
MESSAGE = 'I am OKX and I control these addresses at 2024-01-01'
OKX_HEADER = ('coin,network,snapshot height,address,amount,message,signature1,signature2,'
              'redeem script/public key,eoa1,eoa2\n')


HOOK = '''#!/usr/bin/python3
import sys
with open(%r, "a") as f:
    f.write(sys.stdin.read().replace("\\n", " ") + "\\n")
'''


def sign(key):
    out = subprocess.check_output(['node', os.path.join(TOOLS, 'eth-sign.mjs'), 'sign', key, MESSAGE], text=True)
    return json.loads(out)['signature']


def check_bundle(path):
    p = subprocess.run([BIN, 'check', path, '--format', 'json'], capture_output=True, text=True, timeout=60)
    try:
        return p.returncode, json.loads(p.stdout), p.stderr
    except json.JSONDecodeError:
        return p.returncode, {'parts': []}, p.stderr


def totals(doc):
    return {t['asset']: int(t['units']) for t in doc['totals']} if doc else {}


def main():
    c = Checks()
    nodes = Nodes()
    try:
        main_url = nodes.anvil('main', chain_id=31337)
        arb_url = nodes.anvil('arb', chain_id=42161)
        # Different balances per chain for the same addresses: a total that mixed the chains fails.
        plant = {main_url: (10**18 + 1, 2 * 10**18 + 3, 5 * 10**18), arb_url: (7 * 10**18 + 11, 9, 4 * 10**18 + 13)}
        for url, (eth0, eth1, tst0) in plant.items():
            rpc(url, 'anvil_setBalance', [ACCT0, hex(eth0)])
            rpc(url, 'anvil_setBalance', [ACCT1, hex(eth1)])
            plant_erc20(url, TOKEN, {ACCT0: tst0})
            rpc(url, 'anvil_mine', ['0x3'])
        # anvil's `safe` block trails its head (by 32 blocks): mine past it, so that the planted
        # state is what [evm.arbitrum]'s `block = safe` reads.
        rpc(arb_url, 'anvil_mine', ['0x40'])
        sig = {a: sign(k) for a, k in KEYS.items()}
        rows = [('ETH', 'ETH', ACCT0), ('ETH', 'ETH', ACCT1), ('TST', 'ETH', ACCT0),
                ('ETH', 'ARBITRUM', ACCT0), ('ETH', 'Arbitrum One', ACCT1), ('TST', 'ARBITRUM', ACCT0),
                ('USDT', 'OPTIMISM', ACCT0)]
        okx = nodes.write('okx.csv', OKX_HEADER + ''.join(f'{coin},{net},100,{a},,{MESSAGE},{sig[a]},,,,\n'
                                                          for coin, net, a in rows))
        conf = nodes.write('a.conf', f'addresses = {okx}\nsame_asset = TST@ethereum,TST@arbitrum\n'
                                     f'[ethereum]\nrpc_url = {main_url}\nchain_id = 31337\nconfirmations = 1\n'
                                     f'token = TST:{TOKEN}:18\n'
                                     f'[evm.arbitrum]\nrpc_url = {arb_url}\nchain_id = 42161\nconfirmations = 0\n'
                                     f'block = safe\ntoken = TST:{TOKEN}:18\n')
        code, doc, err = porwatch(BIN, conf, '--dry-run')
        c.check('both chains complete', code == 0 and doc and doc['snapshot']['status'] == 'complete', err)
        if not doc:
            return c.finish()
        want = {'ETH': 3 * 10**18 + 4, 'TST': 5 * 10**18, 'ETH@arbitrum': 7 * 10**18 + 20, 'TST@arbitrum': 4 * 10**18 + 13,
                'TST@all': 9 * 10**18 + 13}  # the same_asset sum: both chains' TST, exact
        c.check('exact totals per chain, and the declared sum', totals(doc) == want, str(totals(doc)))
        chains = {ch['chain']: ch for ch in doc['chains']}
        c.check('one result per chain, each with its own chain id',
                set(chains) == {'ethereum', 'arbitrum'} and chains['ethereum']['chain_id'] == '31337'
                and chains['arbitrum']['chain_id'] == '42161', str(list(chains)))
        safe = rpc(arb_url, 'eth_getBlockByNumber', ['safe', False])
        c.check('arbitrum read at its safe block', chains.get('arbitrum', {}).get('height') == int(safe['number'], 16),
                f"{chains.get('arbitrum', {}).get('height')} vs {safe['number']}")
        for name, url in (('ethereum', main_url), ('arbitrum', arb_url)):
            ch = chains.get(name, {})
            block = rpc(url, 'eth_getBlockByNumber', [hex(ch.get('height', 0)), False])
            c.check(f'{name}: pinned to its own block', block['hash'] == ch.get('block_hash'), str(ch.get('error', ch))[:300])
        verified = {t['asset']: t['verified_addresses'] for t in doc['totals']}
        c.check('signed rows verified on both chains', verified == {'ETH': 2, 'TST': 1, 'ETH@arbitrum': 2, 'TST@arbitrum': 1, 'TST@all': 2},
                str(verified))
        unscanned = doc.get('unscanned', [])
        c.check('OPTIMISM (no section) stays unscanned, named',
                len(unscanned) == 1 and unscanned[0]['chain'] == 'OPTIMISM' and unscanned[0]['asset'] == 'USDT', str(unscanned))

        # Stored: each chain its own row (keyed by its name), each total joined to its own chain.
        db = os.path.join(nodes.dir, 'p.db')
        hook_log = os.path.join(nodes.dir, 'hook.jsonl')
        hook = nodes.write('hook.py', HOOK % hook_log)
        os.chmod(hook, 0o755)
        alerts = f'[alerts]\nhook = {hook}\nhook_timeout = 10s\nstale_after = 1s\ndrop_percent = *:10\n'
        stored_conf = nodes.write('s.conf', f'database = {db}\n' + open(conf).read() + alerts)
        code, doc, err = porwatch(BIN, stored_conf)
        c.check('stored: complete', code == 0 and doc and doc['snapshot']['stored'], err)
        with sqlite3.connect(db) as sql:
            chain_rows = set(sql.execute('SELECT chain, chain_id, status FROM snapshot_chains'))
            total_rows = set(sql.execute('SELECT t.asset, t.chain, t.units, c.chain_id FROM asset_totals t '
                                         'JOIN snapshot_chains c ON c.snapshot_id = t.snapshot_id AND c.chain = t.chain'))
        c.check('stored chains', chain_rows == {('ethereum', '31337', 'complete'), ('arbitrum', '42161', 'complete')},
                str(chain_rows))
        c.check('stored totals, each with its own chain', total_rows == {
            ('ETH', 'ethereum', str(want['ETH']), '31337'), ('TST', 'ethereum', str(want['TST']), '31337'),
            ('ETH@arbitrum', 'arbitrum', str(want['ETH@arbitrum']), '42161'),
            ('TST@arbitrum', 'arbitrum', str(want['TST@arbitrum']), '42161'),
            ('TST@all', 'ethereum', str(want['TST@all']), '31337')}, str(total_rows))
        hist = subprocess.run([BIN, 'history', '--config', stored_conf], capture_output=True, text=True)
        c.check('porwatch history reads it back', hist.returncode == 0 and 'TST@arbitrum' in hist.stdout,
                (hist.stdout + hist.stderr)[-400:])

        # The two-chain snapshot's bundle: every section chain's evidence in it, re-checked offline.
        ex = subprocess.run([BIN, 'export', '--db', db, '--snapshot', 'latest'], capture_output=True, text=True)
        c.check('export: exit 0', ex.returncode == 0, ex.stderr[-400:])
        bundle = json.loads(ex.stdout) if ex.returncode == 0 else {'chains': [], 'balances': []}
        arb = next((ch for ch in bundle['chains'] if ch.get('source') == 'arbitrum'), {})
        arb_balances = [b for b in bundle['balances'] if b['asset'].endswith('@arbitrum')]
        c.check('the bundle carries arbitrum\'s chain id and every balance at its own block',
                arb.get('chain_id') == '42161' and len(arb_balances) == 4
                and all(b['height'] == arb['height'] and b['block_hash'] == arb['block_hash'] for b in arb_balances),
                str(arb)[:200] + str(arb_balances)[:300])
        bundle_path = nodes.write('bundle.json', ex.stdout)
        code, report, err = check_bundle(bundle_path)
        names = {p['part'] for p in report['parts']}
        c.check('check offline: exit 0, every part ok, arbitrum\'s parts named',
                code == 0 and report['parts'] and report.get('failed') == 0
                and all(p['status'] == 'ok' for p in report['parts'] if p['part'] not in ('prices', 'same_asset sums'))
                and 'header arbitrum' in names and 'proofs arbitrum' in names,
                str([(p['part'], p['status'], p['detail'][:200]) for p in report['parts'] if p['status'] != 'ok'])
                + str(sorted(names)) + err[-300:])
        sums_part = [p for p in report['parts'] if p['part'] == 'same_asset sums']
        c.check('check offline: the same_asset sum is named as not re-summed, never passed silently',
                [p['status'] for p in sums_part] == ['not checked'] and 'TST@all' in sums_part[0]['detail'],
                str(sums_part))

        def tampered(name, change):
            doc = json.loads(ex.stdout)
            change(doc)
            code, report, _ = check_bundle(nodes.write(name, json.dumps(doc)))
            return code, {p['part']: p['detail'] for p in report['parts'] if p['status'] == 'FAILED'}

        def raise_arb_balance(doc):
            b = next(b for b in doc['balances'] if b['asset'] == 'ETH@arbitrum' and b['address'] == ACCT1)
            b['units'] = str(int(b['units']) + 1)

        code, bad = tampered('arb_balance.json', raise_arb_balance)
        c.check('an ETH@arbitrum balance changed: exit 1, its proof and its total disagree',
                code == 1 and 'its proof says' in bad.get('proofs arbitrum', '')
                and 'ETH@arbitrum' in bad.get('totals', '') and 'proofs ethereum' not in bad, str(bad))

        def raise_arb_total(doc):
            t = next(t for t in doc['totals'] if t['asset'] == 'ETH@arbitrum')
            t['units'] = str(int(t['units']) + 1)

        code, bad = tampered('arb_total.json', raise_arb_total)
        c.check('an ETH@arbitrum total changed: exit 1, the totals part names it',
                code == 1 and list(bad) == ['totals'] and 'ETH@arbitrum' in bad['totals'], str(bad))

        # The second chain down: the first chain's totals stand, the snapshot is partial.
        subprocess.check_call([os.path.join(TOOLS, 'stop-node.sh'), nodes.pidfiles[-1]])
        code, doc, err = porwatch(BIN, conf, '--dry-run')
        c.check('one chain down: exit 3, partial', code == 3 and doc and doc['snapshot']['status'] == 'partial', err)
        if doc:
            chains = {ch['chain']: ch for ch in doc['chains']}
            c.check('the failed chain is named', chains.get('arbitrum', {}).get('status') == 'failed'
                    and chains.get('ethereum', {}).get('status') == 'complete', str(doc['chains'])[:300])
            c.check('mainnet totals complete and exact, none for the failed chain, no partial sum',
                    totals(doc) == {'ETH': 3 * 10**18 + 4, 'TST': 5 * 10**18}, str(totals(doc)))

        # The second chain down, stored with alerts: the hook gets the stale chain by name and the
        # healthy chain's breached floor (added now), and no drop of arbitrum's unread assets.
        time.sleep(1.2)  # past stale_after since arbitrum's last complete reading
        code, doc, err = porwatch(BIN, nodes.write('s2.conf', open(stored_conf).read() + 'floor = TST:6\n'))
        c.check('stored, one chain down: exit 3, partial', code == 3 and doc and doc['snapshot']['status'] == 'partial',
                err)
        hooked = [json.loads(line) for line in open(hook_log)] if os.path.exists(hook_log) else []
        got = sorted((p['alert'], p['state']) for p in hooked)
        c.check('hook: stale:arbitrum and floor:TST delivered, nothing else',
                got == [('floor:TST', 'firing'), ('stale:arbitrum', 'firing')], f'{got}; {err[-800:]}')
        by_key = {p['alert']: p for p in hooked}
        stale = by_key.get('stale:arbitrum', {})
        c.check('stale payload names the chain and its failure',
                stale.get('chain') == 'arbitrum' and 'failed' in stale.get('detail', ''), json.dumps(stale))
        floor = by_key.get('floor:TST', {})
        c.check('floor payload: the healthy chain\'s figure', floor.get('chain') == 'ethereum'
                and floor.get('current_units') == str(5 * 10**18), json.dumps(floor))
    finally:
        nodes.stop()
    return c.finish()


sys.exit(main())
