#!/usr/bin/python3
"""Writes liabilities files in the exchanges' published formats for given balances: a second,
independent implementation (Python's hashlib/hmac/decimal) of the formulas porwatch recomputes
in C++ (src/liabilities/), from the exchanges' published code as quoted in
../shared/data/real/liabilities/*/SOURCE.txt. No exchange code is copied.

  gen-liabilities.py bitmex --height H --out TREE [--nonces NONCES] [--seed S] ACCOUNT=SATS ...
      BitMEX Proof-of-Liabilities tree: each account's balance split over 1 to 3 leaves, the
      leaves shuffled and padded with zero-value leaves to a power of two; writes the
      "account,nonce" lines of every account to NONCES.
        sub_nonce = sha256(nonce ‖ le64(height) ‖ le64(account));  leaf = HMAC(sub_nonce, le64(v) ‖ le64(i))
        parent    = sha256(Ld ‖ le64(Lv) ‖ Rd ‖ le64(Rv)), value Lv + Rv; breadth first, root first
  gen-liabilities.py okx-tree --out TREE [--user-out FILE --user NAME] [--seed S] NAME=BTC,ETH,USDT ...
      OKX Merkle-era v2 full tree (one leaf per user; amounts as decimal coin text, ≤ 8 places):
        user hash = sha256(nonce + {"BTC":"b","ETH":"e","USDT":"u"});  leaf = sha256(user hash + b + e + u)
        parent    = sha256(L + R + ΣBTC + ΣETH + ΣUSDT + str(height)), sums rounded down to 8 places
      heights from the root down, each height RIGHT TO LEFT, an odd height padded on the right
      with a zero-balance copy of its last node; --user-out writes that user's v2 user file.
  gen-liabilities.py selftest SHARED_DIR
      recompute the real samples with this implementation (the roots SOURCE.txt gives).
Output is deterministic for a given --seed."""
import argparse
import hashlib
import hmac
import json
import random
import struct
import sys
from decimal import ROUND_DOWN, Decimal

COINS = ('BTC', 'ETH', 'USDT')


def le64(n):
    return struct.pack('<Q', n)


def sha(data):
    return hashlib.sha256(data).digest()


# ---- BitMEX -------------------------------------------------------------------------------

def bitmex_tree(height, balances, rng):
    """balances: {account: sats}. Returns (lines, nonces {account: hex})."""
    nonces = {a: bytes(rng.getrandbits(8) for _ in range(32)) for a in balances}
    leaves = []   # (account or None, value)
    for account, sats in balances.items():
        parts = rng.randint(1, 3) if sats >= 3 else 1
        cuts = sorted(rng.randint(0, sats) for _ in range(parts - 1))
        values = [b - a for a, b in zip([0] + cuts, cuts + [sats])]
        leaves += [(account, v) for v in values]
    size = 1
    while size < len(leaves):
        size *= 2
    leaves += [(None, 0)] * (size - len(leaves))
    rng.shuffle(leaves)
    row = []
    for i, (account, value) in enumerate(leaves):
        if account is None:
            key = bytes(rng.getrandbits(8) for _ in range(32))
        else:
            key = sha(nonces[account] + le64(height) + le64(account))
        row.append((hmac.new(key, le64(value) + le64(i), hashlib.sha256).digest(), value))
    levels = [row]
    while len(levels[-1]) > 1:
        below = levels[-1]
        levels.append([(sha(l[0] + le64(l[1]) + r[0] + le64(r[1])), l[1] + r[1])
                       for l, r in zip(below[0::2], below[1::2])])
    lines = [f'block_height:{height}']
    for level in reversed(levels):
        lines += [f'{d.hex()},{v}' for d, v in level]
    return lines, {a: n.hex() for a, n in nonces.items()}


def bitmex_check(text):
    """Recompute a tree file; returns (root hex, total) or raises."""
    lines = text.split('\n')
    nodes = [(bytes.fromhex(l.split(',')[0]), int(l.split(',')[1])) for l in lines[1:] if l]
    for i in range(len(nodes) // 2):
        (ld, lv), (rd, rv) = nodes[2 * i + 1], nodes[2 * i + 2]
        assert nodes[i] == (sha(ld + le64(lv) + rd + le64(rv)), lv + rv), f'node {i}'
    return nodes[0][0].hex(), nodes[0][1]


# ---- OKX ----------------------------------------------------------------------------------

def text(d):
    """OKX's decimal text: no trailing zeros, "0" for zero."""
    if d == 0:
        return '0'
    s = format(d.normalize(), 'f')
    return s


def balances_text(b):
    return '{' + ','.join(f'"{c}":"{text(b[c])}"' for c in COINS) + '}'


def h(s):
    return hashlib.sha256(s.encode()).hexdigest()


def parent(left, right, height):
    sums = {c: (left[1][c] + right[1][c]).quantize(Decimal('1e-8'), rounding=ROUND_DOWN) for c in COINS}
    return (h(left[0] + right[0] + ''.join(text(sums[c]) for c in COINS) + str(height)), sums)


def okx_tree(users, rng):
    """users: [(name, {coin: Decimal})]. Returns (lines, {name: user file dict})."""
    files, leaves = {}, []
    for name, b in users:
        nonce = bytes(rng.getrandbits(8) for _ in range(32)).hex()
        user_hash = h(nonce + balances_text(b))
        leaf = h(user_hash + ''.join(text(b[c]) for c in COINS))
        leaves.append((leaf, b))
        files[name] = {'hash': user_hash, 'nodes': [{'balances': {c: text(b[c]) for c in COINS}, 'hash': leaf}],
                       'nonce': nonce, 'totalBalances': {c: text(b[c]) for c in COINS}}
    rng.shuffle(leaves)
    zero = {c: Decimal(0) for c in COINS}
    levels = []
    level = leaves
    while True:
        if len(level) > 1 and len(level) % 2:
            level = level + [(level[-1][0], zero)]
        levels.append(level)
        if len(level) == 1:
            break
        level = [parent(l, r, len(levels) + 1) for l, r in zip(level[0::2], level[1::2])]
    lines = []
    for height in range(len(levels), 0, -1):
        for node_hash, b in reversed(levels[height - 1]):
            lines.append(f'{node_hash},{height},{balances_text(b)}')
    return lines, files


def okx_check(text_):
    """Recompute a v2 tree file; returns the root's (hash, balances) or raises."""
    rows = []
    for line in text_.split('\n'):
        if line:
            node_hash, height, b = line.split(',', 2)
            rows.append((node_hash, int(height), {c: Decimal(v) for c, v in json.loads(b).items()}))
    by = {}
    for r in rows:
        by.setdefault(r[1], []).append(r)
    top = max(by)
    for height in range(1, top):
        below, above = list(reversed(by[height])), list(reversed(by[height + 1]))
        assert len(below) % 2 == 0, f'height {height} is not padded'
        parents = len(below) // 2
        assert len(above) in (parents, parents + 1), f'height {height + 1} has {len(above)} nodes'
        for k in range(parents):
            l, r, p = below[2 * k], below[2 * k + 1], above[k]
            assert parent((l[0], l[2]), (r[0], r[2]), height + 1) == (p[0], p[2]), f'height {height + 1} node {k}'
        if len(above) == parents + 1:   # the padding copy of the last parent
            assert above[-1][0] == above[-2][0] and not any(above[-1][2].values()), f'height {height + 1} padding'
    return by[top][0][0], by[top][0][2]


def selftest(shared):
    base = shared.rstrip('/') + '/data/real/liabilities/'
    root, total = bitmex_check(open(base + 'bitmex/bitmex_pol_example_h100_tree.txt').read())
    assert root.startswith('85b0a839') and total == 4000004000, (root, total)
    root, b = okx_check(open(base + 'okx/okx_v2_full-liabilities-merkle-tree.txt').read())
    assert root.startswith('9e98ebde') and b == {'BTC': Decimal('0.00005'), 'ETH': Decimal('0.1'),
                                                  'USDT': Decimal('1.42045977')}, (root, b)
    print('selftest ok: BitMEX root 85b0a839…, 4000004000 sat; OKX root 9e98ebde…')


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest='command', required=True)
    b = sub.add_parser('bitmex')
    b.add_argument('--height', type=int, required=True)
    b.add_argument('--out', required=True)
    b.add_argument('--nonces')
    b.add_argument('--seed', default='porwatch')
    b.add_argument('balances', nargs='+')
    o = sub.add_parser('okx-tree')
    o.add_argument('--out', required=True)
    o.add_argument('--user-out')
    o.add_argument('--user')
    o.add_argument('--seed', default='porwatch')
    o.add_argument('balances', nargs='+')
    t = sub.add_parser('selftest')
    t.add_argument('shared')
    args = parser.parse_args()
    if args.command == 'selftest':
        selftest(args.shared)
        return 0
    rng = random.Random(args.seed)
    if args.command == 'bitmex':
        balances = {int(a): int(v) for a, v in (x.split('=') for x in args.balances)}
        lines, nonces = bitmex_tree(args.height, balances, rng)
        with open(args.out, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        bitmex_check('\n'.join(lines))
        if args.nonces:
            with open(args.nonces, 'w') as f:
                f.write(''.join(f'{a},{n}\n' for a, n in nonces.items()))
        return 0
    users = []
    for x in args.balances:
        name, amounts = x.split('=')
        users.append((name, dict(zip(COINS, (Decimal(v) for v in amounts.split(','))))))
    lines, files = okx_tree(users, rng)
    with open(args.out, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    okx_check('\n'.join(lines))
    if args.user_out:
        with open(args.user_out, 'w') as f:
            json.dump(files[args.user], f, indent=4)
    return 0


if __name__ == '__main__':
    sys.exit(main())
