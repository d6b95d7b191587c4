#!/bin/sh
# Test hook: ignores stdin, prints 200 KB (more than a pipe holds), then kills itself.
head -c 200000 /dev/zero | tr '\0' 'x'
kill -TERM $$
