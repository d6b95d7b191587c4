#!/usr/bin/env bash
# The porwatch binary as a process: stdout JSON, stderr one line, exit codes 0 and 2.
set -u
BIN=$1
pass=0; fail=0
expect() { # name expected-exit expected-stdout-substring expected-stderr-substring -- args...
  local name=$1 code=$2 out=$3 err=$4; shift 5
  local o e c
  o=$("$BIN" "$@" 2>/tmp/porwatch-cli-err.$$); c=$?; e=$(cat /tmp/porwatch-cli-err.$$)
  if [ "$c" = "$code" ] && [[ "$o" == *"$out"* ]] && [[ "$e" == *"$err"* ]] \
     && [ "$(printf '%s' "$e" | grep -c '')" -le 1 ]; then
    pass=$((pass+1)); echo "ok   $name"
  else
    fail=$((fail+1)); echo "FAIL $name: exit $c, stdout [$o], stderr [$e]"
  fi
}
expect "p2tr mainnet" 0 '"type":"p2tr"' '' -- address bc1p33wm0auhr9kkahzd6l0kqj85af4cswn276hsxg6zpz85xe2r0y8syx4e5t
expect "litecoind regtest Q-address" 0 '"chain":"litecoin","network":"regtest","type":"p2sh"' '' -- \
  address QQFKBupQwhdbZgnj9XonwJvFZ4KfGGWGEC --chain litecoin --network regtest
expect "evm lower case is checksummed" 0 '"address":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"' '' -- \
  address 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266
expect "bad checksum exits 2" 2 '' 'bad checksum' -- address 1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaE
expect "wrong network exits 2" 2 '' 'wrong network' -- address bc1q0xcqpzrky6eff2g52qdye53xkk9jxkvrh6yhyw --network test
expect "mixed case exits 2" 2 '' 'mixed-case' -- address bc1q0xcqpzrky6eff2g52qdye53xkk9jxkvRh6yhyw
expect "future witness version exits 2" 2 '' 'future witness version' -- address bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs
expect "no argument exits 2" 2 '' 'address' -- address
expect "--version" 0 'porwatch ' '' -- --version
rm -f /tmp/porwatch-cli-err.$$
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
