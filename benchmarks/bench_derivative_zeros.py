"""Cost of the near-zero polynomials: f+f′, f′ and f″ with and without them, interleaved in one run.

Run: python benchmarks/bench_derivative_zeros.py [--n 1e6] [--repeat 9] [SPEC ...]

Each kernel that evaluates a derivative as d·P(d) next to its zeros (``actplot._numerics.patch_zeros``)
is timed twice per round, alternating: as shipped, and with the patch step replaced by a no-op
(the closed form alone, i.e. the speed before the zeros were handled). Inputs are uniform random in
[−10, 10], so about 5 % of them fall within a radius of each zero. The ratio slow/fast of the two
medians is what the accuracy costs; the target is ≤ 1.5.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import actplot
from actplot.catalogue import classic, gated, gelu

CASES = ("gelu", "gelu:approximate=tanh", "quick_gelu", "silu", "silu:beta=10", "mish", "elish", "sinc")
MODULES = (classic, gated, gelu)
PATCH = "patch_zeros"  # the name each kernel module calls


def _no_patch(out, *args, **kwargs):  # type: ignore[no-untyped-def]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=float, default=1e6)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("specs", nargs="*", help=f"specs to time (default: {' '.join(CASES)})")
    args = parser.parse_args()
    n = int(args.n)
    x = np.random.default_rng(0).uniform(-10.0, 10.0, n)
    shipped = {m: getattr(m, PATCH) for m in MODULES}

    def timed(fn, patched: bool) -> float:
        for m in MODULES:
            setattr(m, PATCH, shipped[m] if patched else _no_patch)
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    print(f"N = {n:.0e} float64, median of {args.repeat} alternating rounds; ratio = time with / without")
    header = f"{'function':<24}{'what':<6}{'with Melem/s':>14}{'without':>10}{'ratio':>8}"
    print(header)
    print("-" * len(header))
    worst = 0.0
    for label in args.specs or CASES:
        act = actplot.get(label)
        for what, fn in (
            ("f+f′", lambda act=act: act.value_and_derivative(x)),
            ("f′", lambda act=act: act.derivative(x, order=1)),
            ("f″", lambda act=act: act.derivative(x, order=2)),
        ):
            timed(fn, True)
            timed(fn, False)
            with_patch, without = [], []
            for _ in range(args.repeat):
                with_patch.append(timed(fn, True))
                without.append(timed(fn, False))
            a, b = statistics.median(with_patch), statistics.median(without)
            worst = max(worst, a / b)
            print(f"{label:<24}{what:<6}{n / a / 1e6:14.1f}{n / b / 1e6:10.1f}{a / b:8.2f}")
    for m in MODULES:
        setattr(m, PATCH, shipped[m])
    print(f"\nlargest ratio {worst:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
