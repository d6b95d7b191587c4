#!/usr/bin/env bash
# The shipped unit, checked by systemd itself: `systemd-analyze security --offline=true` must
# report an overall exposure <= 1.5, and `systemd-analyze verify` must pass. verify checks that
# ExecStart= is executable, so it runs on a temp copy whose /usr/bin/porwatch is replaced by the
# binary just built. A missing systemd-analyze is a failure, not a skip.
set -u
UNIT=$1
BIN=$2
MAX_EXPOSURE=${3:-1.5}
fail=0
command -v systemd-analyze >/dev/null || { echo "FAIL systemd-analyze not found (apt-get install systemd)"; exit 1; }

out=$(systemd-analyze security --offline=true "$UNIT" 2>&1)
rc=$?
figure=$(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for porwatch.service: \([0-9.]*\).*/\1/p')
if [ $rc -ne 0 ] || [ -z "$figure" ]; then
  echo "FAIL security: exit $rc, no exposure figure in:"; printf '%s\n' "$out"; fail=1
elif awk -v f="$figure" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(f <= m) }'; then
  echo "ok   exposure $figure <= $MAX_EXPOSURE"
else
  echo "FAIL exposure $figure > $MAX_EXPOSURE"; printf '%s\n' "$out" | grep '✗'; fail=1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s#/usr/bin/porwatch#$BIN#" "$UNIT" > "$tmp/porwatch.service"
grep -q "^ExecStart=$BIN run --config" "$tmp/porwatch.service" || { echo "FAIL ExecStart not substituted"; fail=1; }
if vout=$(systemd-analyze verify "$tmp/porwatch.service" 2>&1) && [ -z "$vout" ]; then
  echo "ok   verify"
else
  echo "FAIL verify:"; printf '%s\n' "$vout"; fail=1
fi

# The settings the daemon relies on are present (a refactor must not drop them silently).
for key in 'Type=notify' 'WatchdogSec=' 'Restart=on-failure' 'User=porwatch' 'Group=porwatch' \
           'StateDirectory=porwatch' 'ConfigurationDirectory=porwatch' 'ExecReload=/bin/kill -HUP $MAINPID' \
           'CapabilityBoundingSet=$' 'SystemCallFilter=@system-service' 'MemoryDenyWriteExecute=yes' \
           'UMask=0027' 'StateDirectoryMode=0750' 'PrivateUsers=yes' \
           'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6'; do
  grep -q "^$key" "$UNIT" || { echo "FAIL missing $key"; fail=1; }
done
[ $fail -eq 0 ] && echo "unit ok"
exit $fail
