#!/usr/bin/env bash
# Install the npm part of porwatch's test tools (anvil, cast, signers) into tests/tools/node_modules.
# Idempotent: runs `npm ci` only if node_modules is missing or older than package-lock.json.
# Apt packages (litecoind, electrum, python3-bitcoinlib, ...) are installed elsewhere.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE"
if [ -d node_modules ] && [ -f node_modules/.package-lock.json ] \
   && [ ! node_modules/.package-lock.json -ot package-lock.json ]; then
  echo "npm tools: up to date"
  exit 0
fi
t0=$SECONDS
# --ignore-scripts: only secp256k1 native addons have install scripts; both fall back to JS/prebuilds.
npm ci --ignore-scripts --no-audit --no-fund >/dev/null
touch node_modules/.package-lock.json
echo "npm tools: installed in $((SECONDS - t0)) s"
