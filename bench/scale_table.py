#!/usr/bin/python3
"""The table of bench/scale.sh, in markdown, from its results file: one line per timed run,
`stage n side wall_s cpu_s rss_kib [first_s unchanged_s first_db_bytes]` (store only), runs in
the order they alternated (the i-th porwatch run pairs with the i-th limit run).
usage: scale_table.py RESULTS"""
import statistics
import sys
from collections import defaultdict

STAGES = ['verify', 'store', 'evm', 'evm-tokens', 'utxo']
SIDES = ['porwatch', 'limit', 'before']
WHAT = {
    'verify': 'verify N rows (½ P2PKH BIP-137, ½ EIP-191)',
    'store': 'store: 1st + 3 unchanged + 1 % changed snapshot of N',
    'evm': 'EVM scan, N × ETH',
    'evm-tokens': 'EVM scan, N × (ETH + 2 ERC-20)',
    'utxo': 'UTXO scan, N litecoin p2wpkh',
}
LIMIT = {
    'verify': 'bench/limit/limit_verify (all cores)',
    'store': 'bench/limit/limit_store (naive inserts)',
    'evm': 'curl replay of batch bodies',
    'evm-tokens': 'curl replay of batch bodies',
    'utxo': 'raw scantxoutset (curl)',
}
MB = 1e6


def target(stage, n, wall, rss_kib, rss_ratio, store):
    """The issue's target for this row as text, and whether it is met (None: not at this size)."""
    rss = rss_kib * 1024
    if stage == 'verify':
        return '≥ 90 % of limit (wall ≤ 1.11×), RSS ≤ 2×', wall <= 1 / 0.9 and rss_ratio <= 2
    if stage == 'evm-tokens':
        text = '≤ 1.1×; RSS ≤ 300 MB at 1M'
        return text, wall <= 1.1 and (n < 1000000 or rss <= 300 * MB)
    if stage == 'evm':
        return '≤ 1.3× and RSS ≤ 300 MB at 1M', (wall <= 1.3 and rss <= 300 * MB) if n == 1000000 else None
    if stage == 'utxo':
        return '≤ 1.05× at 100k', wall <= 1.05 if n == 100000 else None
    first, unchanged, db = store
    return ('at 100k: first ≤ 1 s, unchanged ≤ 0.2 s, DB ≤ 12 MB',
            (first <= 1 and unchanged <= 0.2 and db <= 12 * MB) if n == 100000 else None)


def mmm(values):
    return ' / '.join(f'{v:.2f}' for v in (min(values), statistics.median(values), max(values)))


def main():
    runs = defaultdict(list)
    for line in open(sys.argv[1]):
        f = line.split()
        if f:
            runs[(f[0], int(f[1]), f[2])].append([float(x) for x in f[3:]])
    print('| stage | N | side | wall min / median / max (s) | CPU median (s) | peak RSS median (MiB) '
          '| wall ÷ limit | RSS ÷ limit | target (issue 16) | detail |')
    print('|---|---|---|---|---|---|---|---|---|---|')
    for stage in STAGES:
        for n in sorted({k[1] for k in runs if k[0] == stage}):
            limit = runs.get((stage, n, 'limit'), [])
            for side in SIDES:
                r = runs.get((stage, n, side))
                if not r:
                    continue
                walls = [x[0] for x in r]
                row = [WHAT[stage] if side == 'porwatch' else '', f'{n:,}'.replace(',', ' '),
                       LIMIT[stage] if side == 'limit' else side, mmm(walls),
                       f'{statistics.median(x[1] for x in r):.2f}', f'{statistics.median(x[2] for x in r) / 1024:.1f}']
                store = None
                if stage == 'store':
                    store = tuple(statistics.median(x[k] for x in r) for k in (3, 4, 5))
                detail = (f'first {store[0]:.3f} s, unchanged {store[1]:.3f} s, DB after the first '
                          f'{store[2] / MB:.1f} MB' if store else '')
                if side == 'before' and stage == 'store':
                    detail += ' (old bench: 100k, 20 unchanged)'
                if side == 'limit' or not limit:
                    row += ['', '', '', detail]
                else:
                    pairs = list(zip(r, limit))
                    wall = statistics.median(a[0] / b[0] for a, b in pairs)
                    rss = statistics.median(a[2] / b[2] for a, b in pairs)
                    text, met = target(stage, n, wall, statistics.median(x[2] for x in r), rss, store)
                    verdict = '' if met is None else (' — **met**' if met else ' — missed')
                    # The old store bench writes 20 unchanged snapshots, not 3: its wall is not comparable.
                    wall_text = '—' if side == 'before' and stage == 'store' else f'{wall:.2f}×'
                    row += [wall_text, f'{rss:.2f}×', text + verdict, detail]
                print('| ' + ' | '.join(row) + ' |')


if __name__ == '__main__':
    main()
