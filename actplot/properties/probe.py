"""How the properties look at a function: f, f′ and f″ as float64 arrays, and when two values agree.

Every property is decided from samples, so this module holds the only ways to take and compare
them: :class:`Probe` evaluates the activation (1-D float64 in, 1-D float64 out), :func:`same`
says whether two one-sided limits agree — ``|a − b| ≤ REL_TOL·max(|a|, |b|) + floor`` (nan
agrees only with nan, ±inf only with itself) — and :func:`check_window` turns a user's window
into two finite floats ``low < high`` or raises :class:`~actplot.errors.InputError`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from actplot.errors import InputError
from actplot.expressions.precision import plain_float64
from actplot.spec import FloatArray

if TYPE_CHECKING:
    from actplot.activation import Activation

REL_TOL = 1e-12
"""Two one-sided limits agree if they differ by at most this, relative (plus an absolute floor)."""


class Probe:
    """f, f′ and f″ of an activation as float64 arrays (1-D in, 1-D out)."""

    __slots__ = ("act",)

    def __init__(self, act: Activation) -> None:
        self.act = act

    def f(self, x: FloatArray) -> FloatArray:
        return np.asarray(self.act(np.asarray(x, dtype=np.float64)), dtype=np.float64).reshape(-1)

    def d1(self, x: FloatArray) -> FloatArray:
        return np.asarray(self.act.derivative(np.asarray(x, dtype=np.float64), order=1), dtype=np.float64).reshape(-1)

    def d2(self, x: FloatArray) -> FloatArray:
        return np.asarray(self.act.derivative(np.asarray(x, dtype=np.float64), order=2), dtype=np.float64).reshape(-1)

    def at(self, order: int, x: float) -> float:
        """f (order 0), f′ (1) or f″ (2) at one point, as a Python float. f′ and f″ here only steer
        Newton towards a stationary point, whose value is then taken with ``at(0, …)``: an
        expression computes them in plain float64 (a few ULP in f′ move the root by a few ULP of
        x, and f there by ~f″·ULP², nothing)."""
        fn = (self.f, self.d1, self.d2)[order]
        if order == 0:
            return float(fn(np.array([x]))[0])
        with plain_float64():
            return float(fn(np.array([x]))[0])


def check_window(window: tuple[float, float]) -> tuple[float, float]:
    """``window`` as two finite floats with low < high; :class:`InputError` otherwise."""
    try:
        lo, hi = (float(v) for v in window)
    except (TypeError, ValueError, OverflowError):
        raise InputError(f"window must be two numbers (low, high); got {window!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise InputError(f"window must be finite with low < high; got ({lo:g}, {hi:g})")
    return lo, hi


def finite_max_abs(values: FloatArray) -> float:
    """The largest |value| among the finite ones (0 if none is finite): the scale tolerances use."""
    finite = np.abs(values[np.isfinite(values)])
    return float(finite.max()) if finite.size else 0.0


def same(a: float, b: float, floor: float) -> bool:
    """Whether two one-sided limits agree: relative REL_TOL plus an absolute ``floor``."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b)) + floor
