"""Sampling curves for drawing: kinks sampled exactly, jumps broken with open/closed end points.

NumPy only; shared by the terminal plots and the matplotlib renderer, so both draw the same honest
picture: a curve of order k (f, f′ or f″) is split wherever it is discontinuous (jumps of f for
f; jumps and kinks for f′; every listed kink for f″). At each break the attained value gets a
closed marker and the other one-sided limit an open marker; no vertical segment is ever drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from actplot.activation import Activation
from actplot.spec import FloatArray

DEFAULT_POINTS = 801
MAX_POINTS = 1_000_000
MAX_SPAN = 1e12

_BREAKS = {0: ("jump",), 1: ("jump", "kink"), 2: ("jump", "kink", "curvature")}


@dataclass(frozen=True, slots=True)
class Piece:
    """A continuous stretch of a curve."""

    x: FloatArray
    y: FloatArray


@dataclass(frozen=True, slots=True)
class Marker:
    """An end point at a break: ``closed`` where the value is attained, open for the other limit."""

    x: float
    y: float
    closed: bool


@dataclass(frozen=True, slots=True)
class Curve:
    """f (order 0), f′ (1) or f″ (2) of one activation on an interval."""

    act: Activation
    order: int
    pieces: tuple[Piece, ...]
    markers: tuple[Marker, ...]

    @property
    def label(self) -> str:
        return self.act.label + ("", "′", "″")[self.order]

    def joined(self) -> tuple[FloatArray, FloatArray]:
        """All pieces in one x/y pair with nan between pieces (one matplotlib line)."""
        xs: list[FloatArray] = []
        ys: list[FloatArray] = []
        for piece in self.pieces:
            if xs:
                xs.append(np.array([np.nan]))
                ys.append(np.array([np.nan]))
            xs.append(piece.x)
            ys.append(piece.y)
        if not xs:
            return np.empty(0), np.empty(0)
        return np.concatenate(xs), np.concatenate(ys)

    def finite_values(self) -> FloatArray:
        ys = [p.y for p in self.pieces] + [np.array([m.y for m in self.markers])]
        y = np.concatenate(ys) if ys else np.empty(0)
        return y[np.isfinite(y)]


def grid(x_min: float, x_max: float, points: int, extra: tuple[float, ...] = ()) -> FloatArray:
    """``points`` evenly spaced values on [x_min, x_max] plus the ``extra`` ones inside it, sorted."""
    base = np.linspace(x_min, x_max, points)
    inside = [v for v in extra if x_min <= v <= x_max]
    return np.unique(np.concatenate([base, np.asarray(inside, dtype=np.float64)]))


def _evaluate(act: Activation, x: FloatArray, order: int) -> FloatArray:
    return np.asarray(act(x) if order == 0 else act.derivative(x, order=order), dtype=np.float64)


def sample_curve(act: Activation, x_min: float, x_max: float, points: int = DEFAULT_POINTS, order: int = 0) -> Curve:
    """Sample f, f′ or f″ with every kink on the grid and the curve broken at its discontinuities."""
    kinks = act.kinks
    x = grid(x_min, x_max, points, tuple(k.x for k in kinks))
    breaks = sorted({k.x for k in kinks if k.kind in _BREAKS[order] and x_min <= k.x <= x_max})
    pieces, markers = _split(lambda v: _evaluate(act, v, order), x, breaks, x_min, x_max)
    return Curve(act, order, pieces, markers)


def _split(
    evaluate: Callable[[FloatArray], FloatArray], x: FloatArray, breaks: Sequence[float], x_min: float, x_max: float
) -> tuple[tuple[Piece, ...], tuple[Marker, ...]]:
    """``evaluate`` on the grid ``x``, cut into pieces at every break where it is discontinuous.

    At a real break both one-sided limits end their pieces (never joined: no vertical segment);
    the value attained gets a closed marker, the other limit an open one, and a value equal to
    neither (a mean convention) a closed marker of its own.
    """
    y = evaluate(x)
    pieces: list[Piece] = []
    markers: list[Marker] = []
    start_x, start_y = np.empty(0), np.empty(0)
    lo = 0
    for at_x in breaks:
        probe = np.array([math.nextafter(at_x, -math.inf), math.nextafter(at_x, math.inf)])
        left, right = (float(v) for v in evaluate(probe))
        at = float(evaluate(np.array([at_x]))[0])
        if _same(left, right):
            continue  # continuous in this order (e.g. f at a kink of f′)
        i = int(np.searchsorted(x, at_x))
        seg_x = np.concatenate([start_x, x[lo:i]])
        seg_y = np.concatenate([start_y, y[lo:i]])
        if at_x > x_min:
            pieces.append(Piece(np.append(seg_x, at_x), np.append(seg_y, left)))
            markers.append(Marker(at_x, left, closed=_same(at, left)))
        if at_x < x_max:
            markers.append(Marker(at_x, right, closed=_same(at, right) and not _same(at, left)))
        if not (_same(at, left) or _same(at, right)):
            markers.append(Marker(at_x, at, closed=True))  # e.g. a mean convention between the sides
        start_x, start_y = np.array([at_x]), np.array([right])
        lo = i + 1 if i < x.size and x[i] == at_x else i
    tail_x = np.concatenate([start_x, x[lo:]])
    tail_y = np.concatenate([start_y, y[lo:]])
    if tail_x.size:
        pieces.append(Piece(tail_x, tail_y))
    return tuple(pieces), tuple(markers)


@dataclass(frozen=True, slots=True)
class DifferenceCurve:
    """other^(order) − first^(order) as drawable pieces: broken wherever either function breaks in
    this order, with the same open/closed end markers as a :class:`Curve` (never a vertical step)."""

    first: Activation
    other: Activation
    order: int
    pieces: tuple[Piece, ...]
    markers: tuple[Marker, ...]

    def joined(self) -> tuple[FloatArray, FloatArray]:
        return Curve.joined(self)  # type: ignore[arg-type]

    def finite_values(self) -> FloatArray:
        return Curve.finite_values(self)  # type: ignore[arg-type]


def difference_curve(
    first: Activation, other: Activation, x_min: float, x_max: float, points: int | None = None, order: int = 0
) -> DifferenceCurve:
    """other − first (or their derivatives of ``order``) sampled on :func:`difference`'s grid and
    split at the breaks of both functions."""
    kinks = (*first.kinks, *other.kinks)
    x = grid(x_min, x_max, max(points or DIFFERENCE_POINTS, 2), tuple(k.x for k in kinks))
    breaks = sorted({k.x for k in kinks if k.kind in _BREAKS[order] and x_min <= k.x <= x_max})

    def evaluate(v: FloatArray) -> FloatArray:
        return _evaluate(other, v, order) - _evaluate(first, v, order)

    pieces, markers = _split(evaluate, x, breaks, x_min, x_max)
    return DifferenceCurve(first, other, order, pieces, markers)


def _same(a: float, b: float) -> bool:
    if not (math.isfinite(a) and math.isfinite(b)):
        return a == b or (math.isnan(a) and math.isnan(b))
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


@dataclass(frozen=True, slots=True)
class Difference:
    """g − f of two activations (or of their derivatives) on a shared grid, and its largest gap."""

    x: FloatArray
    delta: FloatArray
    gap: float
    where: float
    until: float = math.nan
    """Where the gap holds along an interval (hard_sigmoid flavours' slopes): its right end, with
    ``where`` its left end; nan when the largest gap is at a single point."""

    @property
    def on_interval(self) -> bool:
        return not math.isnan(self.until)


DIFFERENCE_POINTS = 20001
"""Grid of :func:`difference` unless more points are asked for (the CLI's printed gap and the drawn
difference panel use the same grid, so they report the same x where the gap ties)."""


def difference(
    first: Activation, other: Activation, x_min: float, x_max: float, points: int = DIFFERENCE_POINTS, order: int = 0
) -> Difference:
    """other − first sampled densely (both functions' kinks included), with the largest |gap|.

    The maximum is refined by golden-section search around the best grid point, so e.g.
    exact vs tanh GELU reports 4.73e-4 at x ≈ −2.70 whatever the grid.
    """
    extra = tuple(k.x for k in (*first.kinks, *other.kinks))
    x = grid(x_min, x_max, max(points, 2), extra)
    delta = _evaluate(other, x, order) - _evaluate(first, x, order)
    magnitude = np.where(np.isfinite(delta), np.abs(delta), -1.0)
    if magnitude.size == 0 or magnitude.max() < 0:
        return Difference(x, delta, math.nan, math.nan)
    i = int(np.argmax(magnitude))
    best_x, best = float(x[i]), float(magnitude[i])
    lo, hi = float(x[max(i - 1, 0)]), float(x[min(i + 1, x.size - 1)])

    def gap_at(v: float) -> float:
        d = float(_evaluate(other, np.array([v]), order)[0] - _evaluate(first, np.array([v]), order)[0])
        return abs(d) if math.isfinite(d) else -1.0

    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    a, b = lo, hi
    for _ in range(60):
        c, d = b - ratio * (b - a), a + ratio * (b - a)
        if gap_at(c) >= gap_at(d):
            b = d
        else:
            a = c
    mid = 0.5 * (a + b)
    if gap_at(mid) > best:
        best_x, best = mid, gap_at(mid)
    if 0.0 < abs(best_x) < 1e-9 * (float(x[-1]) - float(x[0])) and gap_at(0.0) >= best * (1.0 - 1e-12):
        best_x = 0.0  # a peak at 0 found as ±1e-16 by the search: report the exact 0
    start, end = _plateau(magnitude, i, best)
    if end - start >= 2:  # the same largest gap at three or more grid points in a row: an interval
        # a stretch that ends where a kink's convention value breaks it reaches to that kink
        start -= start > 0 and float(x[start - 1]) in extra
        end += end < x.size - 1 and float(x[end + 1]) in extra
        return Difference(x, delta, best, float(x[start]), float(x[end]))
    return Difference(x, delta, best, best_x)


def _plateau(magnitude: FloatArray, i: int, best: float) -> tuple[int, int]:
    """The run of grid indices around ``i`` where |g − f| equals ``best`` (to 1e-12 relative)."""
    level = magnitude >= best * (1.0 - 1e-12)
    start = end = i
    if not level[i]:
        return i, i
    while start > 0 and level[start - 1]:
        start -= 1
    while end < level.size - 1 and level[end + 1]:
        end += 1
    return start, end
