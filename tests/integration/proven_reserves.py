#!/usr/bin/python3
"""Proven reserves end to end (issue 10), one litecoind and one anvil started once:
  - litecoin: verified_units is the part of units held by addresses whose signature verifies
    (bitcoinjs-message, Litecoin magic) AND whose message passes the file's [book] policy;
  - anvil: native rows with network `main`/`mainnet`/`1` are scanned; USDT and FOO rows are
    unscanned, never counted under ETH; the real HTX file's ETH and USDT-ETH rows without
    `token =`: USDT unscanned with its 89022421.574 USDT claimed, said in the summary line; with a
    token whose decimals differ from the claims', the claim total is withdrawn (claim_errors);
  - store: history/status show verified_units and the unscanned rows; the plain sqlite3 CLI
    subtracts 10^24-wei totals exactly and finds a lower-case address.
usage: proven_reserves.py PORWATCH_BINARY SHARED_DIR"""
import csv
import datetime
import json
import os
import subprocess
import sys

from nodes import HEADER_NATIVE, TOOLS, Checks, Nodes, porwatch, rpc, sats

BIN, SHARED = sys.argv[1], sys.argv[2]
HTX = os.path.join(SHARED, 'data/real/htx/huobi_por_20230701.csv')
NODE = 'node'
TOKEN = '0x00000000000000000000000000000000000a11ce'
ANVIL_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
ANVIL_ACCT = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
OTHER1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
OTHER2 = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
TODAY = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d')
MESSAGE = f'porwatch reserves {TODAY}'


def total(doc, asset):
    return next((t for t in doc['totals'] if t['asset'] == asset), None) if doc else None


def unscanned(doc, asset, chain):
    return next((u for u in doc['unscanned'] if u['asset'] == asset and u['chain'] == chain), None) if doc else None


def sign_ltc(wif, kind, message):
    return subprocess.check_output([NODE, os.path.join(TOOLS, 'btc-sign.cjs'), 'sign137', wif, kind, message,
                                    'litecoin-regtest'], text=True).strip()


def sign_eth(key, message):
    out = subprocess.check_output([NODE, os.path.join(TOOLS, 'eth-sign.mjs'), 'sign', key, message], text=True)
    return json.loads(out)['signature']


def htx_subset():
    """The real HTX file's header and its ETH and USDT-ETH detail rows (read from ../shared)."""
    with open(HTX, encoding='utf-8-sig', newline='') as f:
        rows = [r for r in csv.reader(f) if len(r) == 6 and r[1].startswith('0x') and r[0] in ('ETH', 'USDT-ETH')]
    return rows


def main():
    c = Checks()
    nodes = Nodes()
    try:
        ltc = nodes.litecoind('ltc')
        eth = nodes.anvil('eth')
        ltc_url = f'http://u:p@127.0.0.1:{ltc.port}/'

        # ---- litecoin: proven = verified signature and a message that passes the policy
        ltc('createwallet', 'miner')
        ltc('createwallet', 'reserve')
        miner = ltc('getnewaddress', '', 'bech32', wallet='miner')
        ltc('generatetoaddress', 101, miner)
        rows, amounts = [], {}
        for kind, amount, message in (('p2pkh', '1.5', MESSAGE), ('p2wpkh', '0.75', MESSAGE),
                                      ('p2wpkh', '2.25', 'hello 2019-01-01'), (None, '3.125', '')):
            address = ltc('getnewaddress', '', 'legacy' if kind == 'p2pkh' else 'bech32', wallet='reserve')
            ltc('sendtoaddress', address, amount, wallet='miner')
            amounts[address] = sats(amount)
            if kind:
                sig = sign_ltc(ltc('dumpprivkey', address, wallet='reserve'), kind, message)
                rows.append(f'litecoin,regtest,{address},LTC,{message},{sig},,,{kind}\n')
            else:
                rows.append(f'litecoin,regtest,{address},LTC,,,,,cold\n')
        ltc('generatetoaddress', 1, miner)
        ltc_book = nodes.write('ltc.csv', HEADER_NATIVE + ''.join(rows))
        db = os.path.join(nodes.dir, 'p.db')
        ltc_conf = nodes.write('ltc.conf', f'database = {db}\naddresses = {ltc_book}\n'
                                           f'[book "{ltc_book}"]\nmessage = porwatch reserves \\d{{4}}-\\d{{2}}-\\d{{2}}\n'
                                           f'message_max_age = 400d\n'
                                           f'[litecoin]\nnetwork = regtest\nrpc_url = {ltc_url}\n')
        code, doc, err = porwatch(BIN, ltc_conf)
        t = total(doc, 'LTC')
        c.check('litecoin scan complete', code == 0 and t is not None, err[-400:])
        proven = sum(list(amounts.values())[:2])
        c.check('units: every address', t and int(t['units']) == sum(amounts.values()), str(t))
        c.check('verified_units: signed AND the message passes the policy', t and int(t['verified_units']) == proven,
                str(t))
        c.check('verified_amount is exact decimal text', t and t['verified_amount'] == '2.25000000', str(t))
        c.check('2 of 4 addresses proven', t and t['verified_addresses'] == 2 and t['unverified_addresses'] == 2)
        out = subprocess.run([BIN, 'verify', '--config', ltc_conf], capture_output=True, text=True)
        c.check('verify --config: the 2019 message fails the policy (exit 1)',
                out.returncode == 1 and 'message does not match the policy' in out.stdout, out.stdout[-600:])
        c.check('verify lists the signed messages', f'2 rows "{MESSAGE}"' in out.stdout and '1 row  "hello 2019-01-01"'
                in out.stdout, out.stdout[:800])

        # ---- anvil: names people use, assets without a source, the real HTX rows
        rpc(eth, 'anvil_setBalance', [ANVIL_ACCT, hex(10**24)])       # 1,000,000 ETH: above 2^63 wei
        rpc(eth, 'anvil_setBalance', [OTHER1, hex(7 * 10**18)])
        rpc(eth, 'anvil_setBalance', [OTHER2, hex(9 * 10**18)])
        rpc(eth, 'evm_mine', [])
        sig = sign_eth(ANVIL_KEY, MESSAGE)
        native = nodes.write('eth.csv', HEADER_NATIVE + f'ethereum,main,{ANVIL_ACCT},ETH,{MESSAGE},{sig},,,hot\n'
                                                        f'ethereum,mainnet,{OTHER1},USDT,,,,,usdt\n'
                                                        f'ethereum,1,{OTHER2},FOO,,,,,foo\n')
        eth_conf = nodes.write('eth.conf', f'database = {db}\naddresses = {ltc_book}\naddresses = {native}\n'
                                           f'[litecoin]\nnetwork = regtest\nrpc_url = {ltc_url}\n'
                                           f'[ethereum]\nrpc_url = {eth}\nchain_id = 31337\nconfirmations = 0\n')
        code, doc, err = porwatch(BIN, eth_conf)
        e = total(doc, 'ETH')
        c.check('native `main` row scanned; USDT/FOO rows never counted under ETH',
                code == 0 and e and e['addresses'] == 1 and int(e['units']) == 10**24, str(e))
        c.check('ETH proven: the signed account', e and int(e['verified_units']) == 10**24)
        c.check('USDT and FOO rows unscanned with the asset named',
                unscanned(doc, 'USDT', 'ethereum') and unscanned(doc, 'FOO', 'ethereum')
                and 'no source for FOO' in unscanned(doc, 'FOO', 'ethereum')['reason'], str(doc and doc['unscanned']))

        htx_rows = htx_subset()
        eth_rows = [r for r in htx_rows if r[0] == 'ETH']
        for r in htx_rows:
            rpc(eth, 'anvil_setBalance', [r[1], hex(10**18)])
        rpc(eth, 'evm_mine', [])
        htx_book = nodes.write('htx.csv', 'coin,address,snapshot height,balance,message,signature\n' +
                               ''.join(','.join(r) + '\n' for r in htx_rows))
        htx_conf = nodes.write('htx.conf', f'addresses = {htx_book}\n'
                                           f'[ethereum]\nrpc_url = {eth}\nchain_id = 31337\nconfirmations = 0\n')
        code, doc, err = porwatch(BIN, htx_conf)
        u = unscanned(doc, 'USDT', 'ethereum')
        c.check('HTX without token =: complete, USDT-ETH rows unscanned with 89022421.574 USDT claimed',
                code == 0 and u and u['rows'] == 5 and u['claimed_amount'] == '89022421.574000', str(u))
        c.check('never summed under ETH', total(doc, 'ETH')['addresses'] == len({r[1].lower() for r in eth_rows}))
        text = subprocess.run([BIN, 'scan', '--config', htx_conf, '--once'], capture_output=True, text=True).stdout
        c.check('the summary line says so', 'UNSCANNED CLAIMS: 5 USDT rows on ethereum' in text
                and 'claiming 89022421.574000' in text, text[-500:])
        runtime = subprocess.check_output(['/usr/bin/python3', os.path.join(TOOLS, 'erc20_runtime.py')], text=True).strip()
        rpc(eth, 'anvil_setCode', [TOKEN, runtime])
        rpc(eth, 'evm_mine', [])
        token_conf = nodes.write('htx-token.conf', f'addresses = {htx_book}\n[ethereum]\nrpc_url = {eth}\n'
                                                   f'chain_id = 31337\nconfirmations = 0\ntoken = USDT:{TOKEN}:18\n')
        code, doc, err = porwatch(BIN, token_conf)
        usdt = total(doc, 'USDT')
        c.check('with a token of other decimals than the claims: scanned, claim total withdrawn, errors counted',
                code == 0 and usdt and usdt['addresses'] == 5 and usdt['claimed_units'] is None
                and usdt['claim_errors'] == 3 and unscanned(doc, 'USDT', 'ethereum') is None, str(usdt))

        # ---- store: history, status and the plain sqlite3 CLI
        rpc(eth, 'anvil_setBalance', [ANVIL_ACCT, hex(10**24 - 25 * 10**17)])   # 2.5 ETH leave
        rpc(eth, 'evm_mine', [])
        code, doc, err = porwatch(BIN, eth_conf)
        c.check('second stored scan complete', code == 0, err[-300:])
        hist = json.loads(subprocess.check_output([BIN, 'history', '--db', db, '--asset', 'ETH', '--format', 'json']))
        c.check('history json: verified_units per total', [h['verified_units'] for h in hist] ==
                [str(10**24), str(10**24 - 25 * 10**17)], str(hist)[:400])
        status = json.loads(subprocess.check_output([BIN, 'status', '--db', db, '--format', 'json']))
        c.check('status: latest totals with verified_units, unscanned rows counted',
                any(t['asset'] == 'ETH' and t['verified_units'] == str(10**24 - 25 * 10**17) for t in status['latest_totals'])
                and status['unscanned_rows'] == 2, json.dumps(status)[:600])
        sql = subprocess.check_output(['sqlite3', '-readonly', db,
                                       "SELECT basis, change_amount FROM reserve_changes WHERE asset = 'ETH' "
                                       "AND change_units IS NOT NULL ORDER BY basis"], text=True)
        c.check('sqlite3 CLI: the 2.5 ETH drop exactly, observed and proven',
                sql.split() == ['all|-2.500000000000000000', 'verified|-2.500000000000000000'], sql)
        sql = subprocess.check_output(['sqlite3', '-readonly', db, "SELECT units FROM address_balances_latest "
                                       f"WHERE address = '{ANVIL_ACCT.lower()}'"], text=True)
        c.check('sqlite3 CLI: a lower-case EVM address is found', sql.strip() == str(10**24 - 25 * 10**17), sql)
    finally:
        nodes.stop()
    return c.finish()


sys.exit(main())
