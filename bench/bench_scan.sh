#!/usr/bin/env bash
# Scanner benchmark (issue 4). Starts anvil and litecoind on free loopback ports (stopped by PID),
# then prints, for COUNT addresses (default 100000):
#   EVM:  porwatch vs ethers v6 Promise.all vs curl posting pre-built batch bodies (the limit),
#         COUNT × (ETH + 2 ERC-20 tokens) at one pinned block;
#   UTXO: porwatch vs raw scantxoutset (curl, same chunks) on litecoind regtest;
#   and peak RSS of each. usage: [SKIP_ETHERS=1] [BATCH=n] [CHUNK=n] [RUNS=n] bench/bench_scan.sh BUILD_DIR [COUNT]
# (ethers at 100k takes ~3.5 min and ~3.4 GB RSS.)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:?usage: $0 BUILD_DIR [COUNT]}" && pwd); COUNT=${2:-100000}
BENCH="$BUILD/bench/porwatch-bench"; TOOLS="$ROOT/tests/tools"
BATCH=${BATCH:-1000}; CHUNK=${CHUNK:-50000}; RUNS=${RUNS:-5}
STATE=$(mktemp -d /tmp/porwatch-bench-scan.XXXXXX)
trap '"$TOOLS/stop-node.sh" "$STATE/a/anvil.pid"; "$TOOLS/stop-node.sh" "$STATE/l/litecoind.pid"; rm -rf "$STATE"' EXIT
rpc() { curl -s -H 'content-type: application/json' --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":$3}" "$1"; }
now() { date +%s.%N; }
ratio() { /usr/bin/python3 -c "print(f'{$1/$2:.2f}')"; }
# The value of KEY=… (a whole key: "seconds" is not the tail of "cpu_seconds").
field() { sed -n "s/\(^\|.* \)$1=\([^ ]*\).*/\2/p"; }

APORT=$("$TOOLS/free-port.py"); "$TOOLS/start-anvil.sh" "$STATE/a" "$APORT"; A=http://127.0.0.1:$APORT
RUNTIME=$(/usr/bin/python3 "$TOOLS/erc20_runtime.py")
T1=0x00000000000000000000000000000000000a11ce; T2=0x00000000000000000000000000000000000b0b0b
rpc $A anvil_setCode "[\"$T1\",\"$RUNTIME\"]" >/dev/null; rpc $A anvil_setCode "[\"$T2\",\"$RUNTIME\"]" >/dev/null
rpc $A evm_mine '[]' >/dev/null
HEAD=$(rpc $A eth_blockNumber '[]' | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p')
HASH=$(rpc $A eth_getBlockByNumber "[\"$HEAD\",false]" | sed -n 's/.*"hash":"\(0x[0-9a-f]*\)".*/\1/p')
echo "EVM: $COUNT addresses x (ETH + 2 tokens) = $((COUNT * 3)) reads, batch $BATCH, anvil block $((HEAD))"

out=$(BATCH=$BATCH "$BENCH" scan-evm "$A" 31337 "$COUNT" $T1 $T2); echo "  porwatch: $out"
P=$(echo "$out" | field seconds)
/usr/bin/python3 "$ROOT/bench/make_bodies.py" "$STATE/bodies" "$A" "$COUNT" "$BATCH" "$HASH" $T1 $T2
t0=$(now); curl -s -K "$STATE/bodies/curl.cfg"; C=$(/usr/bin/python3 -c "print($(now)-$t0)")
echo "  curl, pre-built batch bodies (limit): seconds=$C"
if [ -n "${SKIP_ETHERS:-}" ]; then
  echo "  ratio: porwatch/curl = $(ratio "$P" "$C") (target <= 1.3); ethers skipped (SKIP_ETHERS)"
elif out=$(timeout 900 node "$ROOT/bench/ethers_scan.mjs" "$A" "$COUNT" $((HEAD)) $T1 $T2 2>&1); then
  E=$(echo "$out" | field seconds); echo "  ethers v6 Promise.all: $out"
  echo "  ratios: ethers/porwatch = $(ratio "$E" "$P") (target >= 5), porwatch/curl = $(ratio "$P" "$C") (target <= 1.3)"
else
  echo "  ethers v6 Promise.all: did not finish ($(echo "$out" | tail -1))"
  echo "  ratio: porwatch/curl = $(ratio "$P" "$C") (target <= 1.3)"
fi

LPORT=$("$TOOLS/free-port.py"); "$TOOLS/start-litecoind.sh" "$STATE/l" "$LPORT"; L=http://u:p@127.0.0.1:$LPORT/
curl -s -u u:p --data '{"jsonrpc":"1.0","id":1,"method":"generatetoaddress","params":[101,"rltc1q0xcqpzrky6eff2g52qdye53xkk9jxkvrpcuql2"]}' "http://127.0.0.1:$LPORT/" >/dev/null
echo "UTXO: $COUNT p2wpkh scripts on litecoind regtest, chunk $CHUNK"
/usr/bin/python3 - "$STATE/scan" "$COUNT" "$CHUNK" <<'PY'
import hashlib, json, os, sys
out, count, chunk = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out)
descs = ['raw(0014' + hashlib.sha256(f'porwatch-bench-scan-{i}'.encode()).hexdigest()[:40] + ')' for i in range(count)]
for n, s in enumerate(range(0, count, chunk)):
    json.dump({'jsonrpc': '1.0', 'id': 1, 'method': 'scantxoutset', 'params': ['start', descs[s:s + chunk]]},
              open(f'{out}/s{n}.json', 'w'))
PY
# The node's scan is ~1 s at 100k and the machine may be shared: alternate the two RUNS times
# and compare medians.
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
PS=(); RS=()
for _ in $(seq 1 "$RUNS"); do
  out=$("$BENCH" scan-utxo "$L" regtest "$COUNT" "$CHUNK"); PS+=("$(echo "$out" | field seconds)")
  t0=$(now); for f in "$STATE"/scan/s*.json; do curl -s -u u:p -H 'content-type: application/json' --data-binary "@$f" "http://127.0.0.1:$LPORT/" -o /dev/null; done
  RS+=("$(/usr/bin/python3 -c "print($(now)-$t0)")")
done
echo "  porwatch: $out"
P=$(printf '%s\n' "${PS[@]}" | median); R=$(printf '%s\n' "${RS[@]}" | median)
echo "  porwatch seconds (median of $RUNS): $P  [${PS[*]}]"
echo "  raw scantxoutset (curl, same chunks, median of $RUNS): seconds=$R  [${RS[*]}]"
echo "  overhead: porwatch/raw = $(ratio "$P" "$R") (target <= 1.05)"
