#!/usr/bin/python3
"""Never blind, never fooled (issue 9, the alert side) against real litecoind regtest and anvil,
with real transactions and a real hook program that records what it is given.

Each `porwatch scan --once` is one cycle on a database; an endpoint is taken "down" by pointing
its rpc_url at a closed loopback port (nothing listens there: connection refused).

 1. Per chain: ETH's endpoint is down while LTC is drained by a real transaction: the LTC drops
    are delivered from the partial snapshot. LTC's endpoint is down while LTC is drained again:
    nothing, then stale:litecoin; when it is back, the drop fires against the figure before the
    gap (also for a window shorter than the gap).
 2. stale:CHAIN per chain (stale:ethereum fires, stale:litecoin does not); the default
    max(3 x interval, 30m) without stale_after; stale_after = off.
 5. Rules that could not be computed fail `scan` and `run` at load with FILE:LINE, exit 2; a
    SIGHUP with such a config keeps the running one, which still delivers a real drop.
11. An address removed from the file: with drop_basis = book the drop names it (book_change);
    with same_addresses only drift fires, and a later like-for-like drain fires the drop.
10. floor = LTC:5:verified fires on proven reserves while the whole total is above 5; payloads
    carry units and verified_units.
usage: alerts_trust.py PORWATCH_BINARY"""
import decimal
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from nodes import TOOLS, Checks, Nodes, free_port, rpc

BIN = sys.argv[1]
HEADER = 'chain,network,address,asset,message,signatures,script,scheme,label\n'
MESSAGE = 'porwatch trust test: these reserves belong to Example Exchange'
ANVIL_KEYS = ['0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
              '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a']
HOOK = '''#!/usr/bin/python3
import json, os, sys
record = {"stdin": sys.stdin.read(), "env": dict(os.environ)}
with open(%r, "a") as f:
    f.write(json.dumps(record) + "\\n")
'''
STALE = 8   # seconds: stale_after of the main database


def records(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


class Watch:
    """One database, config and recording hook: `scan` runs one cycle and returns what the hook got."""

    def __init__(self, nodes, name, alerts):
        self.nodes, self.name, self.alerts = nodes, name, alerts
        self.db = os.path.join(nodes.dir, name + '.db')
        self.log = os.path.join(nodes.dir, name + '-hook.jsonl')
        self.hook = nodes.write(name + '-hook.py', HOOK % self.log)
        os.chmod(self.hook, 0o755)

    def conf(self, ltc_url, eth_url, book, interval=3600, variant='up'):
        return self.nodes.write(f'{self.name}-{variant}.conf', (
            f'database = {self.db}\ninterval = {interval}\naddresses = {book}\n[daemon]\njitter = 0\n'
            f'[litecoin]\nnetwork = regtest\nrpc_url = {ltc_url}\nretries = 0\nconnect_timeout = 1\n'
            f'rpc_timeout = 10\n[ethereum]\nrpc_url = {eth_url}\nchain_id = 31337\nconfirmations = 0\n'
            f'retries = 0\nconnect_timeout = 1\n[alerts]\nhook = {self.hook}\n' + self.alerts))

    def scan(self, conf):
        before = len(records(self.log))
        p = subprocess.run([BIN, 'scan', '--config', conf, '--format', 'json'], capture_output=True, text=True,
                           timeout=120)
        doc = json.loads(p.stdout) if p.stdout.strip() else {}
        got = records(self.log)[before:]
        return doc.get('snapshot', {}).get('status'), got, p.stderr

    def states(self, conf):
        p = subprocess.run([BIN, 'alerts', '--config', conf, '--format', 'json'], capture_output=True, text=True)
        return {s['alert']: s for s in json.loads(p.stdout)['states']}


def events(got):
    return [(r['env']['PORWATCH_ALERT'], r['env']['PORWATCH_STATE']) for r in got]


def payload(got, key):
    for r in got:
        if r['env']['PORWATCH_ALERT'] == key:
            return json.loads(r['stdin'])
    return {}


def main():
    c = Checks()
    nodes = Nodes()
    daemon = None
    started = time.time()
    try:
        ltc = nodes.litecoind('ltc')
        eth = nodes.anvil('eth')
        ltc('createwallet', 'miner')
        ltc('createwallet', 'reserve')
        miner = ltc('getnewaddress', '', 'bech32', wallet='miner')
        ltc('generatetoaddress', 101, miner)

        def mine():
            ltc('generatetoaddress', 1, miner)

        # Three signed LTC addresses (4.5 LTC proven) and one unsigned (1 LTC): 5.5 LTC observed.
        rows, addrs = {}, []
        for kind, amount in (('legacy', '1.5'), ('p2sh-segwit', '2.25'), ('bech32', '0.75')):
            a = ltc('getnewaddress', '', kind, wallet='reserve')
            wif = ltc('dumpprivkey', a, wallet='reserve')
            ltc('sendtoaddress', a, amount, wallet='miner')
            sig_type = {'legacy': 'p2pkh', 'p2sh-segwit': 'p2sh-p2wpkh', 'bech32': 'p2wpkh'}[kind]
            sig = subprocess.check_output(['node', os.path.join(TOOLS, 'btc-sign.cjs'), 'sign137', wif, sig_type,
                                           MESSAGE, 'litecoin-regtest'], text=True).strip()
            rows[a] = f'litecoin,regtest,{a},LTC,{MESSAGE},{sig},,,{kind}\n'
            addrs.append(a)
        unsigned = ltc('getnewaddress', '', 'bech32', wallet='reserve')
        ltc('sendtoaddress', unsigned, '1', wallet='miner')
        rows[unsigned] = f'litecoin,regtest,{unsigned},LTC,,,,,unsigned\n'
        eth_rows = ''
        for i, key in enumerate(ANVIL_KEYS):
            signed = json.loads(subprocess.check_output(['node', os.path.join(TOOLS, 'eth-sign.mjs'), 'sign', key,
                                                         MESSAGE], text=True))
            rpc(eth, 'anvil_setBalance', [signed['address'], hex(10**18 * (i + 1))])
            eth_rows += f'ethereum,,{signed["address"]},ETH,{MESSAGE},{signed["signature"]},,,hot {i + 1}\n'
        rpc(eth, 'evm_mine', [])
        mine()

        def write_book(without=()):
            return nodes.write('reserves.csv', HEADER + ''.join(r for a, r in rows.items() if a not in without) + eth_rows)

        def drain(address):
            """Spend every coin of `address` to the miner with one real transaction."""
            utxos = ltc('listunspent', 0, 9999999, [address], wallet='reserve')
            value = sum(decimal.Decimal(str(u['amount'])) for u in utxos)
            raw = ltc('createrawtransaction', [{'txid': u['txid'], 'vout': u['vout']} for u in utxos],
                      {miner: str(value - decimal.Decimal('0.001'))})
            ltc('sendrawtransaction', ltc('signrawtransactionwithwallet', raw, wallet='reserve')['hex'])
            mine()

        def refill(address, amount):
            ltc('sendtoaddress', address, amount, wallet='miner')
            mine()

        book = write_book()
        closed = f'http://127.0.0.1:{free_port()}/'
        ltc_up = f'http://u:p@127.0.0.1:{ltc.port}/'
        main_watch = Watch(nodes, 'main', f'drop_percent = *:10\ndrop_percent = LTC:10:5s\nstale_after = {STALE}s\n'
                                          'floor = LTC:3\nfloor = LTC:5:verified\n')
        up = main_watch.conf(ltc_up, eth, book)

        def step(name, watch, conf, want_status, want_events):
            status, got, err = watch.scan(conf)
            c.check(f'{name}: snapshot {want_status}', status == want_status, f'{status}: {err[-1500:]}')
            c.check(f'{name}: hook got {want_events}', events(got) == want_events, f'got {events(got)}; {err[-1500:]}')
            c.check(f'{name}: no "alerts not evaluated"', 'not evaluated' not in err, err[-1500:])
            return got

        # a. Baseline: proven reserves (4.5) are below the verified floor 5; the whole 5.5 is
        # not (and never falls below the floor 3 of basis all).
        t_a = time.time()
        got = step('baseline', main_watch, up, 'complete', [('floor:LTC:verified', 'firing')])
        p = payload(got, 'floor:LTC:verified')
        c.check('verified floor payload: basis, both figures', p.get('basis') == 'verified' and
                p.get('units') == '550000000' and p.get('verified_units') == '450000000' and
                p.get('current_units') == '450000000' and p.get('previous_units') == '500000000', json.dumps(p))

        # b. ETH's endpoint is down while LTC is drained: the LTC drops fire from the partial snapshot.
        drain(addrs[0])
        eth_down = main_watch.conf(ltc_up, closed, book, variant='eth-down')
        got = step('ETH down, LTC drained', main_watch, eth_down, 'partial',
                   [('drop:LTC', 'firing'), ('drop:LTC:5s', 'firing')])
        p = payload(got, 'drop:LTC')
        c.check('drop payload: litecoin figures and evidence only', p.get('chain') == 'litecoin' and
                p.get('previous_units') == '550000000' and p.get('current_units') == '400000000' and
                p.get('units') == '400000000' and p.get('verified_units') == '300000000' and
                list(p.get('heights', {})) == ['litecoin'] and p.get('drop_basis') == 'book', json.dumps(p))

        # c. Still down past stale_after: stale:ethereum, not stale:litecoin.
        time.sleep(max(0.0, t_a + STALE + 1 - time.time()))
        step('ETH down past stale_after', main_watch, eth_down, 'partial', [('stale:ethereum', 'firing')])

        # d. ETH back and LTC refilled: both resolve.
        refill(addrs[0], '1.5')
        t_d = time.time()
        step('ETH back, LTC refilled', main_watch, up, 'complete',
             [('drop:LTC', 'resolved'), ('drop:LTC:5s', 'resolved'), ('stale:ethereum', 'resolved')])

        # e-g. LTC's endpoint is down while LTC is drained: nothing, then stale; back: the drop
        # fires against the figure before the gap (the 5 s window holds no LTC reading).
        ltc_down = main_watch.conf(closed, eth, book, variant='ltc-down')
        drain(addrs[1])
        step('LTC down, drained meanwhile', main_watch, ltc_down, 'partial', [])
        time.sleep(max(0.0, t_d + STALE + 1 - time.time()))
        got = step('LTC down past stale_after', main_watch, ltc_down, 'partial', [('stale:litecoin', 'firing')])
        c.check('stale detail names the chain, its last reading and this cycle',
                payload(got, 'stale:litecoin').get('detail', '').startswith('litecoin: last complete reading at ')
                and 'this cycle: failed' in payload(got, 'stale:litecoin').get('detail', '')
                and got[0]['env']['PORWATCH_ASSET'] == '' and payload(got, 'stale:litecoin').get('chain') == 'litecoin',
                json.dumps(got))
        got = step('LTC back', main_watch, up, 'complete',
                   [('drop:LTC', 'firing'), ('drop:LTC:5s', 'firing'), ('stale:litecoin', 'resolved')])
        p = payload(got, 'drop:LTC:5s')
        c.check('after the gap: compared with the figure before it', p.get('previous_units') == '550000000' and
                p.get('current_units') == '325000000' and 'none within 5s' in p.get('detail', ''), json.dumps(p))

        # 11. The book shrinks. main: drop_basis = book; like: same_addresses (fresh database).
        refill(addrs[1], '2.25')
        like = Watch(nodes, 'like', 'drop_percent = LTC:10\ndrop_basis = same_addresses\nstale_after = off\n')
        like_conf = like.conf(ltc_up, eth, book)
        step('refilled', main_watch, up, 'complete', [('drop:LTC', 'resolved'), ('drop:LTC:5s', 'resolved')])
        step('like: baseline', like, like_conf, 'complete', [])
        book = write_book(without=(addrs[1],))   # 2.25 LTC leaves the published file
        got = step('an address leaves the book (book basis)', main_watch, up, 'complete',
                   [('drift:LTC', 'firing'), ('drop:LTC', 'firing'), ('drop:LTC:5s', 'firing')])
        p = payload(got, 'drop:LTC')
        change = p.get('book_change') or {}
        c.check('the drop names the book change', change.get('removed_addresses') == 1 and
                change.get('removed_units') == '225000000' and change.get('added_addresses') == 0 and
                change.get('same_addresses') == 3 and change.get('same_previous_units') == '325000000' and
                change.get('same_current_units') == '325000000' and
                '-2.25000000 LTC from 1 removed address(es)' in p.get('detail', ''), json.dumps(p))
        step('an address leaves the book (same_addresses)', like, like_conf, 'complete', [('drift:LTC', 'firing')])
        drain(unsigned)   # a like-for-like drain: 3.25 → 2.25 LTC
        got = step('like-for-like drain', like, like_conf, 'complete', [('drop:LTC', 'firing')])
        p = payload(got, 'drop:LTC')
        c.check('like-for-like payload', p.get('drop_basis') == 'same_addresses' and
                p.get('previous_units') == '325000000' and p.get('current_units') == '225000000', json.dumps(p))
        c.check('stale_after = off: no stale key at all',
                not any(k.startswith('stale') for k in like.states(like_conf)), str(like.states(like_conf)))

        # 2. Without stale_after: on by default, max(3 x interval, 30m) = 30m for interval 600.
        default = Watch(nodes, 'default', 'drop_percent = *:10\n')
        default_conf = default.conf(ltc_up, eth, book, interval=600)
        default.scan(default_conf)
        states = default.states(default_conf)
        c.check('default staleness: stale:litecoin and stale:ethereum watched with stale_after 30m',
                all('stale_after 30m' in states.get(k, {}).get('detail', '') for k in ('stale:litecoin', 'stale:ethereum')),
                str(states))

        # 5. Rules that could not be computed fail at load, with FILE:LINE, exit 2.
        bad = Watch(nodes, 'bad', '')
        token = '0x00000000000000000000000000000000000a11ce'
        cases = [('floor = LTC:1.123456789\n', ':20: alerts: floor = \'LTC:1.123456789\': it applies to LTC on '
                  'litecoin, which has 8 decimals'),
                 ('drop_percent = XRP:5\n', ':20: alerts: drop_percent = \'XRP:5\': no configured chain has asset XRP'),
                 ('drop_percent = LTC@ethereum:5\n', ':20: alerts: drop_percent = \'LTC@ethereum:5\': LTC is not an '
                  'asset of [ethereum]')]
        for extra, want in cases:
            bad.alerts = extra
            conf = bad.conf(ltc_up, eth, book)
            for cmd in (['scan', '--config', conf, '--once'], ['run', '--config', conf]):
                p = subprocess.run([BIN, *cmd], capture_output=True, text=True, timeout=60)
                c.check(f'{cmd[0]} rejects {extra.strip()}: exit 2, FILE:LINE',
                        p.returncode == 2 and (conf + want) in p.stderr, f'exit {p.returncode}: {p.stderr[-800:]}')
        c.check('the rejected configs wrote no database', not os.path.exists(bad.db), bad.db)
        with open(bad.conf(ltc_up, eth, book)) as f:
            clash = f.read().replace('[alerts]', f'token = LTC:{token}:18\n[alerts]')
        clash_conf = nodes.write('clash.conf', clash)
        p = subprocess.run([BIN, 'scan', '--config', clash_conf, '--once'], capture_output=True, text=True, timeout=60)
        c.check('a token named like [litecoin]\'s coin: exit 2, FILE:LINE',
                p.returncode == 2 and f'{clash_conf}:18: token LTC collides with the native asset LTC of [litecoin]'
                in p.stderr, f'exit {p.returncode}: {p.stderr[-800:]}')

        # 5. SIGHUP with such a config keeps the running one, which still delivers a real drop.
        hup = Watch(nodes, 'hup', 'drop_percent = LTC:10\n')
        hup_conf = hup.conf(ltc_up, eth, book, interval=2)
        log_path = os.path.join(nodes.dir, 'hup-run.log')
        with open(log_path, 'w') as log:
            daemon = subprocess.Popen([BIN, 'run', '--config', hup_conf], stdout=log, stderr=subprocess.STDOUT)

        def wait_for(predicate, timeout):
            end = time.time() + timeout
            while time.time() < end:
                if predicate():
                    return True
                time.sleep(0.1)
            return False

        def snapshots():
            if not os.path.exists(hup.db):
                return 0
            try:
                db = sqlite3.connect(hup.db)
                try:
                    return db.execute('SELECT count(*) FROM snapshots').fetchone()[0]
                finally:
                    db.close()
            except sqlite3.OperationalError:   # created but not migrated yet
                return 0

        c.check('daemon: first cycle stored', wait_for(lambda: snapshots() >= 1, 20), open(log_path).read()[-1500:])
        hup.alerts = 'drop_percent = LTC:10\nfloor = LTC:1.123456789\n'
        hup.conf(ltc_up, eth, book, interval=2)
        daemon.send_signal(signal.SIGHUP)
        c.check('SIGHUP with an uncomputable floor is rejected with FILE:LINE',
                wait_for(lambda: f"{hup_conf}:21: alerts: floor = 'LTC:1.123456789'" in open(log_path).read(), 10),
                open(log_path).read()[-1500:])
        seen = snapshots()
        drain(addrs[2])   # 2.25 → 1.5 LTC in the file's addresses
        c.check('the running config delivers the real drop after the rejected reload',
                wait_for(lambda: ('drop:LTC', 'firing') in events(records(hup.log)), 20),
                f'{events(records(hup.log))}; {open(log_path).read()[-1500:]}')
        c.check('daemon kept cycling', snapshots() > seen, str(snapshots()))
        daemon.send_signal(signal.SIGTERM)
        c.check('daemon exits 0 after SIGTERM', daemon.wait(timeout=60) == 0, open(log_path).read()[-800:])
        daemon = None
        c.check('no "alerts not evaluated" in the daemon log', 'not evaluated' not in open(log_path).read(),
                open(log_path).read()[-1500:])
        print(f'runtime {time.time() - started:.1f} s')
    finally:
        if daemon:
            daemon.kill()
            daemon.wait()
        nodes.stop()
    return c.finish()


if __name__ == '__main__':
    sys.exit(main())
