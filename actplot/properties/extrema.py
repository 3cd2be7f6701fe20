"""Extremum search: the infimum and supremum of f on the window, refined to full precision.

A grid minimum is only as good as the grid, so an interior one is refined by a safeguarded
Newton iteration on f′ = 0, x ← x − f′(x)/f″(x), kept inside the bracket of the neighbouring grid
points (bisection when a step leaves it), to ~1e-15 relative. The :data:`MAX_CANDIDATES` best
local minima of the grid are all refined, so equal extrema (sin at −π/2 and 3π/2) are compared
at full precision; ties go to the smallest |x|, and a kink (or 0) within 1e-9 is reported rather
than a point next to it. A maximum is the minimum of −f (``sign`` = −1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from actplot.properties.probe import REL_TOL, Probe
from actplot.spec import FloatArray

MAX_CANDIDATES = 8
"""Local extrema of the grid refined when looking for the global one on the window."""


@dataclass(frozen=True, slots=True)
class Extremum:
    """An infimum or supremum on the window: where, its value, whether f takes it (not only a
    one-sided limit at a jump) and whether it lies strictly inside the window."""

    x: float
    value: float
    attained: bool
    interior: bool


def window_extremum(
    probe: Probe,
    x: FloatArray,
    f: FloatArray,
    is_probe: NDArray[np.bool_],
    kink_points: list[float],
    f_scale: float,
    sign: float,
) -> Extremum:
    """The infimum (sign=+1) or supremum (sign=−1) of f on the window, where and whether attained.

    The best grid value is refined by Newton on f′ = 0 when it lies strictly inside the window;
    a one-sided limit at a jump that lies beyond every attained value wins, as not attained.
    """
    g = sign * f
    x_att, g_att = x[~is_probe], g[~is_probe]
    if np.all(np.isnan(g_att)):
        return Extremum(math.nan, math.nan, False, False)
    i = int(np.nanargmin(g_att))
    best_x, best = float(x_att[i]), float(g_att[i])
    interior = 0 < i < x_att.size - 1
    if interior:
        # every interior local minimum of the grid close to the best one is refined, so equal
        # minima (sin at −π/2 and 3π/2) are compared at full precision; ties go to the smallest |x|
        n = x_att.size
        with np.errstate(invalid="ignore"):
            local = (g_att[1:-1] <= g_att[:-2]) & (g_att[1:-1] <= g_att[2:])
            near = g_att[1:-1] <= best + 1e-6 * max(1.0, abs(best), f_scale)
        candidates = np.nonzero(local & near)[0] + 1
        candidates = candidates[np.argsort(g_att[candidates], kind="stable")][:MAX_CANDIDATES]
        found = []
        for j in (int(c) for c in candidates):
            if not 0 < j < n - 1:
                continue
            cx, cg = float(x_att[j]), float(g_att[j])
            refined = _newton_stationary(probe, float(x_att[j - 1]), float(x_att[j + 1]), sign)
            if refined is not None:
                value = sign * probe.at(0, refined)
                if value <= cg:
                    cx, cg = refined, value
            cx, cg = _snap(probe, cx, cg, (*kink_points, 0.0), sign)
            found.append((cg, cx))
        if found:
            top = min(v for v, _ in found)
            ties = [(abs(cx), cx, v) for v, cx in found if v <= top + REL_TOL * max(abs(top), 1e-300)]
            _, best_x, best = min(ties)
    result = Extremum(best_x, sign * best, True, interior)
    for xp, gp in zip(x[is_probe], g[is_probe]):  # one-sided limits at jumps
        if math.isnan(gp) or gp >= best - (REL_TOL * abs(best) + 1e-13 * f_scale):
            continue
        c = min(kink_points, key=lambda k: abs(k - xp))
        best = float(gp)
        result = Extremum(c, sign * best, False, x[0] < c < x[-1])
    return result


def refined_outside(probe: Probe, x: FloatArray, f: FloatArray, sign: float) -> FloatArray:
    """``f`` sampled outside the window, with its lowest (sign=+1) or highest (−1) sample replaced
    by the stationary value next to it (Newton on f′), so that a range over ℝ set by an extremum
    outside the window is exact, not a grid value."""
    g = np.where(np.isnan(f), np.inf, sign * f)
    if g.size < 3 or not np.isfinite(g.min()):
        return f
    i = int(np.argmin(g))
    if not 0 < i < g.size - 1 or not x[i - 1] < x[i] < x[i + 1]:
        return f
    root = _newton_stationary(probe, float(x[i - 1]), float(x[i + 1]), sign)
    if root is None:
        return f
    value = probe.at(0, root)
    if not sign * value < g[i]:
        return f
    out = f.copy()
    out[i] = value
    return out


def _snap(probe: Probe, x: float, g: float, points: tuple[float, ...], sign: float) -> tuple[float, float]:
    """Report a kink (or 0) itself rather than a point next to it, if f is as good there."""
    for c in points:
        if c != x and abs(x - c) <= 1e-9 * max(1.0, abs(c)):
            value = sign * probe.at(0, c)
            if value <= g + 4.0 * float(np.spacing(abs(g))):
                return c, value
    return x, g


def _newton_stationary(probe: Probe, a: float, b: float, sign: float) -> float | None:
    """A zero of sign·f′ in [a, b] where it goes from negative to positive (safeguarded Newton)."""
    ga, gb = sign * probe.at(1, a), sign * probe.at(1, b)
    if not (ga < 0.0 < gb):
        return None
    x = 0.5 * (a + b)
    for _ in range(200):
        g = sign * probe.at(1, x)
        if g == 0.0 or not math.isfinite(g):
            return x
        if g < 0.0:
            a = x
        else:
            b = x
        curvature = sign * probe.at(2, x)
        step_x = x - g / curvature if curvature > 0.0 and math.isfinite(curvature) else math.nan
        if not (a < step_x < b):
            if abs(step_x - x) <= 1e-15 * max(1.0, abs(x)):
                return x  # x is a bracket end and the step below the tolerance: converged, not a bisection restart
            step_x = 0.5 * (a + b)  # Newton left the bracket: bisect instead
        if abs(step_x - x) <= 1e-15 * max(1.0, abs(x)) or b - a <= 1e-15 * max(1.0, abs(x)):
            return step_x
        x = step_x
    return x
