"""The shared numerical toolkit (actplot/_numerics.py) against exact arithmetic.

Error-free transformations are checked for exactness with Fractions; double-double results for
their relative error against Fractions; the logistic pieces and the double-double exponentials
against 60-digit mpmath. Inputs are seeded random floats over many binades plus edge cases.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from actplot import _numerics as nx

mpmath.mp.dps = 60
RNG = np.random.default_rng(20261203)


def _wide(n: int, lo_exp: int = -300, hi_exp: int = 300) -> np.ndarray:
    """Random signs and mantissas over binades 2**lo_exp … 2**hi_exp."""
    mant = RNG.uniform(1.0, 2.0, n) * RNG.choice([-1.0, 1.0], n)
    return np.ldexp(mant, RNG.integers(lo_exp, hi_exp, n))


def _exact(values: np.ndarray) -> list[Fraction]:
    return [Fraction(float(v)) for v in values]


def _rel(hi: float, lo: float, truth: Fraction) -> float:
    return float(abs(Fraction(hi) + Fraction(lo) - truth) / abs(truth)) if truth else abs(hi + lo)


def test_two_sum_is_exact():
    a, b = _wide(2000), _wide(2000)
    s, e = nx.two_sum(a, b)
    for ai, bi, si, ei in zip(_exact(a), _exact(b), s, e, strict=True):
        assert Fraction(float(si)) + Fraction(float(ei)) == ai + bi
        assert float(si) == float(ai + bi)  # s is the rounded sum


def test_fast_two_sum_is_exact_when_the_first_term_is_larger():
    a, b = _wide(2000), _wide(2000)
    big, small = np.where(np.abs(a) >= np.abs(b), a, b), np.where(np.abs(a) >= np.abs(b), b, a)
    s, e = nx.fast_two_sum(big, small)
    for ai, bi, si, ei in zip(_exact(big), _exact(small), s, e, strict=True):
        assert Fraction(float(si)) + Fraction(float(ei)) == ai + bi


def test_split_and_two_prod_are_exact():
    a, b = _wide(2000, -400, 400), _wide(2000, -400, 400)
    hi, lo = nx.split(a)
    for ai, hi_i, lo_i in zip(_exact(a), hi, lo, strict=True):
        assert Fraction(float(hi_i)) + Fraction(float(lo_i)) == ai
        hi_m, _ = math.frexp(float(hi_i))
        assert (Fraction(hi_m) * 2**26).denominator == 1  # hi holds at most 26 significant bits
    p, e = nx.two_prod(a, b)
    for ai, bi, pi, ei in zip(_exact(a), _exact(b), p, e, strict=True):
        assert Fraction(float(pi)) + Fraction(float(ei)) == ai * bi


@pytest.mark.parametrize("op", ["add", "mul"])
def test_double_double_arithmetic(op: str):
    ah, bh = _wide(1000, -200, 200), _wide(1000, -200, 200)
    al, bl = ah * RNG.uniform(-2**-53, 2**-53, 1000), bh * RNG.uniform(-2**-53, 2**-53, 1000)
    hi, lo = nx.dd_add(ah, al, bh, bl) if op == "add" else nx.dd_mul(ah, al, bh, bl)
    for i in range(1000):
        a = Fraction(float(ah[i])) + Fraction(float(al[i]))
        b = Fraction(float(bh[i])) + Fraction(float(bl[i]))
        truth = a + b if op == "add" else a * b
        # dd_add's bound is relative to |a| + |b| (cancellation), dd_mul's to the product
        scale = (abs(a) + abs(b)) if op == "add" else abs(truth)
        assert abs(Fraction(float(hi[i])) + Fraction(float(lo[i])) - truth) <= scale * Fraction(2) ** -100
        assert abs(float(lo[i])) <= abs(float(hi[i])) * 2**-52  # normalised


@pytest.mark.parametrize(
    "value",
    [Fraction(1, 3), Fraction(-2, 7), Fraction(10) ** 400, -(Fraction(10) ** 400), Fraction(0), Fraction(1, 10**320)],
)
def test_fraction_dd(value: Fraction):
    hi, lo = nx.fraction_dd(value)
    if abs(value) > Fraction(float(np.finfo(np.float64).max)):
        assert (hi, lo) == ((math.inf if value > 0 else -math.inf), 0.0)
        return
    assert hi == float(value)
    assert lo == float(value - Fraction(hi))


def _ulps(got: float, want: mpmath.mpf) -> float:
    """|got − want| in ULP of want (float64; clamped at the smallest subnormal)."""
    exponent = max(int(mpmath.floor(mpmath.log(abs(want), 2))) - 52, -1074) if want else -1074
    return float(abs(mpmath.mpf(got) - want) / mpmath.mpf(2) ** exponent)


def test_sigmoid_pieces_against_mpmath():
    """σ and σ(−x) within 2 ULP, σ′ within 4 (the documented targets of sigmoid), e = exp(−|x|)
    within 4 (np.exp's own error on vectorised CPU paths), r = 1/(1 + e) exactly as written."""
    x = np.concatenate([np.linspace(-40, 40, 801), _wide(400, -60, 9), [0.0, -0.0, 745.0, -745.0, -700.0]])
    value, neg, slope = nx.sigmoid(x), nx.sigmoid_neg(x), nx.sigmoid_derivative(x)
    e, r = nx.sigmoid_parts(x)
    for i, xi in enumerate(x):
        t = mpmath.mpf(float(xi))
        s = 1 / (1 + mpmath.exp(-t))
        sn = 1 / (1 + mpmath.exp(t))
        for got, want, bound in ((value[i], s, 2), (neg[i], sn, 2), (slope[i], s * sn, 4), (e[i], mpmath.exp(-abs(t)), 4)):
            assert _ulps(float(got), want) <= bound, (xi, got, want)
        assert r[i] == 1.0 / (1.0 + e[i])


def test_sigmoid_special_values():
    x = np.array([np.inf, -np.inf, np.nan])
    with np.errstate(all="raise"):
        np.testing.assert_array_equal(nx.sigmoid(x), [1.0, 0.0, np.nan])
        np.testing.assert_array_equal(nx.sigmoid_neg(x), [0.0, 1.0, np.nan])
        np.testing.assert_array_equal(nx.sigmoid_derivative(x), [0.0, 0.0, np.nan])


def test_nan_zero_indicator_and_zero_curvature():
    x = np.array([-np.inf, -1.0, -0.0, 0.0, 2.0, np.inf, np.nan])
    with np.errstate(all="raise"):
        np.testing.assert_array_equal(nx.nan_zero(x), [0, 0, 0, 0, 0, 0, np.nan])
        np.testing.assert_array_equal(nx.zero_curvature(x, alpha=2.0), [0, 0, 0, 0, 0, 0, np.nan])
        np.testing.assert_array_equal(nx.indicator(x > 0, x), [0, 0, 0, 0, 1, 1, np.nan])


@pytest.mark.parametrize("scale", [1.0, 1.0507009873554805, 3.0, 2.0**-30])
def test_exp_dd_scaled_is_rounded_once(scale: float):
    z = np.concatenate([-np.abs(_wide(300, -40, 9)), [0.0, -0.0, -745.0, -1400.0]])
    z = np.maximum(z, nx.EXP_DD_MIN)
    got = nx.exp_dd_scaled(z.copy(), None, scale)
    for zi, gi in zip(z, got, strict=True):
        truth = mpmath.mpf(scale) * mpmath.exp(mpmath.mpf(float(zi)))
        assert _ulps(float(gi), truth) <= 0.5 + 2**-6, (zi, gi)  # one rounding (plus 2⁻⁶⁰ relative)


def test_expm1_dd_against_mpmath():
    z = np.concatenate([-np.abs(_wide(300, -60, 9)), [0.0, -1e-300, -1400.0]])
    z = np.maximum(z, nx.EXP_DD_MIN)
    hi, lo = nx.expm1_dd(z.copy(), None)
    for zi, h, low in zip(z, hi, lo, strict=True):
        truth = mpmath.expm1(mpmath.mpf(float(zi)))
        if truth == 0:
            assert h == 0
            continue
        assert abs((mpmath.mpf(float(h)) + mpmath.mpf(float(low)) - truth) / truth) <= mpmath.mpf(2) ** -60, zi


@pytest.mark.parametrize("seed", range(5))
def test_sorted_unique_is_np_unique_element_for_element(seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = np.concatenate([
        np.round(rng.normal(size=300), 1),  # many repeats
        [0.0, -0.0, -0.0, 0.0, np.inf, -np.inf, 5e-324, -5e-324],
        rng.choice([-1.0, 0.0, 1.0], size=50),
    ])
    rng.shuffle(values)
    got, want = nx.sorted_unique(values), np.unique(values)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert np.array_equal(got, want) and np.array_equal(np.signbit(got), np.signbit(want))
    assert nx.sorted_unique(values[:1]).tolist() == values[:1].tolist() and nx.sorted_unique(values[:0]).size == 0
