"""Cost of the test tiers: the fast tier (and, with --full, the whole suite) in CPU and wall time.

Run: python benchmarks/bench_test_tiers.py [--workers 2] [--full]

Each tier runs as one ``python -m pytest`` process (with ``-n WORKERS`` through pytest-xdist); its
wall time is taken around the process and its CPU time (user + system, the xdist workers included:
the controller waits for them) from ``os.wait4``. Collection alone is measured the same way
(``--collect-only``), since every xdist worker collects the whole suite before running its share.

The CPU figure is the one to compare between runs: on a shared machine the wall time grows with the
load average, which is printed before and after each run. On an idle 2-core machine the wall time
is about CPU / 2 plus the collection of one worker.

Targets: the fast tier within 105 s of CPU, so that on an idle 2-core machine it takes at most
60 s of wall time. This is a benchmark, not a test: it prints a table and exits 0 (1 if a tier
fails).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAST_CPU_TARGET = 105.0
FAST_WALL_TARGET = 60.0


def _load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def _measure(args: list[str]) -> tuple[float, float, int, str]:
    """(wall s, CPU s, exit code, last line of the output) of one pytest process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in output.splitlines() if line.strip()]
    return wall, usage.ru_utime + usage.ru_stime, process.returncode, lines[-1] if lines else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="pytest-xdist workers (-n); 0: one process")
    parser.add_argument("--full", action="store_true", help="also run the whole suite (minutes)")
    options = parser.parse_args()

    runs = [("fast tier: collection", ["--collect-only", "-q", "-m", "not slow"]),
            ("fast tier", ["-q", "-m", "not slow", "-n", str(options.workers)])]
    if options.full:
        runs.append(("full suite", ["-q", "-n", str(options.workers)]))

    failed = False
    print(f"{'run':<24} {'wall s':>8} {'CPU s':>8}  load before -> after")
    results = {}
    for label, args in runs:
        before = _load()
        wall, cpu, code, last = _measure(args)
        results[label] = (wall, cpu)
        print(f"{label:<24} {wall:8.1f} {cpu:8.1f}  {before} -> {_load()}")
        if code != 0:
            failed = True
            print(f"  exit code {code}: {last}")
    wall, cpu = results["fast tier"]
    print(f"fast tier CPU / target {FAST_CPU_TARGET:.0f} s: {cpu / FAST_CPU_TARGET:.2f}; "
          f"wall / target {FAST_WALL_TARGET:.0f} s: {wall / FAST_WALL_TARGET:.2f} (wall only means something on an idle machine)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
