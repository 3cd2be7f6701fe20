"""What an expression SPEC adds to a terminal plot, against the same function from the catalogue.

Run: python benchmarks/bench_expressions.py [--runs 15]

Each pair is an expression and the catalogue function it equals (``x*sigmoid(x)`` and ``silu``,
...). Every figure is a whole process (``python -m actplot SPEC -dd`` with COLUMNS=100: interpreter
start, imports, parsing, kink search, sampling f, f′, f″, the braille chart, the exact range line)
timed with a wall clock, with Python's bytecode cache on (as after an install; in a temporary folder).
The two commands of a pair run alternately (catalogue first on even runs,
expression first on odd runs) so that load and drift affect both alike; the ratio is
median(expression) / median(catalogue) (the ratio of the fastest runs is printed too: on a loaded
machine it is the less disturbed figure). The CPU time each process used (``os.wait4``) is
printed too, with its ratio: it moves less than the wall time when other work shares the cores,
so quote it with the load average, which is printed at the start and the end.
Target: median wall ratio <= 1.10 for every pair, on an idle machine.

A second table times, in one process (best of N), what the chart needs beyond start-up (get, kinks,
f, f′, f″ on 2001 points, the summary's range of f), where start-up no longer hides the cost: it shows where the time goes.
A third times f and f′ on 10⁶ points, as two calls and as ``value_and_derivative`` (one call: what
an experiment's training loop asks for; an expression computes both from one first-order jet):
expressions carry double-doubles (about 20 float64 operations per product), so they are several
times slower than a catalogue kernel there; that is the price of their accuracy, shown, not targeted.
This is a benchmark, not a test: it prints tables and exits 0 (1 only if a command fails).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

PAIRS = [
    ("x*sigmoid(x)", "silu"),
    ("x*tanh(softplus(x))", "mish"),
    ("max(x, 0.01*x)", "leaky_relu"),
    ("leaky_relu(x, negative_slope=0.2)", "leaky_relu:negative_slope=0.2"),
    ("where(x > 0, x, exp(x) - 1)", "elu"),
]
TARGET = 1.10


_PYCACHE = tempfile.mkdtemp(prefix="actplot-bench-pycache-")


def _run(spec: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``python -m actplot SPEC -dd`` process; the CPU time
    (user + system, from ``os.wait4``) is what the process itself used, so it moves less than the
    wall time when other processes share the cores."""
    # bytecode caching on, as after a pip install (the commands are warmed once first); the cache
    # goes to a temporary folder so the work tree stays clean
    env = {**os.environ, "COLUMNS": "100", "LINES": "30", "NO_COLOR": "1", "PYTHONPYCACHEPREFIX": _PYCACHE}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "actplot", spec, "-dd"], stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            sys.stderr.write(err.read().decode(errors="replace"))
            raise SystemExit(1)
    return elapsed, usage.ru_utime + usage.ru_stime


def _in_process(spec: str, runs: int) -> float:
    """Best seconds, in this process, for what a chart needs beyond start-up: ``actplot.get`` of the
    SPEC (for an expression: caps, parse, allow-list walk, spec; the parse cache is cleared each
    time), its kinks, f, f′, f″ on 2001 points, and the exact range of f on [−6, 6] that the
    chart's summary line prints (grid, then Newton on f′ at single points)."""
    import numpy as np

    import actplot
    from actplot.expressions.build import expression_spec
    from actplot.properties import window_range

    x = np.linspace(-6.0, 6.0, 2001)
    best = float("inf")
    for _ in range(runs):
        expression_spec.cache_clear()
        start = time.perf_counter()
        act = actplot.get(spec)
        _ = act.kinks
        act(x), act.derivative(x), act.derivative(x, order=2)
        window_range(act, (-6.0, 6.0))
        best = min(best, time.perf_counter() - start)
    return best


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(f"python -m actplot SPEC -dd, {args.runs} runs each, alternating; median wall and CPU time (whole process)")
    print(f"{_load()} at the start, on {os.cpu_count()} cores")
    print(f"{'expression':36} {'catalogue':30} {'expr ms':>8} {'cat ms':>8} {'ratio':>6} {'min':>6}"
          f" {'cpu ms':>7} {'cat cpu':>7} {'cpu ratio':>9}  target <= {TARGET}")
    worst = worst_cpu = 0.0
    for expression, catalogue in PAIRS:
        wall: dict[str, list[float]] = {expression: [], catalogue: []}
        cpu: dict[str, list[float]] = {expression: [], catalogue: []}
        _run(expression), _run(catalogue)  # warm the file and bytecode caches
        for i in range(args.runs):
            order = (catalogue, expression) if i % 2 == 0 else (expression, catalogue)
            for spec in order:
                seconds, used = _run(spec)
                wall[spec].append(seconds)
                cpu[spec].append(used)
        e, c = statistics.median(wall[expression]), statistics.median(wall[catalogue])
        ce, cc = statistics.median(cpu[expression]), statistics.median(cpu[catalogue])
        fastest = min(wall[expression]) / min(wall[catalogue])  # least disturbed by other load
        worst, worst_cpu = max(worst, e / c), max(worst_cpu, ce / cc)
        verdict = "ok" if e / c <= TARGET else "OVER"
        print(f"{expression:36} {catalogue:30} {1e3 * e:8.1f} {1e3 * c:8.1f} {e / c:6.3f} {fastest:6.3f}"
              f" {1e3 * ce:7.1f} {1e3 * cc:7.1f} {ce / cc:9.3f}  {verdict}")
    met = "met" if worst <= TARGET else "NOT met"
    print(f"worst wall ratio {worst:.3f}, worst CPU ratio {worst_cpu:.3f}: target <= {TARGET} {met}")
    print(f"{_load()} at the end; timings on a shared machine are noisy (the CPU ratio is the steadier figure)")
    print()
    print("in one process, best of 20: get + kinks + f, f', f'' on 2001 points + range of f on [-6, 6]")
    print(f"{'expression':40} {'catalogue':30} {'expr ms':>8} {'cat ms':>8} {'extra ms':>9}")
    for expression, catalogue in PAIRS:
        e, c = _in_process(expression, 20), _in_process(catalogue, 20)
        print(f"{expression:40} {catalogue:30} {1e3 * e:8.2f} {1e3 * c:8.2f} {1e3 * (e - c):9.2f}")
    print()
    print("in one process, best of 3: f and f' on 1e6 points, as act(x) + act.derivative(x) and as act.value_and_derivative(x)")
    print(f"{'expression':40} {'catalogue':30} {'expr ms':>8} {'cat ms':>8} {'ratio':>6} {'pair ms':>8} {'cat pair':>8} {'ratio':>6}")
    for expression, catalogue in PAIRS:
        (e, ep), (c, cp) = _large(expression), _large(catalogue)
        print(f"{expression:40} {catalogue:30} {1e3 * e:8.1f} {1e3 * c:8.1f} {e / c:6.2f} {1e3 * ep:8.1f} {1e3 * cp:8.1f} {ep / cp:6.2f}")
    return 0


def _large(spec: str, runs: int = 3) -> tuple[float, float]:
    """Best seconds for f and f′ of ``spec`` on 10⁶ points in [−6, 6]: two calls, and one
    ``value_and_derivative`` call."""
    import numpy as np

    import actplot

    x = np.linspace(-6.0, 6.0, 1_000_000)
    act = actplot.get(spec)
    best = best_pair = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        act(x), act.derivative(x)
        middle = time.perf_counter()
        act.value_and_derivative(x)
        best, best_pair = min(best, middle - start), min(best_pair, time.perf_counter() - middle)
    return best, best_pair


if __name__ == "__main__":
    raise SystemExit(main())
