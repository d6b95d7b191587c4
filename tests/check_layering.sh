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
check '#include <curl/'       '^src/chain/rpc_client\.cpp$|^src/alert/webhook\.cpp$'                  'libcurl'
check '#include <sqlite3.h>'  '^src/store/'                          'sqlite3'
# JSON is written only through json::Writer (src/json); RapidJSON's reader parses node replies,
# bundles, stored evidence (through json/reader.hpp) and liabilities files (the bundle reader re-serialises parsed
# sub-values for the evidence codec's parsers).
check '#include <rapidjson/'  '^src/(json|chain|store|bundle)/|^src/liabilities/json_doc\.cpp$|^include/porwatch/json/reader\.hpp$' 'RapidJSON'
check 'rapidjson::Writer|rapidjson::PrettyWriter' '^src/json/writer\.cpp$|^src/bundle/json_support\.hpp$' 'a JSON writer other than json::Writer'
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
# The include direction between modules, from the code itself: a module includes only modules
# of a lower rank (data flows one way; see doc/architecture.md). Same-rank modules are
# independent of each other.
ranks='util=0 crypto=1 json=1 encoding=2 rlp=2 trie=3 address=3 ethproof=4 config=5 addressbook=6 proof=7
  chain=8 prices=9 liabilities=9 snapshot=10 store=11 bundle=12 alert=12 daemon=13 report=13 metrics=14 cli=15'
hits=$(grep -rH '#include "porwatch/' src include/porwatch 2>/dev/null | awk -v ranks="$ranks" '
  BEGIN { n = split(ranks, pairs, /[ \n]+/); for (i = 1; i <= n; ++i) { split(pairs[i], kv, "="); if (kv[1] != "") rank[kv[1]] = kv[2] } }
  {
    file = $0; sub(/:.*/, "", file)
    if (file ~ /^src\/[^\/]+$/) next   # src/main.cpp sits above every stage
    module = file; sub(/^(src|include\/porwatch)\//, "", module); sub(/\/.*/, "", module)
    used = $0; sub(/.*#include "porwatch\//, "", used); sub(/\/.*/, "", used)
    if (!(module in rank)) { print "layering: module " module " has no rank in tests/check_layering.sh"; next }
    if (used == module) next
    if (!(used in rank) || rank[used] + 0 >= rank[module] + 0)
      print "layering: " file " includes " used " (rank " (used in rank ? rank[used] : "?") "), not below " module " (rank " rank[module] ")"
  }' | sort -u)
if [ -n "$hits" ]; then echo "$hits"; fail=1; fi
if [ $fail -eq 0 ]; then echo "layering ok"; fi
exit $fail
