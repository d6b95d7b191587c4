#!/bin/sh
# Test hook: reads its payload, complains on stderr and fails with exit code 3.
cat > /dev/null
echo "failing on purpose" >&2
exit 3
