"""Relative accuracy of f′ and f″ next to their zeros, for every activation in the registry.

Near a simple zero r of a derivative, f⁽ᵏ⁾(x) ≈ f⁽ᵏ⁺¹⁾(r)·(x − r) is tiny, so a formula that adds
two O(1) terms is off by a fraction of an epsilon in absolute terms — thousands of ULP of the
result. The kernels are required to be accurate to ``MAX_ULP`` in ULP of the true value there too.

Method (truth = the independent 60-digit mpmath references in ``tests/references``):

* The zeros are located, not listed: each case's reference f′ and f″ are sampled on
  ``[-ROOT_WINDOW, ROOT_WINDOW]`` with step ``1/SAMPLES_PER_UNIT``; every sign change is refined by
  bisection in mpmath. A sign change across a jump (|value| at the bisected point not small) is not a
  zero and is left to the kink tests.
* Around each zero r: ``POINTS_NEAR`` points spread over ``±NEAR_RADIUS`` (denser towards r), r
  ± [1e-300, 1e-6] (a zero at 0 is approached through tiny inputs), and the ``NEIGHBOURS`` floats
  on each side of the float nearest r; the slow tier uses many more points.
* Every point must be within ``MAX_ULP`` of the truth (kinks where a derivative is a convention are
  excluded: they are checked by the kink-convention tests).
"""

from __future__ import annotations

import functools

import mpmath
import numpy as np
import pytest

import actplot
from tests.helpers import CASES, case_id
from tests.references import split_mp, ulp_errors
from tests.references.all import REFERENCES

mp = mpmath.mp

MAX_ULP = 8.0
MAX_ULP_FLOAT32 = 1.0
ROOT_WINDOW = 32.0  # zeros are searched for in [-32, 32]
SAMPLES_PER_UNIT = 16
NEAR_RADIUS = 0.75
POINTS_NEAR = 400
POINTS_NEAR_SLOW = 6000
NEIGHBOURS = 40


def _reference(name: str, order: int):  # type: ignore[no-untyped-def]
    ref = REFERENCES[name]
    return (ref.f, ref.d1, ref.d2)[order]


def _kinks(name: str, params: tuple, flavor: str | None) -> list[float]:
    act = actplot.get(name, flavor=flavor, **dict(params))
    points = [k.x for k in act.kinks]
    ref = REFERENCES[name]
    if ref.skip_points is not None:
        points += list(ref.skip_points(**dict(params)))
    return sorted(set(points))


@functools.cache
def derivative_zeros(name: str, params: tuple, flavor: str | None, order: int) -> tuple[float, ...]:
    """Zeros of the reference f⁽ᵒʳᵈᵉʳ⁾ in the window (mpmath bisection to ~1e-40)."""
    fn = _reference(name, order)
    kw = dict(params)
    kinks = _kinks(name, params, flavor)
    n = int(2 * ROOT_WINDOW * SAMPLES_PER_UNIT)
    xs = [mpmath.mpf(-ROOT_WINDOW) + mpmath.mpf(i) / SAMPLES_PER_UNIT for i in range(n + 1)]
    values = [fn(x, **kw) for x in xs]
    zeros: list[float] = []
    last_x, last_v = None, None
    for x, v in zip(xs, values):
        if mpmath.isnan(v):
            last_x, last_v = None, None
            continue
        if v == 0:
            # an exact zero on the sampling grid: the bisection across it finds it
            continue
        if last_v is not None and (v > 0) != (last_v > 0):
            root = _bisect(fn, kw, last_x, x, last_v)
            scale = max(abs(last_v), abs(v))
            if abs(fn(root, **kw)) <= scale * mpmath.mpf(10) ** -20 and not any(
                abs(root - k) < 1e-12 for k in kinks
            ):
                zeros.append(float(root))
        last_x, last_v = x, v
    return tuple(sorted(set(zeros)))


def _bisect(fn, kw, a, b, fa):  # type: ignore[no-untyped-def]
    for _ in range(140):
        m = (a + b) / 2
        fm = fn(m, **kw)
        if fm == 0:
            return m
        if (fm > 0) == (fa > 0):
            a, fa = m, fm
        else:
            b = m
    return (a + b) / 2


def points_near(root: float, count: int, dtype: type = np.float64) -> np.ndarray:
    """``count`` points within ±NEAR_RADIUS of root (denser near it), tiny offsets, and the
    ``NEIGHBOURS`` floats of ``dtype`` on each side of root."""
    rng = np.random.default_rng(int(abs(root) * 1e6) + count)
    u = rng.uniform(-1.0, 1.0, count)
    offsets = np.sign(u) * NEAR_RADIUS * np.abs(u) ** 3  # cubic: half the points within radius/8
    tiny = np.geomspace(1e-300 if dtype is np.float64 else 1e-44, 1e-6, 30)  # a zero at 0 is
    # also approached through tiny inputs
    grid = root + np.concatenate([offsets, np.linspace(-NEAR_RADIUS, NEAR_RADIUS, 41), tiny, -tiny])
    r = dtype(root)
    steps = np.arange(-NEIGHBOURS, NEIGHBOURS + 1).astype(dtype)
    neighbours = r + steps * np.spacing(r)
    return np.unique(np.concatenate([grid.astype(dtype), neighbours]))


def worst_near_zeros(
    name: str, params: tuple, flavor: str | None, order: int, count: int, dtype: type = np.float64
) -> list[tuple[float, float, float, float]]:
    """For each zero: (root, worst ULP, x at the worst point, computed there) over its dense grid."""
    act = actplot.get(name, flavor=flavor, **dict(params))
    fn = _reference(name, order)
    kw = dict(params)
    kinks = _kinks(name, params, flavor)
    rows = []
    for root in derivative_zeros(name, params, flavor, order):
        x = points_near(root, count, dtype)
        if kinks:
            x = x[~np.isin(x.astype(np.float64), kinks)]
        hi, lo = split_mp([fn(mpmath.mpf(float(v)), **kw) for v in x])
        computed = np.asarray(act.derivative(x, order=order))
        assert computed.dtype == x.dtype
        err = ulp_errors(computed, hi, lo, dtype)
        i = int(np.argmax(err))
        rows.append((root, float(err[i]), float(x[i]), float(computed[i])))
    return rows


def _check(case: tuple, order: int, count: int, dtype: type = np.float64) -> None:
    name, params, flavor = case
    rows = worst_near_zeros(name, params, flavor, order, count, dtype)
    bound = MAX_ULP if dtype is np.float64 else MAX_ULP_FLOAT32
    bad = [r for r in rows if not r[1] <= bound]
    label = case_id(case) + ("'" * order) + f" {np.dtype(dtype).name}"
    assert not bad, f"{label}: " + "; ".join(
        f"zero at {r:.17g}: {e:.3g} ULP at x={x!r} (got {c!r})" for r, e, x, c in bad
    )


@pytest.mark.parametrize("case", CASES, ids=case_id)
@pytest.mark.parametrize("order", [1, 2], ids=["d1", "d2"])
def test_relative_accuracy_next_to_derivative_zeros(case, order):
    _check(case, order, POINTS_NEAR)


@pytest.mark.parametrize("case", CASES, ids=case_id)
@pytest.mark.parametrize("order", [1, 2], ids=["d1", "d2"])
def test_float32_next_to_derivative_zeros(case, order):
    """float32 is computed in float64 and rounded once, so next to the zeros too it is within 1 ULP."""
    _check(case, order, POINTS_NEAR // 4, np.float32)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=case_id)
@pytest.mark.parametrize("order", [1, 2], ids=["d1", "d2"])
def test_relative_accuracy_next_to_derivative_zeros_dense(case, order):
    _check(case, order, POINTS_NEAR_SLOW)


def _sinc_far_zeros(order: int, count: int) -> list[float]:
    """Zeros of sinc′ (tan x = x) or sinc″ beyond the search window, up to |x| ≈ 1e6, from the
    asymptotic first guesses (n + ½)π − 1/((n + ½)π) and nπ + 2/(nπ) refined in mpmath."""
    fn = _reference("sinc", order)
    rng = np.random.default_rng(order)
    ns = sorted({int(n) for n in np.geomspace(11, 330_000, count)} | {int(n) for n in rng.integers(11, 330_000, 8)})
    zeros = []
    for n in ns:
        q = (n + mpmath.mpf(1) / 2) * mp.pi if order == 1 else n * mp.pi
        guess = q - 1 / q if order == 1 else q + 2 / q
        zeros.append(float(mp.findroot(fn, guess)))
    return zeros


@pytest.mark.parametrize("order", [1, 2], ids=["d1", "d2"])
def test_sinc_zeros_beyond_the_window(order):
    """sinc′ and sinc″ have infinitely many zeros; beyond the tabulated ones (|x| < 64) the
    double-double evaluation must still hold the bound at the floats nearest each zero."""
    fn = _reference("sinc", order)
    act = actplot.get("sinc")
    failures = []
    for root in _sinc_far_zeros(order, 16):
        offsets = np.arange(-NEIGHBOURS // 2, NEIGHBOURS // 2 + 1) * np.spacing(root)
        x = np.concatenate([root + offsets, -(root + offsets)])
        hi, lo = split_mp([fn(mpmath.mpf(float(v))) for v in x])
        err = ulp_errors(np.asarray(act.derivative(x, order=order)), hi, lo, np.float64)
        if err.max() > MAX_ULP:
            failures.append(f"zero at {root!r}: {err.max():.3g} ULP at x={x[int(np.argmax(err))]!r}")
    assert not failures, "; ".join(failures)
