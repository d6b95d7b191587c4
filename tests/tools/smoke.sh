#!/usr/bin/env bash
# End-to-end smoke test of the test nodes (anvil, litecoind regtest) and the third-party signers.
# Starts both nodes on free loopback ports with a scratch state dir, stops them by PID on exit.
# Prerequisites: install-npm-tools.sh has run; apt packages litecoind, electrum, python3-bitcoinlib, curl.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
PY=/usr/bin/python3
STATE=$(mktemp -d /tmp/porwatch-smoke.XXXXXX)
cleanup() {
  "$HERE/stop-node.sh" "$STATE/anvil.pid"; "$HERE/stop-node.sh" "$STATE/litecoind.pid"
  rm -rf "$STATE"
}
trap cleanup EXIT
ETH_PORT=$($PY free-port.py); LTC_PORT=$($PY free-port.py)
while [ "$LTC_PORT" = "$ETH_PORT" ]; do LTC_PORT=$($PY free-port.py); done
"$HERE/start-anvil.sh" "$STATE" "$ETH_PORT"
"$HERE/start-litecoind.sh" "$STATE" "$LTC_PORT"
echo "nodes up: anvil:$ETH_PORT litecoind:$LTC_PORT state:$STATE"

CAST=node_modules/@foundry-rs/cast-linux-amd64/bin/cast; ETH=http://127.0.0.1:$ETH_PORT
pass=0; fail=0; ok() { echo "ok   $1"; pass=$((pass+1)); }; bad() { echo "FAIL $1"; fail=$((fail+1)); }
check() { local name=$1; shift; if "$@" >/dev/null 2>&1; then ok "$name"; else bad "$name"; fi; }
erpc() { curl -s -H 'content-type: application/json' --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}" "$ETH"; }
L="litecoin-cli -regtest -rpcport=$LTC_PORT -rpcuser=u -rpcpassword=p"
jget() { $PY -c "import json,sys;print(json.load(sys.stdin)$1)"; }

# --- Ethereum (anvil, cast, ethers)
A=0x1111111111111111111111111111111111111111
erpc anvil_setBalance "[\"$A\",\"0x2a\"]" >/dev/null; erpc evm_mine '[]' >/dev/null
check "anvil setBalance+getBalance" test "$(erpc eth_getBalance "[\"$A\",\"latest\"]" | jget "['result']")" = 0x2a
check "ethers JsonRpcProvider balance" test "$(node eth-sign.mjs balance $A "$ETH")" = 42
T=0x00000000000000000000000000000000000a11ce; H=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
erpc anvil_setCode "[\"$T\",\"$($PY erc20_runtime.py)\"]" >/dev/null
erpc anvil_setStorageAt "[\"$T\",\"$($CAST index address $H 0)\",\"$($CAST to-uint256 777)\"]" >/dev/null
check "planted ERC-20 balanceOf" test "$($CAST call --rpc-url "$ETH" $T 'balanceOf(address)(uint256)' $H)" = 777
PK=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80; ADDR=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
S=$($CAST wallet sign --private-key $PK "hello world")
check "cast sign -> ethers verify" node eth-sign.mjs verify $ADDR "hello world" "$S"
S2=$(node eth-sign.mjs sign $PK "hello world" | jget "['signature']")
check "ethers sign -> cast verify" $CAST wallet verify --address $ADDR "hello world" "$S2"
check "ethers rejects wrong message" test "$(node eth-sign.mjs verify $ADDR "hello world!" "$S" | jget "['ok']")" = False

# --- Litecoin Core regtest (Bitcoin Core 0.21 RPC surface)
K=KwFfNUhSDaASSAwtG7ssQM1uVX8RgX5GHWnnLfhfiQDigjioWXHH; M="hello world"
P=mrcNu71ztWjAQA6ww9kHiW3zBWSQidHXTQ            # regtest p2pkh of K, valid on litecoind as-is
$L generatetoaddress 2 $P >/dev/null
check "litecoind scantxoutset addr()" test "$($L scantxoutset start "[\"addr($P)\"]" | jget "['total_amount']")" = 100.0
$L createwallet miner >/dev/null; MINER=$($L -rpcwallet=miner getnewaddress "" bech32)
$L generatetoaddress 101 "$MINER" >/dev/null
LR=$(node btc-sign.cjs addrs $K litecoin-regtest)
Q=$(echo "$LR" | jget "['p2wpkh']"); W=$(echo "$LR" | jget "['p2wsh']")
check "btc-sign litecoin-regtest p2wpkh = doc value" test "$Q" = rltc1q0xcqpzrky6eff2g52qdye53xkk9jxkvrpcuql2
$L -rpcwallet=miner sendtoaddress "$Q" 0.75 >/dev/null
$L -rpcwallet=miner sendtoaddress 2MvtZ4txAvbaWRW2gXRmmrcUpQfsqNgpfUm 2.25 >/dev/null
$L -rpcwallet=miner sendtoaddress "$W" 0.5 >/dev/null
$L generatetoaddress 1 "$MINER" >/dev/null
check "litecoind real transfers visible to scantxoutset" test "$($L scantxoutset start "[\"addr($Q)\",\"addr(2MvtZ4txAvbaWRW2gXRmmrcUpQfsqNgpfUm)\"]" | jget "['total_amount']")" = 3.0
check "litecoind accepts btc-sign p2wsh (1-of-1 multisig)" test "$($L scantxoutset start "[\"addr($W)\"]" | jget "['total_amount']")" = 0.5

# --- Bitcoin message signers, cross-verified
ADDRS=$(node btc-sign.cjs addrs $K)
P2PKH=$(echo "$ADDRS" | jget "['p2pkh']"); P2SH=$(echo "$ADDRS" | jget "['p2sh-p2wpkh']")
P2WPKH=$(echo "$ADDRS" | jget "['p2wpkh']"); P2TR=$(echo "$ADDRS" | jget "['p2tr']")
for t in p2pkh p2wpkh-p2sh p2wpkh; do
  out=$(./electrum-sign.py sign $K $t "$M")
  a=$(echo "$out" | jget "['address']"); s=$(echo "$out" | jget "['signature']")
  check "electrum sign $t ($a) -> bitcoinjs-message verify" node btc-sign.cjs verify137 "$a" "$M" "$s"
done
for t in p2pkh p2sh-p2wpkh p2wpkh; do
  a=$(echo "$ADDRS" | jget "['$t']")
  s=$(node btc-sign.cjs sign137 $K $t "$M")
  check "bitcoinjs-message sign $t -> electrum verify" ./electrum-sign.py verify "$a" "$s" "$M"
done
s=$(./electrum-sign.py sign $K p2wpkh "$M" --regtest | jget "['signature']")
check "electrum regtest sign -> electrum verify" ./electrum-sign.py verify bcrt1q0xcqpzrky6eff2g52qdye53xkk9jxkvrl4xfg5 "$s" "$M"
check "electrum rejects wrong message" test "$(./electrum-sign.py verify "$P2PKH" "$s" "$M!" || true)" = false
for a in $P2WPKH $P2TR; do
  s=$(node btc-sign.cjs sign322 $K "$a" "$M")
  check "bip322-js sign+verify $a" node btc-sign.cjs verify322 "$a" "$M" "$s"
done
s=$($PY -c "
import bitcoin; from bitcoin.wallet import CBitcoinSecret; from bitcoin.signmessage import BitcoinMessage, SignMessage
print(SignMessage(CBitcoinSecret('$K'), BitcoinMessage('$M')).decode())")
check "python3-bitcoinlib sign -> electrum verify" ./electrum-sign.py verify "$P2PKH" "$s" "$M"
ls=$($L signmessagewithprivkey cMceqPhHedrhbcR9eXgzmfWy7kRqLyAxMYwFT6ABDWsiwUp9Nsq9 "$M")
check "litecoind signature is NOT a Bitcoin message signature" test "$(./electrum-sign.py verify "$P2PKH" "$ls" "$M" || true)" = false
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
