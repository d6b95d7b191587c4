"""Shared helpers for porwatch's scan integration tests: JSON-RPC, real nodes on free loopback
ports (started with tests/tools/start-*.sh, stopped by PID), and running the porwatch binary."""
import base64
import time
import decimal
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tools')
HEADER_NATIVE = 'chain,network,address,asset,message,signatures,script,scheme,label\n'
ANVIL = os.path.join(TOOLS, 'node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil')


def wait_for(predicate, timeout, step=0.1):
    """Poll `predicate` until it is true (True) or `timeout` seconds pass (False)."""
    import time
    end = time.time() + timeout
    while time.time() < end:
        if predicate():
            return True
        time.sleep(step)
    return False


def free_port():
    return int(subprocess.check_output([os.path.join(TOOLS, 'free-port.py')]).decode())


def rpc(url, method, params=None, auth=None):
    body = json.dumps({'jsonrpc': '2.0', 'id': 1, 'method': method, 'params': params or []}).encode()
    req = urllib.request.Request(url, body, {'content-type': 'application/json'})
    if auth:
        req.add_header('Authorization', 'Basic ' + base64.b64encode(auth.encode()).decode())
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            reply = json.loads(r.read(), parse_float=decimal.Decimal)
    except urllib.error.HTTPError as e:
        reply = json.loads(e.read(), parse_float=decimal.Decimal)
    if reply.get('error'):
        raise RuntimeError(f'{method}: {reply["error"]}')
    return reply['result']


class Nodes:
    """Owns a scratch directory and every node started in it; stop() kills them by PID."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='porwatch-scan-')
        self.pidfiles = []

    def litecoind(self, name, password='p'):
        port = free_port()
        state = os.path.join(self.dir, name)
        subprocess.check_call([os.path.join(TOOLS, 'start-litecoind.sh'), state, str(port), password])
        self.pidfiles.append(os.path.join(state, 'litecoind.pid'))
        cookie = os.path.join(state, 'ltc', 'regtest', '.cookie') if password == '-' else None
        return Litecoind(port, os.path.join(state, 'litecoind.pid'), password, cookie)

    def anvil(self, name, chain_id=31337, timestamp=None):
        port = free_port()
        state = os.path.join(self.dir, name)
        os.makedirs(os.path.join(state, 'home'))
        args = [ANVIL, '--host', '127.0.0.1', '--port', str(port), '--chain-id', str(chain_id), '--silent']
        if timestamp is not None:
            args += ['--timestamp', str(timestamp)]   # identical genesis hash on two anvils
        env = dict(os.environ, HOME=os.path.join(state, 'home'))
        with open(os.path.join(state, 'anvil.log'), 'w') as log:
            p = subprocess.Popen(args, env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        pidfile = os.path.join(state, 'anvil.pid')
        with open(pidfile, 'w') as f:
            f.write(str(p.pid))
        self.pidfiles.append(pidfile)
        url = f'http://127.0.0.1:{port}'
        for _ in range(300):
            try:
                rpc(url, 'eth_blockNumber')
                # anvil's block 0 header commits to an empty state (stateRoot = the empty trie)
                # although its dev accounts are funded: porwatch's proofs rightly refuse it. Block 1
                # commits to the real state. With a fixed genesis time block 1's time is fixed too,
                # so that two such anvils share block 1's hash however far apart they started.
                if timestamp is not None:
                    rpc(url, 'evm_setNextBlockTimestamp', [timestamp + 1])
                rpc(url, 'evm_mine')
                return url
            except Exception:
                import time
                time.sleep(0.1)
        raise RuntimeError('anvil did not start')

    def stop(self):
        for pidfile in self.pidfiles:
            subprocess.call([os.path.join(TOOLS, 'stop-node.sh'), pidfile])
        subprocess.call(['rm', '-rf', self.dir])

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, 'w') as f:
            f.write(text)
        return path


class Litecoind:
    """A litecoind with user u / password, or (password '-') cookie auth read from `cookie`."""

    def __init__(self, port, pidfile, password='p', cookie=None):
        self.port = port
        self.pidfile = pidfile
        self.password = password
        self.cookie = cookie
        self.url = f'http://127.0.0.1:{port}/'

    def __call__(self, method, *params, wallet=None):
        url = self.url + (f'wallet/{wallet}' if wallet else '')
        if self.cookie:
            with open(self.cookie) as f:
                auth = f.read().strip()
        else:
            auth = 'u:' + self.password
        return rpc(url, method, list(params), auth=auth)


ANVIL_CAST = os.path.join(TOOLS, 'node_modules/@foundry-rs/cast-linux-amd64/bin/cast')


def plant_erc20(url, contract, balances):
    """Plant the hand-assembled ERC-20 of tests/tools/erc20_runtime.py (balanceOf reads the mapping
    at slot 0, decimals 18, symbol TST) at `contract` on anvil, with balances {holder: units}.
    Takes effect in the head block's state: mine afterwards."""
    runtime = subprocess.check_output(['/usr/bin/python3', os.path.join(TOOLS, 'erc20_runtime.py')], text=True).strip()
    rpc(url, 'anvil_setCode', [contract, runtime])
    for holder, units in balances.items():
        slot = subprocess.check_output([ANVIL_CAST, 'index', 'address', holder, '0'], text=True).strip()
        rpc(url, 'anvil_setStorageAt', [contract, slot, '0x' + units.to_bytes(32, 'big').hex()])


class Churn:
    """While a `with` block runs, real ETH transfers from anvil's unlocked dev account 0 to
    `recipients` in turn, one block each (automine), so the head moves on. (anvil_setBalance
    would rewrite the sealed head block's state under its header, which porwatch's proofs refuse.)"""

    DEV0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'

    def __init__(self, url, recipients):
        import threading
        self.url, self.recipients = url, recipients
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run)

    def run(self):
        k = 0
        while not self.stop.is_set():
            k += 1
            to = self.recipients[k % len(self.recipients)]
            rpc(self.url, 'eth_sendTransaction', [{'from': self.DEV0, 'to': to, 'value': hex(k * 777)}])

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def p2pkh_regtest(seed):
    """A valid regtest P2PKH address for an arbitrary 20-byte hash (base58check, version 0x6f)."""
    import hashlib
    payload = bytes([0x6f]) + hashlib.sha256(seed.encode()).digest()[:20]
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
    n, out = int.from_bytes(data, 'big'), ''
    while n:
        n, r = divmod(n, 58)
        out = alphabet[r] + out
    return '1' * (len(data) - len(data.lstrip(b'\0'))) + out


def porwatch(binary, conf, *extra, timeout=120):
    """Run `porwatch scan --config conf --format json`; returns (exit code, JSON or None, stderr)."""
    p = subprocess.run([binary, 'scan', '--config', conf, '--format', 'json', *extra],
                       capture_output=True, text=True, timeout=timeout)
    try:
        doc = json.loads(p.stdout) if p.stdout.strip() else None
    except json.JSONDecodeError:
        doc = None
    return p.returncode, doc, p.stderr


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=''):
        if ok:
            self.passed += 1
            print(f'ok   {name}')
        else:
            self.failed += 1
            print(f'FAIL {name} {detail}')
        sys.stdout.flush()

    def finish(self):
        print(f'{self.passed} passed, {self.failed} failed')
        return 0 if self.failed == 0 else 1


def sats(text):
    """'1.50000000' → 150000000, exactly (decimal text, no float)."""
    value = decimal.Decimal(str(text)) * 10**8
    assert value == value.to_integral_value()
    return int(value)


class Hostile:
    """tests/tools/hostile-rpc.py in front of `upstream`; mode() switches its behaviour."""

    def __init__(self, nodes, name, upstream, auth=''):
        port_file = os.path.join(nodes.dir, name + '.port')
        self.proc = subprocess.Popen(['/usr/bin/python3', os.path.join(TOOLS, 'hostile-rpc.py'),
                                      '--port-file', port_file, '--upstream', upstream, '--upstream-auth', auth])
        for _ in range(200):
            if os.path.exists(port_file):
                break
            time.sleep(0.02)
        with open(port_file) as f:
            self.port = int(f.read())
        self.url = f'http://127.0.0.1:{self.port}/'

    def mode(self, name, **arguments):
        body = json.dumps(dict(arguments, mode=name)).encode()
        urllib.request.urlopen(urllib.request.Request(self.url + '__mode', body), timeout=10).read()

    def log(self):
        return json.loads(urllib.request.urlopen(self.url + '__log', timeout=10).read())

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
