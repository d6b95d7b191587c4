#!/bin/sh
# Test hook: outlives any timeout, with a background child in its process group whose PID it
# writes to $1/grandchild (the runner must kill the whole group).
sleep 60 &
echo $! > "$1/grandchild"
echo "sleeping" >&2
sleep 60
