#!/bin/sh
# Demo hook: appends one line per alert (state, key, delivery id, the JSON payload) to LOG.
# Hooks get no arguments and a minimal environment, so scripts/demo installs a copy of this
# file with LOG set to a path in its demo directory.
LOG=/tmp/porwatch-alerts.log
payload=$(cat)
printf '%s %s %s %s\n' "$PORWATCH_STATE" "$PORWATCH_ALERT" "$PORWATCH_DELIVERY_ID" "$payload" >> "$LOG"
