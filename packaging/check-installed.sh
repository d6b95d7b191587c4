#!/usr/bin/env bash
# Checks a Debian machine on which porwatch_*.deb was just installed with apt (the fresh-root
# proof of systemd/README.md; run as root, systemd need not be running):
#   files, the porwatch system user, the unit enabled and verified by systemd-analyze, the
#   binary run as the service user (a real cycle against a node that is down, then a report
#   from that history), an operator in the porwatch group reading that history read-only and
#   anyone else told "permission denied", then remove (history kept, unit masked) and purge (conffile gone).
# usage: check-installed.sh PATH_TO_DEB        (the .deb is reinstalled after the removal test)
set -u
DEB=$1
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { local name=$1; shift; if "$@" >/dev/null 2>&1; then ok "$name"; else bad "$name"; fi; }

check "dpkg: porwatch installed" sh -c "dpkg-query -W -f='\${Status}' porwatch | grep -qx 'install ok installed'"
check "binary /usr/bin/porwatch" test -x /usr/bin/porwatch
echo "     $(porwatch --version)"
check "porwatch --version" sh -c "porwatch --version | grep -q '^porwatch [0-9]'"
check "unit /usr/lib/systemd/system/porwatch.service" test -f /usr/lib/systemd/system/porwatch.service
check "unit ExecStart=/usr/bin/porwatch" grep -qx 'ExecStart=/usr/bin/porwatch run --config /etc/porwatch/porwatch.conf' /usr/lib/systemd/system/porwatch.service
check "/etc/porwatch exists with the example config" test -f /etc/porwatch/porwatch.conf.example
check "nothing in /usr/etc" test ! -e /usr/etc/porwatch
check "man page" test -f /usr/share/man/man1/porwatch.1.gz
check "system user porwatch" sh -c "uid=\$(id -u porwatch) && [ \"\$uid\" -lt 1000 ] && [ \"\$(id -gn porwatch)\" = porwatch ]"
check "its shell is nologin" sh -c "getent passwd porwatch | grep -q ':/usr/sbin/nologin$'"
check "unit enabled (multi-user.target.wants)" test -L /etc/systemd/system/multi-user.target.wants/porwatch.service
vout=$(systemd-analyze verify /usr/lib/systemd/system/porwatch.service 2>&1)
if [ $? -eq 0 ] && [ -z "$vout" ]; then ok "systemd-analyze verify of the installed unit"; else bad "systemd-analyze verify: $vout"; fi
check "security exposure <= 1.5" sh -c "systemd-analyze security --offline=true /usr/lib/systemd/system/porwatch.service 2>&1 | \
  sed -n 's/.*Overall exposure level for porwatch.service: \([0-9.]*\).*/\1/p' | awk '{ exit !(\$1 <= 1.5) }'"

# As the service user: one cycle against a node that is down (a failed chain, exit 3), then a
# report of that history. What systemd's StateDirectory= would create is made by hand here.
install -d -o porwatch -g porwatch -m 0750 /var/lib/porwatch   # StateDirectoryMode=0750
work=$(mktemp -d)
chmod 755 "$work"
printf 'chain,network,address,asset,message,signatures,script,scheme,label\nlitecoin,regtest,rltc1q0xcqpzrky6eff2g52qdye53xkk9jxkvrpcuql2,LTC,,,,,cold\n' > "$work/book.csv"
printf 'database = /var/lib/porwatch/check.db\naddresses = %s/book.csv\n[litecoin]\nnetwork = regtest\nrpc_url = http://127.0.0.1:1/\nretries = 0\n' "$work" > "$work/porwatch.conf"
chmod 644 "$work/book.csv" "$work/porwatch.conf"
as_porwatch() { setpriv --reuid=porwatch --regid=porwatch --init-groups -- "$@"; }
(umask 027 && as_porwatch porwatch scan --config "$work/porwatch.conf") >"$work/scan.out" 2>&1   # UMask=0027
code=$?
[ $code -eq 3 ] && ok "scan as porwatch: a node that is down is a failed chain (exit 3)" || { bad "scan exit $code"; cat "$work/scan.out"; }
as_porwatch porwatch report --db /var/lib/porwatch/check.db --out /var/lib/porwatch/report.html >"$work/report.out" 2>&1 \
  && ok "report as porwatch" || { bad "report"; cat "$work/report.out"; }
check "the report shows the failed snapshot" grep -q 'Snapshots that were not complete' /var/lib/porwatch/report.html
# An operator in the porwatch group reads the history without root; anyone else is refused.
useradd --system --no-create-home --groups porwatch porwatch-operator
useradd --system --no-create-home porwatch-stranger
check "operator in the porwatch group: status --db reads (exit 3: the last snapshot failed)" \
  sh -c "setpriv --reuid=porwatch-operator --regid=porwatch-operator --init-groups -- porwatch status --db /var/lib/porwatch/check.db; [ \$? -eq 3 ]"
check "operator: history --format jsonl" setpriv --reuid=porwatch-operator --regid=porwatch-operator --init-groups -- \
  porwatch history --db /var/lib/porwatch/check.db --format jsonl
check "anyone else: permission denied naming the user" sh -c "setpriv --reuid=porwatch-stranger --regid=porwatch-stranger \
  --init-groups -- porwatch status --db /var/lib/porwatch/check.db 2>&1 | grep -q 'permission denied for user porwatch-stranger'"
check "porwatch status without --config reads /etc/porwatch/porwatch.conf (absent: exit 2)" \
  sh -c "porwatch status 2>&1 | grep -q '/etc/porwatch/porwatch.conf: no such file'"
userdel porwatch-operator; userdel porwatch-stranger
check "porwatch run without /etc/porwatch/porwatch.conf exits 2 (the unit's condition skips it)" \
  sh -c "as() { setpriv --reuid=porwatch --regid=porwatch --init-groups -- \"\$@\"; }; as porwatch run --config /etc/porwatch/porwatch.conf; [ \$? -eq 2 ]"
rm -f /var/lib/porwatch/check.db* /var/lib/porwatch/report.html
rm -rf "$work"

# Remove keeps the history and the config; the unit is masked. Purge removes the conffile.
touch /var/lib/porwatch/keep-me
apt-get remove -y -qq porwatch >/dev/null 2>&1 || bad "apt-get remove"
check "removed: no binary" test ! -e /usr/bin/porwatch
check "removed: /var/lib/porwatch kept" test -f /var/lib/porwatch/keep-me
check "removed: conffile kept" test -f /etc/porwatch/porwatch.conf.example
check "removed: unit masked" sh -c "[ \"\$(readlink /etc/systemd/system/porwatch.service)\" = /dev/null ]"
apt-get purge -y -qq porwatch >/dev/null 2>&1 || bad "apt-get purge"
check "purged: conffile gone" test ! -e /etc/porwatch/porwatch.conf.example
check "purged: unit unmasked" test ! -e /etc/systemd/system/porwatch.service
check "purged: history kept" test -f /var/lib/porwatch/keep-me
apt-get install -y -qq "$DEB" >/dev/null 2>&1 || bad "reinstall"
check "reinstalled: enabled again, same user" sh -c "test -L /etc/systemd/system/multi-user.target.wants/porwatch.service && id porwatch"
[ $fail -eq 0 ] && echo "installed package ok"
exit $fail
