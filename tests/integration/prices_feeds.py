#!/usr/bin/python3
"""Transparent pricing end to end (issue 11) on real parts: Chainlink's own MockV3Aggregator
(@chainlink/contracts@0.8.0) compiled with the npm solc, deployed on anvil with real transactions
and driven with updateAnswer / updateRoundData; ETH, an ERC-20 and LTC (litecoind regtest)
reserves valued exactly against Python ints; every rejection reason (description, answer 0 and
negative, updatedAt 0 and in the future, stale after evm_increaseTime, bounds); two anvils at
the same block whose feeds disagree; drop:VALUE and price_stale through a real hook; history
--value, status, and the SQL views in the sqlite3 CLI with both blocks; VALUE rules checked at
load (FILE:LINE, exit 2).
usage: prices_feeds.py PORWATCH_BINARY"""
import datetime
import json
import os
import subprocess
import sys
import time

import chainlink_mock as mock
from nodes import HEADER_NATIVE, TOOLS, Checks, Nodes, porwatch, rpc, sats

BIN = sys.argv[1]
CAST = os.path.join(TOOLS, 'node_modules/@foundry-rs/cast-linux-amd64/bin/cast')
TOKEN = '0x00000000000000000000000000000000000a11ce'
HOLDERS = ['0x1111111111111111111111111111111111111111', '0x2222222222222222222222222222222222222222']
ETH_WEI = [1234567890123456789012, 98765432109876543210]      # awkward on purpose
TST_UNITS = [500000000000000000000001, 7]                       # 18 decimals
ETH_PRICE, LTC_PRICE, TST_PRICE = 201234567891, 7012345678, 99987654   # 8 decimals


def iso(seconds):
    """Unix seconds as porwatch writes every time: ISO 8601 UTC."""
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def value(units, asset_decimals, answer, feed_decimals=8):
    """The expected value in 1e-8 quote units, exact (Python ints), truncated toward zero."""
    return units * answer * 10**8 // 10**(asset_decimals + feed_decimals)


def fmt(v):
    s = str(v).rjust(9, '0')
    return s[:-8] + '.' + s[-8:]


def find(doc, key, asset):
    return next((x for x in (doc or {}).get(key) or [] if x['asset'] == asset), None)


def price(doc, asset):
    return find(doc, 'prices', asset)


def main():
    c = Checks()
    nodes = Nodes()
    try:
        ltc = nodes.litecoind('ltc')
        eth = nodes.anvil('eth')
        t0 = time.time()
        compiled = mock.compiled()
        print(f'compiled MockV3Aggregator with solc {compiled["compiler"]} in {time.time() - t0:.1f} s')

        # ---- reserves: LTC by real transactions, ETH balances, an ERC-20 (hand-assembled runtime)
        ltc('createwallet', 'miner')
        ltc('createwallet', 'reserve')
        miner = ltc('getnewaddress', '', 'bech32', wallet='miner')
        ltc('generatetoaddress', 101, miner)
        ltc_rows, ltc_units = [], 0
        for amount in ('1.25', '0.33333333'):
            address = ltc('getnewaddress', '', 'bech32', wallet='reserve')
            ltc('sendtoaddress', address, amount, wallet='miner')
            ltc_units += sats(amount)
            ltc_rows.append(f'litecoin,regtest,{address},LTC,,,,,r\n')
        ltc('generatetoaddress', 1, miner)
        runtime = subprocess.check_output(['/usr/bin/python3', os.path.join(TOOLS, 'erc20_runtime.py')], text=True).strip()
        rpc(eth, 'anvil_setCode', [TOKEN, runtime])
        for holder, wei, tst in zip(HOLDERS, ETH_WEI, TST_UNITS):
            rpc(eth, 'anvil_setBalance', [holder, hex(wei)])
            slot = subprocess.check_output([CAST, 'index', 'address', holder, '0'], text=True).strip()
            rpc(eth, 'anvil_setStorageAt', [TOKEN, slot, '0x' + tst.to_bytes(32, 'big').hex()])
        eth_rows = [f'ethereum,,{h},{a},,,,,r\n' for h in HOLDERS for a in ('ETH', 'TST')]
        book = nodes.write('book.csv', HEADER_NATIVE + ''.join(ltc_rows + eth_rows))

        # ---- the feeds: three real deployments of Chainlink's mock
        feeds = {asset: mock.deploy(eth, 8, answer)
                 for asset, answer in (('ETH', ETH_PRICE), ('LTC', LTC_PRICE), ('TST', TST_PRICE))}
        c.check('MockV3Aggregator deployed by real transactions answers latestRoundData',
                mock.latest_round_data(eth, feeds['ETH'])[:2] == (1, ETH_PRICE))

        def conf(name, prices, extra='', eth_urls=(eth,), top=''):
            eth_lines = ''.join(f'rpc_url = {u}\n' for u in eth_urls)
            return nodes.write(name, f'{top}addresses = {book}\n'
                               f'[litecoin]\nnetwork = regtest\nrpc_url = http://u:p@127.0.0.1:{ltc.port}/\n'
                               f'[ethereum]\n{eth_lines}chain_id = 31337\nconfirmations = 0\ntoken = TST:{TOKEN}:18\n'
                               f'[prices]\n{prices}{extra}')

        def feed_lines(eth_description=mock.DESCRIPTION):
            desc = f':{eth_description}' if eth_description else ''
            return (f'feed = ETH:{feeds["ETH"]}{desc}\nfeed = ltc:{feeds["LTC"]}:{mock.DESCRIPTION}\n'
                    f'feed = TST:{feeds["TST"]}:{mock.DESCRIPTION}\nmax_age = 1h\n')

        good = conf('good.conf', feed_lines())

        # 1. every asset priced, values exact against Python ints, both blocks in the evidence
        code, doc, err = porwatch(BIN, good)
        expect = {'ETH': value(sum(ETH_WEI), 18, ETH_PRICE), 'TST': value(sum(TST_UNITS), 18, TST_PRICE),
                  'LTC': value(ltc_units, 8, LTC_PRICE)}
        c.check('scan with prices: exit 0, complete', code == 0 and doc['snapshot']['status'] == 'complete', err[-400:])
        for asset, units in (('ETH', sum(ETH_WEI)), ('TST', sum(TST_UNITS)), ('LTC', ltc_units)):
            t = find(doc, 'totals', asset)
            c.check(f'{asset}: units read exactly ({units})', t and int(t['units']) == units, str(t)[:300])
            c.check(f'{asset}: value = units x answer / 10^(decimals + 8), exact', t and t['value_units'] == str(expect[asset])
                    and t['value'] == fmt(expect[asset]) and t['value_quote'] == 'USD', str(t)[:300])
        v = doc['value']
        c.check('total value is the exact sum over priced assets, complete',
                v['total_units'] == str(sum(expect.values())) and v['complete'] and v['unpriced'] == []
                and sorted(v['priced']) == ['ETH', 'LTC', 'TST'], str(v)[:400])
        ethc = next(ch for ch in doc['chains'] if ch['chain'] == 'ethereum')
        ltcc = next(ch for ch in doc['chains'] if ch['chain'] == 'litecoin')
        c.check('prices read at the Ethereum pinned block (EIP-1898), LTC balances at the litecoin block',
                v['price_block']['height'] == ethc['height'] and v['price_block']['block_hash'] == ethc['block_hash']
                and ltcc['block_hash'] == ltc('getbestblockhash'), str(v['price_block']))
        pinned = rpc(eth, 'eth_getBlockByHash', [ethc['block_hash'], False])
        pb = v['price_block']
        c.check("the price block's time: ISO 8601 UTC and its _unix twin, the block's own timestamp",
                pb['timestamp_unix'] == int(pinned['timestamp'], 16) and pb['timestamp'] == iso(pb['timestamp_unix']),
                str(pb))
        p = price(doc, 'ETH')
        c.check('updatedAt: ISO 8601 UTC with the exact seconds beside it, on every endpoint, not after the block',
                p['updated_at'] == iso(p['updated_at_unix']) and 0 < p['updated_at_unix'] <= pb['timestamp_unix']
                and p['answers'][0]['updated_at_unix'] == p['updated_at_unix']
                and p['answers'][0]['updated_at'] == p['updated_at'], str(p)[:400])
        c.check('ETH price evidence: round, answer, updatedAt, description, every endpoint',
                p['status'] == 'priced' and p['answer'] == str(ETH_PRICE) and p['round_id'] == '1'
                and p['description'] == mock.DESCRIPTION and p['price'] == '2012.34567891'
                and len(p['answers']) == 1 and p['answers'][0]['answer'] == str(ETH_PRICE), str(p)[:400])
        text = subprocess.run([BIN, 'scan', '--config', good, '--once'], capture_output=True, text=True)
        c.check('scan text: a value column, the total, the block the prices were read at',
                'value (USD)' in text.stdout and fmt(expect['ETH']) in text.stdout
                and f'value {fmt(sum(expect.values()))} USD' in text.stdout
                and f'prices read at ethereum {ethc["height"]}' in text.stdout, text.stdout[-800:])

        # 2. description: none given (the mock names no pair), or another one
        code, doc, _ = porwatch(BIN, conf('nodesc.conf', feed_lines(None)))
        p = price(doc, 'ETH')
        t = find(doc, 'totals', 'ETH')
        c.check('no DESCRIPTION: the mock names no BASE / QUOTE pair, ETH unpriced (value null, never 0)',
                code == 0 and p['status'] == 'unpriced' and 'names no BASE / QUOTE pair' in p['reason']
                and t['value_units'] is None and t['unpriced_reason'] == p['reason'], str(p)[:300])
        c.check('an unpriced asset leaves the total incomplete and lists it',
                not doc['value']['complete'] and doc['value']['unpriced'][0]['asset'] == 'ETH'
                and doc['value']['total_units'] == str(expect['LTC'] + expect['TST']))
        code, doc, _ = porwatch(BIN, conf('wrongdesc.conf', feed_lines('ETH / USD')))
        c.check('DESCRIPTION mismatch against the mock\'s fixed description',
                price(doc, 'ETH')['reason'] == "description() is 'v0.8/tests/MockV3Aggregator.sol', the config expects 'ETH / USD'")

        # 3. bounds, exact and inclusive
        code, doc, _ = porwatch(BIN, conf('b1.conf', feed_lines(), 'bounds = ETH:1000:2000\n'))
        c.check('an answer above bounds MAX is rejected', 'is above the bound 2000' in price(doc, 'ETH')['reason'])
        code, doc, _ = porwatch(BIN, conf('b2.conf', feed_lines(), 'bounds = ETH:2012.34567891:2012.34567891\n'))
        c.check('bounds are exact and inclusive', price(doc, 'ETH')['status'] == 'priced')
        code, doc, _ = porwatch(BIN, conf('b3.conf', feed_lines(), 'bounds = ETH:2012.345678911:3000\n'))
        c.check('one digit past the answer is below MIN', 'is below the bound 2012.345678911' in price(doc, 'ETH')['reason'])

        # 4. answer 0, negative; updatedAt 0 and in the future (updateRoundData)
        mock.update_answer(eth, feeds['ETH'], 0)
        code, doc, _ = porwatch(BIN, good)
        c.check('answer 0 → unpriced', price(doc, 'ETH')['reason'] == 'answer is 0 (round 2)', str(price(doc, 'ETH'))[:300])
        mock.update_answer(eth, feeds['ETH'], -5)
        code, doc, _ = porwatch(BIN, good)
        c.check('negative answer → unpriced', price(doc, 'ETH')['reason'] == 'answer -5 is negative (round 3)')
        block = rpc(eth, 'eth_getBlockByNumber', ['latest', False])
        future = int(block['timestamp'], 16) + 3600
        mock.update_round_data(eth, feeds['ETH'], 10, ETH_PRICE, future, future)
        code, doc, _ = porwatch(BIN, good)
        c.check('updatedAt after the block → unpriced', "is after the block's timestamp" in price(doc, 'ETH')['reason'])
        mock.update_round_data(eth, feeds['ETH'], 11, ETH_PRICE, 0, 0)
        code, doc, _ = porwatch(BIN, good)
        c.check('updatedAt 0 → unpriced', price(doc, 'ETH')['reason'] == 'updatedAt is 0: the round is not complete')
        mock.update_answer(eth, feeds['ETH'], ETH_PRICE)
        code, doc, _ = porwatch(BIN, good)
        c.check('a good round again: priced at round 12', price(doc, 'ETH')['status'] == 'priced'
                and price(doc, 'ETH')['round_id'] == '12')

        # 5. stale: two hours pass on the chain (evm_increaseTime + mine), max_age is 1h
        rpc(eth, 'evm_increaseTime', [7200])
        rpc(eth, 'evm_mine', [])
        code, doc, _ = porwatch(BIN, good)
        stale = [price(doc, a)['reason'] for a in ('ETH', 'LTC', 'TST')]
        c.check('two hours later every feed is stale, never valued',
                all(r.startswith('stale: updated ') and 'max_age is 1h' in r for r in stale)
                and doc['value']['total_units'] == '0' and doc['value']['priced'] == [], str(stale)[:300])
        for asset, answer in (('ETH', ETH_PRICE), ('LTC', LTC_PRICE), ('TST', TST_PRICE)):
            mock.update_answer(eth, feeds[asset], answer)

        # 6. alerts through a real hook: drop:VALUE on a price fall, price_stale on an unusable feed
        record = os.path.join(nodes.dir, 'record')
        os.makedirs(record)
        db = os.path.join(nodes.dir, 'p.db')
        # record.sh writes into the directory given as $1; hooks get no arguments, so wrap it.
        hook = nodes.write('hook.sh', f'#!/bin/sh\nexec {os.path.join(TOOLS, "hooks", "record.sh")} {record}\n')
        os.chmod(hook, 0o755)
        hooked = conf('alerts.conf', feed_lines(), '[alerts]\ndrop_percent = VALUE:10\nfloor = VALUE:LTC:0.5\n'
                      f'stale_after = 2s\nhook = {hook}\n', top=f'database = {db}\n')
        stdin = os.path.join(record, 'stdin')

        def delivered():
            return json.load(open(stdin)) if os.path.exists(stdin) else {}

        code, doc, err = porwatch(BIN, hooked)
        c.check('scan --once with a database: stored, no alert at the first value', code == 0 and not delivered(), err[-300:])
        mock.update_answer(eth, feeds['ETH'], ETH_PRICE // 2)
        code, doc, err = porwatch(BIN, hooked)
        payload = delivered()
        before = sum(expect.values())
        after = value(sum(ETH_WEI), 18, ETH_PRICE // 2) + expect['LTC'] + expect['TST']
        c.check('ETH at half price: drop:VALUE fires through the hook with the exact values',
                payload.get('alert') == 'drop:VALUE' and payload.get('previous_units') == str(before)
                and payload.get('current_units') == str(after) and payload.get('chain') is None, str(payload)[:400])
        c.check('the payload carries the snapshot value (quote, total, complete, price block)',
                payload.get('value', {}).get('quote') == 'USD' and payload['value']['total_units'] == str(after)
                and payload['value']['complete'] and payload['value']['price_height'] is not None)
        mock.update_answer(eth, feeds['LTC'], 0)
        os.remove(stdin)
        porwatch(BIN, hooked)
        time.sleep(2.2)
        code, doc, err = porwatch(BIN, hooked)
        payload = delivered()
        c.check('LTC unusable for a whole stale_after: price_stale:LTC fires with the reason',
                payload.get('alert') == 'price_stale:LTC' and 'answer is 0' in payload.get('detail', ''), str(payload)[:400])

        def sql(query):
            return subprocess.run(['sqlite3', db, query], capture_output=True, text=True).stdout.strip()

        c.check('price_stale:LTC delivered once', sql("SELECT count(*) FROM alert_outbox WHERE alert_key = 'price_stale:LTC'") == '1')
        c.check('floor:VALUE:LTC is not evaluated while LTC is unpriced (an unpriced asset is never a zero)',
                sql("SELECT state FROM alert_state WHERE alert_key = 'floor:VALUE:LTC'") == 'ok')
        hist = subprocess.run([BIN, 'history', '--db', db, '--value', '--format', 'json'], capture_output=True, text=True)
        hdoc = json.loads(hist.stdout)
        c.check('history --value: totals with values and one total value per snapshot',
                len(hdoc['values']) == 4 and hdoc['values'][0]['value_units'] == str(before)
                and hdoc['values'][1]['value_units'] == str(after) and not hdoc['values'][3]['complete']
                and hdoc['values'][3]['unpriced'] == 'LTC'
                and any(r['asset'] == 'LTC' and r['value_units'] is None and 'answer is 0' in r['unpriced_reason']
                        for r in hdoc['totals']), hist.stdout[:400])
        jsonl = subprocess.run([BIN, 'history', '--db', db, '--value', '--format', 'jsonl'], capture_output=True, text=True)
        jlines = [json.loads(line) for line in jsonl.stdout.splitlines()]
        jvalues = [x for x in jlines if x['kind'] == 'value']
        c.check('history --value --format jsonl: tagged totals, then the same total values as json',
                jsonl.returncode == 0 and [x['value_units'] for x in jvalues] == [x['value_units'] for x in hdoc['values']]
                and len(jlines) == len(hdoc['totals']) + len(hdoc['values'])
                and all(x['kind'] == 'total' for x in jlines[:len(hdoc['totals'])])
                and all(x['taken_at'] == iso(x['taken_at_unix']) for x in jlines), jsonl.stdout[:400])
        table = subprocess.run([BIN, 'history', '--db', db, '--value'], capture_output=True, text=True).stdout
        c.check('history --value table: VALUE columns, UNPRICED, the total value table',
                'PROVEN VALUE' in table and 'UNPRICED' in table and fmt(after) in table and 'TOTAL VALUE' in table)
        ran = subprocess.run([BIN, 'status', '--db', db], capture_output=True, text=True)
        status = ran.stdout
        c.check('status exits 0: the snapshot is complete though LTC is unpriced (the value is not)',
                ran.returncode == 0, ran.stderr[-300:])
        c.check('status: the latest value and every feed', 'latest value' in status and 'INCOMPLETE' in status
                and 'UNPRICED: answer is 0' in status and '1006.17283945 USD' in status, status[-600:])
        rows = sql("SELECT asset, chain, height, block_hash, value_units, price_block_height, price_block_hash "
                   "FROM reserve_values WHERE snapshot_id = 1 ORDER BY asset").splitlines()
        ltc_row = next((r.split('|') for r in rows if r.startswith('LTC|')), [''] * 7)
        c.check('sqlite3 CLI: reserve_values records both blocks (litecoin balances, ethereum price)',
                len(rows) == 3 and ltc_row[1] == 'litecoin' and ltc_row[4] == str(expect['LTC'])
                and len(ltc_row[3]) == 64 and ltc_row[6].startswith('0x') and ltc_row[5].isdigit(), str(rows))

        # 7. VALUE rules checked at load: FILE:LINE, exit 2
        for rule, why in (('drop_percent = VALUE:XRP:5', 'no configured chain has asset XRP'),
                          ('floor = VALUE:LTC:1.123456789', 'a value is exact to 8 decimals')):
            bad = conf('bad.conf', feed_lines(), f'[alerts]\n{rule}\n')
            code, _, err = porwatch(BIN, bad)
            line = len(open(bad).read().splitlines())
            c.check(f'{rule}: exit 2 with FILE:LINE', code == 2 and f'{bad}:{line}: alerts: ' in err and why in err, err)

        # 8. two anvils at the same block whose feeds disagree: the same genesis, the mock's runtime
        # planted at one address on both (no block mined), then one answer changed on one of them
        b1 = nodes.anvil('b1', timestamp=1700000000)
        b2 = nodes.anvil('b2', timestamp=1700000000)
        feed = '0x00000000000000000000000000000000000fee0d'
        for url in (b1, b2):
            mock.plant(url, feed, 8, ETH_PRICE, 1700000000 - 60, cast=CAST)
            rpc(url, 'anvil_setBalance', [HOLDERS[0], hex(ETH_WEI[0])])
        same = rpc(b1, 'eth_getBlockByNumber', ['latest', False])['hash'] == rpc(b2, 'eth_getBlockByNumber', ['latest', False])['hash']
        c.check('two anvils at the same block, the planted mock answers', same
                and mock.latest_round_data(b2, feed)[:2] == (1, ETH_PRICE))
        slot = subprocess.check_output([CAST, 'index', 'uint256', '1', '4'], text=True).strip()   # getAnswer[1]
        rpc(b2, 'anvil_setStorageAt', [feed, slot, '0x' + (ETH_PRICE + 1).to_bytes(32, 'big').hex()])
        pair = [feed, feed]
        one = nodes.write('one.csv', HEADER_NATIVE + f'ethereum,,{HOLDERS[0]},ETH,,,,,r\n')
        # proofs = off: the disagreement is made by rewriting b2's head state under its sealed header
        # (mining would give the two anvils different blocks), which the balance proofs rightly
        # refuse (integration.proofs_anvil); here the balances are not the point, the feeds are.
        two = nodes.write('two.conf', f'addresses = {one}\n[ethereum]\nrpc_url = {b1}\nrpc_url = {b2}\nchain_id = 31337\n'
                                      f'confirmations = 0\nproofs = off\n[prices]\nfeed = ETH:{pair[0]}:{mock.DESCRIPTION}\n')
        code, doc, err = porwatch(BIN, two)
        p = price(doc, 'ETH')
        c.check('endpoints that disagree on the feed: ETH unpriced (the balances still agree)',
                code == 0 and doc['chains'][0]['status'] == 'complete' and p['feed_status'] == 'disputed'
                and 'endpoints disagree on the feed' in p['reason'] and str(ETH_PRICE + 1) in p['reason']
                and len(p['answers']) == 2, str(p)[:400])
        rpc(b1, 'anvil_setStorageAt', [pair[0], slot, '0x' + (ETH_PRICE + 1).to_bytes(32, 'big').hex()])
        code, doc, _ = porwatch(BIN, two)
        c.check('once they agree: priced from both endpoints', price(doc, 'ETH')['status'] == 'priced'
                and find(doc, 'totals', 'ETH')['value_units'] == str(value(ETH_WEI[0], 18, ETH_PRICE + 1)))
    finally:
        nodes.stop()
    return c.finish()


if __name__ == '__main__':
    sys.exit(main())
