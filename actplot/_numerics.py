"""Exact and stable building blocks shared by the kernels (NumPy only).

Rules followed throughout (see numerics.md §4): exponentiate only non-positive arguments; never
form 1 − σ, 1 − tanh² or 1 + erf by subtraction; give ±inf explicit limits; select branches with
max/min or an exactly-zero term instead of ``np.where`` on data; recover the rounding error of a
large argument that feeds ``exp`` and apply it as a factor (1 + err).
"""

from __future__ import annotations

import numpy as np

from actplot.spec import FloatArray

_SPLITTER = 134217729.0  # 2**27 + 1, Dekker's constant for float64
_SPLIT_LIMIT = 2.0**996  # above this, splitting would overflow; scale first


def split(a: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Dekker split a = hi + lo with hi holding the top 26 bits (|a| < 2**996)."""
    c = _SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def two_prod(a: FloatArray, b: FloatArray | float) -> tuple[FloatArray, FloatArray]:
    """a·b = p + e exactly (no FMA in NumPy: Dekker's algorithm). Needs |a|,|b| < 2**996, no overflow."""
    p = a * b
    a_hi, a_lo = split(a)
    b_hi, b_lo = split(np.asarray(b, dtype=np.float64))
    e = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    return p, e


def two_sum(a: FloatArray, b: FloatArray | float) -> tuple[FloatArray, FloatArray]:
    """a + b = s + e exactly (Knuth's TwoSum)."""
    s = a + b
    bb = s - a
    e = (a - (s - bb)) + (b - bb)
    return s, e


def finite_or_zero(a: FloatArray) -> FloatArray:
    """Replace non-finite entries by 0 (for correction terms that only matter when finite)."""
    return np.nan_to_num(a, nan=0.0, posinf=0.0, neginf=0.0)


def nan_zero(x: FloatArray) -> FloatArray:
    """0.0 where x is a number (±inf included), nan where x is nan: added to an indicator it
    makes nan propagate without warnings (0·inf would warn)."""
    return np.minimum(np.abs(x), 0.0)


def indicator(mask: np.ndarray, x: FloatArray) -> FloatArray:
    """1.0 where ``mask``, else 0.0, and nan where x is nan."""
    return np.add(mask, nan_zero(x))


def step(x: FloatArray) -> FloatArray:
    """1.0 where x >= 0, else 0.0 (nan gives 0.0)."""
    return (x >= 0.0).astype(np.float64)


def sigmoid_parts(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """e = exp(−|x|) and r = 1/(1 + e), the two pieces every logistic formula is built from."""
    e = np.abs(x)
    np.negative(e, out=e)
    np.exp(e, out=e)
    r = np.add(e, 1.0)
    np.divide(1.0, r, out=r)
    return e, r


def sigmoid(x: FloatArray) -> FloatArray:
    """σ(x) = 1/(1 + e^−x) = r for x ≥ 0 and e·r for x < 0 (subnormal results kept, nan kept)."""
    e, r = sigmoid_parts(x)
    np.maximum(e, np.greater_equal(x, 0.0), out=e)
    return np.multiply(r, e, out=r)


def sigmoid_neg(x: FloatArray) -> FloatArray:
    """σ(−x) = 1 − σ(x), computed directly."""
    e, r = sigmoid_parts(x)
    np.maximum(e, np.less_equal(x, 0.0), out=e)
    return np.multiply(r, e, out=r)


def sigmoid_derivative(x: FloatArray) -> FloatArray:
    """σ′(x) = σ(x)σ(−x) = e/(1 + e)² with e = exp(−|x|)."""
    e, r = sigmoid_parts(x)
    np.multiply(e, r, out=e)
    return np.multiply(e, r, out=e)


def log1p_exp_neg_abs(x: FloatArray) -> FloatArray:
    """log(1 + e^−|x|), the correction term of softplus and log-sigmoid."""
    return np.log1p(np.exp(-np.abs(x)))


def exp_scaled(x: FloatArray, scale: float) -> FloatArray:
    """exp(scale·x) for scale·x <= 0, with the rounding error of scale·x applied as (1 + err).

    For a tail argument t = scale·x of size up to ~745 the rounding of t alone would cost up to
    ~700 ULP in exp(t); splitting the product exactly keeps the result within a few ULP.
    Callers pass arguments with scale·x <= 0 (e.g. ``min(x, 0)`` for scale > 0) and
    1e-250 <= |scale| <= 1e250 (parameter domains guarantee it).
    """
    if scale == 1.0:
        return np.exp(x)
    limit = min(1000.0 / abs(scale), 2.0**995)
    p, e = two_prod(np.clip(x, -limit, limit), scale)
    base = np.exp(p)
    return base + base * e
