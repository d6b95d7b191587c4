#!/usr/bin/env bash
# usage: stop-node.sh PIDFILE
# Stops the process whose PID is in PIDFILE (SIGTERM, up to 10 s, then SIGKILL) and removes PIDFILE.
# The caller then removes the state directory (for anvil: it holds HOME/.foundry, which can reach GBs).
[ $# -ge 1 ] || { echo "usage: $0 PIDFILE" >&2; exit 2; }
f=$1
[ -f "$f" ] || exit 0
p=$(cat "$f")
if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
  kill "$p" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then kill -9 "$p" 2>/dev/null; sleep 0.1; fi
fi
rm -f "$f"
exit 0
