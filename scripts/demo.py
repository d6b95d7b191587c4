#!/usr/bin/python3
"""The body of scripts/demo (run that instead): real litecoind regtest + anvil on loopback,
reserve addresses funded with real transactions and signed by third-party signers, `porwatch
run` for a few cycles with Prometheus metrics on loopback, a withdrawal from a reserve address that
fires a drop alert through a hook (once), litecoind stopped for a few cycles (a gap, never a zero),
then the HTML report (and a Chromium screenshot of it) and `porwatch history`/`status`/`alerts`.
Liabilities: a BitMEX tree (LTC) and an OKX tree (ETH) written by tests/tools/gen-liabilities.py;
every cycle recomputes them and stores the reserve ratio per asset; the ETH withdrawal takes ETH
below its liabilities and fires one ratio_below alert; `porwatch inclusion` checks a user's leaf.
Prices: Chainlink's own MockV3Aggregator (compiled with the npm solc, deployed on anvil with real
transactions) prices ETH, TST and LTC; an ETH price fall fires a drop:VALUE alert.
usage: demo.py PORWATCH_BINARY DEMO_DIR"""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'integration'))
import chainlink_mock  # noqa: E402
from headless import screenshot  # noqa: E402
from nodes import TOOLS, Nodes, free_port, rpc  # noqa: E402

BIN, DEMO = sys.argv[1], sys.argv[2]
NODE = 'node'
CAST = os.path.join(TOOLS, 'node_modules/@foundry-rs/cast-linux-amd64/bin/cast')
HEADER = 'chain,network,address,asset,message,signatures,script,scheme,label\n'
MESSAGE = 'porwatch demo: these reserves belong to Example Exchange'
TOKEN = '0x00000000000000000000000000000000000d3e70'
# anvil's well-known dev accounts 1..3 (public test keys from its default mnemonic).
ANVIL_KEYS = ['0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
              '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
              '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6']
INTERVAL = 3


def say(text):
    print(f'\n== {text}', flush=True)


def wait_for(predicate, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        if predicate():
            return
        time.sleep(0.3)
    raise RuntimeError(f'timed out waiting for {what}')


def snapshot_count(db):
    out = subprocess.run([BIN, 'status', '--db', db, '--format', 'json'], capture_output=True, text=True)
    # status exits 3 while the latest snapshot is not complete (the litecoind gap): still a count.
    return json.loads(out.stdout)['snapshots'] if out.returncode in (0, 3) else 0


def scrape(port):
    with urllib.request.urlopen(f'http://127.0.0.1:{port}/metrics', timeout=10) as r:
        return r.read().decode()


def main():
    os.makedirs(DEMO, exist_ok=True)
    db = os.path.join(DEMO, 'porwatch.db')
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    nodes = Nodes()
    daemon = None
    metrics_port = free_port()
    textfile = os.path.join(DEMO, 'porwatch.prom')
    try:
        say('starting litecoind (regtest) and anvil on free loopback ports')
        ltc = nodes.litecoind('ltc')
        eth = nodes.anvil('eth')
        ltc('createwallet', 'miner')
        ltc('createwallet', 'reserve')
        miner = ltc('getnewaddress', '', 'bech32', wallet='miner')
        ltc('generatetoaddress', 101, miner)

        say('funding litecoin reserve addresses (real transactions) and signing with bitcoinjs-message')
        rows = []
        for kind, amount in (('legacy', '1.5'), ('p2sh-segwit', '2.25'), ('bech32', '0.75')):
            address = ltc('getnewaddress', '', kind, wallet='reserve')
            wif = ltc('dumpprivkey', address, wallet='reserve')
            ltc('sendtoaddress', address, amount, wallet='miner')
            sig_type = {'legacy': 'p2pkh', 'p2sh-segwit': 'p2sh-p2wpkh', 'bech32': 'p2wpkh'}[kind]
            # Third-party signer, with Litecoin's own message magic ("Litecoin Signed Message:\n").
            sig = subprocess.check_output([NODE, os.path.join(TOOLS, 'btc-sign.cjs'), 'sign137', wif, sig_type,
                                           MESSAGE, 'litecoin-regtest'], text=True).strip()
            rows.append(f'litecoin,regtest,{address},LTC,{MESSAGE},{sig},,,{kind} ({amount} LTC)\n')
            print(f'  {address}  {amount} LTC  signed ({sig_type}, BIP-137)')
        k1 = ltc('getaddressinfo', ltc('getnewaddress', wallet='reserve'), wallet='reserve')['pubkey']
        k2 = ltc('getaddressinfo', ltc('getnewaddress', wallet='reserve'), wallet='reserve')['pubkey']
        multisig = ltc('addmultisigaddress', 2, [k1, k2], '', 'bech32', wallet='reserve')['address']
        ltc('sendtoaddress', multisig, '3.125', wallet='miner')
        rows.append(f'litecoin,regtest,{multisig},LTC,,,,,2-of-2 cold wallet (unsigned)\n')
        print(f'  {multisig}  3.125 LTC  unsigned 2-of-2 multisig')
        ltc('generatetoaddress', 1, miner)

        say('funding ethereum reserve accounts (anvil_setBalance), planting an ERC-20, signing with ethers')
        runtime = subprocess.check_output(['/usr/bin/python3', os.path.join(TOOLS, 'erc20_runtime.py')], text=True).strip()
        rpc(eth, 'anvil_setCode', [TOKEN, runtime])
        eth_accounts = []
        for i, key in enumerate(ANVIL_KEYS):
            signed = json.loads(subprocess.check_output([NODE, os.path.join(TOOLS, 'eth-sign.mjs'), 'sign', key, MESSAGE], text=True))
            account = signed['address']
            eth_accounts.append(account)
            rpc(eth, 'anvil_setBalance', [account, hex(10**18 * (i + 1))])
            slot = subprocess.check_output([CAST, 'index', 'address', account, '0'], text=True).strip()
            rpc(eth, 'anvil_setStorageAt', [TOKEN, slot, '0x' + (10**18 * 1000 * (i + 1)).to_bytes(32, 'big').hex()])
            rows.append(f'ethereum,,{account},ETH,{MESSAGE},{signed["signature"]},,,hot wallet {i + 1}\n')
            rows.append(f'ethereum,,{account},TST,{MESSAGE},{signed["signature"]},,,hot wallet {i + 1} (TST)\n')
            print(f'  {account}  {i + 1} ETH + {1000 * (i + 1)} TST  signed (EIP-191)')
        rpc(eth, 'evm_mine', [])

        say('writing the exchange\'s liabilities: a BitMEX tree for LTC and an OKX Merkle tree (gen-liabilities.py)')
        gen = os.path.join(TOOLS, 'gen-liabilities.py')
        ltc_tree = os.path.join(DEMO, 'liabilities-ltc-bitmex.txt')
        ltc_nonces = os.path.join(DEMO, 'liabilities-ltc-nonces.txt')
        okx_tree = os.path.join(DEMO, 'liabilities-okx-tree.txt')
        okx_user = os.path.join(DEMO, 'liabilities-okx-alice.json')
        subprocess.check_call([gen, 'bitmex', '--height', str(ltc('getblockcount')), '--out', ltc_tree, '--nonces', ltc_nonces,
                               '1=300000000', '2=150000000', '3=50000000'])
        subprocess.check_call([gen, 'okx-tree', '--out', okx_tree, '--user-out', okx_user, '--user', 'alice',
                               'alice=0.01,2.5,100', 'bob=0,1.25,0.5', 'carol=0.002,0.25,0'])
        print(f'  {ltc_tree}: 5 LTC owed to 3 accounts, at the current litecoin height')
        print(f'  {okx_tree}: 4 ETH (and BTC, USDT) owed to 3 users; alice\'s own file {okx_user}')
        say('compiling Chainlink\'s MockV3Aggregator (npm solc) and deploying three feeds on anvil')
        prices = {'ETH': 2000 * 10**8, 'TST': 10**8, 'LTC': 70 * 10**8}   # 8 decimals, like Chainlink's USD feeds
        feeds = {asset: chainlink_mock.deploy(eth, 8, answer) for asset, answer in prices.items()}
        for asset, feed in feeds.items():
            print(f'  {asset} / USD feed {feed}: {prices[asset] / 10**8:.2f} USD')

        book = os.path.join(DEMO, 'reserves.csv')
        with open(book, 'w') as f:
            f.write(HEADER + ''.join(rows))
        alert_log = os.path.join(DEMO, 'alerts.log')
        if os.path.exists(alert_log):
            os.remove(alert_log)
        hook = os.path.join(DEMO, 'alert-hook.sh')
        with open(os.path.join(TOOLS, 'hooks', 'alert-log.sh')) as f:
            template = f.read()
        with open(hook, 'w') as f:
            f.write(template.replace('LOG=/tmp/porwatch-alerts.log', f'LOG={alert_log}'))
        os.chmod(hook, 0o755)
        conf = os.path.join(DEMO, 'porwatch.conf')
        with open(conf, 'w') as f:
            f.write(f'database = {db}\ninterval = {INTERVAL}\naddresses = {book}\n'
                    f'[daemon]\njitter = 0\n'
                    f'[litecoin]\nnetwork = regtest\nrpc_url = http://u:p@127.0.0.1:{ltc.port}/\nconfirmations = 1\n'
                    f'[ethereum]\nrpc_url = {eth}\nchain_id = 31337\nconfirmations = 0\ntoken = TST:{TOKEN}:18:slot=0\n'
                    f'[liabilities]\nfile = bitmex:{ltc_tree}\nfile = okx-merkle:{okx_tree}\nasset = LTC\n'
                    f'[prices]\n' + ''.join(f'feed = {a}:{f}:{chainlink_mock.DESCRIPTION}\n' for a, f in feeds.items()) +
                    f'[alerts]\ndrop_percent = *:10\ndrop_percent = VALUE:10\nresolve_percent = 2\nratio_below = ETH:100\n'
                    f'hook = {hook}\n'
                    f'[metrics]\nlisten = 127.0.0.1:{metrics_port}\ntextfile = {textfile}\n')
        print(f'  wrote {book} and {conf}')

        say(f'porwatch run (interval {INTERVAL} s), log in {DEMO}/porwatch.log')
        log = open(os.path.join(DEMO, 'porwatch.log'), 'w')
        daemon = subprocess.Popen([BIN, 'run', '--config', conf], stdout=log, stderr=subprocess.STDOUT)
        wait_for(lambda: snapshot_count(db) >= 3, 60, 'three snapshots')

        say('the ETH/USD feed falls from 2000 to 1000 USD (updateAnswer, a real transaction); no coin moves')
        chainlink_mock.update_answer(eth, feeds['ETH'], 1000 * 10**8)
        wait_for(lambda: os.path.exists(alert_log) and 'drop:VALUE' in open(alert_log).read(), 60,
                 'the value drop alert')
        with open(alert_log) as f:
            for line in f:
                state, key, delivery, payload = line.rstrip('\n').split(' ', 3)
                value = json.loads(payload)['value']
                print(f'  {state} {key}: {json.loads(payload)["detail"]}')
                print(f'  value of the snapshot: {int(value["total_units"]) / 10**8:.8f} {value["quote"]} '
                      f'(complete: {value["complete"]}, prices read at ethereum block {value["price_height"]})')

        say(f'withdrawing 2.5 ETH from reserve account {eth_accounts[2]} (a real transaction, cast send)')
        subprocess.check_call([CAST, 'send', '--rpc-url', eth, '--private-key', ANVIL_KEYS[2],
                               '0x000000000000000000000000000000000000dEaD', '--value', '2.5ether'],
                              stdout=subprocess.DEVNULL)
        wait_for(lambda: os.path.exists(alert_log) and 'drop:ETH' in open(alert_log).read()
                 and 'ratio_below:ETH' in open(alert_log).read(), 60, 'the drop and ratio alerts')
        say(f'the drop fired the alert hook once, and ETH fell below its liabilities: one ratio_below '
            f'({hook} appends to {alert_log}):')
        with open(alert_log) as f:
            for line in f:
                state, key, delivery, payload = line.rstrip('\n').split(' ', 3)
                print(f'  {state} {key} (delivery {delivery})')
                print(f'  detail: {json.loads(payload)["detail"]}')
        before = snapshot_count(db)
        wait_for(lambda: snapshot_count(db) >= before + 2, 60, 'two more snapshots')

        say('stopping litecoind for a few cycles: litecoin is failed, its figures absent (a gap, never 0)')
        ltc_state = os.path.join(nodes.dir, 'ltc')
        subprocess.check_call([os.path.join(TOOLS, 'stop-node.sh'), os.path.join(ltc_state, 'litecoind.pid')])
        before = snapshot_count(db)
        wait_for(lambda: snapshot_count(db) >= before + 2, 60, 'two snapshots without litecoind')
        for line in scrape(metrics_port).splitlines():
            if line.startswith('porwatch_chain_status{chain="litecoin"') or line.startswith('porwatch_reserve{'):
                print(f'  {line}')
        subprocess.check_call([os.path.join(TOOLS, 'start-litecoind.sh'), ltc_state, str(ltc.port)])
        before = snapshot_count(db)
        wait_for(lambda: snapshot_count(db) >= before + 2, 60, 'two snapshots after litecoind is back')

        say(f'Prometheus metrics at http://127.0.0.1:{metrics_port}/metrics (and {textfile}):')
        for line in scrape(metrics_port).splitlines():
            if line.startswith(('porwatch_reserve{', 'porwatch_reserve_value', 'porwatch_snapshot_height', 'porwatch_chain_status{',
                                'porwatch_alert_firing', 'porwatch_cycles_total', 'porwatch_addresses')):
                if not line.endswith(' 0') or 'cycles_total' in line:
                    print(f'  {line}')

        report = os.path.join(DEMO, 'report.html')
        say(f'porwatch report --db {db} --out {report} (while the daemon runs)')
        subprocess.check_call([BIN, 'report', '--db', db, '--out', report, '--since', '1h'])
        picture = os.path.join(DEMO, 'report.png')
        width, height = screenshot('file://' + report, picture, 1280, 1500)
        print(f'  headless Chromium screenshot: {picture} ({width}x{height})')

        say('stopping porwatch (SIGTERM)')
        daemon.send_signal(signal.SIGTERM)
        print(f'  exit code {daemon.wait(timeout=60)}')
        daemon = None
        log.close()
        with open(os.path.join(DEMO, 'porwatch.log')) as f:
            print(''.join('  ' + line for line in f.readlines()[-6:]), end='')

        say('porwatch history --asset ETH --value (the value column, then the total value per snapshot)')
        subprocess.call([BIN, 'history', '--config', conf, '--asset', 'ETH', '--value'])
        say('porwatch history --format csv (all assets)')
        subprocess.call([BIN, 'history', '--config', conf, '--format', 'csv'])
        say('porwatch history --ratio (reserves / liabilities per asset, observed and proven, both heights)')
        subprocess.call([BIN, 'history', '--config', conf, '--ratio'])
        say('porwatch status')
        subprocess.call([BIN, 'status', '--config', conf])
        bundle = os.path.join(DEMO, 'bundle.json')
        say(f'porwatch export --db {db} --snapshot latest > {bundle}; porwatch check (offline, then against the nodes)')
        with open(bundle, 'w') as f:
            subprocess.check_call([BIN, 'export', '--db', db, '--snapshot', 'latest'], stdout=f)
        print(f'  {os.path.getsize(bundle)} bytes: the address file, balances, header, proofs, outpoints, prices, values')
        subprocess.call([BIN, 'check', bundle, '--config', conf])
        say(f'porwatch inclusion {os.path.basename(okx_user)} {os.path.basename(okx_tree)} (a user checks their own leaf)')
        subprocess.call([BIN, 'inclusion', okx_user, okx_tree])
        say(f'porwatch inclusion {os.path.basename(ltc_tree)} {os.path.basename(ltc_nonces)} (BitMEX accounts find their leaves)')
        subprocess.call([BIN, 'inclusion', ltc_tree, ltc_nonces])
        say('porwatch alerts (states and the delivery log)')
        subprocess.call([BIN, 'alerts', '--config', conf])
        with open(alert_log) as f:
            fired = sum(1 for line in f if ' drop:ETH ' in line)
        print(f'  the hook ran {fired} time(s) for drop:ETH over every cycle after the withdrawal')
        with open(alert_log) as f:
            ratio_fired = sum(1 for line in f if ' ratio_below:ETH ' in line)
        print(f'  and {ratio_fired} time(s) for ratio_below:ETH')
    finally:
        if daemon is not None:
            daemon.kill()
            daemon.wait()
        nodes.stop()
    say('where to look')
    print(f'  report:  {os.path.join(DEMO, "report.html")} (open it in a browser; it loads nothing), '
          f'screenshot {os.path.join(DEMO, "report.png")}')
    print(f'  metrics: http://127.0.0.1:{metrics_port}/metrics while porwatch run was running; '
          f'the last exposition stays in {textfile}')
    say(f'done. The database stays in {db}; for example:')
    print(f"  sqlite3 {db} \"SELECT taken_at, asset, amount, height FROM reserve_history ORDER BY taken_at, asset\"")
    print(f"  sqlite3 {db} \"SELECT * FROM address_balances_latest\"")
    print(f"  sqlite3 {db} \"SELECT taken_at, asset, ratio_percent, verified_ratio_percent, reserves_height, "
          f"liabilities_height FROM solvency_history ORDER BY snapshot_id, asset\"")
    print(f"  sqlite3 {db} \"SELECT taken_at, value, complete, unpriced FROM value_history\"")
    print(f"  sqlite3 {db} \"SELECT taken_at, ratio_percent, verified_ratio_percent, complete, excluded "
          f"FROM solvency_value_history\"")


if __name__ == '__main__':
    main()
