"""Run one uprreport command in this process and report its wall time and peak memory.

Usage: python benchmarks/_measure.py <uprreport arguments...>; the last line on stderr is
JSON: {"seconds": ..., "peak_mb": ..., "exit": ...}.
"""

import json
import resource
import sys
import time

started = time.perf_counter()
from uprreport.cli import main  # noqa: E402  (imports count: they are part of the command)

code = 0
try:
    main.main(args=sys.argv[1:], standalone_mode=False)
except SystemExit as exc:
    code = exc.code or 0
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # KiB -> MiB on Linux
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "peak_mb": peak, "children_peak_mb": children, "exit": code}), file=sys.stderr)
