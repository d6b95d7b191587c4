#!/usr/bin/python3
"""porwatch installs and runs like bitcoind (issue 18), on one real litecoind with cookie auth and
real processes run as other users (setpriv, numeric uids: no account is created):
  - cookie: missing / permission denied (naming the user) / unreadable format, each said, the URL
    once; read through the node's group (bitcoind -rpccookieperms=group + SupplementaryGroups=),
    also inside an unprivileged user namespace as PrivateUsers=yes makes it
  - readers: the daemon's user writes with UMask=0027 into a 0750 directory; an operator in the
    porwatch group reads status/history/alerts/report and sqlite3 -readonly while `run` holds the
    WAL, without creating files; anyone else gets "permission denied" naming the user; a 0-byte
    file is "not a porwatch database" and stays 0 bytes
  - one instance: a second `run` and a storing `scan` exit 2 naming the first daemon's PID;
    `scan --dry-run` still works
  - side effects: scan runs once without --once, --dry-run stores and delivers nothing,
    --no-alerts stores and silences (the next scan tells the hook once), the database is not
    created for a bad book, relative paths resolve against the config's directory
  - grammar: interval = 10m / stale_after = 3600, PORWATCH_CONFIG, `verify -`, --json's notice,
    status exit 3 after a failed snapshot
usage: daemon_like_bitcoind.py PORWATCH_BINARY"""
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys

from nodes import HEADER_NATIVE, Checks, Nodes, p2pkh_regtest, wait_for

BIN = os.path.abspath(sys.argv[1])
SERVICE_UID, PORWATCH_GID, NODE_GID, OPERATOR_UID, STRANGER_UID = 64101, 64100, 64102, 64103, 64104


def as_user(uid, gid, groups, argv):
    """argv run as uid:gid with exactly `groups` as supplementary groups (setpriv, no shell)."""
    group_arg = ['--groups=' + ','.join(str(g) for g in groups)] if groups else ['--clear-groups']
    return ['setpriv', f'--reuid={uid}', f'--regid={gid}', *group_arg, *argv]


def run(argv, **kw):
    kw.setdefault('timeout', 120)
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def chain_error(doc):
    return doc['chains'][0].get('error', '') if doc and doc.get('chains') else ''


def main():
    c = Checks()
    nodes = Nodes()
    daemon = None
    try:
        os.chmod(nodes.dir, 0o755)   # other users traverse the scratch directory
        node = nodes.litecoind('ltc', password='-')
        node('generatetoaddress', 1, p2pkh_regtest('miner'))   # out of IBD
        port = node.port
        cookie = node.cookie
        for d in (os.path.dirname(os.path.dirname(cookie)), os.path.dirname(cookie), os.path.join(nodes.dir, 'ltc')):
            os.chmod(d, 0o711)   # like bitcoind's 0710 datadir: traversable, not listable
        book = nodes.write('book.csv', HEADER_NATIVE + f'litecoin,regtest,{p2pkh_regtest("reserve")},LTC,,,,,r\n')
        os.chmod(book, 0o644)

        def conf(name, body):
            path = nodes.write(name, body)
            os.chmod(path, 0o644)
            return path

        def scan_conf(name, cookie_file, extra=''):
            return conf(name, f'addresses = {book}\n{extra}[litecoin]\nnetwork = regtest\n'
                              f'rpc_url = http://127.0.0.1:{port}/\nrpc_cookie_file = {cookie_file}\nretries = 0\n')

        # ---- cookie and credentials
        p = run([BIN, 'scan', '--config', scan_conf('missing.conf', cookie + '.gone'), '--format', 'json'])
        err = chain_error(json.loads(p.stdout))
        c.check('cookie missing: said so, with the file, the URL once', p.returncode == 3 and
                f'rpc_cookie_file {cookie}.gone: no such file (the node writes it when it starts' in err
                and err.count(f'127.0.0.1:{port}') == 1, err)
        mode = stat.S_IMODE(os.stat(cookie).st_mode)
        c.check('litecoind writes its cookie 0600, as bitcoind does', mode == 0o600, oct(mode))
        cookie_conf = scan_conf('cookie.conf', cookie)
        p = run(as_user(SERVICE_UID, PORWATCH_GID, [PORWATCH_GID], [BIN, 'scan', '--config', cookie_conf,
                                                                    '--format', 'json']))
        err = chain_error(json.loads(p.stdout))
        c.check('cookie 0600: permission denied, naming the user and its groups, with the fix',
                p.returncode == 3 and f'rpc_cookie_file {cookie}: permission denied for user {SERVICE_UID} '
                f'(uid {SERVICE_UID}, groups {PORWATCH_GID})' in err and '-rpccookieperms=group' in err
                and err.count(f'127.0.0.1:{port}') == 1, err)
        os.chown(cookie, 0, NODE_GID)
        os.chmod(cookie, 0o640)   # what bitcoind -rpccookieperms=group writes
        service = [PORWATCH_GID, NODE_GID]   # SupplementaryGroups=bitcoin
        p = run(as_user(SERVICE_UID, PORWATCH_GID, service, [BIN, 'scan', '--config', cookie_conf, '--format', 'json']))
        c.check('cookie 0640 in the node group, porwatch in that group: complete', p.returncode == 0, p.stdout[-300:])
        p = run(as_user(SERVICE_UID, PORWATCH_GID, service, ['unshare', '--user', '--map-current-user', BIN, 'scan',
                                                             '--config', cookie_conf, '--format', 'json']))
        c.check('... also inside a user namespace where the group is unmapped (PrivateUsers=yes)',
                p.returncode == 0, p.stdout[-300:] + p.stderr[-300:])
        garbage = nodes.write('garbage-cookie', 'not a cookie\n')
        p = run([BIN, 'scan', '--config', scan_conf('garbage.conf', garbage), '--format', 'json'])
        err = chain_error(json.loads(p.stdout))
        c.check('cookie in another format: "unreadable format", never its content', p.returncode == 3 and
                'unreadable format (expected one line USER:PASSWORD' in err and 'not a cookie' not in err, err)

        # ---- group-readable state directory, read-only readers
        state = os.path.join(nodes.dir, 'state')
        os.mkdir(state)
        os.chown(state, SERVICE_UID, PORWATCH_GID)
        os.chmod(state, 0o750)   # StateDirectoryMode=0750
        db = os.path.join(state, 'porwatch.db')
        hook_log = os.path.join(state, 'hook.log')
        hook = conf('hook.sh', f'#!/bin/sh\ncat >> {hook_log}\necho >> {hook_log}\n')
        os.chmod(hook, 0o755)
        alerts = f'[alerts]\nfloor = ltc:1000\nhook = {hook}\nstale_after = 3600\n'   # fires: the book holds 0 LTC
        service_conf = scan_conf('service.conf', cookie, f'database = {db}\ninterval = 10m\n[daemon]\njitter = 0\n'
                                 + alerts)
        service_run = as_user(SERVICE_UID, PORWATCH_GID, service, [BIN, 'scan', '--config', service_conf])
        p = run(service_run, umask=0o027)   # UMask=0027
        db_mode = stat.S_IMODE(os.stat(db).st_mode)
        c.check('scan without --once runs one cycle and stores it; interval = 10m, stale_after = 3600, ltc',
                p.returncode == 0 and 'stored as #1' in p.stdout and os.stat(db).st_gid == PORWATCH_GID,
                p.stdout[-400:] + p.stderr[-400:])
        c.check('the database is 0640 (group porwatch reads, others nothing)', db_mode == 0o640, oct(db_mode))
        operator = lambda argv: run(as_user(OPERATOR_UID, OPERATOR_UID, [PORWATCH_GID], argv))
        before = sorted(os.listdir(state))
        readers = {'status': operator([BIN, 'status', '--db', db]),
                   'history': operator([BIN, 'history', '--db', db, '--asset', 'LTC', '--format', 'jsonl']),
                   'alerts': operator([BIN, 'alerts', '--db', db, '--format', 'json']),
                   'report': operator([BIN, 'report', '--db', db, '--out', '-']),
                   'sqlite3': operator(['sqlite3', '-readonly', db, 'SELECT count(*) FROM snapshots'])}
        c.check('an operator in the porwatch group reads status, history, alerts, report and sqlite3 -readonly',
                all(r.returncode == 0 for r in readers.values()) and readers['sqlite3'].stdout.strip() == '1'
                and json.loads(readers['history'].stdout)['asset'] == 'LTC',
                {k: (r.returncode, r.stderr[-200:]) for k, r in readers.items()})
        c.check('... and created no file (no -wal, -shm or journal)', sorted(os.listdir(state)) == before,
                str(sorted(os.listdir(state))))
        alerts_doc = json.loads(readers['alerts'].stdout)
        c.check('alerts: floor:LTC firing, delivered; times ISO 8601 with _unix twins',
                any(s['alert'] == 'floor:LTC' and s['state'] == 'firing' and s['since'].endswith('Z')
                    and isinstance(s['since_unix'], int) for s in alerts_doc['states'])
                and all(d['created_at'].endswith('Z') for d in alerts_doc['deliveries'])
                and open(hook_log).read().count('"alert":"floor:LTC"') == 1, str(alerts_doc)[:600])
        p = run(as_user(STRANGER_UID, STRANGER_UID, [], [BIN, 'status', '--db', db]))
        c.check('anyone else: exit 2, "permission denied" naming the user', p.returncode == 2 and
                f'permission denied for user {STRANGER_UID} (uid {STRANGER_UID}' in p.stderr, p.stderr)
        empty = nodes.write('empty.db', '')
        p = run([BIN, 'status', '--db', empty])
        c.check('a 0-byte file: "not a porwatch database", still 0 bytes, no -wal', p.returncode == 2 and
                'is not a porwatch database (an empty file)' in p.stderr and os.path.getsize(empty) == 0
                and not os.path.exists(empty + '-wal'), p.stderr)

        # ---- one instance; readers while the daemon holds the WAL
        log_path = os.path.join(nodes.dir, 'run.log')
        with open(log_path, 'w') as log:
            daemon = subprocess.Popen(as_user(SERVICE_UID, PORWATCH_GID, service, [BIN, 'run', '--config', service_conf]),
                                      stdout=log, stderr=log, umask=0o027)
        c.check('porwatch run starts (interval = 10m) and takes porwatch.db.lock',
                wait_for(lambda: 'started: config' in open(log_path).read(), 30)
                and os.path.exists(db + '.lock'), open(log_path).read()[-400:])
        holder = open(db + '.lock').read().strip()
        second = run(as_user(SERVICE_UID, PORWATCH_GID, service, [BIN, 'run', '--config', service_conf]), timeout=30)
        c.check('a second run exits 2 naming the first one\'s PID', second.returncode == 2 and
                f'is in use by another porwatch (pid {holder}; lock file {db}.lock)' in second.stderr
                and holder == str(daemon.pid), second.stderr + ' pid ' + str(daemon.pid))
        p = run(service_run, umask=0o027)
        c.check('a storing scan exits 2 too, pointing at --dry-run', p.returncode == 2 and
                f'(pid {holder}' in p.stderr and '--dry-run' in p.stderr, p.stderr)
        p = run(as_user(SERVICE_UID, PORWATCH_GID, service, [BIN, 'scan', '--config', service_conf, '--dry-run']))
        c.check('scan --dry-run still works beside the daemon', p.returncode == 0 and '(not stored)' in p.stdout,
                p.stderr[-300:])
        wait_for(lambda: 'cycle 1 ' in open(log_path).read(), 30)
        r = operator([BIN, 'history', '--db', db, '--format', 'json'])
        c.check('an operator reads history while run holds the WAL (read-only -shm)', r.returncode == 0
                and len(json.loads(r.stdout)) >= 2, r.stderr[-300:])
        daemon.send_signal(signal.SIGTERM)
        c.check('run stops cleanly', daemon.wait(timeout=60) == 0)
        daemon = None
        c.check('the stopped daemon left -wal and -shm (persistent WAL, 0640) for group readers',
                stat.S_IMODE(os.stat(db + '-shm').st_mode) == 0o640 and os.path.exists(db + '-wal'))
        for suffix in ('-wal', '-shm'):   # as an older porwatch left it: checkpointed, no WAL files
            os.unlink(db + suffix)
        before = sorted(os.listdir(state))
        r = operator([BIN, 'history', '--db', db, '--format', 'jsonl'])
        c.check('no WAL files and a directory it cannot write: the operator still reads (immutable), creating none',
                r.returncode == 0 and len(r.stdout.splitlines()) >= 2 and sorted(os.listdir(state)) == before,
                r.stderr[-300:] + str(sorted(os.listdir(state))))

        # ---- side effects: dry run, no alerts, bad books, relative paths
        work = os.path.join(nodes.dir, 'work')
        os.mkdir(work)
        hook2_log = os.path.join(work, 'hook.log')
        hook2 = conf('hook2.sh', f'#!/bin/sh\ncat >> {hook2_log}\necho >> {hook2_log}\n')
        os.chmod(hook2, 0o755)
        with open(os.path.join(work, 'book.csv'), 'w') as f:
            f.write(open(book).read())
        rel = conf('work/p.conf', f'database = p.db\naddresses = book.csv\n[alerts]\nfloor = LTC:1000\nhook = {hook2}\n'
                                  f'[litecoin]\nnetwork = regtest\nrpc_url = http://127.0.0.1:{port}/\n'
                                  f'rpc_cookie_file = {cookie}\nretries = 0\n')
        wdb = os.path.join(work, 'p.db')
        p = run([BIN, 'scan', '--config', rel, '--dry-run'], cwd='/')
        c.check('--dry-run: prints, creates no database, runs no hook', p.returncode == 0 and 'summary: complete' in p.stdout
                and not os.path.exists(wdb) and not os.path.exists(hook2_log)
                and 'nothing stored' in p.stderr, p.stderr[-300:])
        p = run([BIN, 'scan', '--config', rel, '--no-alerts'], cwd='/')
        silenced = sqlite3.connect(wdb).execute('SELECT count(*), sum(silenced) FROM alert_outbox').fetchone()
        c.check('--no-alerts: stored next to the config (relative paths), the firing floor recorded silenced, no hook',
                p.returncode == 0 and os.path.exists(wdb) and silenced == (1, 1) and not os.path.exists(hook2_log),
                f'{silenced} {p.stderr[-300:]}')
        p = run([BIN, 'scan', '--config', rel, '--once'], cwd='/')
        c.check('the next scan (--once still accepted) tells the hook once that floor:LTC fires', p.returncode == 0
                and os.path.exists(hook2_log) and open(hook2_log).read().count('"state":"firing"') == 1,
                p.stderr[-300:])
        for name, addresses in (('nobook', 'missing.csv'), ('badbook', 'bad.csv')):
            with open(os.path.join(work, 'bad.csv'), 'w') as f:
                f.write('what,is,this\n1,2,3\n')
            bad = conf(f'work/{name}.conf', f'database = {name}.db\naddresses = {addresses}\n[litecoin]\n'
                                            f'network = regtest\nrpc_url = http://127.0.0.1:{port}/\n'
                                            f'rpc_cookie_file = {cookie}\n')
            p = run([BIN, 'scan', '--config', bad])
            c.check(f'{name}: exit 2 naming the file, and no database created', p.returncode == 2 and addresses in p.stderr
                    and not os.path.exists(os.path.join(work, f'{name}.db')), p.stderr)

        # ---- grammar: default config, stdin, deprecations, status exit 3
        env = dict(os.environ, PORWATCH_CONFIG=rel)
        p = run([BIN, 'status'], env=env)
        c.check('PORWATCH_CONFIG names the config when --config is absent', p.returncode == 0 and
                'snapshots          2' in p.stdout, p.stdout + p.stderr)
        p = run([BIN, 'verify', '-', '--format', 'jsonl'], input=open(book).read())
        c.check('verify - reads the book from stdin', p.returncode == 0 and
                json.loads(p.stdout.splitlines()[-1])['rows'] == 1, p.stdout + p.stderr)
        p = run([BIN, 'scan', '--config', rel, '--dry-run', '--json'])
        c.check('scan --json: the JSON document plus a deprecation notice', p.returncode == 0 and
                json.loads(p.stdout)['snapshot']['stored'] is False and
                '--json is deprecated, use --format json' in p.stderr, p.stderr)
        node_down = conf('work/down.conf', open(rel).read().replace(f'127.0.0.1:{port}', '127.0.0.1:1'))
        p = run([BIN, 'scan', '--config', node_down, '--no-alerts'])
        s = run([BIN, 'status', '--config', rel])
        c.check('after a failed snapshot status exits 3 (health check), 0 again after a complete one',
                p.returncode == 3 and s.returncode == 3 and 'latest snapshot is not complete' in s.stdout
                and run([BIN, 'scan', '--config', rel]).returncode == 0
                and run([BIN, 'status', '--config', rel]).returncode == 0, s.stdout[-300:])
    finally:
        if daemon is not None:
            daemon.kill()
            daemon.wait()
        nodes.stop()
    return c.finish()


if __name__ == '__main__':
    sys.exit(main())
