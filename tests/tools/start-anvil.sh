#!/usr/bin/env bash
# usage: start-anvil.sh STATE_DIR PORT [CHAIN_ID]
# Starts anvil on 127.0.0.1:PORT with HOME=STATE_DIR/home (anvil persists old states under
# $HOME/.foundry, which can grow to GBs: the caller removes STATE_DIR after stop-node.sh).
# Writes STATE_DIR/anvil.pid and STATE_DIR/anvil.log; returns once eth_blockNumber answers.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { echo "usage: $0 STATE_DIR PORT [CHAIN_ID]" >&2; exit 2; }
STATE=$1; PORT=$2; CHAIN_ID=${3:-31337}
ANVIL="$HERE/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
[ -x "$ANVIL" ] || { echo "anvil not installed: run $HERE/install-npm-tools.sh" >&2; exit 1; }
mkdir -p "$STATE/home"
HOME="$STATE/home" "$ANVIL" --host 127.0.0.1 --port "$PORT" --chain-id "$CHAIN_ID" --silent \
  > "$STATE/anvil.log" 2>&1 < /dev/null &
PID=$!
echo "$PID" > "$STATE/anvil.pid"
for _ in $(seq 1 300); do   # 300 x 0.1 s = 30 s
  if curl -s -m 1 -H 'content-type: application/json' \
       --data '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}' \
       "http://127.0.0.1:$PORT" 2>/dev/null | grep -q '"result"'; then
    exit 0
  fi
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "anvil died; log:" >&2; cat "$STATE/anvil.log" >&2; exit 1
  fi
  sleep 0.1
done
echo "anvil not answering on port $PORT after 30 s; log:" >&2; cat "$STATE/anvil.log" >&2
exit 1
