#!/usr/bin/env bash
# usage: start-litecoind.sh STATE_DIR PORT [PASSWORD]
# Starts litecoind -regtest (Bitcoin Core 0.21 RPC surface) with datadir STATE_DIR/ltc, RPC on
# 127.0.0.1:PORT, user u / password PASSWORD (default p); PASSWORD "-" means cookie auth (litecoind writes
# STATE_DIR/ltc/regtest/.cookie, mode 0600, as Bitcoin Core does). P2P listening is off. Writes
# STATE_DIR/litecoind.pid and STATE_DIR/litecoind.log; returns once getblockcount answers (30 s timeout).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 STATE_DIR PORT" >&2; exit 2; }
STATE=$1; PORT=$2; PASSWORD=${3:-p}
command -v litecoind >/dev/null || { echo "litecoind not installed (apt-get install litecoind)" >&2; exit 1; }
mkdir -p "$STATE/ltc"
AUTH=(-rpcuser=u -rpcpassword="$PASSWORD")
[ "$PASSWORD" = "-" ] && AUTH=()
litecoind -regtest -datadir="$STATE/ltc" -server -listen=0 -connect=0 -dnsseed=0 \
  -rpcbind=127.0.0.1 -rpcallowip=127.0.0.1 -rpcport="$PORT" "${AUTH[@]}" \
  -fallbackfee=0.0001 -txindex=1 -printtoconsole=0 > "$STATE/litecoind.log" 2>&1 < /dev/null &
PID=$!
echo "$PID" > "$STATE/litecoind.pid"
for _ in $(seq 1 300); do
  CREDENTIALS="u:$PASSWORD"
  if [ "$PASSWORD" = "-" ]; then CREDENTIALS=$(cat "$STATE/ltc/regtest/.cookie" 2>/dev/null || echo none:none); fi
  if curl -s -m 1 -u "$CREDENTIALS" -H 'content-type: application/json' \
       --data '{"jsonrpc":"1.0","id":1,"method":"getblockcount","params":[]}' \
       "http://127.0.0.1:$PORT/" 2>/dev/null | grep -q '"result":[0-9]'; then
    exit 0
  fi
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "litecoind died; log:" >&2; cat "$STATE/litecoind.log" >&2
    tail -n 30 "$STATE/ltc/regtest/debug.log" >&2 2>/dev/null || true
    exit 1
  fi
  sleep 0.1
done
echo "litecoind not answering on port $PORT after 30 s; log:" >&2; cat "$STATE/litecoind.log" >&2
tail -n 30 "$STATE/ltc/regtest/debug.log" >&2 2>/dev/null || true
exit 1
