"""The behaviour of f (or f′) at ±∞: its limits, checked against the far tail.

The rule: the kernel's value at ±inf is the limit when the far tail (:data:`TAIL_PROBES`, 15
points from ±1e20 to ±1e300) agrees with it. Otherwise the tail decides: its last value when it
has settled (two last points within relative 1e-12), ±inf when |fn| grows strictly at every tail
point with one sign, 0 when it shrinks strictly towards 0 (by 12 orders of magnitude), and nan —
no limit, e.g. sin — otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from actplot.properties.probe import REL_TOL
from actplot.spec import FloatArray

TAIL_PROBES = np.geomspace(1e20, 1e300, 15)
"""Far tail points that confirm a kernel's value at ±inf (see :func:`limits_at_infinity`)."""


def limits_at_infinity(fn: Callable[[FloatArray], FloatArray]) -> FloatArray:
    """The limits of ``fn`` at −∞ and +∞.

    The catalogue's kernels are written to return their exact limits at ±inf, but a kernel built
    from pieces need not be: x·σ(x) at −inf is (−inf)·0 = nan, and max(x, 0.1x)′ at +inf sees a tie
    of two infinite arguments and returns the tie convention's ½ + ½·0.1 instead of 1. So the value
    at ±inf is kept only when the far tail (15 points from ±1e20 to ±1e300) agrees with it; otherwise
    the limit is read from the tail: the last value when it has settled, ±inf when |fn| grows
    strictly at every tail point with one sign, 0 when it shrinks strictly towards 0, nan (no
    limit, e.g. sin) otherwise."""
    n = TAIL_PROBES.size
    values = fn(np.concatenate([[-math.inf, math.inf], -TAIL_PROBES, TAIL_PROBES]))  # one kernel call
    return np.array([_tail_limit(float(values[0]), values[2:2 + n]), _tail_limit(float(values[1]), values[2 + n:])])


def _tail_limit(value: float, tail: FloatArray) -> float:
    """The limit on one side from the kernel's ``value`` at ±inf and its ``tail`` (outwards)."""
    last, before = float(tail[-1]), float(tail[-2])
    if math.isnan(last):
        return value
    settled = abs(last - before) <= REL_TOL * max(abs(last), 1e-300) or last == before
    if settled:
        same = value == last or abs(value - last) <= REL_TOL * max(abs(last), 1.0)
        return value if same else last + 0.0  # a limit has no sign of zero
    magnitude = np.abs(tail[np.isfinite(tail)])
    one_sign = bool(np.all(np.sign(tail) == np.sign(last)))
    growing = one_sign and (math.isinf(last) or bool(np.all(np.diff(magnitude) > 0)))
    if growing and not math.isfinite(value) and np.sign(value) == np.sign(last):
        return value
    if growing:
        return math.copysign(math.inf, last)
    decaying = bool(np.all(np.diff(magnitude) < 0)) and magnitude[-1] < 1e-12 * magnitude[0]
    if decaying:  # 1/x, x·e^(−x): to zero
        return 0.0
    return math.nan
