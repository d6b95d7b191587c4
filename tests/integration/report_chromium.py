#!/usr/bin/python3
"""`porwatch report` on a history written by real cycles (`porwatch scan --once` on litecoind
regtest + anvil: complete cycles, a 50 % ETH drop that fires a drop alert through a hook, then
anvil stopped: a partial cycle), rendered by headless Chromium from Debian.

Checks: the page makes no request (Chromium's net log; a control page with an <img> is caught,
and the same page with porwatch's CSP meta is not); the DOM holds every asset, every stored
amount and height of `porwatch history --format json` in its asset's section, the latest
evidence (heights, block hashes, redacted endpoints, the failed chain's error), the alert, the
book's verification counts and the exact largest change; the failed ETH read is a gap ("no
figure"), never a zero. Screenshots (laptop and phone) and a PDF print stay in BUILD/report-test/.
usage: report_chromium.py PORWATCH_BINARY BUILD_DIR"""
import json
import os
import sqlite3
import subprocess
import sys
import time
from html.parser import HTMLParser

from headless import chromium, page_requests, screenshot
from nodes import Checks, Nodes, free_port, rpc
from reserves_fixture import WHALE, WHALE_WEI, Reserves

BIN, BUILD = sys.argv[1], sys.argv[2]
OUT = os.path.join(BUILD, 'report-test')
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
HOOK = '#!/bin/sh\ncat >> %s\necho >> %s\n'


class Sections(HTMLParser):
    """Text of every <section id=…> (and the whole page), plus every <meta>."""

    def __init__(self):
        super().__init__()
        self.text, self.stack, self.metas = {'': ''}, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'meta':
            self.metas.append(attrs)
        if tag == 'section':
            self.stack.append(attrs.get('id', ''))
            self.text.setdefault(self.stack[-1], '')

    def handle_endtag(self, tag):
        if tag == 'section' and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        self.text[''] += data + ' '
        for name in self.stack:
            self.text[name] += data + ' '


def scan(conf):
    return subprocess.run([BIN, 'scan', '--config', conf, '--format', 'json'], capture_output=True, text=True,
                          timeout=120).returncode


def main():
    c = Checks()
    nodes = Nodes()
    os.makedirs(OUT, exist_ok=True)
    started = time.time()
    try:
        r = Reserves(nodes)
        db = os.path.join(nodes.dir, 'porwatch.db')
        alerts_log = os.path.join(nodes.dir, 'alerts.log')
        hook = nodes.write('hook.sh', HOOK % (alerts_log, alerts_log))
        os.chmod(hook, 0o755)
        conf = nodes.write('porwatch.conf', r.config(db, f'[alerts]\ndrop_percent = ETH:10\nhook = {hook}\n'))
        codes = [scan(conf), scan(conf)]
        rpc(r.eth, 'anvil_setBalance', [WHALE, hex(WHALE_WEI // 2)])
        rpc(r.eth, 'evm_mine', [])
        codes += [scan(conf), scan(conf)]
        r.stop_anvil()
        codes.append(scan(conf))
        c.check('four complete cycles, then a partial one (exit 3)', codes == [0, 0, 0, 0, 3], codes)
        c.check('the drop fired the hook', os.path.exists(alerts_log) and 'drop:ETH' in open(alerts_log).read())

        html = os.path.join(OUT, 'report.html')
        p = subprocess.run([BIN, 'report', '--db', db, '--out', html, '--since', '1d'], capture_output=True, text=True)
        c.check('porwatch report exits 0', p.returncode == 0, p.stderr)
        url = 'file://' + html

        requests, dom = page_requests(url)
        c.check('the report makes no request', requests == [], requests)
        control = os.path.join(OUT, 'control.html')
        with open(control, 'w') as f:
            f.write(f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                    f'<img src="http://127.0.0.1:{free_port()}/leak.png"></body></html>')
        c.check('control: a page with an <img> is caught', len(page_requests('file://' + control)[0]) == 1)
        with open(control, 'w') as f:
            f.write(f'<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="{CSP}"></head>'
                    f'<body><img src="http://127.0.0.1:{free_port()}/leak.png"></body></html>')
        c.check("control: porwatch's CSP meta blocks it", page_requests('file://' + control)[0] == [])

        page = Sections()
        page.feed(dom)
        c.check('CSP meta in the DOM', {'http-equiv': 'Content-Security-Policy', 'content': CSP} in page.metas)
        rows = json.loads(subprocess.check_output([BIN, 'history', '--db', db, '--format', 'json'], text=True))
        for asset, chain in (('LTC', 'litecoin'), ('ETH', 'ethereum')):
            section = page.text.get(f'asset-{asset}-{chain}', '')
            mine = [row for row in rows if row['asset'] == asset]
            c.check(f'{asset} has a section', section != '' and len(mine) > 0)
            c.check(f'every stored {asset} amount is in its section, exactly',
                    all(row['amount'] in section for row in mine), [row['amount'] for row in mine])
            c.check(f'every {asset} height is in its section', all(str(row['height']) in section for row in mine))
            c.check(f'the latest {asset} block hash is in its section', mine[-1]['block_hash'] in section)
        eth = page.text.get('asset-ETH-ethereum', '')
        c.check('the failed ETH read is a gap: "no figure", never a zero',
                'no figure' in eth and '0.000000000000000000 ETH' not in eth)

        con = sqlite3.connect(f'file:{db}?mode=ro', uri=True)
        last = con.execute('SELECT chain, status, height, block_hash, error FROM snapshot_chains '
                           'WHERE snapshot_id = (SELECT max(id) FROM snapshots) ORDER BY chain').fetchall()
        con.close()
        evidence = page.text.get('evidence', '')
        for chain, status, height, block_hash, error in last:
            c.check(f'evidence: {chain} {status}', chain in evidence and status in evidence)
            if status == 'complete':
                c.check(f'evidence: {chain} height and block hash', str(height) in evidence and block_hash in evidence)
            else:
                c.check(f'evidence: {chain} error', error != '' and error in evidence, error)
        c.check('evidence: endpoints are redacted', f'http://***@127.0.0.1:{r.ltc.port}' in evidence and
                ':p@' not in page.text[''] and 'u:p' not in dom)
        c.check('alerts: the drop is on the page', 'drop:ETH' in page.text.get('alerts', '') and
                'firing' in page.text.get('alerts', ''))
        c.check('alert marked on the ETH time axis', 'drop:ETH firing' in dom)
        book = ' '.join(page.text.get('book', '').split())
        c.check('book: 2 litecoin and 3 ethereum addresses, 3 verified, 2 unsigned',
                'litecoin 2 addresses' in book and 'ethereum 3 addresses' in book and 'verified 3' in book and
                'unsigned 2' in book, book[:400])
        c.check('largest change: the whale, exactly',
                '-61728394.561728394506172839' in page.text.get('changes', '') and
                WHALE.lower() in page.text.get('changes', '').lower())
        c.check('failures: the partial snapshot is listed', 'partial' in page.text.get('failures', ''))

        laptop = os.path.join(OUT, 'report-laptop.png')
        phone = os.path.join(OUT, 'report-phone.png')
        c.check('laptop screenshot', screenshot(url, laptop, 1280, 2200) == (1280, 2200) and os.path.getsize(laptop) > 20000)
        c.check('phone screenshot', screenshot(url, phone, 390, 2400) == (390, 2400) and os.path.getsize(phone) > 20000)
        pdf = os.path.join(OUT, 'report.pdf')
        chromium(url, f'--print-to-pdf={pdf}', '--no-pdf-header-footer')
        with open(pdf, 'rb') as f:
            body = f.read()
        c.check('prints to PDF', body.startswith(b'%PDF') and body.count(b'/Type /Page') >= 2)
        print(f'report, screenshots and PDF in {OUT}')
    finally:
        nodes.stop()
    print(f'report_chromium took {time.time() - started:.1f} s')
    return c.finish()


if __name__ == '__main__':
    sys.exit(main())
