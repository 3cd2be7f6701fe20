"""Throughput of the core: Melem/s of f and of f+f′ at N = 1e7, as a fraction of a plain copy.

Run: python benchmarks/bench_core.py [--n 1e7] [--repeat 7] [--dtype float64] [names...]

Each function is timed as the median of ``--repeat`` calls after one warm-up, on uniform random
inputs in [−10, 10] (unpredictable signs: the worst case for branchy code). The copy floor
(``np.copyto`` into a preallocated array) is re-measured right before every function, so each ratio
compares two figures from the same minute of the same process. Targets: TARGETS below.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import actplot

# fraction of the copy floor the forward pass must reach: what careful chunked NumPy code reaches on a
# 2-core machine, with room for noise (SciPy-based GELU is bound by SciPy's erfcx)
TARGETS = {
    "relu": 0.2,
    "leaky_relu": 0.2,
    "tanh": 0.2,
    "sigmoid": 0.08,
    "softplus": 0.08,
    "elu": 0.08,
    "silu": 0.08,
    "mish": 0.04,
    "gelu": 0.01,
}


def median_seconds(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="functions to time (default: all)")
    parser.add_argument("--n", type=float, default=1e7)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    args = parser.parse_args()

    n = int(args.n)
    x = np.random.default_rng(0).uniform(-10.0, 10.0, n).astype(args.dtype)
    out = np.empty_like(x)
    names = args.names or actplot.names()

    print(f"N = {n:.0e} {args.dtype}, median of {args.repeat}; ratio = Melem/s ÷ copy Melem/s (same minute)")
    copy = n / median_seconds(lambda: np.copyto(out, x), args.repeat) / 1e6
    ceilings = []
    for label, ufunc in (("np.exp", np.exp), ("np.tanh", np.tanh)):
        bare = n / median_seconds(lambda ufunc=ufunc: ufunc(x, out=out), args.repeat) / 1e6
        ceilings.append(f"{label} alone {bare:.0f} Melem/s = {bare / copy:.3f} of copy")
    print("machine ceiling (one bare ufunc pass, no chunking): " + "; ".join(ceilings))
    print()
    header = f"{'function':<18}{'copy':>9}{'f':>9}{'f/copy':>8}{'f+df':>9}{'f+df/copy':>10}  target f/copy"
    print(header)
    print("-" * len(header))
    misses = []
    for name in names:
        act = actplot.get(name)
        copy = n / median_seconds(lambda: np.copyto(out, x), args.repeat) / 1e6
        f = n / median_seconds(lambda act=act: act(x), args.repeat) / 1e6
        fd = n / median_seconds(lambda act=act: act.value_and_derivative(x), args.repeat) / 1e6
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            ok = f / copy >= target
            verdict = f"≥ {target:<5} {'ok' if ok else 'MISSED'}"
            if not ok:
                misses.append(name)
        print(f"{name:<18}{copy:9.0f}{f:9.1f}{f / copy:8.3f}{fd:9.1f}{fd / copy:10.3f}  {verdict}")
    if misses:
        print(f"\nbelow target: {', '.join(misses)}")


if __name__ == "__main__":
    main()
