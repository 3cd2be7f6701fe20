"""Peak memory and time of a large table: streamed in blocks (actplot table) vs built whole.

Run: python benchmarks/bench_table_memory.py [--points 1000000] [--format csv] [names...]

Each figure is a whole child process writing the table to /dev/null; peak memory is the child's
``ru_maxrss`` from ``os.wait4``, time the wall clock. The two variants compute the same text:

  streamed: ``actplot table NAMES --points N -dd --format F`` (blocks of 8192 rows);
  whole:    the same columns built at once with ``tables.value_columns`` and rendered with
            ``tables.render_values`` (how the command worked before streaming).

Target: the streamed peak stays flat as --points grows (below 150 MB here), a fraction of the
whole table's. Also prints the refusal time of a request over the work budget (all 49 functions,
10⁶ points, -dd). Timings on a shared machine are noisy; the memory figures are not. This is a
benchmark, not a test: it prints a table and exits 0 (1 if a command fails).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

WHOLE = """
import sys, numpy as np, actplot
from actplot.views import tables
names, points, fmt = sys.argv[1].split(","), int(sys.argv[2]), sys.argv[3]
acts = [actplot.get(n) for n in names]
x = tables.decimal_grid(-5.0, 5.0, points)
with np.errstate(all="ignore"):
    columns = tables.value_columns(acts, x, (0, 1, 2))
sys.stdout.write(tables.render_values(columns, fmt))
"""


def measure(argv: list[str]) -> tuple[float, float, int]:
    """(peak MB, seconds, exit code) of one child process."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(argv, stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        assert process.stderr is not None
        process.stderr.read()
        process.stderr.close()
    seconds = time.perf_counter() - start
    return usage.ru_maxrss / 1024, seconds, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--format", default="csv", choices=("csv", "json", "markdown"))
    parser.add_argument("names", nargs="*", default=["relu", "gelu", "silu", "elu", "sigmoid"])
    args = parser.parse_args()
    names = args.names
    rows = [
        ("streamed", [sys.executable, "-m", "actplot", "table", *names, "--points", str(args.points), "-dd", "--format", args.format]),
        ("whole", [sys.executable, "-c", WHOLE, ",".join(names), str(args.points), args.format]),
    ]
    import actplot

    everything = [sys.executable, "-m", "actplot", "table", *actplot.names(), "--points", "1000000", "-dd", "--format", "csv"]
    print(f"table of {len(names)} functions x {args.points:,} points x 3 orders, --format {args.format}")
    results = {}
    failed = False
    for label, argv in rows:
        peak, seconds, code = measure(argv)
        results[label] = (peak, seconds)
        failed |= code != 0
        print(f"  {label:9s} peak {peak:8.1f} MB   {seconds:7.2f} s   exit {code}")
    ratio = results["streamed"][0] / results["whole"][0]
    print(f"  streamed / whole peak memory: {ratio:.3f}")
    peak, seconds, code = measure(everything)
    print(f"all {len(actplot.names())} functions x 1,000,000 points -dd: refused by the budget (exit {code}) in {seconds:.2f} s, peak {peak:.1f} MB")
    failed |= code != 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
