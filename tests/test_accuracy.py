"""Values, f′ and f″ of every activation against independent 60-digit mpmath references.

Cases: every function with its default parameters, every flavour whose parameters differ from
the default, and every example parameter set declared in the spec. Grids cover the body, the
tails, tiny and subnormal inputs, huge inputs, ±0, ±inf and nan, in float64 and float32.
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np
import pytest

import actplot
from tests.helpers import CASES, case_id
from tests.references import GRID32, GRID64, SPECIALS, near_roots, split_mp, truth, ulp_errors
from tests.references.all import REFERENCES

EPS64 = float(np.finfo(np.float64).eps)

SAMPLE_EVERY = 3
"""The fast tier scores every case at a third of the grid: every third point of the sorted grid (so
each contiguous region — body, tails, tiny, subnormal, huge — keeps a third of its points), ±0 and
the specials. The slow tier (``share="rest"``) scores the other points, so the full suite checks
every point of the grid exactly once."""

SHARES = [pytest.param("sampled", id="sampled"), pytest.param("rest", id="rest", marks=pytest.mark.slow)]


def _share_of_grid(dtype_name: str, share: str) -> np.ndarray:
    grid = GRID64 if dtype_name == "float64" else GRID32
    x = np.concatenate([grid, SPECIALS.astype(grid.dtype)])
    sampled = np.zeros(x.size, dtype=bool)
    sampled[:grid.size:SAMPLE_EVERY] = True
    sampled[grid.size:] = True
    sampled |= x == 0
    return x[sampled] if share == "sampled" else x[~sampled]


@functools.cache
def _truths(name: str, params: tuple, order: int, dtype_name: str,
            share: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ref = REFERENCES[name]
    fn = (ref.f, ref.d1, ref.d2)[order]
    x = _share_of_grid(dtype_name, share)
    kw = dict(params)
    values = [truth(fn, float(v), kw, ref, order) for v in x]
    hi, lo = split_mp(values)
    return x, hi, lo


def _score(act: actplot.Activation, name: str, params: tuple, order: int, dtype: type, share: str) -> None:
    ref = REFERENCES[name]
    x, hi, lo = _truths(name, params, order, np.dtype(dtype).name, share)
    computed = act(x) if order == 0 else act.derivative(x, order=order)
    assert computed.dtype == x.dtype
    err = ulp_errors(np.asarray(computed), hi, lo, dtype)
    tol = 1.0 if dtype is np.float32 else ref.ulps[order]
    allowed = err <= tol
    roots = near_roots(x, hi)
    with np.errstate(invalid="ignore"):
        abs_err = np.abs((np.asarray(computed, dtype=np.float64) - hi) - lo)
    slack = ref.abs_eps * EPS64
    if dtype is np.float32:
        with np.errstate(over="ignore"):
            slack = slack + 0.5 * np.spacing(np.abs(hi).astype(np.float32)).astype(np.float64)
    allowed |= roots & (abs_err <= slack)
    kink_x = {k.x for k in act.kinks}
    if ref.skip_points is not None:
        kink_x |= set(ref.skip_points(**dict(params)))
    if order > 0 and kink_x:
        allowed |= np.isin(x.astype(np.float64), list(kink_x))
    if not allowed.all():
        bad = np.nonzero(~allowed)[0]
        worst = bad[np.argsort(-err[bad])][:6]
        rows = ", ".join(f"x={x[i]!r}: got {computed[i]!r}, true {hi[i]!r} ({err[i]:.3g} ULP)" for i in worst)
        label = ("f", "f'", "f''")[order]
        pytest.fail(f"{act.label} {label} {np.dtype(dtype).name}: {bad.size} points beyond {tol} ULP; worst: {rows}")


@pytest.mark.parametrize("share", SHARES)
@pytest.mark.parametrize("case", CASES, ids=case_id)
@pytest.mark.parametrize("order", [0, 1, 2], ids=["f", "d1", "d2"])
def test_float64_against_mpmath(case, order, share):
    name, params, flavor = case
    act = actplot.get(name, flavor=flavor, **dict(params))
    _score(act, name, params, order, np.float64, share)


@pytest.mark.parametrize("share", SHARES)
@pytest.mark.parametrize("case", CASES, ids=case_id)
@pytest.mark.parametrize("order", [0, 1, 2], ids=["f", "d1", "d2"])
def test_float32_within_one_ulp(case, order, share):
    name, params, flavor = case
    act = actplot.get(name, flavor=flavor, **dict(params))
    _score(act, name, params, order, np.float32, share)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_kink_conventions(case):
    """At a kink the derivative is the one-sided limit its convention names, for every flavour."""
    name, params, flavor = case
    act = actplot.get(name, flavor=flavor, **dict(params))
    ref = REFERENCES[name]
    kw = dict(params)
    for kink in act.kinks:
        orders = (1, 2) if kink.kind in ("jump", "kink") else (2,)
        for order in orders:
            side = kink.rule_for(act.effective_flavor, order)
            fn = (ref.f, ref.d1, ref.d2)[order]
            h = mpmath.mpf(10) ** -40 * max(1, abs(kink.x))
            left = fn(mpmath.mpf(kink.x) - h, **kw)
            right = fn(mpmath.mpf(kink.x) + h, **kw)
            if not isinstance(side, str):  # an explicit value recorded from the framework
                assert float(act.derivative(np.float64(kink.x), order=order)) == side
                continue
            expected = float(left if side == "left" else right if side == "right" else (left + right) / 2)
            got = float(act.derivative(np.float64(kink.x), order=order))
            # the probes sit 1e-40 from the kink, so a curve linear through it is off by ~1e-40
            assert math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-30), (
                f"{act.label}: order {order} at x={kink.x} ({side}) is {got}, expected {expected}"
            )


def test_every_function_has_a_reference():
    missing = [name for name in actplot.names() if name not in REFERENCES]
    assert not missing, f"no mpmath reference for {missing}"
