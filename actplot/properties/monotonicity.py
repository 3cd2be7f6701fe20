"""Monotonicity of f and of f′ from their samples on the window, the tails and at the kinks.

f is (non-strictly) increasing when no sample of f′ is below −1e-14·max|f′| and no step of f
between neighbouring samples falls by more than relative 1e-12 — f itself is read too, so a
downward jump breaks ``increasing`` although f′ is never negative; decreasing likewise. f′ is
monotone when its steps all have one sign within the same tolerances.
"""

from __future__ import annotations

import numpy as np

from actplot.properties.probe import REL_TOL
from actplot.shape import Monotonicity
from actplot.spec import FloatArray


def monotonicity_of(f: FloatArray, d1: FloatArray, d1_scale: float) -> Monotonicity:
    """Non-strict monotonicity from the sign of f′ and from f itself (which sees jumps)."""
    tol = 1e-14 * d1_scale
    slope = d1[~np.isnan(d1)]
    falls = bool(np.any(slope < -tol))
    rises = bool(np.any(slope > tol))
    with np.errstate(invalid="ignore"):
        step = np.diff(f)
        allowed = REL_TOL * np.fmax(np.abs(f[:-1]), np.abs(f[1:])) + 1e-300
    good = ~np.isnan(step)
    falls |= bool(np.any(step[good] < -allowed[good]))
    rises |= bool(np.any(step[good] > allowed[good]))
    if not falls:
        return Monotonicity.INCREASING
    if not rises:
        return Monotonicity.DECREASING
    return Monotonicity.NO


def monotone_sequence(values: FloatArray, scale: float) -> bool:
    """Whether values (f′ on the sorted grid) never decrease, or never increase, within tolerance."""
    v = values[~np.isnan(values)]
    with np.errstate(invalid="ignore"):
        step = np.diff(v)
        allowed = REL_TOL * np.fmax(np.abs(v[:-1]), np.abs(v[1:])) + 1e-14 * scale + 1e-300
    good = ~np.isnan(step)
    step, allowed = step[good], allowed[good]
    return bool(np.all(step >= -allowed) or np.all(step <= allowed))
