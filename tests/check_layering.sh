#!/usr/bin/env bash
# Enforce the layering of src/: JSON, HTTP, SQL and systemd stay at the edges, and the pure
# core (util, crypto, encoding, address, addressbook, proof, snapshot, alert rules) never
# includes them. Also: no shell is ever used to run programs.
set -u
root=${1:-.}
cd "$root" || exit 2
fail=0
check() { # pattern allowed-dirs-regex description
  local hits
  hits=$(grep -rlE "$1" src include 2>/dev/null | grep -vE "$2" || true)
  if [ -n "$hits" ]; then echo "layering: $3 outside $2:"; echo "$hits"; fail=1; fi
}
check '#include <curl/'       '^src/(chain|alert)/'                  'libcurl'
check '#include <sqlite3.h>'  '^src/store/'                          'sqlite3'
check '#include <rapidjson/'  '^src/(chain|cli|alert|daemon|store|bundle)/|^src/liabilities/json_doc\.cpp$' 'RapidJSON'
check '#include <systemd/'    '^src/daemon/'                         'libsystemd'
check '#include <microhttpd.h>' '^src/metrics/'                      'libmicrohttpd'
check '\b(system|popen)\s*\(' '^$'                                   'a shell (system/popen)'
# Pricing is exact integer arithmetic: no floating-point type in the prices stage or the valuation.
hits=$(grep -lE '\b(float|double)\b' src/prices/*.cpp include/porwatch/prices/*.hpp src/snapshot/valuation.cpp 2>/dev/null || true)
if [ -n "$hits" ]; then echo "layering: floating point in pricing:"; echo "$hits"; fail=1; fi
# RLP, the trie and the Ethereum proofs are pure and sit below every stage: they include only
# util/, crypto/ and each other (in that order: rlp ← trie ← ethproof).
pure=$(grep -lE '#include "porwatch/(address|config|addressbook|proof|chain|liabilities|snapshot|store|bundle|alert|daemon|metrics|report|cli)/' \
         src/rlp/* src/trie/* src/ethproof/* include/porwatch/rlp/* include/porwatch/trie/* include/porwatch/ethproof/* 2>/dev/null || true)
if [ -n "$pure" ]; then echo "layering: rlp/trie/ethproof include a stage above them:"; echo "$pure"; fail=1; fi
# The liabilities stage sits before the snapshot: it includes no stage to its right.
hits=$(grep -rlE '#include "porwatch/(snapshot|store|bundle|alert|daemon|cli|metrics|report)/' src/liabilities include/porwatch/liabilities 2>/dev/null || true)
if [ -n "$hits" ]; then echo "layering: src/liabilities includes a later stage:"; echo "$hits"; fail=1; fi
if [ $fail -eq 0 ]; then echo "layering ok"; fi
exit $fail
