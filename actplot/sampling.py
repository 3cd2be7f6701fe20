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

from actplot import _numerics, notation
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
    return _numerics.sorted_unique(np.concatenate([base, np.asarray(inside, dtype=np.float64)]))


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
class Stretch:
    """A piece of the set where a difference is largest: ``[low, high]`` with each end closed
    (the gap is attained there) or open (it is only approached); a single point has
    ``low == high``, both ends closed."""

    low: float
    high: float
    low_closed: bool = True
    high_closed: bool = True

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    @property
    def middle(self) -> float:
        return 0.5 * (self.low + self.high)


def set_text(stretches: Sequence[Stretch]) -> str:
    """Where a difference is largest, in the notation of every other set actplot prints:
    ``at x = −2.699``, ``at x in {−2.699, 2.699}``, ``for x in (0, 1]``,
    ``for x in (−3, −2.5) ∪ (2.5, 3)``; a point among intervals is written ``{1}``.
    Numbers have 4 significant digits, more where an interval's two ends would read alike."""
    if not stretches:
        return ""
    if all(s.is_point for s in stretches):
        points = [notation.number(s.low, 4) for s in stretches]
        return f"at x = {points[0]}" if len(points) == 1 else "at x in {" + ", ".join(points) + "}"
    parts = []
    for s in stretches:
        if s.is_point:
            parts.append("{" + notation.number(s.low, 4) + "}")
            continue
        for digits in (4, 6, 9, 12, 17):
            low, high = notation.number(s.low, digits), notation.number(s.high, digits)
            if low != high:
                break
        parts.append(f"{'[' if s.low_closed else '('}{low}, {high}{']' if s.high_closed else ')'}")
    return "for x in " + f" {notation.UNION} ".join(parts)


@dataclass(frozen=True, slots=True)
class Difference:
    """g − f of two activations (or of their derivatives) on a shared grid, its largest |gap| and
    the whole set of x where that gap is reached (every point and stretch, ends open or closed)."""

    x: FloatArray
    delta: FloatArray
    gap: float
    argmax: tuple[Stretch, ...] = ()

    @property
    def where(self) -> float:
        """One x of :attr:`argmax` to mark (the middle of its first stretch); nan without a gap."""
        return self.argmax[0].middle if self.argmax else math.nan

    @property
    def place(self) -> str:
        """:attr:`argmax` as text (:func:`set_text`): the same words in the terminal and in files."""
        return set_text(self.argmax)


DIFFERENCE_POINTS = 20001
"""Grid of :func:`difference` unless more points are asked for (the CLI's printed gap and the drawn
difference panel use the same grid, so they report the same x where the gap ties)."""

GAP_TOLERANCE = 1e-9
"""Relative tolerance of "as large as the largest gap" (rounding of two float64 evaluations)."""
NEAR_PEAK = 1e-4
"""Grid peaks within this fraction of the grid's largest gap are refined: one of them may top it."""


def difference(
    first: Activation, other: Activation, x_min: float, x_max: float, points: int = DIFFERENCE_POINTS, order: int = 0
) -> Difference:
    """other − first sampled densely (both functions' kinks included), with the largest |gap| and
    the set of x where it is reached.

    Stretches where |gap| stays at its largest over three or more grid points are constant
    stretches (hard_sigmoid flavours' slopes); each of their ends is settled by the actual values:
    at a kink or jump on the grid the end is open when the function only approaches the gap there
    (``Δf′`` of relu and threshold is −1 on (0, 1] because Δf′(0) = 0), closed when it takes it;
    elsewhere the end is found by bisection. Every other grid peak near the top is refined by
    golden-section search, so e.g. exact vs tanh GELU reports 4.73e-4 at x ≈ ±2.699 whatever the
    grid, and both of its (mirror-image) peaks.
    """
    extra = tuple(k.x for k in (*first.kinks, *other.kinks))
    x = grid(x_min, x_max, max(points, 2), extra)
    delta = _evaluate(other, x, order) - _evaluate(first, x, order)
    magnitude = np.where(np.isfinite(delta), np.abs(delta), -1.0)
    if magnitude.size == 0 or magnitude.max() < 0:
        return Difference(x, delta, math.nan)
    kinks = {float(v) for v in extra}

    def gap_at(v: float) -> float:
        d = float(_evaluate(other, np.array([v]), order)[0] - _evaluate(first, np.array([v]), order)[0])
        return abs(d) if math.isfinite(d) else -1.0

    top = float(magnitude.max())
    if top == 0.0:
        return Difference(x, delta, 0.0, (Stretch(float(x[0]), float(x[-1])),))
    plateaus = _runs(magnitude >= top * (1.0 - GAP_TOLERANCE), min_length=3)
    in_plateau = np.zeros(magnitude.size, dtype=bool)
    for start, end in plateaus:
        in_plateau[start : end + 1] = True
    peaks: list[tuple[float, float]] = []  # (x, |gap|) of refined isolated maxima
    left = np.concatenate(([-np.inf], magnitude[:-1]))
    right = np.concatenate((magnitude[1:], [-np.inf]))
    candidates = np.flatnonzero((magnitude >= left) & (magnitude >= right) & (magnitude >= top * (1.0 - NEAR_PEAK)) & ~in_plateau)
    for i in candidates[:64]:  # a wiggle of many equal peaks: the first 64 are enough to name it
        peaks.append(_refine_peak(gap_at, x, int(i), float(magnitude[i])))
    best = max([top, *(v for _, v in peaks)])
    level = best * (1.0 - GAP_TOLERANCE)
    found: list[Stretch] = []
    for start, end in plateaus:
        if magnitude[start] >= level:
            found.append(_plateau_stretch(gap_at, x, start, end, level, kinks))
    for at, value in peaks:
        if value >= level and not any(s.low <= at <= s.high for s in found):
            found.append(Stretch(at, at))
    found.sort(key=lambda s: s.low)
    return Difference(x, delta, best, tuple(_merge_points(found)))


def _runs(mask: np.ndarray, min_length: int) -> list[tuple[int, int]]:
    """(first, last) index of every run of True in ``mask`` at least ``min_length`` long."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return [(int(a), int(b) - 1) for a, b in zip(edges[::2], edges[1::2]) if b - a >= min_length]


def _refine_peak(gap_at: Callable[[float], float], x: FloatArray, i: int, value: float) -> tuple[float, float]:
    """Golden-section search for the largest |gap| between the grid neighbours of peak ``i``; the
    grid point itself if nothing beats it (a peak at a jump), an exact 0 for a peak found at ±1e-16."""
    lo, hi = float(x[max(i - 1, 0)]), float(x[min(i + 1, x.size - 1)])
    best_x, best = float(x[i]), value
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
        best_x = 0.0
    return best_x, best


def _plateau_stretch(gap_at: Callable[[float], float], x: FloatArray, start: int, end: int, level: float,
                     kinks: set[float]) -> Stretch:
    """The stretch of a run of grid points ``start..end`` at the largest gap, each end decided by
    the values there (see :func:`difference`)."""
    low, low_closed = _stretch_end(gap_at, x, start, -1, level, kinks)
    high, high_closed = _stretch_end(gap_at, x, end, +1, level, kinks)
    return Stretch(low, high, low_closed, high_closed)


def _stretch_end(gap_at: Callable[[float], float], x: FloatArray, i: int, step: int, level: float,
                 kinks: set[float]) -> tuple[float, bool]:
    """Where the stretch whose last grid point (in direction ``step``) is ``x[i]`` ends: a closed
    end at ``x[i]`` when the gap drops right after it (a kink, a jump or the window's edge), an
    open end at the next grid point when that is a kink or jump whose one-sided limit still has the
    gap but whose value has not, else the boundary found by bisection (closed: Δ is continuous there)."""
    inside = float(x[i])
    j = i + step
    if not 0 <= j < x.size:
        return inside, True
    beyond = float(x[j])
    outward = math.inf if step > 0 else -math.inf
    if gap_at(math.nextafter(inside, outward)) < level:
        return inside, True
    if beyond in kinks and gap_at(math.nextafter(beyond, -outward)) >= level:
        return beyond, False
    a, b = inside, beyond  # gap >= level at a, < level at b
    for _ in range(80):
        mid = 0.5 * (a + b)
        if mid in (a, b):
            break
        if gap_at(mid) >= level:
            a = mid
        else:
            b = mid
    return a, True


def _merge_points(stretches: list[Stretch]) -> list[Stretch]:
    """Points that lie on (or at the open end of) a stretch join it: (0, 1) and {1} read (0, 1]."""
    out: list[Stretch] = []
    for s in stretches:
        if out and s.is_point and out[-1].high == s.low:
            prev = out[-1]
            out[-1] = Stretch(prev.low, prev.high, prev.low_closed, True)
        elif out and s.is_point and out[-1].low <= s.low <= out[-1].high:
            continue
        else:
            out.append(s)
    return out
