"""Where a framework is checked: the x values and parameter sets that the recorder and ``verify`` share.

Every point that decides a convention is included: each kink and jump of the configured function
(and the floats on either side of it), a grid through the interesting part of the curve, the
points where frameworks switch formulas inside smooth functions, and the extremes where
implementations overflow or underflow (±1e3, ±1e30, the subnormals, ±0). The points are exact binary64 numbers, so a fixture written on one machine is
reproduced bit for bit on another.
"""

from __future__ import annotations

import math

import numpy as np

from actplot.activation import Activation
from actplot.spec import FloatArray

GRID = tuple(float(v) for v in np.linspace(-6.0, 6.0, 49))
"""Steps of 0.25 over [-6, 6]: every kink of the catalogue at its default parameters lies on it."""

EXTREMES: tuple[float, ...] = (
    -1e30, -1e3, -40.0, -20.0, -1e-8, -2.2250738585072014e-308, -1e-310, -5e-324, -0.0,
    0.0, 5e-324, 1e-310, 2.2250738585072014e-308, 1e-8, 20.0, 40.0, 1e3, 1e30,
)
"""Huge values (overflow of exp and of x²), the smallest normal, subnormals (flushed to zero by
XLA and TensorFlow on CPU), and both zeros."""

SWITCHES: tuple[float, ...] = (
    -745.0, -709.0, -88.0, -36.04365338911715, -15.0, 15.0, 36.04365338911715, 88.0, 709.0, 745.0,
)
"""Where frameworks switch formulas inside smooth functions: −log ε = 36.04 (TensorFlow's softplus
returns x or eˣ beyond it), 15 (tanh-based formulas saturate), e^x overflow near 88 (float32)
and 709, and the underflow of e^x near −745."""

SUBNORMAL_LIMIT = 2.2250738585072014e-308
"""Magnitudes below this (except 0) are subnormal in binary64."""


def points_for(act: Activation) -> FloatArray:
    """The sorted, unique x values at which ``act``'s framework is evaluated (−0.0 kept beside 0.0)."""
    values: list[float] = [*GRID, *EXTREMES, *SWITCHES]
    for kink in act.kinks:
        if math.isfinite(kink.x):
            values += [math.nextafter(kink.x, -math.inf), kink.x, math.nextafter(kink.x, math.inf)]
    unique: dict[tuple[float, bool], float] = {}
    for v in values:
        unique[(v, math.copysign(1.0, v) < 0)] = v
    ordered = sorted(unique.values(), key=lambda v: (v, math.copysign(1.0, v)))
    return np.array(ordered, dtype=np.float64)


def is_kink_point(act: Activation, x: float) -> bool:
    """Whether ``x`` is exactly one of the function's kinks or jumps (where a convention decides f′)."""
    return any(k.x == x for k in act.kinks)


def is_subnormal(x: float) -> bool:
    return x != 0.0 and abs(x) < SUBNORMAL_LIMIT
