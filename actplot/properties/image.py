"""The image of f — over the real line or a window — as its ends and as disjoint intervals.

The ends (:func:`real_line_bound`): the infimum over ℝ is the least of the window's refined
infimum, the samples outside it and the limits at ±∞ (the supremum likewise); it is attained
only where f takes it at a finite x. The pieces (:func:`image_of_samples`): between two jumps f
is continuous, so its image there is one interval from its lowest to its highest sample; the
value at a jump is a single point; overlapping or touching intervals merge, and what stays apart
is a real gap — threshold's image is {0} ∪ (1, ∞), not [0, ∞).
"""

from __future__ import annotations

import itertools
import math
from typing import NamedTuple

import numpy as np

from actplot.properties.extrema import Extremum
from actplot.properties.probe import REL_TOL, Probe
from actplot.shape import Image, Interval
from actplot.spec import FloatArray

RUNAWAY = 1e6
"""A tail value this many times larger than anything on the window counts as unbounded."""


def real_line_bound(
    probe: Probe, window: Extremum, outside: FloatArray, limits: FloatArray, f_scale: float, sign: float
) -> tuple[float, bool, bool]:
    """The infimum (sign=+1) or supremum (sign=−1) over ℝ, whether it is attained, and runaway.

    Returns (bound, attained, runaway): ``runaway`` flags a tail value that is ±inf or far beyond
    the window's scale (a growth that the limits at ±inf may not show, e.g. when they are nan).
    A window value equal to a limit at ±∞ counts as attained only where f is flat on one side
    (f′ exactly 0, e.g. relu, hard_tanh); erf(6) and tanh(20) round to ±1 but still have a slope,
    so ±1 is approached.
    """
    g_window = sign * window.value if not math.isnan(window.value) else math.inf
    g_out = sign * outside[~np.isnan(outside)]
    g_limits = sign * limits[~np.isnan(limits)]
    tail_best = float(g_out.min()) if g_out.size else math.inf
    limit_best = float(g_limits.min()) if g_limits.size else math.inf
    best = min(g_window, tail_best, limit_best)
    runaway = tail_best == -math.inf or -tail_best > RUNAWAY * max(1.0, f_scale)
    if best == -math.inf or best == math.inf:
        return sign * best, False, runaway
    tol = 4.0 * float(np.spacing(abs(best)))
    attained = window.attained and abs(g_window - best) <= tol
    if attained and abs(limit_best - best) <= tol:
        sides = probe.d1(np.array([math.nextafter(window.x, -math.inf), math.nextafter(window.x, math.inf)]))
        attained = bool(np.any(sides == 0.0))
    if not attained and abs(tail_best - best) <= tol:
        # only met in the tails: attained if it lies clearly beyond both limits
        attained = tail_best < limit_best - REL_TOL * max(1.0, abs(limit_best))
    return sign * best, attained, runaway


def image_of_samples(
    x: FloatArray,
    f: FloatArray,
    limits: FloatArray,
    jump_points: list[float],
    hull: tuple[float, float, bool, bool],
    f_scale: float,
) -> Image:
    """f(ℝ) as disjoint intervals, from the samples ``f`` at the sorted points ``x`` (window, tails,
    kinks and their float neighbours) and the limits at ±∞.

    Between two jumps f is continuous, so its image there is an interval: from the lowest to the
    highest sample, closed at an end reached inside the piece, open at an end only approached (the
    sample next to a jump stands for the one-sided limit; a limit at ±∞). The value at each jump
    is a single point. Overlapping or touching intervals merge (a shared end point joins them if
    either interval holds it); what remains apart are the real gaps of the image. The outermost
    ends are ``hull`` (the refined infimum and supremum over ℝ and whether they are attained).
    """
    low, high, low_attained, high_attained = hull
    if math.isnan(low) or math.isnan(high):
        return Image()
    if not jump_points:
        return _as_image([_Piece(low, high, low_attained, high_attained)])
    edges = [-math.inf, *jump_points, math.inf]
    pieces: list[_Piece] = []
    for a, b in itertools.pairwise(edges):
        inside = (x > a) & (x < b) & np.isfinite(f)
        values = f[inside]
        attained = np.ones(values.size, dtype=bool)
        xs = x[inside]
        for end in (a, b):
            if math.isfinite(end):  # the neighbours of a jump stand for its one-sided limits
                attained &= ~((xs == math.nextafter(end, -math.inf)) | (xs == math.nextafter(end, math.inf)))
        candidates = [(float(v), bool(t)) for v, t in zip(values, attained)]
        for end, limit in ((a, limits[0]), (b, limits[1])):
            if math.isinf(end) and not math.isnan(limit):
                candidates.append((float(limit), False))
        if not candidates:
            continue
        lo_v = min(v for v, _ in candidates)
        hi_v = max(v for v, _ in candidates)
        pieces.append(_Piece(
            lo_v, hi_v,
            any(t for v, t in candidates if v == lo_v),
            any(t for v, t in candidates if v == hi_v),
        ))
    for xj in jump_points:  # the value at the jump itself
        at = f[x == xj]
        if at.size and math.isfinite(float(at[0])):
            value = float(at[0]) + 0.0  # -0.0 → 0.0
            pieces.append(_Piece(value, value, True, True))
    if not pieces:
        return Image()
    pieces.sort(key=lambda p: (p.low, not p.low_attained))
    merged = [pieces[0]]
    for piece in pieces[1:]:
        last = merged[-1]
        tol = REL_TOL * max(1.0, abs(last.high)) + 1e-13 * f_scale
        overlaps = piece.low < last.high - tol
        touches = abs(piece.low - last.high) <= tol and (last.high_attained or piece.low_attained)
        if overlaps or touches:
            if piece.high > last.high or (piece.high == last.high and piece.high_attained):
                merged[-1] = _Piece(last.low, piece.high, last.low_attained, piece.high_attained)
        else:
            merged.append(piece)
    first, final = merged[0], merged[-1]
    merged[0] = _Piece(low, first.high, low_attained, first.high_attained)
    final = merged[-1]
    merged[-1] = _Piece(final.low, high, final.low_attained, high_attained)
    if len(merged) == 1:
        merged[0] = _Piece(low, high, low_attained, high_attained)
    return _as_image(merged)


class _Piece(NamedTuple):
    """An interval while the image is assembled (it may still overlap its neighbours)."""

    low: float
    high: float
    low_attained: bool
    high_attained: bool


def _as_image(pieces: list[_Piece]) -> Image:
    """The finished pieces as an :class:`Image`; −0 ends become 0 (the sign says nothing about an
    image), and a piece that shrank to one value is that value."""
    out = []
    for p in pieces:
        low, high = p.low + 0.0, p.high + 0.0
        if low == high:
            out.append(Interval(low, high, True, True))
        else:
            out.append(Interval(low, high, bool(p.low_attained), bool(p.high_attained)))
    return Image(tuple(out))
