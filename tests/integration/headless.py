"""Headless Chromium (Debian's `chromium`) for the report: DOM dumps, screenshots, PDF, and a net
log that says whether the page itself asked for anything. Used by report_chromium.py and the demo."""
import json
import os
import shutil
import subprocess
import tempfile

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars']


def chromium(url, *extra, timeout=120):
    """Run chromium on `url` with a fresh profile; returns stdout (the DOM with --dump-dom)."""
    binary = shutil.which('chromium')
    if binary is None:
        raise RuntimeError('chromium not found (apt-get install chromium; scripts/setup does)')
    profile = tempfile.mkdtemp(prefix='porwatch-chromium-')
    try:
        out = subprocess.run([binary, *FLAGS, f'--user-data-dir={profile}', *extra, url],
                             capture_output=True, text=True, timeout=timeout)
        if out.returncode != 0:
            raise RuntimeError(f'chromium exit {out.returncode}: {out.stderr[-2000:]}')
        return out.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def page_requests(url):
    """Load `url` and return the URLs of the requests the page made (from Chromium's net log).

    The browser's own background requests carry initiator "not an origin"; anything a page
    loads (an image, a stylesheet, a font, a fetch) names the page's origin ("null" for file://)."""
    fd, log = tempfile.mkstemp(prefix='porwatch-netlog-', suffix='.json')
    os.close(fd)
    try:
        dom = chromium(url, f'--log-net-log={log}', '--net-log-capture-mode=Everything', '--dump-dom')
        with open(log) as f:
            netlog = json.load(f)
    finally:
        os.remove(log)
    names = {v: k for k, v in netlog['constants']['logEventTypes'].items()}
    requests = []
    for event in netlog['events']:
        params = event.get('params', {})
        if names.get(event['type']) == 'URL_REQUEST_START_JOB' and 'url' in params:
            if params.get('initiator') != 'not an origin':
                requests.append(params['url'])
    return requests, dom


def png_size(path):
    """(width, height) from a PNG's IHDR chunk; raises on anything that is not a PNG."""
    with open(path, 'rb') as f:
        head = f.read(24)
    if head[:8] != b'\x89PNG\r\n\x1a\n' or head[12:16] != b'IHDR':
        raise ValueError(f'{path} is not a PNG')
    return int.from_bytes(head[16:20], 'big'), int.from_bytes(head[20:24], 'big')


def screenshot(url, path, width, height):
    chromium(url, f'--screenshot={path}', f'--window-size={width},{height}')
    return png_size(path)
