#!/usr/bin/python3
"""`porwatch run` against a real litecoind regtest node: stored per-address balances equal the
node's scantxoutset at every snapshot's height (delta storage over real scans, book changes),
SIGHUP with a broken config, the node down for three cycles then back, kill -9 in a loop
(integrity_check, whole snapshots, restart), and a graceful SIGTERM.
usage: daemon_litecoin.py PORWATCH_BINARY"""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

from nodes import TOOLS, Checks, Nodes, sats, wait_for

BIN = sys.argv[1]
HEADER = 'chain,network,address,asset,message,signatures,script,scheme,label\n'


class Daemon:
    def __init__(self, conf, log_path):
        self.conf, self.log_path = conf, log_path
        self.proc = None

    def start(self):
        self.log = open(self.log_path, 'a')
        self.proc = subprocess.Popen([BIN, 'run', '--config', self.conf], stdout=self.log, stderr=subprocess.STDOUT)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def signal(self, sig):
        self.proc.send_signal(sig)

    def wait(self, timeout=20):
        code = self.proc.wait(timeout=timeout)
        self.log.close()
        return code

    def log_text(self):
        with open(self.log_path) as f:
            return f.read()


def query(db, sql, *args):
    if not os.path.exists(db):   # the daemon has not created it yet (slow under ASan)
        return []
    con = sqlite3.connect(f'file:{db}?mode=ro', uri=True, timeout=10)
    try:
        return con.execute(sql, args).fetchall()
    except sqlite3.OperationalError as e:
        if str(e).startswith('no such table'):   # the file exists, its migrations are not committed yet
            return []
        raise
    finally:
        con.close()


def snapshots(db):
    return query(db, 'SELECT s.id, s.status, s.error, c.height FROM snapshots s '
                     'LEFT JOIN snapshot_chains c ON c.snapshot_id = s.id ORDER BY s.id')


def node_balances(node, addresses, spk):
    """Per-address confirmed balances (1+ confirmations) at the node's tip, and the height."""
    scan = node('scantxoutset', 'start', [f'addr({a})' for a in addresses])
    by_spk = {}
    for u in scan['unspents']:
        if scan['height'] - u['height'] + 1 >= 1:
            by_spk[u['scriptPubKey']] = by_spk.get(u['scriptPubKey'], 0) + sats(u['amount'])
    return scan['height'], {a: by_spk.get(spk[a], 0) for a in addresses}


def write_book(path, addresses):
    with open(path, 'w') as f:
        f.write(HEADER + ''.join(f'litecoin,regtest,{a},LTC,,,,,r{i}\n' for i, a in enumerate(addresses)))


def main():
    c = Checks()
    nodes = Nodes()
    daemon = None
    try:
        node = nodes.litecoind('a')
        state = os.path.join(nodes.dir, 'a')
        node('createwallet', 'miner')
        node('createwallet', 'reserve')
        miner = node('getnewaddress', '', 'bech32', wallet='miner')
        node('generatetoaddress', 150, miner)
        kinds = ['legacy', 'p2sh-segwit', 'bech32'] * 20
        pool = [node('getnewaddress', '', k, wallet='reserve') for k in kinds]
        spk = {a: node('getaddressinfo', a, wallet='reserve')['scriptPubKey'] for a in pool}
        for a in pool[:12]:
            node('sendtoaddress', a, '1.25', wallet='miner')
        node('generatetoaddress', 1, miner)
        book = pool[:50]
        book_path = nodes.write('book.csv', '')
        write_book(book_path, book)
        db = os.path.join(nodes.dir, 'history.db')
        body = (f'database = {db}\ninterval = 1\naddresses = {book_path}\n[daemon]\njitter = 0\n'
                f'[litecoin]\nnetwork = regtest\nrpc_url = http://u:p@127.0.0.1:{node.port}/\n'
                'retries = 0\nconnect_timeout = 1\nrpc_timeout = 10\n')
        conf = nodes.write('porwatch.conf', body)
        expected = {}      # height -> {address: sats} for the book of that height
        h, bal = node_balances(node, book, spk)
        expected[h] = bal
        daemon = Daemon(conf, os.path.join(nodes.dir, 'porwatch.log'))
        daemon.start()

        # 1. delta storage over real scans: balances change, the book changes.
        rng = random.Random(5)
        for round_ in range(5):
            for a in rng.sample(book, 4):
                node('sendtoaddress', a, '0.' + str(rng.randint(10, 99)) + '5', wallet='miner')
            node('sendtoaddress', miner, '0.5', wallet='reserve')   # spends some reserve coins
            if round_ == 2:
                book = book[2:] + pool[50:53]     # 2 leave, 3 join
                write_book(book_path, book)
            node('generatetoaddress', 1, miner)
            h, bal = node_balances(node, book, spk)
            expected[h] = bal
            ok = wait_for(lambda: any(r[3] == h and r[1] == 'complete' for r in snapshots(db)), 30)
            c.check(f'round {round_}: a complete snapshot at height {h}', ok, daemon.log_text()[-2000:])
        mismatches, compared = [], 0
        for sid, status, _, height in snapshots(db):
            if status != 'complete':
                continue
            stored = {a: int(u) for a, u in query(db, "SELECT address, units FROM address_balance_at "
                                                      "WHERE snapshot_id = ? AND asset = 'LTC'", sid)}
            want = expected.get(height)
            if want is None:
                mismatches.append(f'snapshot {sid} at unexpected height {height}')
                continue
            compared += 1
            if stored != want:
                mismatches.append(f'snapshot {sid} h={height}: {len(set(stored.items()) ^ set(want.items()))} differ')
        c.check(f'every stored balance equals the node at its height ({compared} snapshots)',
                not mismatches and compared >= 5, '; '.join(mismatches[:5]))
        events = query(db, 'SELECT event, count(*) FROM book_events GROUP BY event')
        c.check('book diff stored (first book + 3 added, 2 removed)', dict(events) == {'added': 53, 'removed': 2}, str(events))
        c.check('book diff logged', 'book: 3 added' in daemon.log_text() and '2 removed' in daemon.log_text())
        rows = query(db, 'SELECT count(*) FROM balance_changes')[0][0]
        c.check('balances stored only when changed', rows < 50 + 5 * 8 + 10, f'{rows} rows')

        # 2. SIGHUP with a broken config: logged, the old config keeps running.
        with open(conf, 'w') as f:
            f.write(body.replace('interval = 1', 'interval = soon'))
        daemon.signal(signal.SIGHUP)
        before = len(snapshots(db))
        c.check('broken reload is logged', wait_for(lambda: 'reload failed' in daemon.log_text(), 10), daemon.log_text()[-1000:])
        c.check('daemon keeps running with the old config', wait_for(lambda: len(snapshots(db)) >= before + 2, 15)
                and daemon.alive())
        with open(conf, 'w') as f:
            f.write(body.replace('jitter = 0', 'jitter = 0\nlog_level = debug'))
        daemon.signal(signal.SIGHUP)
        c.check('a good reload is applied', wait_for(lambda: 'configuration reloaded' in daemon.log_text()
                                                     and 'stored snapshot' in daemon.log_text(), 10))

        # 3. the node down for three cycles, then back.
        last = snapshots(db)[-1][0]
        subprocess.check_call([os.path.join(TOOLS, 'stop-node.sh'), os.path.join(state, 'litecoind.pid')])

        def failed_since():
            return [r for r in snapshots(db) if r[0] > last and r[1] == 'failed']
        c.check('three failed snapshots while the node is down', wait_for(lambda: len(failed_since()) >= 3, 30))
        c.check('each failed snapshot stores the reason', all('litecoin' in r[2] and r[2] for r in failed_since()),
                str(failed_since()[:1]))
        c.check('the daemon did not exit', daemon.alive())
        subprocess.check_call([os.path.join(TOOLS, 'start-litecoind.sh'), state, str(node.port)])
        down_last = snapshots(db)[-1][0]
        c.check('complete again once the node is back',
                wait_for(lambda: any(r[0] > down_last and r[1] == 'complete' for r in snapshots(db)), 30))

        # 4. kill -9 in a loop: integrity_check ok, snapshots whole, restart works.
        bad = []
        for i in range(6):
            time.sleep(rng.uniform(0.3, 1.6))
            daemon.signal(signal.SIGKILL)
            daemon.wait()
            integrity = query(db, 'PRAGMA integrity_check')[0][0]
            torn = query(db, 'SELECT count(*) FROM snapshots s WHERE chains_count != '
                             '(SELECT count(*) FROM snapshot_chains c WHERE c.snapshot_id = s.id) OR totals_count != '
                             '(SELECT count(*) FROM asset_totals t WHERE t.snapshot_id = s.id)')[0][0]
            if integrity != 'ok' or torn:
                bad.append(f'kill {i}: integrity {integrity}, {torn} torn snapshots')
            daemon.start()
        c.check('6 × kill -9: integrity_check ok and every snapshot whole', not bad, '; '.join(bad))
        n = len(snapshots(db))
        c.check('restarted daemon stores again', wait_for(lambda: len(snapshots(db)) >= n + 2, 20))

        # 5. SIGTERM: graceful stop, exit 0.
        daemon.signal(signal.SIGTERM)
        code = daemon.wait()
        daemon = None
        log = open(os.path.join(nodes.dir, 'porwatch.log')).read()
        c.check('SIGTERM: exit 0 and "database closed" logged', code == 0 and 'database closed' in log, f'exit {code}')
        c.check('integrity_check after the stop', query(db, 'PRAGMA integrity_check')[0][0] == 'ok')

        # 6. history and status read the same database.
        p = subprocess.run([BIN, 'history', '--config', conf, '--format', 'csv'], capture_output=True, text=True)
        c.check('history --format csv', p.returncode == 0 and p.stdout.count('\n') > 5 and ',LTC,litecoin,regtest,' in p.stdout,
                p.stderr)
        p = subprocess.run([BIN, 'status', '--db', db], capture_output=True, text=True)
        c.check('status shows the last error and counts', p.returncode == 0 and 'last failed' in p.stdout
                and 'addresses in book  51' in p.stdout, p.stdout + p.stderr)
    finally:
        if daemon is not None and daemon.alive():
            daemon.proc.kill()
        nodes.stop()
    return c.finish()


if __name__ == '__main__':
    sys.exit(main())
