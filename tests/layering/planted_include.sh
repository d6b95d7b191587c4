#!/usr/bin/env bash
# Proves tests/check_layering.sh: on a copy of the tree it passes, and each planted violation (an
# include against the data flow, curl outside the edges, a shell) makes it fail.
# usage: planted_include.sh SOURCE_DIR
set -u
src=$1; work=$(mktemp -d /tmp/porwatch-layering.XXXXXX); trap 'rm -rf "$work"' EXIT
fresh() { rm -rf "$work/tree"; mkdir "$work/tree"; cp -r "$src/src" "$src/include" "$work/tree/"; }
fresh
"$src/tests/check_layering.sh" "$work/tree" >/dev/null || { echo "the clean tree fails the check"; exit 1; }
fail=0
plant() { # file line what
  fresh; echo "$2" >> "$work/tree/$1"
  if out=$("$src/tests/check_layering.sh" "$work/tree"); then echo "planted ($3): NOT caught"; fail=1
  else echo "planted ($3): caught: $(echo "$out" | head -1)"; fi
}
plant src/snapshot/plan.cpp '#include "porwatch/store/store.hpp"' 'the snapshot includes the store'
plant src/util/hex.cpp '#include "porwatch/address/address.hpp"' 'util includes a stage'
plant src/proof/verify.cpp '#include <curl/curl.h>' 'curl in the proof stage'
plant src/alert/rules.cpp 'int f() { return system("true"); }' 'a shell'
exit $fail
