#!/usr/bin/env bash
# The format check: every C++ file git tracks (src, include, tests, fuzz, bench) is as
# clang-format (Debian 12's clang-format 14) writes it with the project's .clang-format.
# Exit 1 listing the files that differ; fix them with:  tests/check_format.sh --fix
# Also: no doctest TEST_CASE name holds a ';'. CMake reads the discovered names as a list, so
# such a test became two CTest tests whose filters match nothing, failing in CI only.
set -u
fix=0; root=.
if [ "${1:-}" = --fix ]; then fix=1; else root=${1:-.}; fi
cd "$root" || exit 2
format=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$format" ]; then echo "format: clang-format is not installed (scripts/setup installs it)"; exit 1; fi
mapfile -t files < <(git ls-files -- '*.cpp' '*.hpp' '*.h' '*.cc' | grep -E '^(src|include|tests|fuzz|bench)/')
if [ "$fix" = 1 ]; then "$format" -i --style=file "${files[@]}"; exit $?; fi
semicolons=$(git ls-files -- 'tests/*.cpp' 'tests/*.hpp' | xargs grep -nE 'TEST_CASE\("[^"]*;' || true)
if [ -n "$semicolons" ]; then
  echo "format: a TEST_CASE name holds ';', which CTest splits into two tests; use a comma:"
  echo "$semicolons"
  exit 1
fi
bad=()
for f in "${files[@]}"; do
  "$format" --style=file --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "format: ${#bad[@]} of ${#files[@]} files are not as clang-format writes them (tests/check_format.sh --fix):"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "format ok (${#files[@]} files)"
