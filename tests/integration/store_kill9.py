#!/usr/bin/python3
"""kill -9 a snapshot writer at random moments, then check the database each time.

usage: store_kill9.py WRITER_BINARY [ROUNDS]
Each round starts `WRITER write DB`, kills it with SIGKILL after a random delay (often in the
middle of a 4000-address snapshot transaction or a retention run), then runs `WRITER check DB`:
PRAGMA integrity_check is ok, every stored snapshot is whole, totals and balances are exactly
what was written. The DB is kept (and its path printed) on failure.
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

writer = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 8
work = tempfile.mkdtemp(prefix="porwatch-kill9-")
db = os.path.join(work, "porwatch.db")
rng = random.Random()
failed = False
for r in range(rounds):
    out = open(os.path.join(work, f"writer-{r}.log"), "w")
    proc = subprocess.Popen([writer, "write", db], stdout=out, stderr=subprocess.STDOUT)
    time.sleep(rng.uniform(0.3, 2.5))
    alive = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    out.close()
    if not alive:
        print(f"round {r}: the writer exited by itself (code {proc.returncode}), see {out.name}")
        failed = True
        break
    wrote = sum(1 for line in open(out.name) if line.startswith("wrote"))
    check = subprocess.run([writer, "check", db], capture_output=True, text=True)
    print(f"round {r}: killed after {wrote} snapshots; check: {(check.stdout + check.stderr).strip()}")
    if check.returncode != 0:
        failed = True
        break
if failed:
    print(f"FAIL: database kept in {work}")
    sys.exit(1)
shutil.rmtree(work)
print(f"{rounds} kill -9 rounds passed")
