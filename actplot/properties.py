"""Properties of an activation computed from the function itself, never copied from its spec.

Everything here comes from evaluating ``act(x)``, ``act.derivative(x, order=1|2)`` and the one-sided
limits at ``act.kinks`` (NumPy only). The kink list only says *where* to look: whether f, f′ or f″
is continuous there is decided from the values. The tests compare the result with each spec's
``declared`` metadata, so a hand-written claim that the function contradicts is caught.

Grids: the window sampled densely (:data:`DENSE_POINTS` points, plus 0 and every kink with its two
float neighbours), a fixed fine grid on [−25, 25] and log-spaced tails ±[1e-3, 1e300]; the limits at ±∞ are the kernels' values at
±inf (nan means the limit does not exist, e.g. sin).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from actplot import notation
from actplot.errors import InputError
from actplot.expressions.precision import plain_float64
from actplot.shape import Image, Interval, Monotonicity, Smoothness
from actplot.spec import FloatArray, Kink, rule_text

if TYPE_CHECKING:
    from actplot.activation import Activation

DENSE_POINTS = 4001
"""Evenly spaced points on the window (step 0.003 on the default (−6, 6))."""
FEATURE_REACH, FEATURE_POINTS = 25.0, 5001
"""A fixed grid on [−25, 25] (step 0.01) added to every window, inside and outside it."""

TAIL_POINTS = 400
"""Log-spaced points on each side, from 1e-3 to 1e300."""

REL_TOL = 1e-12
"""Two one-sided limits agree if they differ by at most this, relative (plus an absolute floor)."""

MAX_CANDIDATES = 8
"""Local extrema of the grid refined when looking for the global one on the window."""

RUNAWAY = 1e6
"""A tail value this many times larger than anything on the window counts as unbounded."""

SMOOTHNESS_CLASSES: tuple[str, ...] = tuple(Smoothness)
MONOTONIC_CLASSES: tuple[str, ...] = tuple(Monotonicity)


@dataclass(frozen=True, slots=True)
class KinkProperties:
    """What the function does at one listed kink: one-sided limits and the value there.

    ``kind`` and ``side`` are the declared ones (``side`` is the derivative convention that applies
    for this activation's flavour); ``continuity`` is computed: ``jump`` if f is discontinuous,
    ``kink`` if only f′ is, ``curvature`` if only f″ is, ``smooth`` if none of them is.
    """

    x: float
    kind: str
    side: str
    continuity: str
    f_left: float
    f_right: float
    f_at: float
    d1_left: float
    d1_right: float
    d1_at: float
    d2_left: float
    d2_right: float
    d2_at: float


@dataclass(frozen=True, slots=True)
class Properties:
    """Properties of one configured activation, computed on a window and over the whole real line."""

    label: str
    """The activation's label, e.g. ``leaky_relu(negative_slope=0.1)@keras2``."""
    window: tuple[float, float]
    saturation: float
    """The |f′| threshold used for :attr:`saturation_fraction`."""

    window_min: float
    """Infimum of f on the window (attained, or approached at a jump)."""
    window_max: float
    range_low: float
    """Infimum of f over ℝ: the window, the tails ±[1e-3, 1e300] and the limits at ±∞."""
    range_high: float
    low_attained: bool
    """Whether :attr:`range_low` is reached at a finite x on the window (or at a tail point clearly
    below both limits) rather than only approached; ``[`` rather than ``(`` in :attr:`range_text`."""
    high_attained: bool
    limit_neg: float
    """f(−∞) as the kernel returns it; nan if there is no limit (e.g. sin)."""
    limit_pos: float
    slope_limit_neg: float
    """f′(−∞); nan if there is no limit."""
    slope_limit_pos: float
    bounded: bool
    """Bounded below and above: no infinite limit, no ±inf and no runaway value on the tails."""
    bounded_below: bool
    bounded_above: bool
    monotonic: Monotonicity
    """``increasing``, ``decreasing`` (both non-strict) or ``no``: from the sign of f′ on the window,
    the tails and at the kinks, and from f itself (so a downward jump breaks ``increasing``)."""
    monotonic_derivative: bool
    """f′ (one-sided values at kinks included) is monotone, in either direction."""
    smoothness: Smoothness
    """``discontinuous``, ``C0``, ``C1``, ``C2`` or ``Cinf``, from the one-sided limits of f, f′ and
    f″ at every listed kink (``C2`` if all three are continuous at a listed kink) and any
    :attr:`undeclared_jumps`."""
    undeclared_jumps: tuple[float, ...]
    """Points in the window where f jumps but no kink is listed (should always be empty)."""
    zero_centered: bool
    """f(0) = 0 and f takes both signs on the window."""
    f0: float
    df0: float
    """f′(0) (at a kink: the flavour's convention)."""
    identity_near_zero: bool
    """f(0) = 0 and f′ = 1 at 0 and on both sides of it (within 1e-12)."""
    minimum: float | None
    """For a non-monotonic function, the global minimum on the window if it lies strictly inside
    it (refined to ~1e-12 by Newton on f′ = 0); otherwise ``None``."""
    argmin: float | None
    maximum: float | None
    argmax: float | None
    saturation_fraction: float
    """Fraction of the window (evenly sampled) where |f′| < :attr:`saturation`."""
    kinks: tuple[KinkProperties, ...]
    image: Image
    """The image f(ℝ) as disjoint intervals in increasing order. One interval, from
    :attr:`range_low` to :attr:`range_high`, for a continuous f; a jump can leave gaps:
    threshold's image is {0} ∪ (1, ∞), not [0, ∞). Empty only when f is nowhere finite.
    The same type as a spec's declared range, so the two compare directly."""

    @property
    def range_text(self) -> str:
        """The image over ℝ in the one notation (:func:`actplot.notation.image_text`), e.g.
        ``[≈ −0.27846, ∞)``, ``{0} ∪ (1, ∞)``, ``{0, 1}`` or ``ℝ``."""
        return notation.image_text(self.image)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-safe values: lists for tuples, ``None`` for nan and ±inf; ``image`` is the list
        of its intervals."""
        out: dict[str, Any] = _json_safe(asdict(self))
        out["image"] = out["image"]["pieces"]
        out["range_text"] = self.range_text
        return out


def compute_properties(
    act: Activation, window: tuple[float, float] = (-6.0, 6.0), saturation: float = 0.1
) -> Properties:
    """Compute :class:`Properties` for ``act`` from its values, derivatives and kink locations."""
    lo, hi = _check_window(window)
    try:
        positive = math.isfinite(saturation) and saturation > 0
    except TypeError:
        positive = False
    if isinstance(saturation, bool) or not positive:
        raise InputError(f"saturation must be a positive finite number; got {saturation!r}")
    probe = _Probe(act)
    kinks = act.kinks

    # -- grids --------------------------------------------------------------------------------------
    kink_points = [k.x for k in kinks]
    grid = _window_grid(lo, hi, kink_points)
    window_x, is_probe = grid.x, grid.is_probe
    exact, neighbours = grid.exact, grid.neighbours
    tail = np.geomspace(1e-3, 1e300, TAIL_POINTS)
    outside = np.concatenate([-tail, tail, grid.features, np.asarray(exact + neighbours, dtype=np.float64)])
    outside = outside[(outside < lo) | (outside > hi)]
    all_x = np.unique(np.concatenate([window_x, outside]))

    f_all, d1_all, d2_all = probe.f(all_x), probe.d1(all_x), probe.d2(all_x)
    in_window = (all_x >= lo) & (all_x <= hi)
    f_w, d1_w = f_all[in_window], d1_all[in_window]
    scale = (_finite_max_abs(f_w), _finite_max_abs(d1_w), _finite_max_abs(d2_all[in_window]))

    limits = _limits_at_infinity(probe.f)
    slope_limits = _limits_at_infinity(probe.d1)

    # -- kinks and smoothness -----------------------------------------------------------------------
    kink_rows = tuple(_kink_properties(act, probe, k, scale) for k in kinks)
    jumps = _undeclared_jumps(probe, window_x, f_w, d1_w, kink_points, scale[0])
    smoothness = _smoothness(kink_rows, bool(jumps))

    # -- monotonicity -------------------------------------------------------------------------------
    monotonic = _monotonic(f_all, d1_all, scale[1])
    monotonic_derivative = _monotone_sequence(d1_all, scale[1])

    # -- extrema on the window, range over the real line, boundedness ------------------------------
    low_w = _window_extremum(probe, window_x, f_w, is_probe, kink_points, scale[0], sign=1.0)
    high_w = _window_extremum(probe, window_x, f_w, is_probe, kink_points, scale[0], sign=-1.0)
    minimum = argmin = maximum = argmax = None
    if monotonic == Monotonicity.NO:
        if low_w.interior:
            argmin, minimum = low_w.x, low_w.value
        if high_w.interior:
            argmax, maximum = high_w.x, high_w.value
    x_out, f_out = all_x[~in_window], f_all[~in_window]
    low, low_attained, runaway_low = _bound(probe, low_w, _refined(probe, x_out, f_out, 1.0), limits, scale[0], sign=1.0)
    high, high_attained, runaway_high = _bound(probe, high_w, _refined(probe, x_out, f_out, -1.0), limits, scale[0],
                                               sign=-1.0)
    bounded_below = low > -math.inf and not runaway_low
    bounded_above = high < math.inf and not runaway_high
    window_min, window_max = low_w.value, high_w.value

    # -- at the origin --------------------------------------------------------------------------------
    f0 = float(probe.f(np.array([0.0]))[0])
    d1_0 = probe.d1(np.array([-5e-324, 0.0, 5e-324]))  # f′(0) and its one-sided limits
    df0 = float(d1_0[1])
    at_origin = abs(f0) <= 1e-12
    zero_centered = at_origin and window_min < 0.0 < window_max
    identity = at_origin and bool(np.all(np.abs(d1_0 - 1.0) <= 1e-12))

    jump_points = sorted({k.x for k in kink_rows if k.continuity == "jump"} | set(jumps))
    image = _image(all_x, f_all, limits, jump_points, (low, high, low_attained, high_attained), scale[0])

    finite_slope = probe.d1(grid.even)
    finite_slope = finite_slope[~np.isnan(finite_slope)]
    saturated = float(np.mean(np.abs(finite_slope) < saturation)) if finite_slope.size else math.nan

    return Properties(
        label=act.label,
        window=(lo, hi),
        saturation=float(saturation),
        window_min=window_min,
        window_max=window_max,
        range_low=low,
        range_high=high,
        low_attained=low_attained,
        high_attained=high_attained,
        limit_neg=float(limits[0]),
        limit_pos=float(limits[1]),
        slope_limit_neg=float(slope_limits[0]),
        slope_limit_pos=float(slope_limits[1]),
        bounded=bounded_below and bounded_above,
        bounded_below=bounded_below,
        bounded_above=bounded_above,
        monotonic=monotonic,
        monotonic_derivative=monotonic_derivative,
        smoothness=smoothness,
        undeclared_jumps=jumps,
        zero_centered=zero_centered,
        f0=f0,
        df0=df0,
        identity_near_zero=identity,
        minimum=minimum,
        argmin=argmin,
        maximum=maximum,
        argmax=argmax,
        saturation_fraction=saturated,
        kinks=kink_rows,
        image=image,
    )


# ---------------------------------------------------------------------------------------------------


class _WindowGrid(NamedTuple):
    x: FloatArray  # sorted: the even grid, the feature grid inside the window, 0, kinks, their neighbours
    is_probe: NDArray[np.bool_]  # a kink's float neighbour: its value is a one-sided limit, not attained
    even: FloatArray
    features: FloatArray
    exact: list[float]  # 0 and the kinks
    neighbours: list[float]


def _window_grid(lo: float, hi: float, kink_points: list[float]) -> _WindowGrid:
    """The points f is examined at on [lo, hi]: an even grid (alone, it weighs the saturation
    fraction), a fixed fine grid on [−25, 25] where activations have their features (on a wide
    window, ±1e9, the even grid alone steps over SiLU's dip and sinc's minima), 0 and every kink,
    and each kink's two float neighbours."""
    features = np.linspace(-FEATURE_REACH, FEATURE_REACH, FEATURE_POINTS)
    even = np.linspace(lo, hi, DENSE_POINTS)
    uniform = np.unique(np.concatenate([even, features[(features >= lo) & (features <= hi)]]))
    neighbours = [v for x in kink_points for v in (math.nextafter(x, -math.inf), math.nextafter(x, math.inf))]
    exact = [0.0, *kink_points]
    x = np.unique(np.concatenate([uniform, [v for v in exact + neighbours if lo <= v <= hi]]))
    is_probe = np.isin(x, neighbours) & ~np.isin(x, np.concatenate([uniform, exact]))
    return _WindowGrid(x, is_probe, even, features, exact, neighbours)


def window_range(act: Activation, window: tuple[float, float]) -> tuple[float, float]:
    """The infimum and supremum of f on ``window`` (nan, nan where f is nowhere finite), to full
    precision: the same grids and Newton refinement as :func:`compute_properties`, without the
    work on the rest of the real line (fast enough for a terminal plot's summary line).

    Extremes are taken over finite values; a one-sided limit at a jump counts (not attained).
    """
    hull = _window_hull(act, window)
    return (math.nan, math.nan) if hull is None else (hull.low.value, hull.high.value)


class _WindowHull(NamedTuple):
    """The finite samples of f on a window and their refined infimum and supremum."""

    probe: _Probe
    kink_points: list[float]
    x: FloatArray
    f: FloatArray
    scale: float
    low: _Extremum
    high: _Extremum


def _window_hull(act: Activation, window: tuple[float, float]) -> _WindowHull | None:
    """Sample f on ``window`` (the grids of :func:`compute_properties`) and refine its extremes;
    None where f is nowhere finite. Shared by :func:`window_range` and :func:`window_image`."""
    lo, hi = _check_window(window)
    probe = _Probe(act)
    kink_points = [k.x for k in act.kinks]
    grid = _window_grid(lo, hi, kink_points)
    x, is_probe = grid.x, grid.is_probe
    f = probe.f(x)
    finite = np.isfinite(f)
    if not finite.any():
        return None
    x, f, is_probe = x[finite], f[finite], is_probe[finite]
    scale = _finite_max_abs(f)
    low = _window_extremum(probe, x, f, is_probe, kink_points, scale, sign=1.0)
    high = _window_extremum(probe, x, f, is_probe, kink_points, scale, sign=-1.0)
    return _WindowHull(probe, kink_points, x, f, scale, low, high)


def window_image(act: Activation, window: tuple[float, float]) -> Image:
    """The image of ``window`` under f as disjoint intervals: one for a continuous f (the same
    ends as :func:`window_range`), more where a jump leaves a gap — threshold on [−6, 6] is
    {0} ∪ (1, 6], not 0 .. 6. Values that are not finite are left out; empty if none is finite."""
    lo, hi = _check_window(window)
    hull = _window_hull(act, window)
    if hull is None:
        return Image()
    probe, kink_points, x, f, scale, low, high = hull
    jumps = []
    for c in kink_points:
        if lo < c < hi:
            left, right = probe.f(np.array([math.nextafter(c, -math.inf), math.nextafter(c, math.inf)]))
            if not _same(float(left), float(right), 1e-13 * scale + 1e-300):
                jumps.append(c)
    no_limits = np.array([math.nan, math.nan])
    ends = (low.value, high.value, low.attained, high.attained)
    return _image(x, f, no_limits, jumps, ends, scale)


class _Probe:
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
        """One value at one point. f′ and f″ here only steer Newton towards a stationary point, whose
        value is then taken with ``at(0, …)``: an expression computes them in plain float64 (a few
        ULP in f′ move the root by a few ULP of x, and f there by ~f″·ULP², nothing)."""
        fn = (self.f, self.d1, self.d2)[order]
        if order == 0:
            return float(fn(np.array([x]))[0])
        with plain_float64():
            return float(fn(np.array([x]))[0])


TAIL_PROBES = np.geomspace(1e20, 1e300, 15)
"""Far tail points that confirm a kernel's value at ±inf (see :func:`_limits_at_infinity`)."""


def _limits_at_infinity(fn: Callable[[FloatArray], FloatArray]) -> FloatArray:
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


def _check_window(window: tuple[float, float]) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in window)
    except (TypeError, ValueError, OverflowError):
        raise InputError(f"window must be two numbers (low, high); got {window!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise InputError(f"window must be finite with low < high; got ({lo:g}, {hi:g})")
    return lo, hi


def _finite_max_abs(values: FloatArray) -> float:
    finite = np.abs(values[np.isfinite(values)])
    return float(finite.max()) if finite.size else 0.0


def _same(a: float, b: float, floor: float) -> bool:
    """Whether two one-sided limits agree: relative REL_TOL plus an absolute ``floor``."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b)) + floor


def _kink_properties(
    act: Activation, probe: _Probe, kink: Kink, scale: tuple[float, float, float]
) -> KinkProperties:
    left_x, right_x = math.nextafter(kink.x, -math.inf), math.nextafter(kink.x, math.inf)
    xs = np.array([left_x, kink.x, right_x])
    f, d1, d2 = probe.f(xs), probe.d1(xs), probe.d2(xs)
    step = right_x - left_x
    # the floor allows for the change of a continuous curve over the two ULPs between the probes
    slope0 = 4.0 * step * _finite_max_abs(d1[[0, 2]])
    slope1 = 4.0 * step * _finite_max_abs(d2[[0, 2]])
    if not _same(f[0], f[2], 1e-13 * scale[0] + slope0 + 1e-300):
        continuity = "jump"
    elif not _same(d1[0], d1[2], 1e-13 * scale[1] + slope1 + 1e-300):
        continuity = "kink"
    elif not _same(d2[0], d2[2], 1e-13 * scale[2] + 1e-300):
        continuity = "curvature"
    else:
        continuity = "smooth"
    return KinkProperties(
        x=float(kink.x),
        kind=kink.kind,
        side=rule_text(kink.rule_for(act.effective_flavor, 2 if kink.kind == "curvature" else 1)),
        continuity=continuity,
        f_left=float(f[0]),
        f_right=float(f[2]),
        f_at=float(f[1]),
        d1_left=float(d1[0]),
        d1_right=float(d1[2]),
        d1_at=float(d1[1]),
        d2_left=float(d2[0]),
        d2_right=float(d2[2]),
        d2_at=float(d2[1]),
    )


def _smoothness(kinks: tuple[KinkProperties, ...], jumps: bool) -> Smoothness:
    if jumps or any(k.continuity == "jump" for k in kinks):
        return Smoothness.DISCONTINUOUS
    if any(k.continuity == "kink" for k in kinks):
        return Smoothness.C0
    if any(k.continuity == "curvature" for k in kinks):
        return Smoothness.C1
    # f, f′ and f″ continuous at every listed point: something of higher order happens there
    return Smoothness.C2 if kinks else Smoothness.CINF


def _undeclared_jumps(
    probe: _Probe, x: FloatArray, f: FloatArray, d1: FloatArray, kink_points: list[float], f_scale: float
) -> tuple[float, ...]:
    """Jumps of f between neighbouring window points that no listed kink explains.

    A pair is suspect when |Δf| exceeds what the slopes at its ends allow; each suspect is then
    bisected down to ~1e-15 relative width, keeping the half with the larger |Δf|. A true jump keeps
    its size all the way down, a steep continuous stretch shrinks to nothing.
    """
    a, b = x[:-1], x[1:]
    fa, fb = f[:-1], f[1:]
    slope = np.fmax(np.abs(d1[:-1]), np.abs(d1[1:]))
    with np.errstate(invalid="ignore", over="ignore"):
        delta = np.abs(fb - fa)
        allowed = 8.0 * slope * (b - a) + REL_TOL * np.fmax(np.abs(fa), np.abs(fb)) + 1e-13 * f_scale + 1e-300
        ratio = delta / allowed
    usable = np.isfinite(fa) & np.isfinite(fb) & np.isfinite(ratio) & (ratio > 1.0)
    for c in kink_points:
        usable &= ~((a <= c) & (c <= b))
    idx = np.nonzero(usable)[0]
    if idx.size == 0:
        return ()
    idx = idx[np.argsort(-ratio[idx])][:64]
    lo, hi = a[idx].copy(), b[idx].copy()
    f_lo, f_hi = fa[idx].copy(), fb[idx].copy()
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        f_mid = probe.f(mid)
        with np.errstate(invalid="ignore"):
            go_left = np.abs(f_mid - f_lo) >= np.abs(f_hi - f_mid)
        hi, f_hi = np.where(go_left, mid, hi), np.where(go_left, f_mid, f_hi)
        lo, f_lo = np.where(go_left, lo, mid), np.where(go_left, f_lo, f_mid)
        if np.all(hi - lo <= 1e-15 * np.fmax(1.0, np.abs(lo))):
            break
    found = set()
    for l_x, h_x, l_f, h_f in zip(lo, hi, f_lo, f_hi):
        s = _finite_max_abs(probe.d1(np.array([l_x, h_x])))
        if not _same(float(l_f), float(h_f), 4.0 * s * (h_x - l_x) + 1e-13 * f_scale + 1e-300):
            found.add(float(h_x))
    return tuple(sorted(found))


def _monotonic(f: FloatArray, d1: FloatArray, d1_scale: float) -> Monotonicity:
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


def _monotone_sequence(values: FloatArray, scale: float) -> bool:
    """Whether values (f′ on the sorted grid) never decrease, or never increase, within tolerance."""
    v = values[~np.isnan(values)]
    with np.errstate(invalid="ignore"):
        step = np.diff(v)
        allowed = REL_TOL * np.fmax(np.abs(v[:-1]), np.abs(v[1:])) + 1e-14 * scale + 1e-300
    good = ~np.isnan(step)
    step, allowed = step[good], allowed[good]
    return bool(np.all(step >= -allowed) or np.all(step <= allowed))


@dataclass(frozen=True, slots=True)
class _Extremum:
    x: float
    value: float
    attained: bool
    interior: bool


def _window_extremum(
    probe: _Probe,
    x: FloatArray,
    f: FloatArray,
    is_probe: NDArray[np.bool_],
    kink_points: list[float],
    f_scale: float,
    sign: float,
) -> _Extremum:
    """The infimum (sign=+1) or supremum (sign=−1) of f on the window, where and whether attained.

    The best grid value is refined by Newton on f′ = 0 when it lies strictly inside the window;
    a one-sided limit at a jump that lies beyond every attained value wins, as not attained.
    """
    g = sign * f
    x_att, g_att = x[~is_probe], g[~is_probe]
    if np.all(np.isnan(g_att)):
        return _Extremum(math.nan, math.nan, False, False)
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
    result = _Extremum(best_x, sign * best, True, interior)
    for xp, gp in zip(x[is_probe], g[is_probe]):  # one-sided limits at jumps
        if math.isnan(gp) or gp >= best - (REL_TOL * abs(best) + 1e-13 * f_scale):
            continue
        c = min(kink_points, key=lambda k: abs(k - xp))
        best = float(gp)
        result = _Extremum(c, sign * best, False, x[0] < c < x[-1])
    return result


def _snap(probe: _Probe, x: float, g: float, points: tuple[float, ...], sign: float) -> tuple[float, float]:
    """Report a kink (or 0) itself rather than a point next to it, if f is as good there."""
    for c in points:
        if c != x and abs(x - c) <= 1e-9 * max(1.0, abs(c)):
            value = sign * probe.at(0, c)
            if value <= g + 4.0 * float(np.spacing(abs(g))):
                return c, value
    return x, g


def _newton_stationary(probe: _Probe, a: float, b: float, sign: float) -> float | None:
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


def _refined(probe: _Probe, x: FloatArray, f: FloatArray, sign: float) -> FloatArray:
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


def _bound(
    probe: _Probe, window: _Extremum, outside: FloatArray, limits: FloatArray, f_scale: float, sign: float
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


def _image(
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


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (int, np.integer)):
        return int(value)
    return value

