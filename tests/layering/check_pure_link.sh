#!/usr/bin/env bash
# The link check of porwatch_pure (see CMakeLists.txt): link every object of the pure library
# into one program with nothing but LINK_FLAGS (libsecp256k1, Crypto++, the C++ runtime), with
# the C library's I/O, process, environment and clock entry points wrapped so that any call to
# them is an undefined reference, and no C++ file stream, console stream, clock, sleep or disk
# call among the library's undefined symbols. A call into porwatch_io, curl, SQLite, libsystemd
# or libmicrohttpd is an undefined reference too: none of them is linked.
#
# usage: check_pure_link.sh CXX PURE_ARCHIVE "LINK_FLAGS"
#        check_pure_link.sh CXX PURE_ARCHIVE "LINK_FLAGS" --planted PLANTED_CPP
# The second form proves the check: the clean link must pass, and each planted violation in
# PLANTED_CPP (selected by -DPLANT=N) must fail it.
# Exit: 0 when the check holds (and, with --planted, every plant is caught); 1 otherwise.
set -u
cxx=$1; archive=$2; link_flags=${3//;/ }
planted=""; [ "${4:-}" = --planted ] && planted=$5
include_dir=$(cd "$(dirname "$0")/../../include" && pwd)
work=$(mktemp -d /tmp/porwatch-pure-link.XXXXXX); trap 'rm -rf "$work"' EXIT

wrapped=(fopen fopen64 freopen fdopen open open64 openat openat64 creat creat64 opendir mkdir unlink
         remove rename socket connect bind listen accept getaddrinfo fork vfork execv execve execvp
         execvpe posix_spawn posix_spawnp system popen kill time clock_gettime gettimeofday getenv
         secure_getenv sleep usleep nanosleep getrandom)
wrap_flags=$(printf -- '-Wl,--wrap=%s ' "${wrapped[@]}")
# Undefined C++ symbols (demangled) pure code may not use.
forbidden_cxx='std::basic_(i|o)?fstream<|std::basic_filebuf<|std::chrono::_V2::[a-z_]*clock::now|^std::(cout|cerr|clog|cin|wcout|wcerr)$|std::filesystem::(?:__cxx11::)?+(?!path)|std::random_device|std::this_thread::__sleep_for'

echo 'int main() { return 0; }' > "$work/main.cpp"
$cxx -c "$work/main.cpp" -o "$work/main.o" || exit 1

# check_objects OBJECTS...: prints each forbidden C++ symbol with the object that needs it.
check_objects() {
  nm -C -u -A "$@" 2>/dev/null | grep -P " U ($forbidden_cxx)" | sed 's/ *U / needs /'
}
# link_all [EXTRA_OBJECT]: prints the linker's complaints; fails when the link fails.
link_all() {
  # shellcheck disable=SC2086
  $cxx -o "$work/pure_link_check" "$work/main.o" "$@" -Wl,--whole-archive "$archive" -Wl,--no-whole-archive \
    $link_flags $wrap_flags 2>&1 | grep -E 'undefined reference|error' | grep -v collect2 | sed 's/__wrap_//' | sort -u | head -20
  return "${PIPESTATUS[0]}"
}
# check EXTRA_OBJECT...: 0 when the pure library (with the extra objects) passes.
check() {
  local bad; bad=$(check_objects "$archive" "$@")
  if [ -n "$bad" ]; then echo "pure code uses I/O:"; echo "$bad"; return 1; fi
  local out; out=$(link_all "$@"); local rc=$?
  if [ $rc -ne 0 ]; then echo "porwatch_pure does not link without I/O:"; echo "$out"; return 1; fi
  return 0
}

if [ -z "$planted" ]; then
  check || exit 1
  echo "porwatch_pure links without I/O"
  exit 0
fi

check || { echo "the clean link fails: the planted test proves nothing"; exit 1; }
fail=0
n=1
while grep -q "PLANT == $n\b" "$planted"; do
  what=$(sed -n "s|.*PLANT == $n */[/*] *\(.*\)|\1|p" "$planted" | head -1)
  if ! $cxx -std=c++20 -I"$include_dir" -DPLANT=$n -c "$planted" -o "$work/planted$n.o"; then
    echo "planted $n ($what): does not compile"; fail=1
  elif out=$(check "$work/planted$n.o"); then
    echo "planted $n ($what): NOT caught"; fail=1
  else
    echo "planted $n ($what): caught: $(echo "$out" | grep -m1 -E 'undefined reference|needs' | sed 's|.*/||')"
  fi
  n=$((n + 1))
done
[ $n -gt 1 ] || { echo "no plants in $planted"; exit 1; }
exit $fail
