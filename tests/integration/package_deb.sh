#!/usr/bin/env bash
# Packaging, checked without installing on this machine:
#  - `cmake --install --prefix P` into a DESTDIR for P = /usr, /usr/local and /opt/porwatch: the
#    unit's ExecStart names P/bin/porwatch (follows the prefix given at install time), the
#    example config lands in /etc/porwatch for /usr and /usr/local (P/etc/porwatch otherwise);
#  - `cpack -G DEB`: the .deb's files, control (Depends from dpkg-shlibdeps + systemd), conffiles,
#    maintainer scripts; the packaged binary runs (--version); `systemd-analyze verify` passes on
#    the packaged unit (ExecStart pointed at the extracted binary, since verify checks that it
#    exists; the ExecStart line itself is checked first); the man page renders without warnings
#    and has a section per subcommand.
# The install in a fresh Debian root (apt install ./porwatch_*.deb) is the manual proof in
# systemd/README.md. usage: package_deb.sh BUILD_DIR
set -u
BUILD=$1
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { local name=$1; shift; if "$@" >/dev/null 2>&1; then ok "$name"; else bad "$name"; fi; }
for tool in cpack dpkg-deb dpkg-shlibdeps systemd-analyze groff; do
  command -v $tool >/dev/null || { echo "FAIL $tool not found (scripts/setup installs it)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for prefix in /usr /usr/local /opt/porwatch; do
  dest=$tmp/install$(echo "$prefix" | tr / _)
  DESTDIR=$dest cmake --install "$BUILD" --prefix "$prefix" >"$tmp/install.log" 2>&1 || { bad "install --prefix $prefix"; cat "$tmp/install.log"; continue; }
  unit=$dest$prefix/lib/systemd/system/porwatch.service
  check "--prefix $prefix: binary in $prefix/bin" test -x "$dest$prefix/bin/porwatch"
  check "--prefix $prefix: ExecStart=$prefix/bin/porwatch" grep -qx "ExecStart=$prefix/bin/porwatch run --config /etc/porwatch/porwatch.conf" "$unit"
  case $prefix in /usr|/usr/local) confdir=/etc/porwatch ;; *) confdir=$prefix/etc/porwatch ;; esac
  check "--prefix $prefix: example config in $confdir" test -f "$dest$confdir/porwatch.conf.example"
  check "--prefix $prefix: no $prefix/etc when the config goes to /etc/porwatch" \
    sh -c "[ $confdir != /etc/porwatch ] || [ ! -e '$dest$prefix/etc' ]"
  check "--prefix $prefix: sysusers.d and man page" test -f "$dest$prefix/lib/sysusers.d/porwatch.conf" -a -f "$dest$prefix/share/man/man1/porwatch.1.gz"
done

cpack --config "$BUILD/CPackConfig.cmake" -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 || { bad "cpack"; cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/pkg/porwatch_*_*.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || { bad "no .deb produced"; exit 1; }
ok "cpack built $(basename "$deb")"
files=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/porwatch ./usr/lib/systemd/system/porwatch.service ./usr/lib/sysusers.d/porwatch.conf \
         ./etc/porwatch/ ./etc/porwatch/porwatch.conf.example ./usr/share/man/man1/porwatch.1.gz; do
  printf '%s\n' "$files" | grep -qx "$f" && ok "contains $f" || bad "missing $f"
done
printf '%s\n' "$files" | grep -q '^./usr/local/' && bad "files under /usr/local" || ok "nothing under /usr/local"
printf '%s\n' "$files" | grep -q '^./usr/etc' && bad "files under /usr/etc" || ok "nothing under /usr/etc"
[ "$(dpkg-deb -f "$deb" Package)" = porwatch ] && ok "Package: porwatch" || bad "Package field"
version=$("$BUILD/porwatch" --version | awk '{print $2}')
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] && ok "Version: $version" || bad "Version field"
depends=$(dpkg-deb -f "$deb" Depends)
for d in systemd init-system-helpers procps libmicrohttpd12 libsqlite3-0 libcurl4 libsystemd0 libsecp256k1-1 \
         libcrypto++8 libboost-program-options1.74.0; do
  printf '%s\n' "$depends" | tr ',' '\n' | grep -q "^ *$d\b" && ok "Depends: $d" || bad "Depends lacks $d: $depends"
done
# Every other program the unit runs must come with a dependency: a minimal Debian root has no
# /bin/kill unless procps is installed.
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/lib/systemd/system/porwatch.service > "$tmp/unit"
for cmd in $(sed -n 's/^Exec[A-Za-z]*=[-@+!:]*\([^ ]*\).*/\1/p' "$tmp/unit" | grep -v '/porwatch$'); do
  owner=$(dpkg -S "$cmd" 2>/dev/null | head -n1 | cut -d: -f1)
  printf '%s\n' "$depends" | tr ',' '\n' | grep -q "^ *$owner\b" && [ -n "$owner" ] \
    && ok "the unit's $cmd comes from $owner, a dependency" || bad "the unit runs $cmd (package '${owner}') outside Depends"
done
dpkg-deb -e "$deb" "$tmp/control"
check "conffiles lists the example config" grep -qx /etc/porwatch/porwatch.conf.example "$tmp/control/conffiles"
for s in postinst prerm postrm; do
  check "$s is an executable sh script" sh -c "test -x '$tmp/control/$s' && sh -n '$tmp/control/$s'"
done
check "postinst creates the user with systemd-sysusers" grep -q 'systemd-sysusers .*porwatch.conf' "$tmp/control/postinst"
check "postinst enables and starts the unit" sh -c "grep -q \"deb-systemd-helper enable 'porwatch.service'\" '$tmp/control/postinst' && grep -q \"deb-systemd-invoke start 'porwatch.service'\" '$tmp/control/postinst'"

root=$tmp/root
dpkg-deb -x "$deb" "$root"
check "the packaged binary runs: porwatch --version" sh -c "'$root/usr/bin/porwatch' --version | grep -qx 'porwatch $version'"
check "the packaged binary is stripped" sh -c "! file '$root/usr/bin/porwatch' | grep -q 'not stripped'"
unit=$root/usr/lib/systemd/system/porwatch.service
check "packaged unit: ExecStart=/usr/bin/porwatch" grep -qx 'ExecStart=/usr/bin/porwatch run --config /etc/porwatch/porwatch.conf' "$unit"
check "packaged unit: User=porwatch matches sysusers.d" sh -c "grep -qx 'User=porwatch' '$unit' && grep -q '^u *porwatch ' '$root/usr/lib/sysusers.d/porwatch.conf'"
check "sysusers.d file parses (systemd-sysusers --dry-run)" systemd-sysusers --dry-run "$root/usr/lib/sysusers.d/porwatch.conf"
mkdir -p "$tmp/verify"
sed "s#^ExecStart=/usr/bin/porwatch #ExecStart=$root/usr/bin/porwatch #" "$unit" > "$tmp/verify/porwatch.service"
if vout=$(systemd-analyze verify "$tmp/verify/porwatch.service" 2>&1) && [ -z "$vout" ]; then
  ok "systemd-analyze verify on the packaged unit"
else
  bad "systemd-analyze verify:"; printf '%s\n' "$vout"
fi

man=$tmp/porwatch.1
zcat "$root/usr/share/man/man1/porwatch.1.gz" > "$man" || bad "man page is not gzip"
warnings=$(groff -man -Tutf8 -ww -z "$man" 2>&1)
[ -z "$warnings" ] && ok "man page renders without warnings" || { bad "groff warnings:"; printf '%s\n' "$warnings"; }
for cmd in $("$BUILD/porwatch" --help | awk '/^subcommands:/{on=1;next} on&&NF==0{on=0} on{print $1}'); do
  grep -qx ".SS $cmd" "$man" && ok "man page has a section for $cmd" || bad "man page lacks .SS $cmd"
done
for code in 0 1 2 3 70; do
  grep -qx ".B $code" "$man" && ok "man page documents exit code $code" || bad "man page lacks exit code $code"
done
for section in 'EXIT STATUS' ENVIRONMENT FILES; do
  grep -qx ".SH $section" "$man" && ok "man page has $section" || bad "man page lacks $section"
done
[ $fail -eq 0 ] && echo "package ok"
exit $fail
