#!/usr/bin/python3
"""porwatch scan and Bitcoin Core's single-scan limit, on a real litecoind regtest:
  A. another client's scantxoutset is running (a combo(xpub/*) descriptor over a large range
     keeps the node's one scan slot busy for seconds): porwatch gets -8 "Scan already in
     progress", polls `status`, starts its own scan once the slot is free, and completes; it
     never calls `abort`, and the other client's scan succeeds;
  B. the other scan outlasts porwatch's rpc_timeout: the chain fails with the reason, and
     porwatch still never aborts a scan it did not start;
  C. porwatch's own scan outlasts rpc_timeout (200k descriptors, rpc_timeout = 1): porwatch
     calls `abort` for its own scan and the chain fails with that reason.
A recording pass-through HTTP proxy between porwatch and the node shows which RPCs porwatch
sent and what the node answered (the node itself is real).
usage: scan_litecoin_busy.py PORWATCH_BINARY"""
import http.server
import json
import sys
import threading
import time
import urllib.request

from nodes import HEADER_NATIVE, Checks, Nodes, p2pkh_regtest, porwatch

BIN = sys.argv[1]
XPUB = ('tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4FyWuejifB9jusQ46QzG87VKp')
BUSY_RANGE = 20000


class Recorder:
    """A pass-through JSON-RPC proxy that records (method, action, error code) per request."""

    def __init__(self, target):
        self.log = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers['content-length']))
                req = urllib.request.Request(target, body, {k: v for k, v in self.headers.items()
                                                            if k.lower() in ('authorization', 'content-type')})
                try:
                    with urllib.request.urlopen(req, timeout=600) as r:
                        status, reply = r.status, r.read()
                except urllib.error.HTTPError as e:
                    status, reply = e.code, e.read()
                try:
                    call, answer = json.loads(body), json.loads(reply)
                    params = call.get('params') or []
                    code = (answer.get('error') or {}).get('code')
                    recorder.log.append((call['method'], params[0] if params and isinstance(params[0], str) else '',
                                         code, time.time()))
                except (ValueError, KeyError, AttributeError):
                    pass
                try:
                    self.send_response(status)
                    self.send_header('content-type', 'application/json')
                    self.send_header('content-length', str(len(reply)))
                    self.end_headers()
                    self.wfile.write(reply)
                except OSError:
                    pass   # porwatch hung up (its own timeout)

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = f'http://u:p@127.0.0.1:{self.server.server_address[1]}/'
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def scans(self):
        return [(action, code) for method, action, code, _ in self.log if method == 'scantxoutset']


def busy_scan(node, result):
    """Another client's long scan: combo(xpub/*) over BUSY_RANGE keys (descriptor expansion
    happens inside the node's one scan slot)."""
    t0 = time.time()
    try:
        r = node('scantxoutset', 'start', [{'desc': f'combo({XPUB}/*)', 'range': [0, BUSY_RANGE - 1]}])
        result['success'] = r['success']
    except Exception as e:   # noqa: BLE001 - reported by the check
        result['error'] = str(e)
    result['seconds'] = time.time() - t0
    result['ended'] = time.time()


def start_busy(node):
    result = {}
    t = threading.Thread(target=busy_scan, args=(node, result))
    t.start()
    for _ in range(200):
        if node('scantxoutset', 'status') is not None:
            return t, result
        time.sleep(0.05)
    raise RuntimeError('the other client\'s scan did not start')


def wait_idle(node):
    for _ in range(1200):
        if node('scantxoutset', 'status') is None:
            return
        time.sleep(0.1)
    raise RuntimeError('the node kept scanning')


def main():
    c = Checks()
    nodes = Nodes()
    try:
        a = nodes.litecoind('a')
        a('createwallet', 'w')
        addr = a('getnewaddress', '', 'bech32', wallet='w')
        a('generatetoaddress', 101, a('getnewaddress', wallet='w'))
        a('sendtoaddress', addr, 1.25, wallet='w')
        a('generatetoaddress', 1, a('getnewaddress', wallet='w'))
        book = nodes.write('book.csv', HEADER_NATIVE + f'litecoin,regtest,{addr},LTC,,,,,reserve\n')

        def conf(name, url, extra=''):
            return nodes.write(name, f'addresses = {book}\n[litecoin]\nnetwork = regtest\nrpc_url = {url}\n{extra}')

        # A. another client's scan is running: porwatch waits for it, then completes.
        proxy = Recorder(f'http://127.0.0.1:{a.port}/')
        t, other = start_busy(a)
        code, doc, err = porwatch(BIN, conf('a.conf', proxy.url))
        done = time.time()
        t.join()
        scans = proxy.scans()
        c.check('A: scan completes after waiting', code == 0 and doc['chains'][0]['status'] == 'complete', err)
        c.check('A: exact total', doc and int(doc['totals'][0]['units']) == 125000000, str(doc and doc['totals']))
        c.check('A: the node said -8 "in progress" first, porwatch polled status, then started again',
                scans and scans[0] == ('start', -8) and ('status', None) in scans and scans[-1] == ('start', None),
                str(scans[:5]) + ' ... ' + str(scans[-2:]))
        c.check('A: porwatch finished after the other scan ended', done >= other.get('ended', done + 1))
        c.check('A: porwatch never aborted; the other client\'s scan succeeded',
                not any(a_ == 'abort' for a_, _ in scans) and other.get('success') is True, str(other))

        # B. the other scan outlasts rpc_timeout: failed with the reason, still no abort.
        proxy = Recorder(f'http://127.0.0.1:{a.port}/')
        t, other = start_busy(a)
        code, doc, err = porwatch(BIN, conf('b.conf', proxy.url, 'rpc_timeout = 1\n'))
        t.join()
        scans = proxy.scans()
        ch = doc['chains'][0] if doc else {}
        c.check('B: busy beyond rpc_timeout: failed, exit 3, no totals',
                code == 3 and ch.get('status') == 'failed' and 'another scan kept the node busy' in ch.get('error', '')
                and doc['totals'] == [], str(ch)[:300] + err)
        c.check('B: porwatch did not abort the other client\'s scan, which succeeded',
                not any(a_ == 'abort' for a_, _ in scans) and other.get('success') is True, str(scans) + str(other))

        # C. porwatch's own scan outlasts rpc_timeout: it aborts its own scan.
        wait_idle(a)
        many = [p2pkh_regtest(f'busy-{i}') for i in range(200000)]
        big = nodes.write('big.csv', HEADER_NATIVE + ''.join(f'litecoin,regtest,{x},LTC,,,,,r\n' for x in many))
        proxy = Recorder(f'http://127.0.0.1:{a.port}/')
        big_conf = nodes.write('c.conf', f'addresses = {big}\n[litecoin]\nnetwork = regtest\nrpc_url = {proxy.url}\n'
                                         'rpc_timeout = 1\nscan_chunk_size = 1000000\n')
        # Reading a 200 000-row book takes ~45 s under ASan alone, longer on a loaded machine.
        code, doc, err = porwatch(BIN, big_conf, timeout=600)
        time.sleep(0.5)   # the proxy records a reply only when the node answers
        scans = [s for s, _ in proxy.scans()]
        ch = doc['chains'][0] if doc else {}
        c.check('C: own scan timed out: failed, exit 3, reason names the abort',
                code == 3 and ch.get('status') == 'failed' and 'aborted' in ch.get('error', ''), str(ch)[:400] + err)
        c.check('C: porwatch sent abort after its own start', 'abort' in scans, str(scans))
        wait_idle(a)
        code, doc, err = porwatch(BIN, conf('c2.conf', f'http://u:p@127.0.0.1:{a.port}/'))
        c.check('C: the node is usable afterwards', code == 0, err)
    finally:
        nodes.stop()
    return c.finish()


sys.exit(main())
