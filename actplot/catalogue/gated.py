"""Smooth gated and softplus-like activations: softplus, squareplus, sparse_plus, mish, silu,
hard_swish, ELiSH.

Shared technique (docs/kernels.md, "Numerical recipes"): everything is built from e = exp(−|u|) with u = βx carried as
an exact double-double (Dekker product), so a scaled argument feeding exp costs no accuracy; the
two branches of a formula are combined either through an exactly-zero term or through a 0/1
indicator multiplying finite branch values; the far tail where e is subnormal but the result is
normal (x·eˣ near x = −708) is recomputed as (x·h)·h with h = exp(x/2).
"""

from __future__ import annotations

import math

import numpy as np

from actplot import _zero_tables as zeros
from actplot._numerics import patch_zeros, two_prod
from actplot.shape import Monotonicity, Smoothness, between
from actplot.spec import ActivationSpec, At, Declared, Flavor, FloatArray, Formulas, FormulaVariant, Kink, Param

_CLIP = 1.0e4
"""|βx| beyond this is clipped: e^{−|βx|} = 0 and every formula has reached its limit there."""

_TAIL = 700.0
"""|βx| above which e^{−|βx|} is recomputed through h = e^{−|βx|/2} (subnormal band)."""


def _scaled(x: FloatArray, beta: float) -> tuple[FloatArray, FloatArray | float, FloatArray]:
    """u + u_lo = β·x exactly (|u| clipped at 1e4), and e = exp(−|u + u_lo|).

    For β = 1, u = x (clipped) and u_lo = 0. The rounding error of β·x is applied to the
    exponential as e·(1 ∓ u_lo), added rather than multiplied so that it costs no extra rounding.
    """
    if beta == 1.0:
        u = np.clip(x, -_CLIP, _CLIP)
        e = np.abs(u)
        np.negative(e, out=e)
        np.exp(e, out=e)
        return u, 0.0, e
    limit = _CLIP / beta
    u, lo = two_prod(np.clip(x, -limit, limit), beta)
    e = np.exp(-np.abs(u))
    e -= e * (np.copysign(1.0, u) * lo)
    return u, lo, e


def _abs_lo(u: FloatArray, lo: FloatArray | float) -> FloatArray | float:
    """The low part of |u + u_lo| (sign(u)·u_lo)."""
    if isinstance(lo, float):
        return lo
    return np.copysign(1.0, u) * lo


def _half_exp(a: FloatArray, a_lo: FloatArray | float) -> FloatArray:
    """h = exp(−(a + a_lo)/2) for a ≥ 0: the square root of e, kept normal where e is subnormal."""
    h = np.exp(-0.5 * a)
    if not isinstance(a_lo, float):
        h -= h * (0.5 * a_lo)
    return h


def _tail_index(a: FloatArray) -> np.ndarray:
    """Indices of the (rare) elements whose |βx| lies in the subnormal band of e^{−|βx|}."""
    return np.flatnonzero(a > _TAIL)


# --- softplus -----------------------------------------------------------------------------------


def _linear_from(beta: float, threshold: float) -> float:
    """x0 = threshold/β, the point above which torch's Softplus returns x (inf: never)."""
    return threshold / beta if math.isfinite(threshold) else math.inf


_Parts = tuple[FloatArray, FloatArray | float, FloatArray]
"""(p, lo, e): βx = p + lo exactly, e = exp(−|p|)."""


def _softplus_parts(x: FloatArray, beta: float) -> _Parts:
    """p + lo = βx exactly (|p| ≤ 1e4) and e = exp(−|p|)."""
    if beta == 1.0:
        p: FloatArray = np.clip(x, -_CLIP, _CLIP)
        lo: FloatArray | float = 0.0
    else:
        limit = _CLIP / beta
        p, lo = two_prod(np.clip(x, -limit, limit), beta)
    e = np.abs(p)
    np.negative(e, out=e)
    np.exp(e, out=e)
    return p, lo, e


def _softplus_sigmoid(x: FloatArray, parts: _Parts) -> FloatArray:
    """σ(βx) = num/(1 + e), num = max(e, [x ≥ 0]), corrected to first order for the low parts of
    1 + e = S + Se (Fast2Sum) and of βx: σ(p + lo) = s0 − (s0/S)·(Se − σ(−p)·S·lo); one division."""
    _, lo, e = parts
    big = np.add(e, 1.0)
    small = big - 1.0
    np.subtract(e, small, out=small)
    s = np.maximum(e, np.greater_equal(x, 0.0))
    s /= big
    corr = small
    if not isinstance(lo, float):
        corr -= np.maximum(e, np.less_equal(x, 0.0)) * lo  # σ(−p)·S = max(e, [x ≤ 0])
    corr *= s
    corr /= big
    s -= corr
    return s


def _softplus_core(x: FloatArray, beta: float, parts: _Parts) -> FloatArray:
    """max(x, 0) + log1p(e^{−|βx|})/β, with the low part of βx applied to first order and the
    division by β made exact up to one final rounding (residual of q·β via a Dekker product, on the
    mantissa so that nothing underflows). For β < 1 the subnormal band of e (|βx| > 700, where e/β
    is normal again) is recomputed as ((h/β)·h)(1 + lo) with h = e^{βx/2}."""
    p, lo, e = parts
    out = np.log1p(e)
    if beta != 1.0:
        mant, ex = np.frexp(out)  # out = mant·2^ex exactly
        q = mant / beta
        hi, err = two_prod(q, beta)  # q·β = hi + err exactly; mant − hi is exact (Sterbenz)
        resid = mant - hi
        resid -= err
        # d/du log1p(e^{−|u|}) = −sign(u)·e/(1 + e): the first-order effect of the low part of βx
        corr = np.ldexp(e, -ex)
        corr /= 1.0 + e
        corr *= np.copysign(1.0, p) * lo
        resid -= corr
        resid /= beta
        q += resid
        out = np.ldexp(q, ex)
        if beta < 1.0:
            idx = np.flatnonzero(p < -_TAIL)
            if idx.size:
                h = np.exp(0.5 * p[idx])
                tail = (h / beta) * h
                tail += tail * np.asarray(lo)[idx]  # lo is an array whenever β ≠ 1
                out[idx] = tail
    out += np.maximum(x, 0.0)
    return out


def softplus_value(x: FloatArray, beta: float = 1.0, threshold: float = math.inf) -> FloatArray:
    r"""Softplus with torch's optional linear fallback.

    .. math:: f(x) = \frac{1}{\beta}\log(1 + e^{\beta x})\ \ (\beta x \le \theta),\qquad f(x) = x\ \ (\beta x > \theta)

    Evaluated as max(x, 0) + log1p(e)/β with e = exp(−|βx|); βx is an exact double-double, so the
    left tail e^{βx}/β keeps full relative accuracy. With a finite θ, x is returned above x0 = θ/β.
    """
    out = _softplus_core(x, beta, _softplus_parts(x, beta))
    x0 = _linear_from(beta, threshold)
    if x0 < math.inf:
        np.copyto(out, x, where=x > x0)
    return out


def softplus_first(x: FloatArray, beta: float = 1.0, threshold: float = math.inf) -> FloatArray:
    r""".. math:: f'(x) = \sigma(\beta x) = \frac{1}{1 + e^{-\beta x}}\quad (1\ \mathrm{above}\ \theta/\beta)"""
    s = _softplus_sigmoid(x, _softplus_parts(x, beta))
    x0 = _linear_from(beta, threshold)
    if x0 < math.inf:
        np.copyto(s, 1.0, where=x > x0)
    return s


def softplus_second(x: FloatArray, beta: float = 1.0, threshold: float = math.inf) -> FloatArray:
    r""".. math:: f''(x) = \beta\,\sigma'(\beta x) = \beta\, e/(1+e)^2,\ e = e^{-|\beta x|}

    (0 above θ/β.)
    """
    u, lo, e = _scaled(x, beta)
    r = np.add(e, 1.0)
    np.divide(1.0, r, out=r)
    r2 = r * r
    out = e * r2
    if beta != 1.0:
        out *= beta
        if beta > 1.0:  # β·e would expose the lost digits of a subnormal e: ((β·h)·r²)·h
            a = np.abs(u)
            idx = _tail_index(a)
            if idx.size:
                h = _half_exp(a[idx], _abs_lo(u[idx], np.asarray(lo)[idx]))  # lo is an array whenever β ≠ 1
                out[idx] = ((beta * h) * r2[idx]) * h
    x0 = _linear_from(beta, threshold)
    if x0 < math.inf:
        np.copyto(out, 0.0, where=x > x0)
    return out


def softplus_pair(x: FloatArray, beta: float = 1.0, threshold: float = math.inf) -> tuple[FloatArray, FloatArray]:
    parts = _softplus_parts(x, beta)
    f = _softplus_core(x, beta, parts)
    s = _softplus_sigmoid(x, parts)
    x0 = _linear_from(beta, threshold)
    if x0 < math.inf:
        above = x > x0
        np.copyto(f, x, where=above)
        np.copyto(s, 1.0, where=above)
    return f, s


def softplus_kinks(beta: float = 1.0, threshold: float = math.inf) -> tuple[Kink, ...]:
    # torch: f = x where β·x > threshold, else the softplus branch; at x0 itself the softplus value
    # and its derivatives (left side) apply, as in torch's forward and backward.
    x0 = _linear_from(beta, threshold)
    if x0 < math.inf:
        # f″(x0): torch's double backward uses the linear branch there (0, the right limit)
        return (Kink(x0, "jump", side="left", value_side="left", by_flavor={"torch": At(d2="right")}),)
    return ()


SOFTPLUS = ActivationSpec(
    name="softplus",
    title="Softplus",
    family="gated/smooth",
    formula=r"f(x) = \frac{1}{\beta}\,\log(1 + e^{\beta x})",
    formula_text="f(x) = (1/β)·log(1 + e^(βx))",
    derivative_formula=r"f'(x) = \sigma(\beta x) = \frac{1}{1 + e^{-\beta x}}",
    derivative_formula_text="f′(x) = σ(βx) = 1 / (1 + e^(−βx))",
    formula_variants=(
        FormulaVariant(
            applies=lambda params: params["threshold"] == math.inf,
            formulas=Formulas(
                formula=r"f(x) = \frac{1}{\beta}\,\log(1 + e^{\beta x})",
                formula_text="f(x) = (1/β)·log(1 + e^(βx))",
                derivative_formula=r"f'(x) = \sigma(\beta x) = \frac{1}{1 + e^{-\beta x}}",
                derivative_formula_text="f′(x) = σ(βx) = 1 / (1 + e^(−βx))",
            ),
        ),
        FormulaVariant(
            applies=lambda params: params["threshold"] < math.inf,
            formulas=Formulas(
                formula=r"f(x) = \frac{1}{\beta}\,\log(1 + e^{\beta x})\ (\beta x \leq \theta),\ \ x\ (\beta x > \theta)",
                formula_text="f(x) = (1/β)·log(1 + e^(βx)) (βx ≤ θ), x (βx > θ)",
                derivative_formula=r"f'(x) = \sigma(\beta x)\ (\beta x \leq \theta),\ \ 1\ (\beta x > \theta)",
                derivative_formula_text="f′(x) = σ(βx) (βx ≤ θ), 1 (βx > θ)",
            ),
        ),
    ),
    value=softplus_value,
    derivative=softplus_first,
    second_derivative=softplus_second,
    value_and_derivative=softplus_pair,
    params=(
        Param(
            name="beta",
            default=1.0,
            doc="sharpness: f → max(0, x) as β → ∞",
            symbol=r"\beta",
            low=1e-250,
            high=1e250,
        ),
        Param(
            name="threshold",
            default=math.inf,
            doc="torch's linear fallback: f = x where β·x > threshold (inf/none: exact softplus)",
            symbol=r"\theta",
            low=0.0,
            allow_inf=True,
        ),
    ),
    kinks=softplus_kinks,
    declared=Declared(
        range=between(0, math.inf),
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=True,
        smoothness=Smoothness.CINF,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Dugas, Bengio, Bélisle, Nadeau & Garcia, 'Incorporating Second-Order Functional "
    "Knowledge for Better Option Pricing', NeurIPS 2000; Glorot, Bordes & Bengio, AISTATS 2011",
    frameworks={
        "torch": Flavor(
            "torch.nn.Softplus(beta=1.0, threshold=20.0), "
            "torch.nn.functional.softplus(input, beta=1.0, threshold=20.0)",
            note="torch returns x where β·x > threshold (default 20): a jump of (1/β)·log1p(e^−threshold) "
            "at x = threshold/β (2.1e-9 by default, 0.0513 for beta=10, threshold=0.4; pytorch#31110). "
            "softplus@torch reproduces it; plain softplus is exact",
            defaults={"threshold": 20.0},
        ),
        "keras3": Flavor("keras.activations.softplus(x)", note="no beta, no threshold"),
        "keras2": Flavor("tf.keras.activations.softplus(x)", note="no beta, no threshold (tf.math.softplus)"),
        "jax": Flavor("jax.nn.softplus(x)", note="logaddexp(x, 0); no beta, no threshold"),
    },
    notes="Default threshold = inf: plain `softplus` is the exact function, as in Keras and JAX. "
    "torch's nn.Softplus switches to f = x where β·x > threshold (default 20); `softplus@torch` "
    "reproduces it (threshold=20 by default there), including the jump at x = threshold/β "
    "(pytorch#31110; the threshold applies to β·x, not to x). actplot places the switch at the float "
    "x0 = threshold/β; at x0 itself the softplus branch (and its left derivative) applies.",
    examples=({"beta": 10.0}, {"threshold": 20.0}, {"beta": 10.0, "threshold": 0.4}),
)

# --- squareplus ---------------------------------------------------------------------------------


def _squareplus_parts(x: FloatArray, b: float) -> tuple[FloatArray, FloatArray, FloatArray]:
    """h = √(x² + b) = hypot(x, √b), s = (|x| + h)/2 and g = (h − |x|)/2 = (b/4)/s (no cancellation)."""
    a = np.abs(x)
    h = np.hypot(a, math.sqrt(b))
    s = 0.5 * a
    s += 0.5 * h
    g = (0.25 * b) / s
    return h, s, g


def _squareplus_select(x: FloatArray, s: FloatArray, g: FloatArray) -> FloatArray:
    np.copyto(g, s, where=x >= 0.0)
    return g


def squareplus_value(x: FloatArray, b: float = 4.0) -> FloatArray:
    r""".. math:: f(x) = \frac{x + \sqrt{x^2 + b}}{2}

    x ≥ 0: (x + h)/2 with h = hypot(x, √b) (halves added: no overflow at 1e308);
    x < 0: (b/4)/((h + |x|)/2), the same number without the cancellation of x + h.
    """
    _, s, g = _squareplus_parts(x, b)
    return _squareplus_select(x, s, g)


def squareplus_first(x: FloatArray, b: float = 4.0) -> FloatArray:
    r""".. math:: f'(x) = \frac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right) = \frac{f(x)}{\sqrt{x^2 + b}}

    x is clipped to ±DBL_MAX so that nothing computes inf/inf; +inf then gives exactly 1 and −inf
    (where b/(4x²) at −DBL_MAX can still be a subnormal) is set to its limit 0.
    """
    big = float(np.finfo(np.float64).max)
    h, s, g = _squareplus_parts(np.clip(x, -big, big), b)
    out = _squareplus_select(x, s, g)
    out /= h
    np.copyto(out, 0.0, where=x == -np.inf)
    return out


def squareplus_second(x: FloatArray, b: float = 4.0) -> FloatArray:
    r""".. math:: f''(x) = \frac{b}{2\,(x^2 + b)^{3/2}}

    Divided by h three times (h³ would overflow for |x| > 5.6e102).
    """
    a = np.abs(x)
    h = np.hypot(a, math.sqrt(b))
    out = (0.5 * b) / h
    out /= h
    out /= h
    return out


SQUAREPLUS = ActivationSpec(
    name="squareplus",
    title="Squareplus",
    family="gated/smooth",
    formula=r"f(x) = \frac{x + \sqrt{x^{2} + b}}{2}",
    formula_text="f(x) = (x + √(x² + b)) / 2",
    derivative_formula=r"f'(x) = \frac{1}{2}\left(1 + \frac{x}{\sqrt{x^{2} + b}}\right)",
    derivative_formula_text="f′(x) = (1/2)(1 + x/√(x² + b))",
    value=squareplus_value,
    derivative=squareplus_first,
    second_derivative=squareplus_second,
    params=(
        Param(
            name="b",
            default=4.0,
            doc="curvature near 0: f(0) = √b/2; b → 0 gives ReLU",
            symbol="b",
            low=1e-300,
            high=1e300,
        ),
    ),
    declared=Declared(
        range=between(0, math.inf),
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=True,
        smoothness=Smoothness.CINF,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Barron, 'Squareplus: A Softplus-Like Algebraic Rectifier', 2021, arXiv:2112.11687",
    frameworks={
        "keras3": Flavor("keras.activations.squareplus(x, b=4)", note="Keras 3.7+"),
        "jax": Flavor("jax.nn.squareplus(x, b=4)"),
    },
    notes="Algebraic (no exp/log) softplus look-alike; same default b = 4 in Keras and JAX.",
    examples=({"b": 0.5}, {"b": 100.0}),
)

# --- sparse_plus --------------------------------------------------------------------------------


def sparse_plus_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = 0\ (x \le -1),\quad \tfrac{1}{4}(x + 1)^2\ (-1 < x < 1),\quad x\ (x \ge 1)

    (clip(x, −1, 1) + 1)²/4, with x copied where x ≥ 1; x + 1 is exact near −1 (Sterbenz).
    """
    out = np.clip(x, -1.0, 1.0)
    out += 1.0
    out *= out
    out *= 0.25
    np.copyto(out, x, where=x >= 1.0)
    return out


def sparse_plus_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = \mathrm{clip}((x + 1)/2,\ 0,\ 1)\quad (\mathrm{sparse\ sigmoid})"""
    out = np.add(x, 1.0)
    np.clip(out, 0.0, 2.0, out=out)
    out *= 0.5
    return out


def sparse_plus_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = \tfrac{1}{2}\ (-1 < x < 1),\quad 0\ \mathrm{elsewhere}"""
    out = np.less(np.abs(x), 1.0).astype(np.float64)
    out *= 0.5
    np.copyto(out, x, where=np.isnan(x))
    return out


SPARSE_PLUS = ActivationSpec(
    name="sparse_plus",
    title="Sparse plus",
    family="gated/smooth",
    formula=r"f(x) = 0\ \mathrm{if}\ x \leq -1,\ \ \frac{(x + 1)^{2}}{4}\ \mathrm{if}\ |x| < 1,\ \ "
    r"x\ \mathrm{if}\ x \geq 1",
    formula_text="f(x) = 0 if x ≤ −1, (x + 1)²/4 if |x| < 1, x if x ≥ 1",
    derivative_formula=r"f'(x) = \min(1, \max(0, (x + 1)/2))",
    derivative_formula_text="f′(x) = min(1, max(0, (x + 1)/2))",
    value=sparse_plus_value,
    derivative=sparse_plus_first,
    second_derivative=sparse_plus_second,
    # f′ is continuous; f″ jumps at ±1. Convention: the outer side (0 at both), which is what JAX's
    # where(x <= -1, 0, where(x >= 1, x, …)) differentiates to.
    kinks=lambda: (Kink(-1.0, "curvature", side="left"), Kink(1.0, "curvature", side="right")),
    declared=Declared(
        range=between(0, math.inf, low_attained=True),
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=True,
        smoothness=Smoothness.C1,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Blondel, Martins & Niculae, 'Learning with Fenchel-Young Losses', JMLR 21 (2020), "
    "arXiv:1901.02324 (§6.2)",
    frameworks={
        "keras3": Flavor("keras.activations.sparse_plus(x)", note="Keras 3.8+"),
        "jax": Flavor("jax.nn.sparse_plus(x)"),
    },
    notes="C¹: its derivative is sparse_sigmoid. f″ (½ inside (−1, 1)) jumps at ±1, where the outer "
    "value 0 is returned (JAX's branches give the same).",
)

# --- mish ---------------------------------------------------------------------------------------


def _mish_neg_tail(x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Pieces for x ≤ 0 in the far tail: h = e^{x/2}, e = eˣ, n = e(e + 2), D = n + 2."""
    xc = np.maximum(x, -_CLIP)
    h = np.exp(0.5 * xc)
    e = np.exp(xc)
    n = e * (e + 2.0)
    return xc, h, e, n + 2.0


def _mish_parts(x: FloatArray):
    """e = e^{−|x|}; for x ≤ 0: n = e(e+2), D = n + 2; for x > 0: P = 1 + 2e(1 + e)."""
    e = np.exp(-np.abs(x))
    n = e * (e + 2.0)
    d = n + 2.0
    p = e * (e + 1.0)
    p *= 2.0
    p += 1.0
    return e, n, d, p


def mish_value(x: FloatArray) -> FloatArray:
    r"""Mish.

    .. math:: f(x) = x \tanh(\mathrm{softplus}(x)) = x \tanh(\log(1 + e^{x}))

    Closed form from e = e^{−|x|} (recipe 1 of docs/kernels.md): tanh(softplus x) = n/(n + 2), n = e(e + 2) for
    x ≤ 0 and (1 + 2e)/(1 + 2e + 2e²) for x > 0; the two products are summed with one of them exactly
    0. Far tail (x < −700): x·h·h·(2 + e)/(n + 2) with h = e^{x/2}.
    """
    e, n, d, p = _mish_parts(x)
    pos = 2.0 * e
    pos += 1.0
    pos /= p
    pos *= np.maximum(x, 0.0)
    xn = np.clip(x, -_CLIP, 0.0)
    neg = n / d
    neg *= xn
    neg += pos
    idx = _tail_index(-x)
    if idx.size:
        xc, h, et, dt = _mish_neg_tail(x[idx])
        neg[idx] = ((xc * h) * ((et + 2.0) / dt)) * h
    return neg


def _mish_first(x: FloatArray, e, n, d, p) -> FloatArray:
    # x ≤ 0: e·[(e + 2)·D + 4x(1 + e)]/D²; x > 0: t₊ + ((4x·e)(1 + e)/P²)·e
    xn = np.clip(x, -_CLIP, 0.0)
    neg = (e + 2.0) * d
    neg += (4.0 * xn) * (1.0 + e)
    neg *= e
    neg /= d * d
    xp = np.clip(x, 0.0, 800.0)
    pos = (4.0 * xp) * e
    pos *= 1.0 + e
    pos /= p * p
    pos *= e
    pos += (1.0 + 2.0 * e) / p
    ind = np.greater(x, 0.0)
    pos *= ind
    neg *= 1.0 - ind
    neg += pos
    idx = _tail_index(-x)
    if idx.size:
        xc, h, et, dt = _mish_neg_tail(x[idx])
        neg[idx] = ((h * ((et + 2.0) * dt + (4.0 * xc) * (1.0 + et))) / (dt * dt)) * h
    return patch_zeros(neg, x, 0.0, zeros.MISH_FIRST)


def mish_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = \tanh(\mathrm{sp}(x)) + x\,\mathrm{sech}^2(\mathrm{sp}(x))\,\sigma(x)

    Closed form from e = e^{−|x|}: x ≤ 0: e[(e + 2)(n + 2) + 4x(1 + e)]/(n + 2)², x > 0:
    (1 + 2e)/P + 4x·e²(1 + e)/P², P = 1 + 2e + 2e²; never 1 − tanh². Within 0.5 of its zero
    x = −1.19243 it is d·P(d) with d = x − r to the last bit (see ``patch_zeros``).
    """
    return _mish_first(x, *_mish_parts(x))


def mish_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = \mathrm{sech}^2(s)\,\sigma(x)\,\bigl(2 - 2x\tanh(s)\,\sigma(x) + x\,(1 - \sigma(x))\bigr)

    with s = softplus(x).

    The bracket is written without cancelling large terms: x ≤ 0: (2 + x) − x·e(3n + 2)/((1 + e)(n + 2));
    x > 0: 2(1 − x) + x·e(3 + 10e + 6e²)/(P(1 + e)). Prefactor sech²·σ = 4e(1 + e)/(n + 2)² (x ≤ 0)
    and 4e²(1 + e)/P² (x > 0). Within 0.5 of its zeros x = −2.25638 and 1.49057: d·P(d) (see
    ``patch_zeros``).
    """
    e, n, d, p = _mish_parts(x)
    xn = np.clip(x, -_CLIP, 0.0)
    ep1 = 1.0 + e
    # x ≤ 0
    bn = xn * e
    bn *= 3.0 * n + 2.0
    bn /= ep1 * d
    bn = (2.0 + xn) - bn
    neg = 4.0 * e
    neg *= bn
    neg *= ep1
    neg /= d * d
    # x > 0
    xp = np.clip(x, 0.0, 800.0)
    bp = xp * e
    bp *= 3.0 + e * (10.0 + 6.0 * e)
    bp /= p * ep1
    bp += 2.0 * (1.0 - xp)
    pos = 4.0 * e
    pos *= bp
    pos *= ep1
    pos /= p * p
    pos *= e
    ind = np.greater(x, 0.0)
    pos *= ind
    neg *= 1.0 - ind
    neg += pos
    idx = _tail_index(-x)
    if idx.size:
        xc, h, et, dt = _mish_neg_tail(x[idx])
        nt = dt - 2.0
        bt = (2.0 + xc) - (xc * et) * (3.0 * nt + 2.0) / ((1.0 + et) * dt)
        neg[idx] = (((4.0 * h) * bt) * (1.0 + et) / (dt * dt)) * h
    return patch_zeros(neg, x, 0.0, zeros.MISH_SECOND)


def mish_pair(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    e, n, d, p = _mish_parts(x)
    t_pos = 2.0 * e
    t_pos += 1.0
    t_pos /= p
    f = t_pos * np.maximum(x, 0.0)
    neg = n / d
    neg *= np.clip(x, -_CLIP, 0.0)
    f += neg
    idx = _tail_index(-x)
    if idx.size:
        xc, h, et, dt = _mish_neg_tail(x[idx])
        f[idx] = ((xc * h) * ((et + 2.0) / dt)) * h
    return f, _mish_first(x, e, n, d, p)


MISH = ActivationSpec(
    name="mish",
    title="Mish",
    family="gated/smooth",
    formula=r"f(x) = x \tanh(\log(1 + e^{x}))",
    formula_text="f(x) = x·tanh(log(1 + eˣ))",
    derivative_formula=r"f'(x) = \tanh(\mathrm{sp}(x)) + x\,\mathrm{sech}^{2}(\mathrm{sp}(x))\,\sigma(x),\ \mathrm{sp} = \mathrm{softplus}",
    derivative_formula_text="f′(x) = tanh(sp(x)) + x·sech²(sp(x))·σ(x), sp = softplus",
    value=mish_value,
    derivative=mish_first,
    second_derivative=mish_second,
    value_and_derivative=mish_pair,
    declared=Declared(
        range=between(-0.30884, math.inf, low_attained=True, low_approximate=True),
        bounded=False,
        monotonic=Monotonicity.NO,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="Misra, 'Mish: A Self Regularized Non-Monotonic Activation Function', BMVC 2020, arXiv:1908.08681",
    frameworks={
        "torch": Flavor("torch.nn.Mish(), torch.nn.functional.mish(input)"),
        "keras3": Flavor("keras.activations.mish(x)"),
        "keras2": Flavor("tf.keras.activations.mish(x)"),
        "jax": Flavor("jax.nn.mish(x)", note="added 2024-04"),
    },
    notes="Minimum −0.30884 at x ≈ −1.1924; f′(0) = tanh(log 2) = 0.6.",
)

# --- silu / swish -------------------------------------------------------------------------------


def _sigmoid_from(x: FloatArray, e: FloatArray) -> tuple[FloatArray, FloatArray]:
    """σ(βx) = max(e, [x ≥ 0])/(1 + e) and the denominator 1 + e, given e = exp(−|βx|)."""
    d = np.add(e, 1.0)
    s = np.maximum(e, np.greater_equal(x, 0.0))
    s /= d
    return s, d


def _tail_lo(u: FloatArray, lo: FloatArray | float, idx: np.ndarray, *, negate: bool = False) -> FloatArray | float:
    """The low part of |u| on the tail subset (a float 0 when β = 1)."""
    if isinstance(lo, float):
        return lo
    return (-lo[idx]) if negate else _abs_lo(u[idx], lo[idx])


def silu_value(x: FloatArray, beta: float = 1.0) -> FloatArray:
    r"""SiLU / Swish-β.

    .. math:: f(x) = x\,\sigma(\beta x) = \frac{x}{1 + e^{-\beta x}}

    x·max(e, [x ≥ 0])/(1 + e), e = exp(−|βx|) with βx exact; far left tail ((x·h)/(1 + e))·h with
    h = exp(βx/2), where e is subnormal but the product is not.
    """
    u, lo, e = _scaled(x, beta)
    out, d = _sigmoid_from(x, e)
    out *= np.maximum(x, -_CLIP / beta)
    idx = _tail_index(-u)
    if idx.size:
        xt = np.maximum(x[idx], -_CLIP / beta)
        h = _half_exp(-u[idx], _tail_lo(u, lo, idx, negate=True))
        out[idx] = ((xt * h) / d[idx]) * h
    return out


def _silu_first(x: FloatArray, u, lo, e) -> FloatArray:
    # f′ = σ(u)(1 + u·σ(−u)) = num·((1 + u·m) + e)/(1 + e)² with num = max(e, [x ≥ 0]) and
    # m = max(e, [x ≤ 0]): for x < 0 the bracket is (1 + u) + e, where 1 + u is exact near the
    # zero of f′ (u ≈ −1.28), so only the rounding of e is amplified by the cancellation.
    m = np.maximum(e, np.less_equal(x, 0.0))
    inner = u * m
    inner += 1.0
    inner += e
    if not isinstance(lo, float):
        inner += lo * m
    r2 = np.add(e, 1.0)
    r2 *= r2
    out = np.maximum(e, np.greater_equal(x, 0.0))
    out *= inner
    out /= r2
    idx = _tail_index(-u)
    if idx.size:
        h = _half_exp(-u[idx], _tail_lo(u, lo, idx, negate=True))
        out[idx] = ((h * inner[idx]) / r2[idx]) * h
    return patch_zeros(out, u, lo, zeros.SILU_FIRST)


def silu_first(x: FloatArray, beta: float = 1.0) -> FloatArray:
    r""".. math:: f'(x) = \sigma(\beta x)\,\bigl(1 + \beta x\,\sigma(-\beta x)\bigr)

    As e·((1 + βx) + e)/(1 + e)² for x < 0 and ((1 + e) + βx·e)/(1 + e)² for x ≥ 0, e = e^{−|βx|}
    (never 1 − σ); far left tail as ((h·bracket)/(1 + e)²)·h with h = e^{βx/2}. Within 0.3 of
    its zero βx = −1.27846 (where that sum still cancels) it is d·P(d), d = βx − r to the last bit
    and P a fitted polynomial (see ``patch_zeros``).
    """
    return _silu_first(x, *_scaled(x, beta))


def silu_second(x: FloatArray, beta: float = 1.0) -> FloatArray:
    r""".. math:: f''(x) = \beta\,\sigma\sigma_{-}\,(2 - u\tanh(u/2)),\ u = \beta x

    With a = |u|, e = e^{−a}: 2 − u·tanh(u/2) = ((2 − a) + e(2 + a))/(1 + e), so
    f″ = β·e·((2 − a) + e(2 + a))/(1 + e)³ — no cancellation of large terms; far tail (a > 700) via h.
    Within 0.5 of its zeros βx = ±2.39936 it is β·d·P(d) (see ``patch_zeros``).
    """
    u, lo, e = _scaled(x, beta)
    a = np.abs(u)
    a_lo = _abs_lo(u, lo)
    r = np.add(e, 1.0)
    np.divide(1.0, r, out=r)
    nb = 2.0 - a
    if not isinstance(a_lo, float):
        nb -= a_lo
    nb += e * (2.0 + a)
    r3 = r * r
    r3 *= r
    out = e * nb
    out *= r3
    if beta != 1.0:
        out *= beta
    idx = _tail_index(a)
    if idx.size:
        h = _half_exp(a[idx], a_lo if isinstance(a_lo, float) else a_lo[idx])
        out[idx] = (((beta * h) * nb[idx]) * r3[idx]) * h
    return patch_zeros(out, u, lo, zeros.SILU_SECOND, scale=beta)  # N cancels near a = 2.39936


def silu_pair(x: FloatArray, beta: float = 1.0) -> tuple[FloatArray, FloatArray]:
    u, lo, e = _scaled(x, beta)
    f, d = _sigmoid_from(x, e)
    f *= np.maximum(x, -_CLIP / beta)
    idx = _tail_index(-u)
    if idx.size:
        xt = np.maximum(x[idx], -_CLIP / beta)
        h = _half_exp(-u[idx], _tail_lo(u, lo, idx, negate=True))
        f[idx] = ((xt * h) / d[idx]) * h
    return f, _silu_first(x, u, lo, e)


SILU = ActivationSpec(
    name="silu",
    aliases=("swish",),
    title="SiLU / Swish",
    family="gated/smooth",
    formula=r"f(x) = x\,\sigma(\beta x) = \frac{x}{1 + e^{-\beta x}}",
    formula_text="f(x) = x·σ(βx) = x / (1 + e^(−βx))",
    derivative_formula=r"f'(x) = \sigma(\beta x)\,(1 + \beta x\,(1 - \sigma(\beta x)))",
    derivative_formula_text="f′(x) = σ(βx)·(1 + βx·(1 − σ(βx)))",
    value=silu_value,
    derivative=silu_first,
    second_derivative=silu_second,
    value_and_derivative=silu_pair,
    params=(
        Param(
            name="beta",
            default=1.0,
            doc="Swish-β gate sharpness (framework SiLU/swish is β = 1); β → ∞ gives ReLU",
            symbol=r"\beta",
            low=1e-250,
            high=1e250,
        ),
    ),
    declared=Declared(
        range=between(-0.27846, math.inf, low_attained=True, low_approximate=True),
        bounded=False,
        monotonic=Monotonicity.NO,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="Elfwing, Uchibe & Doya, 'Sigmoid-Weighted Linear Units', 2017, arXiv:1702.03118; "
    "Ramachandran, Zoph & Le, 'Searching for Activation Functions' (Swish-β), 2017, arXiv:1710.05941",
    frameworks={
        "torch": Flavor("torch.nn.SiLU(), torch.nn.functional.silu(input)", note="β = 1 only"),
        "keras3": Flavor("keras.activations.silu(x), alias keras.activations.swish", note="β = 1 only"),
        "keras2": Flavor("tf.keras.activations.swish(x) (tf.nn.silu)", note="β = 1 only (tf.nn.silu(x, beta) has β)"),
        "jax": Flavor("jax.nn.silu(x), alias jax.nn.swish", note="β = 1 only"),
    },
    notes="β = 1 (the default) is SiLU, the only form torch, Keras and JAX provide; other β give "
    "Swish-β x·σ(βx). Minimum −0.27846 at x ≈ −1.27846 (for β = 1; scales as 1/β).",
    examples=({"beta": 10.0}, {"beta": 0.1}),
)

# --- hard_swish ---------------------------------------------------------------------------------


def hard_swish_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = x\,\frac{\mathrm{ReLU6}(x + 3)}{6} = 0\ (x \le -3),\ \frac{x(x + 3)}{6},\ x\ (x \ge 3)

    max(x, −3)·(clip(x + 3, 0, 6)/6): the factor is exactly 1 above 3 and 0 below −3.
    """
    g = np.add(x, 3.0)
    np.clip(g, 0.0, 6.0, out=g)
    g /= 6.0
    g *= np.maximum(x, -3.0)
    return g


def _hard_swish_parts(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    m = np.clip(x, -3.0, 3.0)
    inside = np.less(np.abs(x), 3.0).astype(np.float64)
    return m, inside


def hard_swish_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = 0\ (x < -3),\quad \frac{2x + 3}{6}\ (-3 < x < 3),\quad 1\ (x > 3)

    [|x| < 3]·(2m + 3)/6 + [x > 3], m = clip(x, −3, 3) (finite, nan kept): an exact select.
    """
    m, inside = _hard_swish_parts(x)
    out = 2.0 * m
    out += 3.0
    out /= 6.0
    out *= inside
    out += np.greater(x, 3.0)
    return out


def hard_swish_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = \tfrac{1}{3}\ (-3 < x < 3),\quad 0\ \mathrm{elsewhere}"""
    m, inside = _hard_swish_parts(x)
    inside += 0.0 * m  # nan stays nan
    inside /= 3.0
    return inside


HARD_SWISH = ActivationSpec(
    name="hard_swish",
    aliases=("hardswish", "hard_silu"),
    title="Hard swish",
    family="gated/smooth",
    formula=r"f(x) = x\,\frac{\min(6, \max(0, x + 3))}{6}",
    formula_text="f(x) = x·min(6, max(0, x + 3))/6",
    derivative_formula=r"f'(x) = 0\ \mathrm{if}\ x < -3,\ \ \frac{2x + 3}{6}\ \mathrm{if}\ |x| < 3,\ \ "
    r"1\ \mathrm{if}\ x > 3",
    derivative_formula_text="f′(x) = 0 if x < −3, (2x + 3)/6 if |x| < 3, 1 if x > 3",
    value=hard_swish_value,
    derivative=hard_swish_first,
    second_derivative=hard_swish_second,
    # f′ jumps at −3 (0 → −½) and at 3 (3/2 → 1). Every framework now takes the outer piece: 0 at
    # −3 and 1 at 3 (JAX and Keras 3 differentiate relu6, whose gradient is 0 at 0 and 6; PyTorch's
    # hardswish_backward since pytorch#148049, recorded with 2.13). PyTorch 2.6 (recorded with
    # 2.6.0) takes the inner piece at −3 only: f′(−3) = −½, f′(3) = 1, and f″(±3) = 0.
    kinks=lambda: (
        Kink(-3.0, "kink", side="left", by_flavor={"torch:2.6": At(d1="right", d2="left")}),
        Kink(3.0, "kink", side="right"),
    ),
    declared=Declared(
        range=between(-0.375, math.inf, low_attained=True),
        bounded=False,
        monotonic=Monotonicity.NO,
        monotonic_derivative=False,
        smoothness=Smoothness.C0,
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="Howard et al., 'Searching for MobileNetV3', ICCV 2019, arXiv:1905.02244",
    frameworks={
        "torch": Flavor("torch.nn.Hardswish(), torch.nn.functional.hardswish(input)"),
        "keras3": Flavor("keras.activations.hard_silu(x), alias keras.activations.hard_swish", note="Keras 3.1+"),
        "jax": Flavor("jax.nn.hard_silu(x), alias jax.nn.hard_swish"),
    },
    notes="Minimum −0.375 at x = −1.5. f′ is discontinuous at ±3 (0 → −½ at −3, 3/2 → 1 at 3); "
    "f′(−3) = 0 and f′(3) = 1 (the outer pieces) in PyTorch 2.13 (and by default), JAX and Keras 3; "
    "PyTorch 2.6 gives f′(−3) = −½ (the inner piece) and f′(3) = 1: hard_swish@torch:2.6.",
)

# --- elish --------------------------------------------------------------------------------------


def _elish_parts(x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    e = np.exp(-np.abs(x))
    r = np.add(e, 1.0)
    np.divide(1.0, r, out=r)
    return e, r, np.greater_equal(x, 0.0).astype(np.float64)


def elish_value(x: FloatArray) -> FloatArray:
    r"""Exponential linear squashing.

    .. math:: f(x) = x\,\sigma(x)\ (x \ge 0),\quad (e^{x} - 1)\,\sigma(x)\ (x < 0)

    max(x, 0)·r + (expm1(min(x, 0))·r)·e with e = e^{−|x|}, r = 1/(1 + e): one term is exactly 0.
    """
    e, r, _ = _elish_parts(x)
    out = np.expm1(np.minimum(x, 0.0))
    out *= r
    out *= e
    out += np.maximum(x, 0.0) * r
    return out


def elish_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = \sigma(x)(1 + x\,\sigma(-x))\ (x \ge 0),\quad
                  \frac{e^{x}(e^{2x} + 2e^{x} - 1)}{(1 + e^{x})^{2}}\ (x < 0)

    From e = e^{−|x|}: r(1 + x·e·r) and e(e(e + 2) − 1)·r², r = 1/(1 + e), combined by a 0/1 indicator;
    within 0.5 of the zero x = log(√2 − 1) it is d·P(d) (see ``patch_zeros``).
    """
    e, r, ind = _elish_parts(x)
    xp = np.clip(x, 0.0, 800.0)
    pos = (xp * e) * r
    pos += 1.0
    pos *= r
    neg = e * (e + 2.0)
    neg -= 1.0
    neg *= e
    neg *= r
    neg *= r
    pos *= ind
    neg *= 1.0 - ind
    neg += pos
    return patch_zeros(neg, x, 0.0, zeros.ELISH_NEGATIVE_FIRST)


def elish_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = \frac{e\,((2 - x) + e(2 + x))}{(1 + e)^{3}}\ (x \ge 0),\quad
                  \frac{e\,(e^{3} + 3e^{2} + 5e - 1)}{(1 + e)^{3}}\ (x < 0),\qquad e = e^{-|x|}

    Far right tail (x > 700, e subnormal but e·(2 − x) not): ((h·N)·r³)·h with h = e^{−x/2}.
    Within 0.5 of the zeros x = −1.71753 and 2.39936: d·P(d) (see ``patch_zeros``).
    """
    e, r, ind = _elish_parts(x)
    r3 = r * r
    r3 *= r
    xp = np.clip(x, 0.0, 800.0)
    nb = 2.0 - xp
    nb += e * (2.0 + xp)
    pos = e * nb
    pos *= r3
    neg = e + 3.0
    neg *= e
    neg += 5.0
    neg *= e
    neg -= 1.0
    neg *= e
    neg *= r3
    pos *= ind
    neg *= 1.0 - ind
    neg += pos
    idx = _tail_index(x)
    if idx.size:
        h = np.exp(-0.5 * xp[idx])
        neg[idx] = ((h * nb[idx]) * r3[idx]) * h
    patch_zeros(neg, x, 0.0, zeros.ELISH_NEGATIVE_SECOND)
    return patch_zeros(neg, x, 0.0, zeros.ELISH_POSITIVE_SECOND)


ELISH = ActivationSpec(
    name="elish",
    title="ELiSH",
    family="gated/smooth",
    formula=r"f(x) = x\,\sigma(x)\ \mathrm{if}\ x \geq 0,\ \ (e^{x} - 1)\,\sigma(x)\ \mathrm{if}\ x < 0",
    formula_text="f(x) = x·σ(x) if x ≥ 0, (eˣ − 1)·σ(x) if x < 0",
    derivative_formula=r"f'(x) = \sigma(x)(1 + x\,\sigma(-x))\ \mathrm{if}\ x \geq 0,\ \ "
    r"e^{x}\sigma(x) + (e^{x} - 1)\,\sigma(x)\,\sigma(-x)\ \mathrm{if}\ x < 0",
    derivative_formula_text="f′(x) = σ(x)(1 + x·σ(−x)) if x ≥ 0, eˣσ(x) + (eˣ − 1)σ(x)σ(−x) if x < 0",
    value=elish_value,
    derivative=elish_first,
    second_derivative=elish_second,
    # C¹ at 0 (f′ = ½ from both sides); f″ jumps from 1 (left) to ½ (right). No framework pins it:
    # actplot returns the right value, the branch the definition assigns to x = 0.
    kinks=lambda: (Kink(0.0, "curvature", side="right"),),
    declared=Declared(
        range=between(-0.17157, math.inf, low_attained=True, low_approximate=True),
        bounded=False,
        monotonic=Monotonicity.NO,
        monotonic_derivative=False,
        smoothness=Smoothness.C1,
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="Basirat & Roth, 'The Quest for the Golden Activation Function', 2018, arXiv:1808.00783",
    notes="Classic definition with the σ(x) factor on both sides (activations-plus 0.1.1 drops it on the "
    "negative side). Minimum −(3 − 2√2) ≈ −0.17157 at x = log(√2 − 1) ≈ −0.88137. "
    "f″(0) is the right value ½ (the left one is 1).",
)

SPECS: tuple[ActivationSpec, ...] = (SOFTPLUS, SQUAREPLUS, SPARSE_PLUS, MISH, SILU, HARD_SWISH, ELISH)
