#!/usr/bin/env bash
# The scale benchmark of issue 16, as one markdown table: porwatch against the limit programs,
# each a whole process timed by /usr/bin/time (wall, user+sys CPU, peak RSS), at SIZES:
#   verify      `porwatch verify FILE` on N signed rows (half BIP-137 P2PKH, half EIP-191,
#               `porwatch-bench make-book verify`) vs bench/limit/limit_verify.cpp (read the file,
#               decode, hash, ecdsa_recover, compare the address, on every core)
#   store       `porwatch-bench store DB N 3`: a first snapshot of N addresses, 3 unchanged ones
#               and one with 1 % changed vs bench/limit/limit_store.cpp (the same 5 snapshots as
#               naive one-row-per-address inserts, one transaction each)
#   evm         `porwatch scan --once` of N ETH-only addresses on anvil (a monitor's recurring
#               cycle: an untimed scan fills the database first, so each timed run stores an
#               unchanged snapshot) vs curl posting pre-built batch bodies (bench/make_bodies.py):
#               same batch size (1000), same requests in flight (2), same block tag (blockHash +
#               requireCanonical at the head)
#   evm-tokens  the same, N × (ETH + 2 ERC-20)
#   utxo        `porwatch scan --once` of N litecoin regtest p2wpkh addresses (N ≤ 100000 only)
#               vs raw scantxoutset with curl (same raw() descriptors, same 50000-script chunks)
# Sides alternate A B [C] A B [C] … RUNS times: A porwatch (BUILD_DIR), B the limit, C porwatch
# of the BEFORE build. Wall is min / median / max; ratios are medians of each run's ratio to the
# limit run next to it. Nodes run on free loopback ports and are stopped by PID on exit.
# usage: [SIZES="10000 100000 1000000"] [RUNS=2] [BEFORE=OLD_BUILD_DIR]
#        [STAGES="verify store evm evm-tokens utxo"] bench/scale.sh BUILD_DIR
# Needs what scripts/setup installs (time, curl, python3, litecoind, anvil in tests/tools).
set -euo pipefail
die() { echo "scale.sh: $*" >&2; exit 1; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 1 ] || die "usage: [SIZES=…] [RUNS=n] [BEFORE=OLD_BUILD_DIR] [STAGES=…] $0 BUILD_DIR"
BUILD=$(cd "$1" && pwd) || die "no build directory $1"
SIZES=${SIZES:-10000 100000 1000000}; RUNS=${RUNS:-2}; STAGES=${STAGES:-verify store evm evm-tokens utxo}
TOOLS="$ROOT/tests/tools"; BENCH="$BUILD/bench/porwatch-bench"; PY=/usr/bin/python3
for f in "$BUILD/porwatch" "$BENCH" "$BUILD/bench/porwatch-limit-verify" "$BUILD/bench/porwatch-limit-store"; do
  [ -x "$f" ] || die "$f is missing: cmake --build $BUILD --target porwatch bench"
done
if [ -n "${BEFORE:-}" ]; then
  BEFORE=$(cd "$BEFORE" && pwd) || die "no BEFORE build directory"
  { [ -x "$BEFORE/porwatch" ] && [ -x "$BEFORE/bench/porwatch-bench" ]; } || die "BEFORE=$BEFORE has no porwatch/porwatch-bench"
fi
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian package 'time': scripts/setup installs it)"
{ command -v curl >/dev/null && [ -x $PY ]; } || die "curl and python3 are needed (scripts/setup)"
for s in $STAGES; do
  case $s in verify|store|evm|evm-tokens|utxo) ;; *) die "unknown stage '$s' in STAGES" ;; esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
for n in $SIZES; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "SIZES must be positive integers"; done
T1=0x00000000000000000000000000000000000a11ce; T2=0x00000000000000000000000000000000000b0b0b  # the ERC-20s

STATE=$(mktemp -d /tmp/porwatch-scale.XXXXXX)
RESULTS="$STATE/results"; : > "$RESULTS"
cleanup() {
  local rc=$?
  if [ "$rc" != 0 ] && [ -s "$RESULTS" ]; then  # what was measured before the failure
    { echo "scale.sh: stopped (exit $rc); the runs measured so far:"; $PY "$ROOT/bench/scale_table.py" "$RESULTS"; } >&2
  fi
  "$TOOLS/stop-node.sh" "$STATE/a/anvil.pid"; "$TOOLS/stop-node.sh" "$STATE/l/litecoind.pid"; rm -rf "$STATE"
}
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM  # so that the nodes are stopped then too
SIDES=(porwatch limit); [ -n "${BEFORE:-}" ] && SIDES+=(before)
# The value of KEY=… (a whole key: "seconds" is not the tail of "first_seconds").
field() { sed -n "s/\(^\|.* \)$1=\([^ ]*\).*/\2/p" "$2"; }
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# timed STAGE N SIDE CMD…: run CMD (stdout to $STATE/out, or to $OUT) under /usr/bin/time and
# append "stage n side wall cpu rss_kib" to the results; a failing command stops the run.
timed() {
  local stage=$1 n=$2 side=$3; shift 3
  if ! /usr/bin/time -f "%e %U %S %M" -o "$STATE/time" "$@" > "${OUT:-$STATE/out}" 2> "$STATE/err"; then
    echo "scale.sh: $stage N=$n $side failed: $*" >&2; tail -n 20 "$STATE/err" "$STATE/out" >&2 2>/dev/null; exit 1
  fi
  read -r wall user sys rss < <(tail -n 1 "$STATE/time")
  echo "$stage $n $side $wall $($PY -c "print(round($user + $sys, 2))") $rss" >> "$RESULTS"
}

# The scans time a monitor's recurring cycle: each side has its own database, which one untimed
# scan of the same book fills first (schema, book, first snapshot: the store stage times those),
# so the timed runs store an unchanged snapshot. $STATE/scan.conf names it "@SIDE@".
warm_up() {  # warm_up BUILD_DIR SIDE STAGE
  rm -f "$STATE/scan-$2".db*; sed "s/@SIDE@/$2/" "$STATE/scan.conf" > "$STATE/scan-$2.conf"
  "$1/porwatch" scan --once --no-alerts --config "$STATE/scan-$2.conf" --format json > "$STATE/out" 2> "$STATE/err" ||
    die "$3 $2: the warm-up scan failed: $(tail -n 5 "$STATE/err")"
}
scan_once() {  # scan_once BUILD_DIR SIDE STAGE N
  timed "$3" "$4" "$2" "$1/porwatch" scan --once --no-alerts --config "$STATE/scan-$2.conf" --format json
  check_scan "$3 $2"
}
warm_up_sides() {  # warm_up_sides STAGE
  log "$1: warm-up scans"; warm_up "$BUILD" porwatch "$1"; [ -z "${BEFORE:-}" ] || warm_up "$BEFORE" before "$1"
}
# A complete scan prints the chain's status; anything else is a failed run, not a figure.
check_scan() { grep -q '"status":"complete"' "$STATE/out" || die "$1: the scan was not complete: $(head -c 400 "$STATE/out")"; }

stage_verify() {
  local n=$1 book="$STATE/verify.csv"
  log "verify N=$n: writing the signed rows"; "$BENCH" make-book verify "$n" "$book" || die "make-book verify failed"
  for _ in $(seq 1 "$RUNS"); do
    for side in "${SIDES[@]}"; do
      case $side in
        porwatch) OUT=/dev/null timed verify "$n" porwatch "$BUILD/porwatch" verify "$book" --format jsonl ;;
        limit) timed verify "$n" limit "$BUILD/bench/porwatch-limit-verify" "$book"
               [ "$(field verified "$STATE/out")" = "$n" ] || die "limit verify: $(cat "$STATE/out")" ;;
        before) OUT=/dev/null timed verify "$n" before "$BEFORE/porwatch" verify "$book" --format jsonl ;;
      esac
    done
  done
  rm -f "$book"
}

stage_store() {
  local n=$1
  for _ in $(seq 1 "$RUNS"); do
    for side in "${SIDES[@]}"; do
      local cmd=("$BUILD/bench/porwatch-bench" store "$STATE/store.db" "$n" 3)
      [ "$side" = limit ] && cmd=("$BUILD/bench/porwatch-limit-store" "$STATE/store.db" "$n" 3)
      if [ "$side" = before ]; then
        # The old porwatch-bench store is fixed at 100k addresses and 20 unchanged snapshots.
        [ "$n" = 100000 ] || continue
        cmd=("$BEFORE/bench/porwatch-bench" store "$STATE/store.db")
      fi
      timed store "$n" "$side" "${cmd[@]}"
      local first unchanged db
      first=$(field first_seconds "$STATE/out"); unchanged=$(field unchanged_seconds "$STATE/out")
      db=$(field first_db_bytes "$STATE/out")
      if [ -z "$first" ]; then  # the old human-readable output
        first=$(sed -n 's/.*first snapshot: *\([0-9.e+-]*\) s.*/\1/p' "$STATE/out")
        unchanged=$(sed -n 's/.*mean write \([0-9.e+-]*\) s.*/\1/p' "$STATE/out")
        db=$(( $(sed -n 's/.*first snapshot:.*DB \([0-9]*\) KiB.*/\1/p' "$STATE/out") * 1024 ))
      fi
      { [ -n "$first" ] && [ -n "$unchanged" ]; } || die "store $side: no figures in $(cat "$STATE/out")"
      sed -i '$ s/$/'" $first $unchanged $db"'/' "$RESULTS"
      rm -f "$STATE"/store.db*
    done
  done
}

start_anvil() {
  [ -f "$STATE/a/anvil.pid" ] && return 0
  local port; port=$("$TOOLS/free-port.py"); "$TOOLS/start-anvil.sh" "$STATE/a" "$port" || die "anvil did not start"
  A=http://127.0.0.1:$port
  local runtime; runtime=$($PY "$TOOLS/erc20_runtime.py")
  for t in $T1 $T2; do rpc_eth anvil_setCode "[\"$t\",\"$runtime\"]" >/dev/null; done
  rpc_eth evm_mine '[]' >/dev/null
  local head; head=$(rpc_eth eth_blockNumber '[]' | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p')
  HASH=$(rpc_eth eth_getBlockByNumber "[\"$head\",false]" | sed -n 's/.*"hash":"\(0x[0-9a-f]*\)".*/\1/p')
  [ -n "$HASH" ] || die "anvil gave no head block hash"
}
rpc_eth() { curl -sf -H 'content-type: application/json' --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}" "$A"; }

stage_evm() {  # stage_evm STAGE N TOKEN…
  local stage=$1 n=$2; shift 2
  start_anvil
  "$BENCH" make-book evm "$n" "$STATE/evm.csv" || die "make-book evm failed"
  { echo "database = $STATE/scan-@SIDE@.db"; echo "addresses = $STATE/evm.csv"; echo "[ethereum]"; echo "rpc_url = $A"
    echo "chain_id = 31337"; echo "confirmations = 0"; echo "batch_size = 1000"; echo "parallel_batches = 2"
    for t in "$@"; do echo "token = T${t: -1}:$t:18"; done; } > "$STATE/scan.conf"
  log "$stage N=$n: writing the curl bodies"
  rm -rf "$STATE/bodies"; $PY "$ROOT/bench/make_bodies.py" "$STATE/bodies" "$A" "$n" 1000 "$HASH" "$@"
  warm_up_sides "$stage N=$n"
  for _ in $(seq 1 "$RUNS"); do
    for side in "${SIDES[@]}"; do
      case $side in
        porwatch) scan_once "$BUILD" porwatch "$stage" "$n" ;;
        limit) timed "$stage" "$n" limit curl -sS --no-progress-meter --fail --parallel --parallel-max 2 -K "$STATE/bodies/curl.cfg" ;;
        before) scan_once "$BEFORE" before "$stage" "$n" ;;
      esac
    done
  done
  rm -rf "$STATE/bodies" "$STATE/evm.csv" "$STATE"/scan-*.db*
}

start_litecoind() {
  [ -f "$STATE/l/litecoind.pid" ] && return 0
  LPORT=$("$TOOLS/free-port.py"); "$TOOLS/start-litecoind.sh" "$STATE/l" "$LPORT" || die "litecoind did not start"
  curl -sf -u u:p --data '{"jsonrpc":"1.0","id":1,"method":"generatetoaddress","params":[101,"rltc1q0xcqpzrky6eff2g52qdye53xkk9jxkvrpcuql2"]}' \
    "http://127.0.0.1:$LPORT/" >/dev/null || die "litecoind: generatetoaddress failed"
  echo p > "$STATE/ltc.password"
}

stage_utxo() {
  local n=$1
  start_litecoind
  "$BENCH" make-book litecoin "$n" "$STATE/ltc.csv" || die "make-book litecoin failed"
  { echo "database = $STATE/scan-@SIDE@.db"; echo "addresses = $STATE/ltc.csv"; echo "[litecoin]"; echo "network = regtest"
    echo "rpc_url = http://127.0.0.1:$LPORT/"; echo "rpc_user = u"; echo "rpc_password_file = $STATE/ltc.password"
    echo "confirmations = 0"; echo "scan_chunk_size = 50000"; } > "$STATE/scan.conf"
  $PY - "$STATE/scan" "$n" 50000 "http://127.0.0.1:$LPORT/" <<'PY'
import hashlib, json, os, sys
out, count, chunk, url = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
os.makedirs(out, exist_ok=True)
descs = ['raw(0014' + hashlib.sha256(f'porwatch-bench-scan-{i}'.encode()).hexdigest()[:40] + ')' for i in range(count)]
with open(f'{out}/curl.cfg', 'w') as cfg:
    for n, s in enumerate(range(0, count, chunk)):
        json.dump({'jsonrpc': '1.0', 'id': 1, 'method': 'scantxoutset', 'params': ['start', descs[s:s + chunk]]},
                  open(f'{out}/s{n}.json', 'w'))
        cfg.write(('next\n' if n else '') + f'url = "{url}"\nuser = "u:p"\nheader = "content-type: application/json"\n'
                  f'data-binary = "@{out}/s{n}.json"\noutput = "/dev/null"\n')
PY
  warm_up_sides "utxo N=$n"
  for _ in $(seq 1 "$RUNS"); do
    for side in "${SIDES[@]}"; do
      case $side in
        porwatch) scan_once "$BUILD" porwatch utxo "$n" ;;
        limit) timed utxo "$n" limit curl -sS --fail -K "$STATE/scan/curl.cfg" ;;
        before) scan_once "$BEFORE" before utxo "$n" ;;
      esac
    done
  done
  rm -rf "$STATE/scan" "$STATE/ltc.csv" "$STATE"/scan-*.db*
}

START=$(date -u +%s); DURATIONS=""
for n in $SIZES; do
  for stage in $STAGES; do
    t0=$(date -u +%s); log "$stage N=$n: $RUNS runs of ${SIDES[*]}"
    case $stage in
      verify) stage_verify "$n" ;;
      store) stage_store "$n" ;;
      evm) stage_evm evm "$n" ;;
      evm-tokens) stage_evm evm-tokens "$n" $T1 $T2 ;;
      utxo) if [ "$n" -le 100000 ]; then stage_utxo "$n"; else continue; fi ;;
    esac
    log "$stage N=$n took $(( $(date -u +%s) - t0 )) s"
    DURATIONS+="$stage N=$n: $(( $(date -u +%s) - t0 )) s; "
  done
done
echo "porwatch scale benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, SIZES=\"$SIZES\" RUNS=$RUNS," \
     "$(( $(date -u +%s) - START )) s; A = $BUILD${BEFORE:+, C (before) = $BEFORE}"
echo
$PY "$ROOT/bench/scale_table.py" "$RESULTS"
echo
echo "Stage times (setup, books and bodies included): ${DURATIONS%; }"
