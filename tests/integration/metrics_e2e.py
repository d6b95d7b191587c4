#!/usr/bin/python3
"""/metrics of a running `porwatch run` on real litecoind regtest + anvil, parsed with
prometheus_client's text-format parser and checked against `porwatch history --format json`:
exact reserve text (a wei total no float64 holds), heights, last-complete times, address
states, build info and cycle counters; the textfile is replaced atomically (a reader never sees
a partial file, no temporary file is left); anvil stopped: ethereum is status failed with no
reserve sample while litecoin keeps its figures; a reload cannot move the listener; a
non-loopback address is refused unless listen_public = yes; a taken port is an error.
usage: metrics_e2e.py PORWATCH_BINARY"""
import calendar
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from nodes import Checks, Nodes, free_port
from reserves_fixture import WHALE_WEI, Reserves

BIN = sys.argv[1]


def scrape(port):
    with urllib.request.urlopen(f'http://127.0.0.1:{port}/metrics', timeout=10) as r:
        return r.read().decode(), r.headers.get('Content-Type')


def samples(text):
    """{(name, frozenset(labels)): value} via prometheus_client, plus the raw value text."""
    parsed = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            parsed[(s.name, frozenset(s.labels.items()))] = s.value
    raw = {}
    for line in text.splitlines():
        if line and not line.startswith('#'):
            key, value = line.rsplit(' ', 1)
            raw[key] = value
    return parsed, raw


def value(parsed, name, **labels):
    return parsed.get((name, frozenset(labels.items())))


def history(db):
    import json
    out = subprocess.check_output([BIN, 'history', '--db', db, '--format', 'json'], text=True)
    return json.loads(out)


def iso_to_unix(text):
    return calendar.timegm(time.strptime(text, '%Y-%m-%dT%H:%M:%SZ'))


def wait_for(predicate, timeout):
    end = time.time() + timeout
    while time.time() < end:
        try:
            if predicate():
                return True
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    return False


def cycles(parsed):
    return sum(value(parsed, 'porwatch_cycles_total', result=r) or 0 for r in ('complete', 'partial', 'failed'))


class TextfileReader(threading.Thread):
    """Reads the textfile as fast as it can while porwatch rewrites it."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path, self.stop, self.reads, self.partial, self.versions = path, False, 0, 0, set()

    def run(self):
        while not self.stop:
            try:
                with open(self.path) as f:
                    text = f.read()
            except FileNotFoundError:
                continue
            self.reads += 1
            whole = text.startswith('# HELP porwatch_build_info') and text.endswith('\n') and \
                'porwatch_last_cycle_timestamp_seconds' in text
            if not whole:
                self.partial += 1
            self.versions.add(hash(text))


def start(conf, log):
    return subprocess.Popen([BIN, 'run', '--config', conf], stdout=log, stderr=subprocess.STDOUT)


def main():
    c = Checks()
    nodes = Nodes()
    procs = []
    started = time.time()
    try:
        r = Reserves(nodes)
        db = os.path.join(nodes.dir, 'porwatch.db')
        port = free_port()
        prom_dir = os.path.join(nodes.dir, 'textfile')
        os.makedirs(prom_dir)
        prom = os.path.join(prom_dir, 'porwatch.prom')
        metrics = f'[metrics]\nlisten = 127.0.0.1:{port}\ntextfile = {prom}\n'
        conf = nodes.write('porwatch.conf', r.config(db, metrics))
        log_path = os.path.join(nodes.dir, 'run.log')
        log = open(log_path, 'w')
        reader = TextfileReader(prom)
        reader.start()
        daemon = start(conf, log)
        procs.append(daemon)

        c.check('serves /metrics before the first cycle completes',
                wait_for(lambda: 'porwatch_build_info' in scrape(port)[0], 20))
        c.check('two complete cycles', wait_for(
            lambda: value(samples(scrape(port)[0])[0], 'porwatch_cycles_total', result='complete') >= 2, 40))
        text, content_type = scrape(port)
        c.check('content type is text format 0.0.4', content_type == 'text/plain; version=0.0.4; charset=utf-8',
                content_type)
        parsed, raw = samples(text)
        # The n-th cycle stored the n-th snapshot (a fresh database, every cycle stored) before
        # publishing: compare against exactly that snapshot, whatever ran since.
        n = int(cycles(parsed))
        rows = history(db)
        ids = sorted({row['snapshot_id'] for row in rows})
        c.check('history holds the published cycle', len(ids) >= n, f'{len(ids)} < {n}')
        snap = [row for row in rows if row['snapshot_id'] == ids[n - 1]]
        c.check('that snapshot has LTC and ETH', sorted(row['asset'] for row in snap) == ['ETH', 'LTC'], snap)
        for row in snap:
            key = f'porwatch_reserve{{asset="{row["asset"]}",chain="{row["chain"]}",basis="all"}}'
            c.check(f'{row["asset"]} reserve is the exact decimal text of history',
                    raw.get(key) == row['amount'], f'{raw.get(key)} != {row["amount"]}')
            c.check(f'{row["asset"]} parsed value matches',
                    value(parsed, 'porwatch_reserve', asset=row['asset'], chain=row['chain'], basis='all')
                    == float(row['amount']))
            c.check(f'{row["chain"]} height matches history',
                    value(parsed, 'porwatch_snapshot_height', chain=row['chain']) == row['height'])
            c.check(f'{row["chain"]} status complete',
                    value(parsed, 'porwatch_chain_status', chain=row['chain'], status='complete') == 1 and
                    value(parsed, 'porwatch_chain_status', chain=row['chain'], status='failed') == 0)
            c.check(f'{row["chain"]} last complete = snapshot start',
                    value(parsed, 'porwatch_last_complete_timestamp_seconds', chain=row['chain']) ==
                    iso_to_unix(row['taken_at']))
        eth = [row for row in snap if row['asset'] == 'ETH'][0]
        c.check('ETH total carries the whale wei exactly',
                int(eth['units']) == WHALE_WEI + 3 * 10**18 and
                raw[f'porwatch_reserve{{asset="ETH",chain="ethereum",basis="all"}}'] == '123456792.123456789012345678')
        c.check('verified basis excludes the unsigned whale',
                raw.get('porwatch_reserve{asset="ETH",chain="ethereum",basis="verified"}') == '3.000000000000000000',
                raw.get('porwatch_reserve{asset="ETH",chain="ethereum",basis="verified"}'))
        c.check('addresses by state', value(parsed, 'porwatch_addresses', state='verified') == r.signed_addresses and
                value(parsed, 'porwatch_addresses', state='unsigned') == r.unsigned_addresses)
        version = subprocess.check_output([BIN, '--version'], text=True).split()[1]
        c.check('build info', value(parsed, 'porwatch_build_info', version=version) == 1)
        c.check('cycle duration is positive', value(parsed, 'porwatch_cycle_duration_seconds') > 0)
        c.check('HELP says float64 is not exact and where the exact figures are',
                'float64, which is not exact for wei-scale amounts' in text and 'porwatch report' in text)
        c.check('no label per address', all(r.eth_accounts[0].lower() not in line.lower() for line in text.splitlines()))
        c.check('textfile parses and has the same families',
                {f.name for f in text_string_to_metric_families(open(prom).read())} ==
                {f.name for f in text_string_to_metric_families(text)})
        c.check('textfile is mode 0644', stat.S_IMODE(os.stat(prom).st_mode) == 0o644)

        # A chain fails: failed status, no reserve sample for it (never 0); litecoin unaffected.
        eth_last = value(parsed, 'porwatch_last_complete_timestamp_seconds', chain='ethereum')
        r.stop_anvil()
        c.check('ethereum shows failed', wait_for(
            lambda: value(samples(scrape(port)[0])[0], 'porwatch_chain_status', chain='ethereum', status='failed') == 1, 40))
        text, _ = scrape(port)
        parsed, raw = samples(text)
        c.check('no ETH reserve sample while ethereum fails', not any('asset="ETH"' in k for k in raw), text)
        c.check('no ethereum height while it fails', value(parsed, 'porwatch_snapshot_height', chain='ethereum') is None)
        c.check('LTC reserve still there', raw.get('porwatch_reserve{asset="LTC",chain="litecoin",basis="all"}') == '3.75000000')
        # Cycles may have completed between the scrape above and stopping anvil: the last good
        # read is the newest stored ETH figure, never a time after it.
        eth_rows = [row for row in history(db) if row['asset'] == 'ETH']
        last_good = max(iso_to_unix(row['taken_at']) for row in eth_rows)
        c.check('ethereum last complete stays at the last good read',
                last_good >= eth_last and
                value(parsed, 'porwatch_last_complete_timestamp_seconds', chain='ethereum') == last_good,
                f'{last_good} {eth_last}')
        c.check('partial cycles counted', value(parsed, 'porwatch_cycles_total', result='partial') >= 1)

        # A reload may not move the listener: the old one keeps serving.
        other = free_port()
        with open(conf, 'w') as f:
            f.write(r.config(db, f'[metrics]\nlisten = 127.0.0.1:{other}\ntextfile = {prom}\n'))
        daemon.send_signal(signal.SIGHUP)
        c.check('reload refused', wait_for(lambda: '[metrics] listen cannot change on reload' in open(log_path).read(), 20))
        c.check('old listener still serves', 'porwatch_build_info' in scrape(port)[0])

        reader.stop = True
        reader.join()
        c.check('textfile read often while rewritten, never partial',
                reader.reads > 100 and len(reader.versions) >= 3 and reader.partial == 0,
                f'{reader.reads} reads, {len(reader.versions)} versions, {reader.partial} partial')
        daemon.send_signal(signal.SIGTERM)
        c.check('SIGTERM exits 0', daemon.wait(timeout=30) == 0)
        c.check('no temporary file left', os.listdir(prom_dir) == ['porwatch.prom'], os.listdir(prom_dir))
        c.check('listener closed with the daemon', not wait_for(lambda: scrape(port), 1))

        # Non-loopback only when spelled out; a port that is taken is an error.
        public_port = free_port()
        bad = nodes.write('public.conf', r.config(os.path.join(nodes.dir, 'p.db'), f'[metrics]\nlisten = 0.0.0.0:{public_port}\n'))
        p = subprocess.run([BIN, 'run', '--config', bad], capture_output=True, text=True, timeout=30)
        c.check('0.0.0.0 without listen_public: exit 2', p.returncode == 2, p.returncode)
        c.check('and says why', 'is not a loopback address' in p.stderr and 'listen_public = yes' in p.stderr, p.stderr)
        c.check('nothing listens there', not wait_for(lambda: scrape(public_port), 1))
        ok = nodes.write('public-ok.conf', r.config(os.path.join(nodes.dir, 'p.db'),
                                                    f'[metrics]\nlisten = 0.0.0.0:{public_port}\nlisten_public = yes\n'))
        public_log = open(os.path.join(nodes.dir, 'public.log'), 'w')
        public = start(ok, public_log)
        procs.append(public)
        c.check('0.0.0.0 with listen_public = yes serves', wait_for(lambda: 'porwatch_build_info' in scrape(public_port)[0], 20))
        taken = nodes.write('taken.conf', r.config(os.path.join(nodes.dir, 't.db'), f'[metrics]\nlisten = 127.0.0.1:{public_port}\n'))
        p = subprocess.run([BIN, 'run', '--config', taken], capture_output=True, text=True, timeout=30)
        c.check('a taken port: exit 2 naming it', p.returncode == 2 and
                f'cannot listen on 127.0.0.1:{public_port}: Address already in use' in p.stderr, p.stderr)
        public.send_signal(signal.SIGTERM)
        c.check('public daemon exits 0', public.wait(timeout=30) == 0)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        nodes.stop()
    print(f'metrics_e2e took {time.time() - started:.1f} s')
    return c.finish()


if __name__ == '__main__':
    sys.exit(main())
