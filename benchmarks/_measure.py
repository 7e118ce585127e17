"""Run one uprreport command in this process and report its wall time and peak memory.

Usage: python benchmarks/_measure.py <uprreport arguments...>; the last line on stderr is
JSON: {"seconds": ..., "cpu_seconds": ..., "peak_mb": ..., "exit": ...}.
"""

import json
import resource
import sys
import time

started = time.perf_counter()
from uprreport.cli import main  # noqa: E402  (imports count: they are part of the command)

code = 0
try:
    # without standalone_mode, click returns the exit code of a command that ends with one
    # (uprreport's error boundary ends a refused command with 1 or 2) instead of raising it
    code = main.main(args=sys.argv[1:], standalone_mode=False) or 0
except SystemExit as exc:
    code = exc.code or 0
elapsed = time.perf_counter() - started
own = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
peak = own.ru_maxrss / 1024   # KiB -> MiB on Linux
children = kids.ru_maxrss / 1024
# processor seconds (user + system, this process and the programs it ran): on a machine others
# share, the wall time grows with their load; this much less
cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
print(json.dumps({"seconds": elapsed, "cpu_seconds": cpu, "peak_mb": peak, "children_peak_mb": children,
                  "exit": code}), file=sys.stderr)
