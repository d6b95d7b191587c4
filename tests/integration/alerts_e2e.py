#!/usr/bin/python3
"""Alerts end to end against real litecoind regtest and anvil, with real transactions, a real
hook program (records its stdin and environment) and a real HTTP receiver checking the HMAC.
Each `porwatch scan --once` is one cycle on one database (state and outbox persist between
them); one step uses `porwatch run` as the restarted daemon that delivers what was queued.

Scenarios (both chains in every cycle): drop fires once; stays low: no repeat; recovers past
the hysteresis: one resolve; a node down during a drop: only `stale:litecoin`; the receiver down:
queued, then delivered once after a daemon restart; a maintenance window; an address removed
from the file: drift; a signature broken in the file: ownership.
usage: alerts_e2e.py PORWATCH_BINARY"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from nodes import TOOLS, Checks, Nodes, free_port, rpc

BIN = sys.argv[1]
CAST = os.path.join(TOOLS, 'node_modules/@foundry-rs/cast-linux-amd64/bin/cast')
HEADER = 'chain,network,address,asset,message,signatures,script,scheme,label\n'
MESSAGE = 'porwatch alert test: these reserves belong to Example Exchange'
DEV0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'   # anvil's funded dev key
ANVIL_KEYS = ['0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
              '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
              '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6']
HOOK = '''#!/usr/bin/python3
import json, os, sys
record = {"stdin": sys.stdin.read(), "env": dict(os.environ)}
with open(%r, "a") as f:
    f.write(json.dumps(record) + "\\n")
'''


def lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def hook_events(path):
    return [(r['env']['PORWATCH_ALERT'], r['env']['PORWATCH_STATE']) for r in lines(path)]


def webhook_events(path):
    out = []
    for r in lines(path):
        body = json.loads(r['body'])
        out.append((body['alert'], body['state'], r['signature_ok'], r['status'], r['delivery'] == body['delivery_id']))
    return out


class Receiver:
    def __init__(self, nodes, port):
        self.nodes, self.port = nodes, port
        self.secret = nodes.write('secret', 'whsec-test-key\n')
        self.log = os.path.join(nodes.dir, 'webhook.jsonl')
        self.proc = None

    def start(self):
        port_file = os.path.join(self.nodes.dir, 'receiver.port')
        if os.path.exists(port_file):
            os.remove(port_file)
        self.proc = subprocess.Popen(['/usr/bin/python3', os.path.join(TOOLS, 'webhook-receiver.py'),
                                      '--secret-file', self.secret, '--port-file', port_file,
                                      '--log', self.log, '--port', str(self.port)])
        for _ in range(100):
            if os.path.exists(port_file):
                return
            time.sleep(0.05)
        raise RuntimeError('receiver did not start')

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


def main():
    c = Checks()
    nodes = Nodes()
    receiver = None
    started = time.time()
    try:
        ltc = nodes.litecoind('ltc')
        ltc_state = os.path.join(nodes.dir, 'ltc')
        eth = nodes.anvil('eth')
        ltc('createwallet', 'miner')
        ltc('createwallet', 'reserve')
        miner = ltc('getnewaddress', '', 'bech32', wallet='miner')
        ltc('generatetoaddress', 101, miner)

        ltc_rows, ltc_addresses = [], []
        for kind, amount in (('legacy', '1.5'), ('p2sh-segwit', '2.25'), ('bech32', '0.75')):
            address = ltc('getnewaddress', '', kind, wallet='reserve')
            wif = ltc('dumpprivkey', address, wallet='reserve')
            ltc('sendtoaddress', address, amount, wallet='miner')
            sig_type = {'legacy': 'p2pkh', 'p2sh-segwit': 'p2sh-p2wpkh', 'bech32': 'p2wpkh'}[kind]
            sig = subprocess.check_output(['node', os.path.join(TOOLS, 'btc-sign.cjs'), 'sign137', wif, sig_type,
                                           MESSAGE, 'litecoin-regtest'], text=True).strip()
            ltc_rows.append(f'litecoin,regtest,{address},LTC,{MESSAGE},{sig},,,{kind}\n')
            ltc_addresses.append(address)
        ltc('generatetoaddress', 1, miner)
        eth_rows, eth_accounts = [], []
        for i, key in enumerate(ANVIL_KEYS):
            signed = json.loads(subprocess.check_output(['node', os.path.join(TOOLS, 'eth-sign.mjs'), 'sign', key, MESSAGE], text=True))
            eth_accounts.append(signed['address'])
            rpc(eth, 'anvil_setBalance', [signed['address'], hex(10**18 * (i + 1))])
            eth_rows.append(f'ethereum,,{signed["address"]},ETH,{MESSAGE},{signed["signature"]},,,hot {i + 1}\n')
        rpc(eth, 'evm_mine', [])

        book = nodes.write('reserves.csv', HEADER + ''.join(ltc_rows + eth_rows))
        hook_log = os.path.join(nodes.dir, 'hook.jsonl')
        hook = nodes.write('record-hook.py', HOOK % hook_log)
        os.chmod(hook, 0o755)
        receiver = Receiver(nodes, free_port())
        receiver.start()
        db = os.path.join(nodes.dir, 'porwatch.db')

        def write_conf(extra_alerts=''):
            return nodes.write('porwatch.conf', (
                f'database = {db}\ninterval = 3600\naddresses = {book}\n[daemon]\njitter = 0\n'
                f'[litecoin]\nnetwork = regtest\nrpc_url = http://u:p@127.0.0.1:{ltc.port}/\n'
                'retries = 0\nconnect_timeout = 1\nrpc_timeout = 10\n'
                f'[ethereum]\nrpc_url = {eth}\nchain_id = 31337\nconfirmations = 0\nretries = 0\n'
                '[alerts]\ndrop_percent = *:10\nresolve_percent = 5\nstale_after = 4s\n'
                f'hook = {hook}\nhook_timeout = 10s\nwebhook = http://127.0.0.1:{receiver.port}/porwatch\n'
                f'webhook_secret_file = {receiver.secret}\nretry_initial = 1s\nretry_max = 1s\n'
                'give_up_after = 1h\n' + extra_alerts))
        conf = write_conf()

        def scan(name):
            p = subprocess.run([BIN, 'scan', '--config', conf, '--format', 'json'],
                               capture_output=True, text=True, timeout=120)
            doc = json.loads(p.stdout) if p.stdout.strip() else {}
            return p.returncode, doc.get('snapshot', {}).get('status'), p.stderr

        def step(name, want_status, want_hook, want_webhook=None):
            before_hook, before_web = len(hook_events(hook_log)), len(webhook_events(receiver.log))
            code, status, err = scan(name)
            got_hook = hook_events(hook_log)[before_hook:]
            got_web = [(a, s) for a, s, ok, st, same in webhook_events(receiver.log)[before_web:] if ok and same and st == 200]
            c.check(f'{name}: snapshot {want_status}', status == want_status, f'{status} exit {code}: {err[-1500:]}')
            c.check(f'{name}: hook got {want_hook}', got_hook == want_hook, f'got {got_hook}; stderr: {err[-1500:]}')
            want_web = want_hook if want_webhook is None else want_webhook
            c.check(f'{name}: webhook got {want_web} (signed)', got_web == want_web, f'got {got_web}')
            return err

        def eth_send(key, to, value):
            subprocess.check_call([CAST, 'send', '--rpc-url', eth, '--private-key', key, to, '--value', value],
                                  stdout=subprocess.DEVNULL)

        # 1. Baseline: the first book is not "drift", nothing fires.
        step('baseline', 'complete', [])
        step('unchanged', 'complete', [])

        # 2. A real drop on both chains fires once per asset; staying low does not repeat.
        ltc('sendtoaddress', miner, '1.0', wallet='reserve')      # spends a reserve UTXO; change leaves the book
        ltc('generatetoaddress', 1, miner)
        eth_send(ANVIL_KEYS[2], '0x000000000000000000000000000000000000dEaD', '2.5ether')
        step('drop', 'complete', [('drop:ETH', 'firing'), ('drop:LTC', 'firing')])
        ltc('generatetoaddress', 1, miner)
        step('stays low', 'complete', [])
        first = lines(hook_log)[0]
        payload = json.loads(first['stdin'])
        c.check('hook payload: figures, evidence, delivery id',
                payload['alert'] == 'drop:ETH' and payload['state'] == 'firing' and payload['chain'] == 'ethereum'
                and int(payload['previous_units']) == 6 * 10**18 and int(payload['current_units']) < 4 * 10**18
                and 'ethereum' in payload['heights'] and 'ethereum' in payload['block_hashes']
                and payload['delivery_id'] == first['env']['PORWATCH_DELIVERY_ID'], json.dumps(payload))
        c.check('hook environment: PORWATCH_* and PATH only',
                sorted(k for k in first['env'] if k not in ('PWD', 'SHLVL', '_', 'LC_CTYPE'))
                == ['PATH', 'PORWATCH_ALERT', 'PORWATCH_ASSET', 'PORWATCH_DELIVERY_ID', 'PORWATCH_STATE']
                and first['env']['PORWATCH_ASSET'] == 'ETH', str(first['env']))

        # 3. The litecoin node goes down while ETH drops further: only `stale:litecoin` (drop:ETH
        # is evaluated, and stays firing against its frozen reference: no repeat), no resolve.
        subprocess.check_call([os.path.join(TOOLS, 'stop-node.sh'), os.path.join(ltc_state, 'litecoind.pid')])
        eth_send(ANVIL_KEYS[1], '0x000000000000000000000000000000000000dEaD', '1ether')
        time.sleep(4.5)
        step('node down during a drop', 'partial', [('stale:litecoin', 'firing')])

        # 4. Back, and recovered past the hysteresis: one resolve each.
        subprocess.check_call([os.path.join(TOOLS, 'start-litecoind.sh'), ltc_state, str(ltc.port)])
        ltc('loadwallet', 'miner')
        ltc('loadwallet', 'reserve')
        ltc('sendtoaddress', ltc_addresses[0], '10', wallet='miner')
        ltc('generatetoaddress', 1, miner)
        eth_send(DEV0, eth_accounts[2], '10ether')
        step('recovered', 'complete', [('drop:ETH', 'resolved'), ('drop:LTC', 'resolved'), ('stale:litecoin', 'resolved')])

        # 5. The receiver is down: the webhook row is queued (the hook still gets it) ...
        receiver.stop()
        eth_send(ANVIL_KEYS[2], '0x000000000000000000000000000000000000dEaD', '8ether')
        step('receiver down', 'complete', [('drop:ETH', 'firing')], [])
        queued = sqlite3.connect(db).execute(
            "SELECT delivery_id, attempts, last_http_status FROM alert_outbox WHERE target_kind = 'webhook' "
            "AND delivered_at IS NULL AND gave_up_at IS NULL").fetchall()
        c.check('receiver down: one webhook row queued after one attempt (no HTTP answer)',
                len(queued) == 1 and queued[0][1] == 1 and queued[0][2] == 0, str(queued))
        alerts = subprocess.run([BIN, 'alerts', '--config', conf, '--format', 'json'], capture_output=True, text=True)
        doc = json.loads(alerts.stdout)
        c.check('porwatch alerts shows it retrying and drop:ETH firing',
                any(d['status'] == 'retrying' and d['target_kind'] == 'webhook' for d in doc['deliveries'])
                and any(s['alert'] == 'drop:ETH' and s['state'] == 'firing' for s in doc['states']), alerts.stdout[:800])
        # ... and delivered once it is back, by the restarted daemon (porwatch run).
        receiver.start()
        seen = len(webhook_events(receiver.log))
        time.sleep(1.1)   # retry_initial
        daemon_log = open(os.path.join(nodes.dir, 'run.log'), 'w')
        daemon = subprocess.Popen([BIN, 'run', '--config', conf], stdout=daemon_log, stderr=subprocess.STDOUT)
        end = time.time() + 30
        while time.time() < end and len(webhook_events(receiver.log)) == seen:
            time.sleep(0.1)
        time.sleep(0.5)
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=60)
        daemon_log.close()
        web = webhook_events(receiver.log)[seen:]
        c.check('after the restart: the queued drop:ETH firing delivered once, signed, same delivery id',
                [(a, s) for a, s, ok, st, same in web] == [('drop:ETH', 'firing')] and all(w[2] and w[4] for w in web)
                and json.loads(lines(receiver.log)[seen]['body'])['delivery_id'] == queued[0][0],
                f'{web}; {open(os.path.join(nodes.dir, "run.log")).read()[-1500:]}')

        # 6. A maintenance window: the resolve is recorded but silenced; after it, delivered once.
        now = int(time.time())
        window = (time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(now - 60)) + '/' +
                  time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(now + 3600)))
        conf = write_conf(f'maintenance = {window}\n')
        eth_send(DEV0, eth_accounts[2], '10ether')
        step('maintenance', 'complete', [], [])
        silenced = sqlite3.connect(db).execute(
            "SELECT alert_key, state FROM alert_outbox WHERE silenced = 1").fetchall()
        c.check('maintenance: the resolve is recorded as silenced for both targets',
                silenced == [('drop:ETH', 'resolved')] * 2, str(silenced))
        conf = write_conf()
        step('after maintenance', 'complete', [('drop:ETH', 'resolved')])
        step('after maintenance, again', 'complete', [])

        # 7. An address removed from the file: drift (the smallest LTC balance, so no drop).
        balances = {}
        for a in ltc_addresses:
            scan_result = ltc('scantxoutset', 'start', [f'addr({a})'])
            balances[a] = scan_result['total_amount']
        smallest = min(ltc_addresses, key=lambda a: balances[a])
        with open(book, 'w') as f:
            f.write(HEADER + ''.join(r for r in ltc_rows if smallest not in r) + ''.join(eth_rows))
        step('address removed', 'complete', [('drift:LTC', 'firing')])
        detail = json.loads(lines(hook_log)[-1]['stdin'])['detail']
        c.check('drift detail names the removed address', '1 removed' in detail and smallest in detail, detail)

        # 8. A signature broken in the file: ownership.
        broken = eth_rows[0].split(',')
        sig = broken[5]
        broken[5] = sig[:40] + ('0' if sig[40] != '0' else '1') + sig[41:]
        eth_rows[0] = ','.join(broken)
        with open(book, 'w') as f:
            f.write(HEADER + ''.join(r for r in ltc_rows if smallest not in r) + ''.join(eth_rows))
        step('signature broken', 'complete', [('ownership:ETH', 'firing')])
        detail = json.loads(lines(hook_log)[-1]['stdin'])['detail']
        c.check('ownership detail names the account', eth_accounts[0] in detail, detail)
        step('still broken: no repeat', 'complete', [])

        undelivered = sqlite3.connect(db).execute(
            'SELECT count(*) FROM alert_outbox WHERE delivered_at IS NULL AND silenced = 0').fetchone()[0]
        c.check('every non-silenced outbox row delivered', undelivered == 0, str(undelivered))
        print(f'runtime {time.time() - started:.1f} s')
    finally:
        if receiver:
            receiver.stop()
        nodes.stop()
    return c.finish()


if __name__ == '__main__':
    sys.exit(main())
