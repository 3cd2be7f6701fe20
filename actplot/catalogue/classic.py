"""Classic activations from the older literature and the Wikipedia table.

identity, binary step, arctan, Gaussian, bent identity, ISRU, ISRLU, sinusoid, sinc, SQNL,
penalized tanh, soft exponential and erf. None of them is a hot path, but every kernel keeps the
float64 contract: accurate over the whole float range (subnormal to 1.7e308), no inf/nan where the
truth is finite, ±inf → the limit, nan → nan, and no NumPy RuntimeWarning for any input. Recurring
devices:

* ``x²`` is never formed unguarded: inputs are clipped where the result has saturated, squares
  feeding ``exp`` are split exactly with Dekker's ``two_prod`` (docs/kernels.md, recipe 5), and
  ``np.hypot`` or a reciprocal replaces ``1 + x²`` for huge ``|x|``;
* ``exp`` goes through :func:`_exp_dd`, which scales by a power of two with ``ldexp`` so that the
  correction factor is applied *before* the one rounding into the subnormal range, and returns
  ±inf where the true value overflows without raising an overflow warning;
* branches are selected with :func:`_pick` (one term is exactly zero) on clipped inputs, so the
  branch that is not taken is finite and never produces ``inf·0``.
"""

from __future__ import annotations

import decimal
import math
from fractions import Fraction

import numpy as np

from actplot import _zero_tables as zeros
from actplot._numerics import dd_add as _dd_add
from actplot._numerics import dd_mul as _dd_mul
from actplot._numerics import fast_two_sum as _fast_two_sum
from actplot._numerics import fraction_dd as _float_dd
from actplot._numerics import nan_zero, patch_zeros, two_prod, two_sum
from actplot.shape import REALS, Monotonicity, Smoothness, between, points
from actplot.spec import (
    ActivationSpec,
    BoolArray,
    Declared,
    Flavor,
    FloatArray,
    Formulas,
    FormulaVariant,
    Kink,
    Param,
    ParamValue,
)

# --- shared helpers -----------------------------------------------------------------------------

_LN2_HI = 6.93147180369123816490e-01  # fdlibm: ln 2 with the low 32 bits zero, so k·_LN2_HI is exact
_LN2_LO = 1.90821492927058770002e-10
_INV_LN2 = 1.44269504088896338700e00
_MAX = float(np.finfo(np.float64).max)
_TINY = 5e-324  # the smallest subnormal
_TWO_OVER_SQRT_PI = 1.1283791670955126  # 2/√π rounded once


def _pick(cond: BoolArray, a: FloatArray, b: FloatArray) -> FloatArray:
    """a where cond, else b — exactly, because one of the two terms is exactly zero.

    Both branches must be finite where they are *not* picked (evaluate them on clipped inputs);
    where picked they may be ±inf or nan. nan in a branch propagates only through its own lanes.
    """
    mask = np.asarray(cond, dtype=np.float64)
    return a * mask + b * (1.0 - mask)


def _exp_dd(p: FloatArray, e: FloatArray | float, factor: FloatArray | float = 1.0, divisor: float = 1.0) -> FloatArray:
    """factor·exp(p + e)/divisor, where p + e is an argument known to double-double accuracy.

    exp(p + e) = 2^k·exp(r)·(1 + e) with r = p − k·ln 2 (exact Cody–Waite reduction, |r| ≤ ln2/2).
    The factor and divisor are applied to the mantissa part and ``ldexp`` rounds once at the end, so
    subnormal results are correctly scaled and an overflowing result becomes ±inf without an
    overflow warning. ``e`` must be finite; nan in p gives nan.
    """
    pc = np.clip(p, -1600.0, 1600.0)
    k = np.rint(np.nan_to_num(pc, nan=0.0) * _INV_LN2)
    r = (pc - k * _LN2_HI) - k * _LN2_LO
    m = np.exp(r)
    m = m + m * e
    m = m * factor
    if divisor != 1.0:
        m = m / divisor
    ki = k.astype(np.int64)
    over = (np.frexp(m)[1] + ki) > 1024
    if over.any():
        return np.where(over, np.copysign(np.inf, m), np.ldexp(m, np.where(over, 0, ki)))
    return np.ldexp(m, ki)


def _horner(u: FloatArray, coefficients: tuple[float, ...]) -> FloatArray:
    """Σ c_n u^n for coefficients (c_0, c_1, …), by Horner's rule."""
    acc = np.full(u.shape, coefficients[-1])
    for c in coefficients[-2::-1]:
        acc = acc * u + c
    return acc


# --- identity -----------------------------------------------------------------------------------


def identity_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = x"""
    return np.array(x, dtype=np.float64, copy=True)


def identity_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = 1 \quad (\mathrm{nan\ stays\ nan})"""
    return nan_zero(x) + 1.0


def identity_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = 0"""
    return nan_zero(x)


IDENTITY = ActivationSpec(
    name="identity",
    aliases=("linear",),
    title="Identity",
    family="classic",
    formula=r"f(x) = x",
    formula_text="f(x) = x",
    derivative_formula=r"f'(x) = 1",
    derivative_formula_text="f′(x) = 1",
    value=identity_value,
    derivative=identity_first,
    second_derivative=identity_second,
    declared=Declared(
        range=REALS,
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=True,
        smoothness=Smoothness.CINF,
        zero_centered=True,
        identity_near_zero=True,
    ),
    reference="Identity (linear) activation; Keras `linear`, jax.nn.identity",
    frameworks={
        "torch": Flavor("torch.nn.Identity", note="module only; no functional form"),
        "keras3": Flavor('keras.activations.linear ("linear")'),
        "keras2": Flavor('tf.keras.activations.linear ("linear")'),
        "jax": Flavor("jax.nn.identity", note="added 2025-03"),
    },
)

# --- binary step --------------------------------------------------------------------------------


def binary_step_value(x: FloatArray) -> FloatArray:
    r""".. math:: H(x) = 1\ (x \geq 0),\ 0\ (x < 0)

    H(0) = 1 (the right-continuous convention; the value at the jump is a convention).
    """
    return nan_zero(x) + np.greater_equal(x, 0.0)


def binary_step_first(x: FloatArray) -> FloatArray:
    r""".. math:: H'(x) = 0 \quad (x \neq 0;\ \mathrm{the\ Dirac\ part\ at\ 0\ is\ ignored})"""
    return nan_zero(x)


def binary_step_kinks(**params: ParamValue) -> tuple[Kink, ...]:
    return (Kink(0.0, kind="jump", side="right", value_side="right"),)


BINARY_STEP = ActivationSpec(
    name="binary_step",
    aliases=("heaviside", "step"),
    title="Binary step",
    family="classic",
    formula=r"H(x) = 1\ \mathrm{if}\ x \geq 0,\ 0\ \mathrm{otherwise}",
    formula_text="H(x) = 1 if x ≥ 0, 0 otherwise",
    derivative_formula=r"H'(x) = 0\ (x \neq 0)",
    derivative_formula_text="H′(x) = 0 (x ≠ 0)",
    value=binary_step_value,
    derivative=binary_step_first,
    second_derivative=binary_step_first,
    kinks=binary_step_kinks,
    declared=Declared(
        range=points(0, 1),
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=True,
        smoothness=Smoothness.DISCONTINUOUS,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Heaviside step / threshold unit: McCulloch & Pitts (1943), Bull. Math. Biophys. 5:115; "
    "Rosenblatt (1958), Psychol. Rev. 65:386",
    notes="H(0) = 1 (value taken from the right, as in the perceptron convention x ≥ 0 → 1; other "
    "libraries use 0.5 at 0). The derivative is 0 everywhere: the Dirac impulse at the jump is "
    "ignored, so f′ carries no information for training. Not provided by torch/Keras/JAX as an "
    "activation.",
)

# --- arctan -------------------------------------------------------------------------------------

_ARCTAN_BIG = 2.0**27  # beyond, 1 + x² rounds to x² and the reciprocal forms are used


def arctan_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = \arctan(x), \quad f(\pm\infty) = \pm\pi/2"""
    return np.arctan(x)


def arctan_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = \frac{1}{1 + x^2}

    1/(1 + x²) for |x| ≤ 2^27, (1/|x|)/|x| beyond (x² would overflow above 1.3e154; the second
    division is the only rounding into the subnormal range).
    """
    a = np.abs(x)
    ac = np.minimum(a, _ARCTAN_BIG)
    ab = np.maximum(a, _ARCTAN_BIG)
    near = 1.0 / (1.0 + ac * ac)
    far = (1.0 / ab) / ab
    return _pick(a <= _ARCTAN_BIG, near, far)


def arctan_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = -\frac{2x}{(1 + x^2)^2}

    (−2x/d)/d with d = 1 + x² for |x| ≤ 2^27, ((−2/x)/x)/x beyond.
    """
    a = np.abs(x)
    xc = np.clip(x, -_ARCTAN_BIG, _ARCTAN_BIG)
    d = 1.0 + xc * xc
    near = ((-2.0 * xc) / d) / d
    xb = np.copysign(np.maximum(a, _ARCTAN_BIG), x)
    far = ((-2.0 / xb) / xb) / xb
    return _pick(a <= _ARCTAN_BIG, near, far)


ARCTAN = ActivationSpec(
    name="arctan",
    aliases=("atan",),
    title="ArcTan",
    family="classic",
    formula=r"f(x) = \arctan(x)",
    formula_text="f(x) = arctan(x)",
    derivative_formula=r"f'(x) = \frac{1}{1 + x^{2}}",
    derivative_formula_text="f′(x) = 1 / (1 + x²)",
    value=arctan_value,
    derivative=arctan_first,
    second_derivative=arctan_second,
    declared=Declared(
        range=between(-math.pi / 2, math.pi / 2),
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=True,
        identity_near_zero=True,
    ),
    reference="Wikipedia, 'Activation function' (ArcTan row); https://en.wikipedia.org/wiki/Activation_function",
)

# --- gaussian -----------------------------------------------------------------------------------

_GAUSS_CLIP = 40.0  # e^(−1600) = 0 in float64: beyond, every value and derivative is exactly 0


def _square_parts(x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """x clipped to ±40 and its square split exactly, x² = p + e."""
    xs = np.clip(x, -_GAUSS_CLIP, _GAUSS_CLIP)
    p, e = two_prod(xs, xs)
    return xs, p, e


def gaussian_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = e^{-x^2}

    x² = p + e exactly (Dekker), e^(−x²) = e^(−p)·(1 − e): the rounding of x² would cost up to
    ~700 ULP near x = 27 where the result is subnormal.
    """
    _, p, e = _square_parts(x)
    return _exp_dd(-p, -e)


def gaussian_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = -2x\,e^{-x^2}"""
    xs, p, e = _square_parts(x)
    return _exp_dd(-p, -e, factor=-2.0 * xs)


def gaussian_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = (4x^2 - 2)\,e^{-x^2}

    4x² − 2 = (4p − 2) + 4e from the exact square (4p is exact).
    """
    _, p, e = _square_parts(x)
    return _exp_dd(-p, -e, factor=(4.0 * p - 2.0) + 4.0 * e)


GAUSSIAN = ActivationSpec(
    name="gaussian",
    title="Gaussian",
    family="classic",
    window=(-3.0, 3.0),  # the peak, both inflections at ±1/√2 and the tails
    formula=r"f(x) = e^{-x^{2}}",
    formula_text="f(x) = e^(−x²)",
    derivative_formula=r"f'(x) = -2x\,e^{-x^{2}}",
    derivative_formula_text="f′(x) = −2x·e^(−x²)",
    value=gaussian_value,
    derivative=gaussian_first,
    second_derivative=gaussian_second,
    declared=Declared(
        range=between(0, 1, high_attained=True),
        bounded=True,
        monotonic=Monotonicity.NO,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Gaussian (radial basis) unit; Wikipedia, 'Activation function' (Gaussian row); "
    "https://en.wikipedia.org/wiki/Activation_function",
    notes="Unnormalised e^(−x²) (Activa, jElhamm, Wikipedia); howion uses e^(−x²/(2σ²)) with σ = 1, "
    "i.e. this curve stretched by √2.",
)

# --- bent identity ------------------------------------------------------------------------------

_HYPOT_CLIP = 2.0**600  # beyond, x/(√(x²+1) + 1) and x/√(x²+1) round to ±1
_BENT_TOP = 2.0**1022  # beyond, x + g could overflow: f = 1.5x


def bent_identity_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = \frac{\sqrt{x^2 + 1} - 1}{2} + x

    For −1 ≤ x ≤ 2^1022: f = x + g with g = (√(x²+1) − 1)/2 = |x|·(|x|/(√(x²+1) + 1))/2 — no
    cancellation for small |x|, no overflow for huge x (np.hypot). For x < −1, where x and g cancel (f → x/2),
    f = ((x − 1) + 1/(√(x²+1) − x))/2, using √(x²+1) + x = 1/(√(x²+1) − x). Above 2^1022,
    f = 1.5x rounded once, and +inf (without an overflow warning) beyond 1.2e308.
    """
    xa = np.clip(x, -1.0, _BENT_TOP)
    a = np.abs(xa)
    ac = np.minimum(a, _HYPOT_CLIP)
    g = (a * (ac / (np.hypot(ac, 1.0) + 1.0))) * 0.5
    upper = xa + g
    xb = np.minimum(x, -1.0)
    bc = np.minimum(-xb, _HYPOT_CLIP)
    lower = ((xb - 1.0) + 1.0 / (np.hypot(bc, 1.0) + bc)) * 0.5
    # x > 2^1022: f = 1.5x (the −1/2 is far below an ULP) = 2·(0.75x), +inf where that overflows
    h = 0.75 * np.maximum(x, _BENT_TOP)
    top = np.where(h > 0.5 * _MAX, np.inf, 2.0 * np.minimum(h, 0.5 * _MAX))
    return _pick(x < -1.0, lower, _pick(x <= _BENT_TOP, upper, top))


def bent_identity_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = 1 + \frac{x}{2\sqrt{x^2 + 1}} \in (1/2, 3/2)"""
    xc = np.clip(x, -_HYPOT_CLIP, _HYPOT_CLIP)
    return 1.0 + 0.5 * (xc / np.hypot(xc, 1.0))


def bent_identity_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = \frac{1}{2\,(x^2 + 1)^{3/2}}

    ((1/2)/s)/s/s with s = hypot(x, 1): only the last division can round into the subnormal range.
    """
    s = np.hypot(x, 1.0)
    return ((0.5 / s) / s) / s


BENT_IDENTITY = ActivationSpec(
    name="bent_identity",
    title="Bent identity",
    family="classic",
    formula=r"f(x) = \frac{\sqrt{x^{2} + 1} - 1}{2} + x",
    formula_text="f(x) = (√(x² + 1) − 1)/2 + x",
    derivative_formula=r"f'(x) = \frac{x}{2\sqrt{x^{2} + 1}} + 1",
    derivative_formula_text="f′(x) = x / (2√(x² + 1)) + 1",
    value=bent_identity_value,
    derivative=bent_identity_first,
    second_derivative=bent_identity_second,
    declared=Declared(
        range=REALS,
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=True,
        smoothness=Smoothness.CINF,
        zero_centered=True,
        identity_near_zero=True,
    ),
    reference="Wikipedia, 'Activation function' (Bent identity row); https://en.wikipedia.org/wiki/Activation_function",
    notes="Asymptotically x/2 − 1/2 as x → −∞ and 3x/2 − 1/2 as x → +∞.",
)

# --- ISRU / ISRLU -------------------------------------------------------------------------------

_ISRU_CLIP = 2.0**600  # beyond, f is ±1/√α to the last bit and every derivative underflows to 0

ALPHA_ISRU = Param(
    name="alpha",
    default=1.0,
    doc="scale of x² under the root; the output saturates at ±1/√α",
    symbol=r"\alpha",
    low=1e-100,
    high=1e100,
)


def _isru_regions(x: FloatArray, alpha: float) -> tuple[BoolArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """The two evaluation regions of 1 + αx², split at αx² = 1 (|x| = T = 1/√α).

    Returns (inner mask, xs, q, xl, p): for |x| ≤ T, xs = x and q = 1 + α·x²; for |x| > T,
    xl = x (clipped to 2^600) and p = α + (1/x)², so that 1 + αx² = x²·p never overflows.
    Each region's values are finite outside it (clipped inputs).
    """
    t_edge = 1.0 / math.sqrt(alpha)
    xc = np.clip(x, -_ISRU_CLIP, _ISRU_CLIP)
    inner = np.abs(xc) <= t_edge
    xs = np.clip(xc, -t_edge, t_edge)
    q = 1.0 + alpha * (xs * xs)
    xl = np.copysign(np.maximum(np.abs(xc), t_edge), xc)
    t = 1.0 / xl
    p = alpha + t * t
    return inner, xs, q, xl, p


def isru_value(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r""".. math:: f(x) = \frac{x}{\sqrt{1 + \alpha x^2}}

    x/√q for α x² ≤ 1, sign(x)/√(α + 1/x²) beyond (no overflow; ±inf → ±1/√α).
    """
    inner, xs, q, xl, p = _isru_regions(x, alpha)
    near = xs / np.sqrt(q)
    far = np.copysign(1.0 / np.sqrt(p), xl)
    return _pick(inner, near, far)


def isru_first(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r""".. math:: f'(x) = (1 + \alpha x^2)^{-3/2}

    1/(q√q) inside; ((1/(p√p))/|x|)/|x|/|x| outside (the exact |x| is divided out, not a rounded 1/x).
    """
    inner, _, q, xl, p = _isru_regions(x, alpha)
    near = 1.0 / (q * np.sqrt(q))
    a = np.abs(xl)
    far = (((1.0 / (p * np.sqrt(p))) / a) / a) / a
    return _pick(inner, near, far)


def isru_second(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r""".. math:: f''(x) = -3\alpha x\,(1 + \alpha x^2)^{-5/2}

    −3αx/(q²√q) inside; −3α·sign(x)/(p²√p)/x⁴ outside, dividing by |x| four times last.
    """
    inner, xs, q, xl, p = _isru_regions(x, alpha)
    c = -3.0 * alpha
    near = ((c * xs) / (q * q)) / np.sqrt(q)
    a = np.abs(xl)
    far = ((((-np.copysign(c, xl) / (p * p)) / np.sqrt(p)) / a) / a) / a / a  # sign of −x
    return _pick(inner, near, far)


ISRU = ActivationSpec(
    name="isru",
    title="ISRU",
    family="classic",
    params=(ALPHA_ISRU,),
    formula=r"f(x) = \frac{x}{\sqrt{1 + \alpha x^{2}}}",
    formula_text="f(x) = x / √(1 + αx²)",
    derivative_formula=r"f'(x) = (1 + \alpha x^{2})^{-3/2}",
    derivative_formula_text="f′(x) = (1 + αx²)^(−3/2)",
    value=isru_value,
    derivative=isru_first,
    second_derivative=isru_second,
    declared=Declared(
        range=between(-1.0, 1.0),  # ±1/√α at the default α = 1
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=True,
        identity_near_zero=True,
    ),
    reference="Carlile, Delamarter, Kinney, Marti & Whitney (2017), 'Improving Deep Learning by Inverse "
    "Square Root Linear Units (ISRLUs)', arXiv:1710.09967",
    notes="Inverse square root unit: a tanh-like curve saturating at ±1/√α (±1 for α = 1).",
    examples=({"alpha": 0.5}, {"alpha": 4.0}),
)


def isrlu_value(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r""".. math:: f(x) = x\ (x \geq 0),\ \frac{x}{\sqrt{1 + \alpha x^2}}\ (x < 0)

    max(x, 0) + isru(min(x, 0)): exactly one term is nonzero.
    """
    return np.maximum(x, 0.0) + isru_value(np.minimum(x, 0.0), alpha)


def isrlu_first(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r""".. math:: f'(x) = 1\ (x \geq 0),\ (1 + \alpha x^2)^{-3/2}\ (x < 0)

    = isru′(min(x, 0)), since isru′(0) = 1.
    """
    return isru_first(np.minimum(x, 0.0), alpha)


def isrlu_second(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r""".. math:: f''(x) = 0\ (x \geq 0),\ -3\alpha x\,(1 + \alpha x^2)^{-5/2}\ (x < 0)

    = isru″(min(x, 0)), since isru″(0) = 0.
    """
    return isru_second(np.minimum(x, 0.0), alpha)


def isrlu_kinks(alpha: float = 1.0, **params: ParamValue) -> tuple[Kink, ...]:
    # f, f′ and f″ are continuous at 0 (f″ → 0 from both sides); only f‴ jumps (−3α | 0). Listed as
    # a "curvature" point so that properties report C², plots sample densely and quadratures split
    # there; the pinned f″(0) is 0 from either side ("right": the x ≥ 0 piece holds 0).
    return (Kink(0.0, kind="curvature", side="right"),)


ISRLU = ActivationSpec(
    name="isrlu",
    title="ISRLU",
    family="classic",
    params=(ALPHA_ISRU,),
    formula=r"f(x) = x\ \mathrm{if}\ x \geq 0,\ \frac{x}{\sqrt{1 + \alpha x^{2}}}\ \mathrm{otherwise}",
    formula_text="f(x) = x if x ≥ 0, x / √(1 + αx²) otherwise",
    derivative_formula=r"f'(x) = 1\ \mathrm{if}\ x \geq 0,\ (1 + \alpha x^{2})^{-3/2}\ \mathrm{otherwise}",
    derivative_formula_text="f′(x) = 1 if x ≥ 0, (1 + αx²)^(−3/2) otherwise",
    value=isrlu_value,
    derivative=isrlu_first,
    second_derivative=isrlu_second,
    kinks=isrlu_kinks,
    declared=Declared(
        range=between(-1.0, math.inf),  # (−1/√α, ∞) at the default α = 1
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=True,
        smoothness=Smoothness.C2,
        zero_centered=True,
        identity_near_zero=True,
    ),
    reference="Carlile, Delamarter, Kinney, Marti & Whitney (2017), 'Improving Deep Learning by Inverse "
    "Square Root Linear Units (ISRLUs)', arXiv:1710.09967",
    notes="f, f′ and f″ are continuous at 0 (f″ → 0 from both sides); only f‴ jumps there "
    "(−3α on the left, 0 on the right): C², listed as a curvature point at 0. The negative branch "
    "saturates at −1/√α.",
    examples=({"alpha": 0.5}, {"alpha": 4.0}),
)

# --- sinusoid -----------------------------------------------------------------------------------


def _finite_or_nan(x: FloatArray) -> FloatArray:
    """x with ±inf replaced by nan (sin and cos have no limit there; np.sin(inf) would warn)."""
    return np.where(np.isinf(x), np.nan, x)


def sinusoid_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = \sin(x)

    NumPy's sin reduces huge arguments exactly (measured here against mpmath up to 1.7e308:
    ≤ 0.51 ULP).
    """
    return np.sin(_finite_or_nan(x))


def sinusoid_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = \cos(x)"""
    return np.cos(_finite_or_nan(x))


def sinusoid_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = -\sin(x)"""
    return -np.sin(_finite_or_nan(x))


SINUSOID = ActivationSpec(
    name="sinusoid",
    aliases=("sine",),
    title="Sinusoid",
    family="classic",
    window=(-2 * math.pi, 2 * math.pi),  # two whole periods
    formula=r"f(x) = \sin(x)",
    formula_text="f(x) = sin(x)",
    derivative_formula=r"f'(x) = \cos(x)",
    derivative_formula_text="f′(x) = cos(x)",
    value=sinusoid_value,
    derivative=sinusoid_first,
    second_derivative=sinusoid_second,
    declared=Declared(
        range=between(-1, 1, low_attained=True, high_attained=True),
        bounded=True,
        monotonic=Monotonicity.NO,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=True,
        identity_near_zero=True,
    ),
    reference="Parascandolo, Huttunen & Virtanen (2016), 'Taming the waves: sine as activation function in "
    "deep neural networks' (ICLR 2017 submission); Sitzmann et al. (2020), SIREN, arXiv:2006.09661",
    notes="f, f′ and f″ are nan at ±inf: sin has no limit there. Values for huge |x| are exact "
    "(NumPy reduces the argument with full precision), but they are meaningless as an activation "
    "because one ULP of x exceeds the period.",
)

# --- sinc ---------------------------------------------------------------------------------------

_SINC_D1_SERIES = 1.5  # |x| below: Taylor series (x·cos x − sin x cancels like x³/3)
_SINC_D2_SERIES = 1.25
_DD_TRIG_LIMIT = 2.0**20  # up to here sin and cos are evaluated in double-double
_SINC_ZERO_WINDOW = 64.0  # the zeros of sinc′ and sinc″ tabulated in actplot/_zero_tables.py
_SINC_NEAR_ZERO = 0.05  # |numerator| below this·|x|ᵏ: possibly within 0.01 of a zero (|N′| ≈ |x|ᵏ there)


def _series(kind: int, terms: int) -> tuple[float, ...]:
    """Coefficients in u = x² of sinc′(x)/x (kind 1) or sinc″(x) (kind 2)."""
    out = []
    for n in range(1, terms + 1):
        num = 2 * n if kind == 1 else 2 * n * (2 * n - 1)
        out.append(float(Fraction((-1) ** n * num, math.factorial(2 * n + 1))))
    return tuple(out)


_SINC_D1_COEFFS = _series(1, 13)  # −1/3, 1/30, −1/840, …  (last term < 1e-20 relative at |x| = 1.5)
_SINC_D2_COEFFS = _series(2, 12)  # −1/3, 1/10, −1/168, …

# π/2 in four pieces (fdlibm): the first three have 33 significant bits, so k·piece is exact for |k| < 2^20
_PIO2_1 = 1.57079632673412561417e00
_PIO2_2 = 6.07710050630396597660e-11
_PIO2_3 = 2.02226624871116645580e-21
_PIO2_3T = 8.47842766036889956997e-32
_TWO_OVER_PI = 6.36619772367581382433e-01


def _taylor_dd(kind: str) -> tuple[tuple[tuple[float, float], ...], tuple[float, ...]]:
    """sin r/r = Σ (−u)^n/(2n+1)!, cos r = Σ (−u)^n/(2n)! in u = r²: terms 0–3 as double-doubles,
    the rest (below 3e−6 relative for |r| ≤ π/4) in plain double."""
    shift = 1 if kind == "sin" else 0
    coeffs = [Fraction((-1) ** n, math.factorial(2 * n + shift)) for n in range(15)]
    return tuple(_float_dd(c) for c in coeffs[:4]), tuple(float(c) for c in coeffs[4:])


_SIN_DD, _SIN_TAIL = _taylor_dd("sin")
_COS_DD, _COS_TAIL = _taylor_dd("cos")


def _poly_dd(
    uh: FloatArray, ul: FloatArray, head: tuple[tuple[float, float], ...], tail: tuple[float, ...]
) -> tuple[FloatArray, FloatArray]:
    """Σ c_n u^n in double-double: the head coefficients exactly, the tail in plain double."""
    acc_h = _horner(uh, tail)
    acc_l = np.zeros_like(uh)
    for c_hi, c_lo in head[::-1]:
        acc_h, acc_l = _dd_mul(acc_h, acc_l, uh, ul)
        acc_h, acc_l = _dd_add(acc_h, acc_l, c_hi, c_lo)
    return acc_h, acc_l


def _sin_cos_dd(x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """sin x and cos x as double-doubles (s_hi, s_lo, c_hi, c_lo) for finite |x| ≤ 2^20.

    Cody–Waite reduction x = k·π/2 + r with r as a double-double (x − k·_PIO2_1 is exact), then
    Taylor series in double-double for |r| ≤ π/4. Accurate to ~1e−30 absolute, where NumPy's sin
    and cos are rounded to 0.5 ULP — which a difference like x·cos x − sin x near its zeros would
    amplify by orders of magnitude.
    """
    k = np.rint(x * _TWO_OVER_PI)
    r1 = x - k * _PIO2_1
    rh, rl = two_sum(r1, -(k * _PIO2_2))
    rh, rl = _fast_two_sum(rh, rl - (k * _PIO2_3 + k * _PIO2_3T))
    uh, ul = _dd_mul(rh, rl, rh, rl)
    sh, sl = _poly_dd(uh, ul, _SIN_DD, _SIN_TAIL)
    sh, sl = _dd_mul(sh, sl, rh, rl)
    ch, cl = _poly_dd(uh, ul, _COS_DD, _COS_TAIL)
    quadrant = np.mod(k, 4.0)
    odd = np.mod(quadrant, 2.0) == 1.0  # quadrants 1, 3: sin x = ±cos r, cos x = ∓sin r
    sin_sign = np.where(quadrant >= 2.0, -1.0, 1.0)
    cos_sign = np.where((quadrant == 1.0) | (quadrant == 2.0), -1.0, 1.0)
    s_hi = sin_sign * _pick(odd, ch, sh)
    s_lo = sin_sign * _pick(odd, cl, sl)
    c_hi = cos_sign * _pick(odd, sh, ch)
    c_lo = cos_sign * _pick(odd, sl, cl)
    return s_hi, s_lo, c_hi, c_lo


def sinc_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = \frac{\sin x}{x},\ f(0) = 1

    sin(x)/x is accurate for every x ≠ 0 (sin is correctly reduced and relative-accurate); the
    argument is clamped to [5e−324, 1.8e308] so that 0 gives sin(tiny)/tiny = 1 and ±inf gives
    sin(max)/inf = 0.
    """
    a = np.abs(x)
    return np.sin(np.clip(a, _TINY, _MAX)) / np.maximum(a, _TINY)


def sinc_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = \frac{x\cos x - \sin x}{x^2}

    Series x·(−1/3 + x²/30 − x⁴/840 + …) for |x| < 1.5. Up to 2^20 the numerator is formed in
    double-double from double-double sin and cos, so f′ keeps its relative accuracy even next to
    its zeros (tan x = x); beyond, (cos x − sin x / x)/x, which cannot overflow. Within 0.01 of a
    zero with |x| < 64, even double-double sin and cos leave too few digits: f′ = d·P(d) there, d =
    x − r to the last bit (see ``patch_zeros``); beyond |x| = 64 the zeros are not tabulated.
    """
    a = np.abs(x)
    xs = np.clip(x, -_SINC_D1_SERIES, _SINC_D1_SERIES)
    series = xs * _horner(xs * xs, _SINC_D1_COEFFS)
    xm = np.copysign(np.clip(a, _SINC_D1_SERIES, _DD_TRIG_LIMIT), x)
    sh, sl, ch, cl = _sin_cos_dd(xm)
    nh, nl = _dd_mul(ch, cl, xm, 0.0)
    nh, nl = _dd_add(nh, nl, -sh, -sl)
    mid = ((nh + nl) / xm) / xm
    # next to a zero (tan x = x) even this numerator has too few digits: d·P(d) there
    near = np.flatnonzero((np.abs(nh) < _SINC_NEAR_ZERO * a) & (a < _SINC_ZERO_WINDOW))
    patch_zeros(mid, xm, 0.0, zeros.SINC_FIRST, candidates=near)
    xf = np.copysign(np.clip(a, _DD_TRIG_LIMIT, _MAX), x)
    den = np.copysign(np.maximum(a, _DD_TRIG_LIMIT), x)  # x itself, or ±inf
    far = (np.cos(xf) - np.sin(xf) / den) / den
    return _pick(a < _SINC_D1_SERIES, series, _pick(a <= _DD_TRIG_LIMIT, mid, far))


def sinc_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = \frac{(2 - x^2)\sin x - 2x\cos x}{x^3}

    Series −1/3 + x²/10 − x⁴/168 + … for |x| < 1.25; up to 2^20 the numerator in double-double
    (exact x², double-double sin and cos); beyond, −(sin x + 2(cos x − sin x/x)/x)/x. Within 0.01
    of a zero with |x| < 64: d·P(d) as for f′.
    """
    a = np.abs(x)
    xs = np.minimum(a, _SINC_D2_SERIES)
    series = _horner(xs * xs, _SINC_D2_COEFFS)
    am = np.clip(a, _SINC_D2_SERIES, _DD_TRIG_LIMIT)
    sh, sl, ch, cl = _sin_cos_dd(am)
    x2h, x2l = two_prod(am, am)
    th, tl = _dd_add(-x2h, -x2l, 2.0, 0.0)
    p1h, p1l = _dd_mul(th, tl, sh, sl)
    p2h, p2l = _dd_mul(ch, cl, 2.0 * am, 0.0)
    nh, nl = _dd_add(p1h, p1l, -p2h, -p2l)
    mid = (((nh + nl) / am) / am) / am
    near = np.flatnonzero((np.abs(nh) < _SINC_NEAR_ZERO * (am * am)) & (a < _SINC_ZERO_WINDOW))
    patch_zeros(mid, am, 0.0, zeros.SINC_SECOND, candidates=near)
    af = np.clip(a, _DD_TRIG_LIMIT, _MAX)
    s = np.sin(af)
    c = np.cos(af)
    den = np.maximum(a, _DD_TRIG_LIMIT)
    far = -(s + 2.0 * ((c - s / den) / den)) / den
    return _pick(a < _SINC_D2_SERIES, series, _pick(a <= _DD_TRIG_LIMIT, mid, far))


SINC = ActivationSpec(
    name="sinc",
    title="Sinc",
    family="classic",
    formula=r"f(x) = \frac{\sin(x)}{x},\ f(0) = 1",
    formula_text="f(x) = sin(x)/x, f(0) = 1",
    derivative_formula=r"f'(x) = \frac{\cos(x)}{x} - \frac{\sin(x)}{x^{2}},\ f'(0) = 0",
    derivative_formula_text="f′(x) = cos(x)/x − sin(x)/x², f′(0) = 0",
    value=sinc_value,
    derivative=sinc_first,
    second_derivative=sinc_second,
    declared=Declared(
        range=between(-0.217234, 1, low_attained=True, high_attained=True, low_approximate=True),
        bounded=True,
        monotonic=Monotonicity.NO,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Wikipedia, 'Activation function' (Sinc row); https://en.wikipedia.org/wiki/Activation_function",
    notes="The unnormalised sinc sin(x)/x; numpy.sinc is the normalised sin(πx)/(πx). Minimum "
    "≈ −0.217234 at x ≈ ±4.4934 (tan x = x). f′ and f″ are differences of nearly equal terms "
    "near their zeros; actplot evaluates them from double-double sin and cos up to |x| = 2^20, so "
    "they keep their relative accuracy there too.",
)

# --- SQNL ---------------------------------------------------------------------------------------


def sqnl_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = x - \mathrm{sign}(x)\,x^2/4\ (|x| \leq 2),\ \mathrm{sign}(x)\ (|x| > 2)

    With a = min(|x|, 2): a − a²/4 from the exact square a² = p + e and TwoSum, so the result is
    rounded once; a = 2 gives exactly 1.
    """
    a = np.minimum(np.abs(x), 2.0)
    p, e = two_prod(a, a)
    s, t = two_sum(a, -0.25 * p)
    return np.copysign(s + (t - 0.25 * e), x)


def sqnl_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = \max(0,\ 1 - |x|/2)"""
    return 1.0 - 0.5 * np.minimum(np.abs(x), 2.0)


def sqnl_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = -\mathrm{sign}(x)/2\ (|x| < 2),\ 0\ (|x| > 2)"""
    return (-0.5 * np.sign(x)) * np.less(np.abs(x), 2.0)


def sqnl_kinks(**params: ParamValue) -> tuple[Kink, ...]:
    return (
        Kink(-2.0, kind="curvature", side="left"),
        Kink(0.0, kind="curvature", side="mean"),
        Kink(2.0, kind="curvature", side="right"),
    )


SQNL = ActivationSpec(
    name="sqnl",
    title="SQNL",
    family="classic",
    formula=r"f(x) = x - \mathrm{sign}(x)\,\frac{x^{2}}{4}\ \mathrm{if}\ |x| \leq 2,\ "
    r"\mathrm{sign}(x)\ \mathrm{otherwise}",
    formula_text="f(x) = x − sign(x)·x²/4 if |x| ≤ 2, sign(x) otherwise",
    derivative_formula=r"f'(x) = \max(0,\ 1 - \frac{|x|}{2})",
    derivative_formula_text="f′(x) = max(0, 1 − |x|/2)",
    value=sqnl_value,
    derivative=sqnl_first,
    second_derivative=sqnl_second,
    kinks=sqnl_kinks,
    declared=Declared(
        range=between(-1, 1, low_attained=True, high_attained=True),
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.C1,
        zero_centered=True,
        identity_near_zero=True,
    ),
    reference="Wuraola & Patel (2018), 'SQNL: A New Computationally Efficient Activation Function', IJCNN 2018",
    notes="Square nonlinearity: C¹, with f″ jumping at 0 (+1/2 → −1/2) and at ±2 (∓1/2 → 0). No framework "
    "pins f″ there; actplot uses the mean (0) at x = 0 and the saturated side (0) at x = ±2.",
)

# --- penalized tanh -----------------------------------------------------------------------------


def _tanh_slope_parts(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """e = exp(−2|x|) and r = 1/(1 + e): tanh′(x) = 4e·r² without forming 1 − tanh² (|x| capped at
    400, where e is already 0, so 2|x| cannot overflow)."""
    e = np.exp(-2.0 * np.minimum(np.abs(x), 400.0))
    return e, 1.0 / (1.0 + e)


def penalized_tanh_value(x: FloatArray, a: float = 0.25) -> FloatArray:
    r""".. math:: f(x) = \tanh(x)\ (x > 0),\ a\tanh(x)\ (x \leq 0)

    = max(tanh x, a·tanh x) for 0 ≤ a ≤ 1 (an exact select).
    """
    t = np.tanh(x)
    return np.maximum(t, a * t)


def _penalty_factor(x: FloatArray, a: float) -> FloatArray:
    """1 for x > 0, a for x ≤ 0 (and nan lanes keep a; the slope is nan there anyway)."""
    return np.maximum(a, np.greater(x, 0.0))


def penalized_tanh_first(x: FloatArray, a: float = 0.25) -> FloatArray:
    r""".. math:: f'(x) = 1 - \tanh^2 x\ (x > 0),\ a(1 - \tanh^2 x)\ (x < 0)

    (1 − tanh²) = 4e/(1 + e)², e = e^(−2|x|); never 1 − tanh², which is 0 for |x| > 19.
    """
    e, r = _tanh_slope_parts(x)
    return (((4.0 * _penalty_factor(x, a)) * r) * r) * e


def penalized_tanh_second(x: FloatArray, a: float = 0.25) -> FloatArray:
    r""".. math:: f''(x) = -2\tanh(x)(1 - \tanh^2 x)\ \mathrm{times}\ 1\ (x > 0)\ \mathrm{or}\ a\ (x < 0)"""
    e, r = _tanh_slope_parts(x)
    return ((((-8.0 * _penalty_factor(x, a)) * r) * r) * np.tanh(x)) * e


def penalized_tanh_kinks(a: float = 0.25, **params: ParamValue) -> tuple[Kink, ...]:
    if a == 1.0:
        return ()
    return (Kink(0.0, kind="kink", side="left"),)


PENALIZED_TANH = ActivationSpec(
    name="penalized_tanh",
    title="Penalized tanh",
    family="classic",
    params=(
        Param(
            name="a",
            default=0.25,
            doc="factor on the negative part (a = 1 gives tanh)",
            symbol="a",
            low=0.0,
            high=1.0,
        ),
    ),
    formula=r"f(x) = \tanh(x)\ \mathrm{if}\ x > 0,\ a\,\tanh(x)\ \mathrm{otherwise}",
    formula_text="f(x) = tanh(x) if x > 0, a·tanh(x) otherwise",
    derivative_formula=r"f'(x) = 1 - \tanh^{2}(x)\ \mathrm{if}\ x > 0,\ a\,(1 - \tanh^{2}(x))\ \mathrm{otherwise}",
    derivative_formula_text="f′(x) = 1 − tanh²(x) if x > 0, a·(1 − tanh²(x)) otherwise",
    value=penalized_tanh_value,
    derivative=penalized_tanh_first,
    second_derivative=penalized_tanh_second,
    kinks=penalized_tanh_kinks,
    declared=Declared(
        range=between(-0.25, 1),  # (−a, 1) at the default a = 0.25
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.C0,
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="Xu, Huang & Li (2016), 'Revise Saturated Activation Functions', arXiv:1602.05980",
    notes="Defined as in the paper: tanh(x) for x > 0 and a·tanh(x) for x ≤ 0 (a = 0.25), i.e. "
    "max(tanh x, a·tanh x). activations-plus ships a different function under this name, "
    "tanh(x) − a·tanh²(x). f′ jumps at 0 from a to 1; f′(0) = a (the x ≤ 0 piece, like torch's "
    "leaky_relu′(0)). f″ is continuous (0 at 0).",
    examples=({"a": 0.1},),
)

# --- soft exponential ---------------------------------------------------------------------------

_SE_EXPM1_TOP = 40.0  # above, e^d − 1 = e^d to the last bit and the overflow-safe _exp_dd is used
_SE_HUGE = 2.0**900  # α < 0: x above uses log(β) + log(x)


def _soft_exp_product(x: FloatArray, alpha: float) -> tuple[FloatArray, FloatArray]:
    """αx = p + e exactly, with x clipped where e^(αx) has under/overflowed for certain."""
    limit = 2000.0 / abs(alpha)
    return two_prod(np.clip(x, -limit, limit), alpha)


def _log_dd(value: Fraction) -> tuple[float, float]:
    """ln(value) for a positive rational as a double-double (decimal arithmetic, 60 digits)."""
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        ln = (decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)).ln()
        hi = float(ln)
        return hi, float(ln - decimal.Decimal(hi))


def _soft_exp_positive(x: FloatArray, alpha: float) -> FloatArray:
    # f = (e^t − 1)/α + α = (e^t − (1 − α²))/α with t = αx = p + e exactly.
    p, e = _soft_exp_product(x, alpha)
    if alpha >= 1.0:
        # both terms ≥ 0: e^t/α + (α − 1/α), the constant as a double-double (0 for α = 1,
        # where f = e^x keeps its subnormal tail)
        c_hi, c_lo = _float_dd(Fraction(alpha) - 1 / Fraction(alpha))
        return (_exp_dd(p, e, divisor=alpha) + c_lo) + c_hi
    # 0 < α < 1: with t0 = ln(1 − α²), f = K·expm1(t − t0), K = (1 − α²)/α. No cancellation at
    # the root x = t0/α (f changes sign through expm1), and t − t0 = dh + dl in double-double.
    one_minus = 1 - Fraction(alpha) ** 2
    t0_hi, t0_lo = _log_dd(one_minus)
    k = float(one_minus / Fraction(alpha))
    dh, dl = two_sum(p, -t0_hi)
    dl = dl + (e - t0_lo)
    dm = np.minimum(dh, _SE_EXPM1_TOP)
    em = np.expm1(dm)
    body = k * (em + dl * (em + 1.0))
    top = _exp_dd(np.maximum(dh, _SE_EXPM1_TOP), dl, factor=k) - k
    return _pick(dh <= _SE_EXPM1_TOP, body, top)


def _soft_exp_log_arg(
    x: FloatArray, beta: float
) -> tuple[BoolArray, BoolArray, FloatArray, FloatArray, FloatArray]:
    """For α = −β < 0: the argument of ln, arg = 1 + β(x − β), in three regions.

    Returns (upper mask, huge mask, u, arg_lower, x_huge): in the upper region arg = 1 + u with
    u = β(x − β) ≥ −1/2; below it arg_lower = β·(x − b) with the domain edge b = β − 1/β as a
    double-double (accurate down to arg = 0 at x = b); x_huge = x for x > 2^900 (arg ≈ βx there).
    Each region's quantities are finite outside it (clipped inputs).
    """
    edge = beta - 0.5 / beta  # u = −1/2 here
    upper = (x >= edge) & (x <= _SE_HUGE)
    huge = x > _SE_HUGE
    xu = np.clip(x, edge, _SE_HUGE)
    u = beta * (xu - beta)
    b_hi, b_lo = _float_dd(Fraction(beta) - 1 / Fraction(beta))
    xl = np.clip(x, b_hi - (1.0 + abs(b_hi)), edge)  # the lower clip is outside the domain (arg < 0)
    arg_lower = beta * ((xl - b_hi) - b_lo)
    return upper, huge, u, arg_lower, np.maximum(x, _SE_HUGE)


def _soft_exp_negative(x: FloatArray, beta: float) -> FloatArray:
    upper, huge, u, arg_lower, xh = _soft_exp_log_arg(x, beta)
    f_upper = np.log1p(u) / beta
    lower = np.log(np.maximum(arg_lower, _TINY)) / beta
    lower = np.where(arg_lower > 0.0, lower, np.where(arg_lower == 0.0, -np.inf, np.nan))
    f_huge = (math.log(beta) + np.log(xh)) / beta
    return _pick(upper, f_upper, _pick(huge, f_huge, lower))


def _positive_reciprocal(a: FloatArray) -> FloatArray:
    """1/a for a ≥ 0: +inf at 0 and where 1/a overflows (subnormal a), nan for a < 0 or nan.

    A subnormal a is scaled up by 2^64 (exactly) before the division, so no overflow warning fires.
    """
    normal = a >= 2.0**-1022
    r = 1.0 / np.maximum(a, 2.0**-1022)
    q = 1.0 / (np.clip(a, _TINY, 2.0**-1022) * 2.0**64)  # ≤ 2^1010
    fits = q <= _MAX * 2.0**-64
    small = np.where(fits, np.minimum(q, _MAX * 2.0**-64) * 2.0**64, np.inf)
    return np.where(normal, r, np.where(a >= 0.0, small, np.nan))


def soft_exponential_value(x: FloatArray, alpha: float = 0.5) -> FloatArray:
    r""".. math:: f(x) = -\frac{\ln(1 - \alpha(x + \alpha))}{\alpha}\ (\alpha < 0),\
        x\ (\alpha = 0),\ \frac{e^{\alpha x} - 1}{\alpha} + \alpha\ (\alpha > 0)

    α > 0: αx = t split exactly (two_prod). For α ≥ 1, e^t/α + (α − 1/α) (no cancellation; e^x for
    α = 1). For 0 < α < 1, K·expm1(t − t0) with t0 = ln(1 − α²) and K = (1 − α²)/α, which stays
    relative-accurate through the root x = t0/α. Overflow-safe exp throughout (+inf, no warning).
    α < 0: log1p(β(x − β))/β (β = −α) where the argument is ≥ 1/2, log(β(x − b))/β near the
    domain edge b = β − 1/β (b as a double-double), −inf at x = b and nan below it.
    """
    if alpha == 0.0:
        return identity_value(x)
    if alpha > 0.0:
        return _soft_exp_positive(x, alpha)
    return _soft_exp_negative(x, -alpha)


def soft_exponential_first(x: FloatArray, alpha: float = 0.5) -> FloatArray:
    r""".. math:: f'(x) = \frac{1}{1 - \alpha(\alpha + x)}\ (\alpha < 0),\ e^{\alpha x}\ (\alpha \geq 0)

    α > 0: e^(αx) with αx split exactly (overflow-safe). α < 0: 1/arg with arg as for f; +inf at the
    domain edge, nan below it.
    """
    if alpha == 0.0:
        return identity_first(x)
    if alpha > 0.0:
        p, e = _soft_exp_product(x, alpha)
        return _exp_dd(p, e)
    beta = -alpha
    upper, huge, u, arg_lower, xh = _soft_exp_log_arg(x, beta)
    f_upper = 1.0 / (1.0 + u)
    lower = _positive_reciprocal(arg_lower)
    b_hi = float(Fraction(beta) - 1 / Fraction(beta))
    f_huge = (1.0 / beta) / (xh - b_hi)
    return _pick(upper, f_upper, _pick(huge, f_huge, lower))


def soft_exponential_second(x: FloatArray, alpha: float = 0.5) -> FloatArray:
    r""".. math:: f''(x) = \frac{\alpha}{(1 - \alpha(\alpha + x))^2}\ (\alpha < 0),\
        \alpha e^{\alpha x}\ (\alpha \geq 0)

    α < 0: −β/arg² from the same three regions as f′; −inf at the domain edge (and where β/arg²
    exceeds the float range), nan below it.
    """
    if alpha == 0.0:
        return identity_second(x)
    if alpha > 0.0:
        p, e = _soft_exp_product(x, alpha)
        return _exp_dd(p, e, factor=alpha)
    beta = -alpha
    upper, huge, u, arg_lower, xh = _soft_exp_log_arg(x, beta)
    arg_upper = 1.0 + u
    f_upper = (-beta / arg_upper) / arg_upper
    # below this the true value is beyond −1.8e308
    floor = (math.sqrt(beta) / math.sqrt(_MAX)) * (1.0 + 2.0**-40)
    ac = np.maximum(arg_lower, floor)
    lower = (-beta / ac) / ac
    lower = np.where(arg_lower >= floor, lower, np.where(arg_lower >= 0.0, -np.inf, np.nan))
    b_hi = float(Fraction(beta) - 1 / Fraction(beta))
    d = xh - b_hi
    f_huge = ((-1.0 / beta) / d) / d
    return _pick(upper, f_upper, _pick(huge, f_huge, lower))


SOFT_EXPONENTIAL = ActivationSpec(
    name="soft_exponential",
    title="Soft exponential",
    family="classic",
    window=(-3.0, 3.0),  # the shape, before the exponential growth takes the whole axis
    params=(
        Param(
            name="alpha",
            default=0.5,
            doc="logarithmic (< 0), linear (0) or exponential (> 0) regime",
            symbol=r"\alpha",
            low=-10.0,
            high=10.0,
            min_magnitude=1e-100,  # the kernels scale x by α and 1/α: beyond 1e±100 both stay in range
        ),
    ),
    formula=r"f(x) = -\frac{\ln(1 - \alpha(x + \alpha))}{\alpha}\ (\alpha < 0),\ x\ (\alpha = 0),\ "
    r"\frac{e^{\alpha x} - 1}{\alpha} + \alpha\ (\alpha > 0)",
    formula_text="f(x) = −ln(1 − α(x + α))/α (α < 0), x (α = 0), (e^(αx) − 1)/α + α (α > 0)",
    derivative_formula=r"f'(x) = \frac{1}{1 - \alpha(\alpha + x)}\ (\alpha < 0),\ e^{\alpha x}\ (\alpha \geq 0)",
    derivative_formula_text="f′(x) = 1/(1 − α(α + x)) (α < 0), e^(αx) (α ≥ 0)",
    formula_variants=(
        FormulaVariant(
            applies=lambda params: params["alpha"] < 0.0,
            formulas=Formulas(
                formula=r"f(x) = -\frac{\ln(1 - \alpha(x + \alpha))}{\alpha}\ \ \mathrm{for}\ x > 1/\alpha - \alpha",
                formula_text="f(x) = −ln(1 − α(x + α))/α for x > 1/α − α",
                derivative_formula=r"f'(x) = \frac{1}{1 - \alpha(\alpha + x)}",
                derivative_formula_text="f′(x) = 1/(1 − α(α + x))",
            ),
        ),
        FormulaVariant(
            applies=lambda params: params["alpha"] == 0.0,
            formulas=Formulas(
                formula=r"f(x) = x",
                formula_text="f(x) = x",
                derivative_formula=r"f'(x) = 1",
                derivative_formula_text="f′(x) = 1",
            ),
        ),
        FormulaVariant(
            applies=lambda params: params["alpha"] > 0.0,
            formulas=Formulas(
                formula=r"f(x) = \frac{e^{\alpha x} - 1}{\alpha} + \alpha",
                formula_text="f(x) = (e^(αx) − 1)/α + α",
                derivative_formula=r"f'(x) = e^{\alpha x}",
                derivative_formula_text="f′(x) = e^(αx)",
            ),
        ),
    ),
    value=soft_exponential_value,
    derivative=soft_exponential_first,
    second_derivative=soft_exponential_second,
    declared=Declared(
        range=between(-1.5, math.inf),
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=True,
        smoothness=Smoothness.CINF,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Godfrey & Gashler (2015), 'A continuum among logarithmic, linear, and exponential functions, "
    "and its potential to improve generalization in neural networks', KDIR 2015, arXiv:1602.01321",
    notes="α is learnable in the paper; implementations initialise it at 0 (Echo: identity), 1 or −0.01. "
    "actplot's default α = 0.5 shows the exponential regime: f = 2(e^(x/2) − 1) + 1/2, range "
    "(α − 1/α, ∞) = (−1.5, ∞), f(0) = α. For α < 0 the function is only defined for "
    "x > 1/α − α (the argument of ln must be positive): actplot returns nan below, −inf (f′ = +inf, "
    "f″ = −inf) at that edge, and ln-like growth above (e.g. α = −0.5: x > −1.5). "
    "f(−α, f(α, x)) = x: the two regimes are inverse functions.",
    examples=({"alpha": -0.5}, {"alpha": 0.0}, {"alpha": 1.0}),
)

# --- erf ----------------------------------------------------------------------------------------


def erf_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = \mathrm{erf}(x) = \frac{2}{\sqrt{\pi}} \int_0^x e^{-t^2}\,dt

    scipy.special.erf (imported on first use, so importing actplot does not load SciPy).
    """
    from scipy.special import erf

    return erf(x)


def erf_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = \frac{2}{\sqrt{\pi}}\,e^{-x^2}  (exact x², as for the Gaussian)"""
    _, p, e = _square_parts(x)
    return _exp_dd(-p, -e, factor=_TWO_OVER_SQRT_PI)


def erf_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = -\frac{4x}{\sqrt{\pi}}\,e^{-x^2}"""
    xs, p, e = _square_parts(x)
    return _exp_dd(-p, -e, factor=(-2.0 * _TWO_OVER_SQRT_PI) * xs)


ERF = ActivationSpec(
    name="erf",
    title="Erf",
    family="sigmoid-like",
    window=(-3.0, 3.0),  # both saturations (|f′| < 2 % of its peak from |x| ≈ 2)
    formula=r"f(x) = \mathrm{erf}(x) = \frac{2}{\sqrt{\pi}}\int_{0}^{x} e^{-t^{2}}\,dt",
    formula_text="f(x) = erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt",
    derivative_formula=r"f'(x) = \frac{2}{\sqrt{\pi}}\,e^{-x^{2}}",
    derivative_formula_text="f′(x) = (2/√π)·e^(−x²)",
    value=erf_value,
    derivative=erf_first,
    second_derivative=erf_second,
    declared=Declared(
        range=between(-1, 1),
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="Error function, Abramowitz & Stegun (1964) 7.1.1; as an activation e.g. howion "
    "'activations' (A&S 7.1.26 approximation, error ≤ 1.5e−7)",
    notes="Exact erf (SciPy), not the A&S 7.1.26 approximation some anchors use. f′(0) = 2/√π ≈ 1.128. "
    "erf(x) = tanh-like: erf(x/√2) = 2Φ(x) − 1. The frameworks have it only as a math function "
    "(torch.erf, keras.ops.erf, tf.math.erf, jax.lax.erf), not as an activation.",
)

SPECS: tuple[ActivationSpec, ...] = (
    IDENTITY,
    BINARY_STEP,
    ARCTAN,
    GAUSSIAN,
    BENT_IDENTITY,
    ISRU,
    ISRLU,
    SINUSOID,
    SINC,
    SQNL,
    PENALIZED_TANH,
    SOFT_EXPONENTIAL,
    ERF,
)
