"""Property-based checks (hypothesis) over every registered activation.

* monotone functions (as computed by actplot.properties) have f′ of one sign everywhere;
* f(b) − f(a) = ∫ₐᵇ f′ plus the jumps of f in [a, b], and f′(b) − f′(a) = ∫ₐᵇ f″ plus the jumps of
  f′ (Gauss–Legendre on pieces split at every listed kink);
* bounded functions give finite values for every finite input;
* float32 and float16 results are the float64 result rounded once;
* value_and_derivative agrees with the separate f and f′.

Runs are derandomised (the same examples every time) and small: the whole file takes a few
seconds per ten functions.
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import actplot
from actplot.properties import Properties

by_spec = pytest.mark.parametrize("name", actplot.names())  # names, so a falsifying example prints short

FAST = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SLOW = settings(FAST, max_examples=10)
BRIEF = settings(FAST, max_examples=6)
"""For identities that hold by construction today (dtype rounding, the paired kernel): a regression guard."""

EPS = float(np.finfo(np.float64).eps)
GL_NODES, GL_WEIGHTS = np.polynomial.legendre.leggauss(20)
PIECE = 0.25
"""Longest sub-interval of the Gauss–Legendre rule (20 nodes: exact to ~1e-16 for these functions)."""

finite64 = st.floats(allow_nan=False, allow_infinity=False)
any64 = st.floats(allow_nan=True, allow_infinity=True)
body = st.floats(min_value=-40.0, max_value=40.0, allow_nan=False)


@functools.cache
def props(name: str) -> Properties:
    return actplot.get(name).properties()


def _evaluate(act: actplot.Activation, x: np.ndarray, order: int) -> np.ndarray:
    return np.asarray(act(x) if order == 0 else act.derivative(x, order=order), dtype=np.float64)


# --- monotonicity -------------------------------------------------------------------------------------------


def _monotone_names() -> list[str]:
    """Functions computed as monotone (one whose properties cannot be computed is kept, so it fails)."""
    keep = []
    for name in actplot.names():
        try:
            direction = props(name).monotonic
        except Exception:  # noqa: BLE001 - reported by the test itself
            direction = "?"
        if direction != "no":
            keep.append(name)
    return keep


@pytest.mark.parametrize("name", _monotone_names())
@FAST
@given(xs=st.lists(any64, min_size=1, max_size=32))
def test_monotone_functions_have_one_signed_derivative(name: str, xs: list[float]):
    direction = props(name).monotonic
    act = actplot.get(name)
    x = np.array(xs)
    slope, value = _evaluate(act, x, 1), _evaluate(act, x, 0)
    defined = ~np.isnan(slope) | np.isnan(value)  # nan f′ only where f itself is undefined
    assert defined.all(), f"{name}: f′ is nan at {x[~defined]}"
    sign = 1.0 if direction == "increasing" else -1.0
    with np.errstate(invalid="ignore"):
        wrong = sign * slope < 0.0
    assert not wrong.any(), f"{name} is {direction} but f′({x[wrong]}) = {slope[wrong]}"


# --- fundamental theorem of calculus -----------------------------------------------------------------------------


def _integral(act: actplot.Activation, order: int, a: float, b: float, cuts: list[float]) -> tuple[float, float]:
    """∫ₐᵇ of the order-th derivative and ∫ₐᵇ of its absolute value, Gauss–Legendre split at ``cuts``."""
    edges = sorted({a, b, *(c for c in cuts if a < c < b)})
    xs, ws = [], []
    for lo, hi in itertools.pairwise(edges):
        n = max(1, math.ceil((hi - lo) / PIECE))
        grid = np.linspace(lo, hi, n + 1)
        half = 0.5 * np.diff(grid)
        mid = 0.5 * (grid[:-1] + grid[1:])
        xs.append((mid[:, None] + half[:, None] * GL_NODES[None, :]).ravel())
        ws.append((half[:, None] * GL_WEIGHTS[None, :]).ravel())
    if not xs:
        return 0.0, 0.0
    x, w = np.concatenate(xs), np.concatenate(ws)
    y = _evaluate(act, x, order)
    return float(np.sum(w * y)), float(np.sum(w * np.abs(y)))


def _jumps(act: actplot.Activation, order: int, a: float, b: float, kinds: tuple[str, ...]) -> float:
    """Sum of the jumps of the order-th derivative at listed kinks in [a, b] (one-sided limits;
    at an end point the value there stands in for the limit from outside the interval)."""
    total = 0.0
    for k in act.kinks:
        if k.kind not in kinds or not (a <= k.x <= b) or a == b:
            continue
        at = float(_evaluate(act, np.array([k.x]), order)[0])
        left = float(_evaluate(act, np.array([math.nextafter(k.x, -math.inf)]), order)[0]) if k.x > a else at
        right = float(_evaluate(act, np.array([math.nextafter(k.x, math.inf)]), order)[0]) if k.x < b else at
        total += right - left
    return total


def _check_antiderivative(name: str, order: int, a: float, b: float) -> bool:
    """order 0: f(b) − f(a) vs ∫ f′; order 1: f′(b) − f′(a) vs ∫ f″. False if not finite there."""
    act = actplot.get(name)
    a, b = min(a, b), max(a, b)
    ends = _evaluate(act, np.array([a, b]), order)
    if not np.all(np.isfinite(ends)):
        return False
    cuts = [k.x for k in act.kinks]
    jump_kinds = ("jump",) if order == 0 else ("jump", "kink")
    integral, magnitude = _integral(act, order + 1, a, b, cuts)
    if not math.isfinite(integral):
        return False
    jumps = _jumps(act, order, a, b, jump_kinds)
    lhs = float(ends[1] - ends[0]) - jumps
    tol = 1e-12 + 1e-9 * max(abs(lhs), magnitude) + 8 * EPS * (abs(ends[0]) + abs(ends[1]) + abs(jumps))
    label = ("f", "f′")[order]
    assert abs(lhs - integral) <= tol, (
        f"{name}: {label}({b!r}) − {label}({a!r}) − jumps = {lhs!r} but the integral of its derivative "
        f"is {integral!r} (difference {lhs - integral:.3g}, tolerance {tol:.3g})"
    )
    return True


@by_spec
@SLOW
@given(a=body, b=body)
def test_f_is_the_integral_of_its_derivative(name: str, a: float, b: float):
    assume(_check_antiderivative(name, 0, a, b))


@by_spec
@SLOW
@given(a=body, b=body)
def test_derivative_is_the_integral_of_the_second(name: str, a: float, b: float):
    assume(_check_antiderivative(name, 1, a, b))


@by_spec
def test_antiderivative_across_every_kink(name: str):
    """The same identities on fixed intervals that start, end or straddle each listed kink."""
    for k in actplot.get(name).kinks:
        for a, b in [(k.x - 1.0, k.x + 1.0), (k.x, k.x + 0.5), (k.x - 0.5, k.x), (k.x - 3.0, k.x + 0.125)]:
            _check_antiderivative(name, 0, a, b)
            _check_antiderivative(name, 1, a, b)


# --- finite in, finite out -----------------------------------------------------------------------------------------


@by_spec
@FAST
@given(xs=st.lists(finite64, min_size=1, max_size=32))
def test_bounded_functions_are_finite(name: str, xs: list[float]):
    act = actplot.get(name)
    x = np.array(xs)
    value = _evaluate(act, x, 0)
    if props(name).bounded:
        assert np.all(np.isfinite(value)), f"{name} is bounded but f({x[~np.isfinite(value)]}) is not finite"
    if _defined_everywhere(name):
        assert not np.any(np.isnan(value)), f"{name}: f({x[np.isnan(value)]}) is nan"


@functools.cache
def _defined_everywhere(name: str) -> bool:
    """No nan on a wide fixed grid: then no finite input may give nan (e.g. inf − inf inside a kernel)."""
    tail = np.geomspace(1e-300, 1.7e308, 2000)
    x = np.concatenate([np.linspace(-50.0, 50.0, 2001), tail, -tail])
    return not np.any(np.isnan(_evaluate(actplot.get(name), x, 0)))


# --- dtypes ----------------------------------------------------------------------------------------------------------


@by_spec
@BRIEF
@given(xs=st.lists(st.floats(width=32), min_size=1, max_size=32))
def test_narrow_floats_are_float64_rounded_once(name: str, xs: list[float]):
    act = actplot.get(name)
    x32 = np.array(xs, dtype=np.float32)
    with np.errstate(over="ignore"):
        x16 = x32.astype(np.float16)
    for narrow in (x32, x16):
        wide = narrow.astype(np.float64)
        for order in (0, 1, 2):
            got = act(narrow) if order == 0 else act.derivative(narrow, order=order)
            with np.errstate(over="ignore"):  # beyond the narrow range both sides are ±inf
                want = _evaluate(act, wide, order).astype(narrow.dtype)
            assert got.dtype == narrow.dtype
            np.testing.assert_array_equal(got, want, err_msg=f"{name} order {order} {narrow.dtype}")
        f, _ = act.value_and_derivative(narrow)
        with np.errstate(over="ignore"):
            np.testing.assert_array_equal(f, _evaluate(act, wide, 0).astype(narrow.dtype))


@by_spec
@BRIEF
@given(xs=st.lists(any64, min_size=1, max_size=32))
def test_value_and_derivative_agree_with_separate_calls(name: str, xs: list[float]):
    act = actplot.get(name)
    x = np.array(xs)
    f, d = act.value_and_derivative(x)
    for got, want in ((f, act(x)), (d, act.derivative(x))):
        same = (got == want) | (np.isnan(got) & np.isnan(want))
        with np.errstate(invalid="ignore", over="ignore"):
            close = np.abs(got - want) <= 4.0 * np.spacing(np.fmax(np.abs(got), np.abs(want)))
        ok = same | close
        assert ok.all(), f"{name}: value_and_derivative differs at {x[~ok]}: {got[~ok]} vs {want[~ok]}"
