#!/usr/bin/env bash
# The cost of Merkle proofs (issue 13): `proofs = all` against `proofs = off` on COUNT accounts
# (default 10000) × (ETH + one ERC-20 proven by its balance slot), on anvil (started on a free
# loopback port, stopped by PID). The two modes run alternately A B A B … RUNS times (default 3)
# so a busy machine weighs on both alike; prints min/median/max of the scan time, porwatch's own
# CPU time, the bytes the node sent (response_bytes) and the bytes the database keeps (header +
# proof nodes). anvil computes each eth_getProof by rebuilding its state trie (≈ 35 ms per proof
# at 10k accounts): the wall time of proofs = all here is anvil's; porwatch's cost is its CPU time.
# usage: [RUNS=n] bench/bench_proofs.sh BUILD_DIR [COUNT]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:?usage: $0 BUILD_DIR [COUNT]}" && pwd); COUNT=${2:-10000}; RUNS=${RUNS:-3}
BENCH="$BUILD/bench/porwatch-bench"; TOOLS="$ROOT/tests/tools"
STATE=$(mktemp -d /tmp/porwatch-bench-proofs.XXXXXX)
trap '"$TOOLS/stop-node.sh" "$STATE/a/anvil.pid"; rm -rf "$STATE"' EXIT
rpc() { curl -s -H 'content-type: application/json' --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":$3}" "$1"; }
PORT=$("$TOOLS/free-port.py"); "$TOOLS/start-anvil.sh" "$STATE/a" "$PORT"; A=http://127.0.0.1:$PORT
TOKEN=0x00000000000000000000000000000000000a11ce
rpc $A anvil_setCode "[\"$TOKEN\",\"$(/usr/bin/python3 "$TOOLS/erc20_runtime.py")\"]" >/dev/null
mkdir "$STATE/bodies"
"$BENCH" evm-plant-bodies "$COUNT" $TOKEN "$STATE/bodies" >/dev/null
for f in "$STATE"/bodies/plant*.json; do
  curl -s -H 'content-type: application/json' --data-binary "@$f" "$A" -o /dev/null
done
rpc $A evm_mine '[]' >/dev/null
echo "proofs: $COUNT accounts x (ETH + 1 ERC-20 with slot=0), anvil, $RUNS runs of each, alternating"
# The value of KEY=… (a whole key: "seconds" is not the tail of "cpu_seconds").
field() { sed -n "s/\(^\|.* \)$1=\([^ ]*\).*/\2/p"; }
: > "$STATE/all"; : > "$STATE/off"
for _ in $(seq 1 "$RUNS"); do
  for mode in all off; do
    out=$(PROOFS=$mode SLOT=0 "$BENCH" scan-evm "$A" 31337 "$COUNT" $TOKEN)
    [ "$(echo "$out" | field status)" = complete ] || { echo "scan failed: $out"; exit 1; }
    echo "$(echo "$out" | field seconds) $(echo "$out" | field response_bytes) $(echo "$out" | field proof_bytes) $(echo "$out" | field proven) $(echo "$out" | field cpu_seconds)" >> "$STATE/$mode"
  done
done
/usr/bin/python3 - "$STATE" <<'PY'
import statistics, sys
state = sys.argv[1]
rows = {m: [list(map(float, l.split())) for l in open(f'{state}/{m}') if l.strip()] for m in ('all', 'off')}
def mmm(values, fmt):
    return ' / '.join(fmt(v) for v in (min(values), statistics.median(values), max(values)))
for m in ('off', 'all'):
    r = rows[m]
    print(f'  proofs = {m:3}: seconds {mmm([x[0] for x in r], lambda v: f"{v:.2f}")} (min/median/max); '
          f'porwatch CPU {mmm([x[4] for x in r], lambda v: f"{v:.2f} s")}; '
          f'node replies {mmm([x[1] for x in r], lambda v: f"{v / 1e6:.1f} MB")}; '
          f'kept {mmm([x[2] for x in r], lambda v: f"{v / 1e6:.2f} MB")}; balances proven {int(r[0][3])}')
a = statistics.median(x[0] for x in rows['all']); o = statistics.median(x[0] for x in rows['off'])
ba = statistics.median(x[1] for x in rows['all']); bo = statistics.median(x[1] for x in rows['off'])
print(f'  cost of proofs = all: x{a / o:.1f} time (+{a - o:.2f} s), x{ba / bo:.1f} bytes from the node (medians)')
PY
