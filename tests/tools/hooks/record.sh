#!/bin/sh
# Test hook: records what porwatch handed it (stdin, environment, argv) into the directory $1.
cat > "$1/stdin"
env > "$1/env"
printf '%s\n' "$@" > "$1/argv"
echo "recorded $(wc -c < "$1/stdin") bytes" >&2
