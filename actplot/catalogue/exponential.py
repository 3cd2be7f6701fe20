"""Exponential units: ELU, CELU, SELU and the plain exponential.

Every negative branch is an ``expm1``/``exp`` of a non-positive argument, selected without
``np.where``: ``max(x, 0) + α·expm1(min(x, 0))`` is exact because one of the two terms is exactly
zero. Derivatives are ``exp(min(x, 0))`` scaled, never ``expm1(x) + 1`` (which is 0 below x = −37).
For α ≠ 1, elu's and celu's α·expm1 and α·eˣ come from the double-double exp/expm1 helpers in
:mod:`actplot._numerics` and are rounded once (≤ 1 ULP for f and f′, docs/accuracy.md).
"""

from __future__ import annotations

import math

import numpy as np

from actplot._numerics import (
    EXP_DD_MIN,
    div_dd,
    exp_dd_scaled,
    expm1_dd,
    round_scaled,
)
from actplot.shape import Monotonicity, Smoothness, between
from actplot.spec import ActivationSpec, At, Declared, Flavor, FloatArray, Kink, Param, each

_MAX = float(np.finfo(np.float64).max)

# --- elu ----------------------------------------------------------------------------------------
#
# α = 1 keeps the one-call forms (np.expm1 / np.exp are within 0.7 ULP). For any other α,
# α·expm1(x) and α·eˣ would round twice (np.expm1's own error, up to ~0.6 ULP, counts up to twice
# after the product: 1.34 ULP measured), so they are formed from a double-double expm1/exp and an
# exact product and rounded once (target ≤ 1 ULP; measured ≤ 0.51). α = 0 is exact.


def _alpha_expm1(m: FloatArray, alpha: float) -> FloatArray:
    """α·expm1(m) rounded once, m = min(x, 0) (overwritten); nan gives finite garbage (the
    caller's max(x, 0) term carries nan)."""
    np.fmax(m, -40.0, out=m)  # e^−40 < 2⁻⁵⁷: α·expm1 rounds to −α below; maps −inf and nan
    hi, lo = expm1_dd(m)
    return round_scaled(hi, lo, alpha)


def elu_value(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r"""Exponential linear unit.

    .. math:: f(x) = \max(0, x) + \alpha\,(e^{\min(0, x)} - 1)

    i.e. x for x > 0 and α(eˣ − 1) for x ≤ 0, evaluated as max(x, 0) + α·expm1(min(x, 0)): one
    term is exactly 0, so the sum is an exact select; expm1 keeps full accuracy near 0. For α ≠ 1
    the product α·expm1 is rounded once (double-double expm1, exact product).
    """
    m = np.minimum(x, 0.0)
    if alpha == 1.0:
        tail = np.expm1(m)
    elif alpha == 0.0:
        tail = np.maximum(m, -1.0, out=m)
        tail *= 0.0  # −inf·0 avoided
    else:
        tail = _alpha_expm1(m, alpha)
    return np.add(np.maximum(x, 0.0), tail, out=tail)


_TAIL = -700.0
"""Below this, eˣ is (near) subnormal: a scaled c·eˣ is recomputed as (c·h)·h with h = e^{x/2}."""


def _scaled_exp(x: FloatArray, scale: float) -> FloatArray:
    """scale·e^{min(x,0)}; where eˣ is subnormal, (scale·h)·h keeps the digits a scale > 1 would expose."""
    out = np.exp(np.minimum(x, 0.0))
    if scale != 1.0:
        out *= scale
        idx = np.flatnonzero(x < _TAIL)
        if idx.size:
            h = np.exp(0.5 * np.maximum(x[idx], -2000.0))
            out[idx] = (scale * h) * h
    return out


def _elu_left(x: FloatArray, alpha: float) -> FloatArray:
    """α·e^{min(x,0)}·[x ≤ 0] for α ≠ 1, rounded once: the left-branch slope (0 for x > 0, nan
    at nan; subnormal results included)."""
    m = np.minimum(x, 0.0)
    if alpha == 0.0:
        left = np.maximum(m, -1.0, out=m)
        left *= 0.0
        return left
    np.maximum(m, EXP_DD_MIN, out=m)  # nan stays
    left = exp_dd_scaled(m, None, alpha)
    left *= np.less_equal(x, 0.0)  # α·e⁰ = α is finite at x > 0; nan·0 stays nan
    return left


def elu_first(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r""".. math:: f'(x) = 1\ (x > 0),\quad \alpha e^{x}\ (x \le 0)

    Evaluated as [x > 0] + α·e^{min(x,0)}·[x ≤ 0] (exact select; nan propagates through the exp).
    For α = 1 this is simply e^{min(x,0)}.
    """
    if alpha == 1.0:
        return np.exp(np.minimum(x, 0.0))
    left = _elu_left(x, alpha)
    left += np.greater(x, 0.0)
    return left


def elu_second(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r""".. math:: f''(x) = 0\ (x > 0),\quad \alpha e^{x}\ (x \le 0)"""
    if alpha == 1.0:
        left = np.exp(np.minimum(x, 0.0))
        left *= np.less_equal(x, 0.0)
        return left
    return _elu_left(x, alpha)


def elu_pair(x: FloatArray, alpha: float = 1.0) -> tuple[FloatArray, FloatArray]:
    if alpha != 1.0:
        # f′ jumps at 0 for α ≠ 1, so Activation pins the kink and never calls the pair kernel
        return elu_value(x, alpha), elu_first(x, alpha)
    m = np.minimum(x, 0.0)
    tail = np.expm1(m)
    slope = np.exp(m, out=m)
    return np.add(np.maximum(x, 0.0), tail, out=tail), slope


def _celu_kinks(alpha: float) -> tuple[Kink, ...]:
    """celu is C¹ at 0; f″ jumps from 1/α to 0. PyTorch's double backward gives 0 (the right limit),
    JAX's autodiff of its where(x > 0, …) gives 1/(4α) (neither side: its two branches share the
    tie), TensorFlow (Keras 3's default backend) the left limit 1/α."""
    return (
        Kink(0.0, "curvature", side="left", by_flavor={
            **each(("torch", "keras3:torch"), At(d2="right")),
            **each(("jax", "keras3:jax"), At(d2=0.25 / alpha)),
        }),
    )


def elu_kinks(alpha: float = 1.0) -> tuple[Kink, ...]:
    # f′ jumps from α to 1 at 0 unless α = 1, where only f″ jumps (from α to 0). Every framework
    # returns the left value α for f′ (where(x > 0, …) puts 0 in the exponential branch). f″(0) is
    # the left limit α in JAX (and Keras 3 on JAX), but PyTorch's double backward and TensorFlow's
    # EluGrad gradient give 0, the right limit.
    by_flavor = {**each(("torch", "keras2", "keras3", "keras3:torch"), At(d2="right")), "keras3:jax": At(d2="left")}
    if alpha == 1.0:
        return (Kink(0.0, "curvature", side="left", by_flavor=by_flavor),)
    return (Kink(0.0, "kink", side="left", by_flavor=by_flavor),)


ELU = ActivationSpec(
    name="elu",
    title="ELU",
    family="exponential unit",
    formula=r"f(x) = \max(0, x) + \alpha\,(e^{\min(0, x)} - 1)",
    formula_text="f(x) = max(0, x) + α(e^(min(0, x)) − 1)",
    derivative_formula=r"f'(x) = 1\ \mathrm{if}\ x > 0,\ \ \alpha e^{x}\ \mathrm{if}\ x \leq 0",
    derivative_formula_text="f′(x) = 1 if x > 0, αeˣ if x ≤ 0",
    value=elu_value,
    derivative=elu_first,
    second_derivative=elu_second,
    value_and_derivative=elu_pair,
    params=(
        Param(
            name="alpha",
            default=1.0,
            doc="scale of the negative branch: f → −α as x → −∞",
            symbol=r"\alpha",
            low=0.0,
        ),
    ),
    kinks=elu_kinks,
    declared=Declared(
        range=between(-1, math.inf),
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=True,
        smoothness=Smoothness.C1,
        zero_centered=True,
        identity_near_zero=True,
    ),
    reference="Clevert, Unterthiner & Hochreiter, 'Fast and Accurate Deep Network Learning by "
    "Exponential Linear Units (ELUs)', ICLR 2016, arXiv:1511.07289",
    frameworks={
        "torch": Flavor("torch.nn.ELU(alpha=1.0), torch.nn.functional.elu(input, alpha=1.0)"),
        "keras3": Flavor(
            "keras.activations.elu(x, alpha=1.0), keras.layers.ELU(alpha=1.0)",
            note="the Keras 3 docstring calls alpha the slope of the positive section; it scales the negative one",
        ),
        "keras2": Flavor("tf.keras.activations.elu(x, alpha=1.0), tf.keras.layers.ELU(alpha=1.0)"),
        "jax": Flavor("jax.nn.elu(x, alpha=1.0)"),
    },
    notes="C¹ only for α = 1: otherwise f′ jumps from α to 1 at 0, and f′(0) is the left value α "
    "(as in every framework's autodiff). For α = 1, f′ is continuous and only f″ jumps (1 → 0). "
    "f″(0) is the left value α in JAX (and Keras 3 on JAX) and 0, the right value, in PyTorch's "
    "double backward and TensorFlow (tf.keras, Keras 3 on TensorFlow or PyTorch).",
    # non-unit α exercise the once-rounded α·expm1 / α·eˣ (1.34 ULP when rounded twice); the
    # extremes put α·expm1 into the subnormal range and α·eˣ far below e^−745
    examples=(
        {"alpha": 0.1},
        {"alpha": 0.3},
        {"alpha": 1.7},
        {"alpha": 2.5},
        {"alpha": 10.0},
        {"alpha": 1e-300},
        {"alpha": 1e300},
    ),
)

# --- celu ---------------------------------------------------------------------------------------


_CELU_SMALL = 2.0**-30
"""For |x/α| < 2⁻³⁰, α·expm1(x/α) = x + x·(x/α)/2 to 2⁻⁶² (x/α may be subnormal there)."""


def celu_value(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r"""Continuously differentiable exponential linear unit.

    .. math:: f(x) = \max(0, x) + \min(0, \alpha\,(e^{x/\alpha} - 1))

    For α ≠ 1 the argument x/α is carried as t + t_lo (its rounding error recovered exactly) and
    α·expm1(t + t_lo) is formed from a double-double expm1 and an exact product, rounded once.
    Where |x/α| < 2⁻³⁰ (t may be subnormal, t_lo inaccurate) the value is m + m·(m/α)/2 instead,
    m = min(x, 0). Each branch sees 0 where the other applies, so their sum is an exact select.
    """
    if alpha == 1.0:
        y = np.expm1(np.minimum(x, 0.0))
        return np.add(np.maximum(x, 0.0), y, out=y)
    m = np.minimum(x, 0.0)
    np.maximum(m, -1500.0 * alpha, out=m)  # nan stays
    big = m * np.less(m, -_CELU_SMALL * alpha)  # m where |m/α| ≥ 2⁻³⁰, else 0 (nan stays)
    m -= big  # m where |m/α| < 2⁻³⁰, else 0
    # small branch, in m's storage: m + m·(m/α)/2
    corr = m / alpha
    corr *= m
    corr *= 0.5
    m += corr
    del corr
    # large branch: α·expm1(t + t_lo)
    t, t_lo = div_dd(big, alpha)
    hi, lo = expm1_dd(t, t_lo)
    del t, t_lo
    out = round_scaled(hi, lo, alpha)
    del hi, lo
    out += m
    del m
    out += np.maximum(x, 0.0)
    return out


def _celu_exp(x: FloatArray, alpha: float, scale: float = 1.0) -> FloatArray:
    """scale·e^{min(x,0)/α}, rounded once for α ≠ 1 (the rounding of x/α recovered as t_lo)."""
    m = np.minimum(x, 0.0)
    if alpha == 1.0:
        return np.exp(m, out=m)
    # below x = −1500α everything has saturated (e^{−1500}/α = 0 even for α = 1e−250); the clip
    # also keeps ±inf and huge |x|/α away from the exact-remainder arithmetic
    np.maximum(m, -1500.0 * alpha, out=m)
    t, t_lo = div_dd(m, alpha)
    np.maximum(t, EXP_DD_MIN, out=t)  # −1500·(1 + ε) → −1500
    return exp_dd_scaled(t, t_lo, scale)


def celu_first(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r""".. math:: f'(x) = 1\ (x > 0),\quad e^{x/\alpha}\ (x \le 0)

    = e^{min(x,0)/α}: exactly 1 for x > 0, no select needed.
    """
    return _celu_exp(x, alpha)


def celu_second(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r""".. math:: f''(x) = 0\ (x > 0),\quad e^{x/\alpha}/\alpha\ (x \le 0)

    For α ≠ 1: (1/α)·e^{x/α} with one rounding of the product (subnormal results included), so
    the only other error is that of fl(1/α): ≤ 1 ULP in all.
    """
    out = _celu_exp(x, alpha, 1.0 / alpha)
    out *= np.less_equal(x, 0.0)
    return out


CELU = ActivationSpec(
    name="celu",
    title="CELU",
    family="exponential unit",
    formula=r"f(x) = \max(0, x) + \min(0, \alpha\,(e^{x/\alpha} - 1))",
    formula_text="f(x) = max(0, x) + min(0, α(e^(x/α) − 1))",
    derivative_formula=r"f'(x) = 1\ \mathrm{if}\ x > 0,\ \ e^{x/\alpha}\ \mathrm{if}\ x \leq 0",
    derivative_formula_text="f′(x) = 1 if x > 0, e^(x/α) if x ≤ 0",
    value=celu_value,
    derivative=celu_first,
    second_derivative=celu_second,
    params=(
        Param(
            name="alpha",
            default=1.0,
            doc="scale of the negative branch and of its exponent: f → −α as x → −∞",
            symbol=r"\alpha",
            low=1e-250,
            high=1e250,
        ),
    ),
    kinks=lambda alpha=1.0: _celu_kinks(alpha),
    declared=Declared(
        range=between(-1, math.inf),
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=True,
        smoothness=Smoothness.C1,
        zero_centered=True,
        identity_near_zero=True,
    ),
    reference="Barron, 'Continuously Differentiable Exponential Linear Units', 2017, arXiv:1704.07483",
    frameworks={
        "torch": Flavor("torch.nn.CELU(alpha=1.0), torch.nn.functional.celu(input, alpha=1.0)"),
        "keras3": Flavor("keras.activations.celu(x, alpha=1.0)", note="Keras 3.7+"),
        "jax": Flavor("jax.nn.celu(x, alpha=1.0)"),
    },
    notes="C¹ for every α (f′(0) = 1 from both sides); f″ jumps from 1/α to 0 at 0. f″(0) is the "
    "left value 1/α by default and in Keras 3 on TensorFlow, 0 in PyTorch's double backward, and "
    "1/(4α) in JAX's autodiff (neither side). CELU with α = 1 equals ELU with α = 1.",
    # as for elu; the extremes make x/α subnormal (1e250) or huge (1e−20: smaller α would put the
    # 1e−40 probes of test_kink_conventions beyond the kink's neighbourhood)
    examples=(
        {"alpha": 0.1},
        {"alpha": 0.3},
        {"alpha": 1.7},
        {"alpha": 2.5},
        {"alpha": 3.0},
        {"alpha": 10.0},
        {"alpha": 1e-20},
        {"alpha": 1e250},
    ),
)

# --- selu ---------------------------------------------------------------------------------------

SELU_SCALE = 1.0507009873554804934193349852946
"""λ, from Klambauer et al. (2017), rounded to float64."""
SELU_ALPHA = 1.6732632423543772848170429916717
"""α, from Klambauer et al. (2017), rounded to float64."""
SELU_SCALE_ALPHA = 1.7580993408473768
"""λ·α = 1.75809934084737685994... computed exactly and rounded once (not fl(λ)·fl(α))."""

_SELU_CAP = _MAX / SELU_SCALE
while SELU_SCALE * math.nextafter(_SELU_CAP, math.inf) <= _MAX:  # Python floats: no warnings
    _SELU_CAP = math.nextafter(_SELU_CAP, math.inf)
while SELU_SCALE * _SELU_CAP > _MAX:
    _SELU_CAP = math.nextafter(_SELU_CAP, -math.inf)
# _SELU_CAP: the largest x with λ·x finite; beyond it λ·x is +inf, written without an overflowing product.


def selu_value(x: FloatArray) -> FloatArray:
    r"""Scaled exponential linear unit.

    .. math:: f(x) = \lambda \max(0, x) + \lambda\alpha\,(e^{\min(0, x)} - 1)

    λ = 1.0507009873554804934193349852946, α = 1.6732632423543772848170429916717; λα is one
    rounded constant. λx beyond the float range is returned as +inf without an overflowing product.
    """
    pos = np.minimum(np.maximum(x, 0.0), _SELU_CAP)
    pos *= SELU_SCALE
    np.copyto(pos, np.inf, where=x > _SELU_CAP)
    tail = np.expm1(np.minimum(x, 0.0))
    tail *= SELU_SCALE_ALPHA
    return np.add(pos, tail, out=tail)


def _selu_left(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    left = _scaled_exp(x, SELU_SCALE_ALPHA)
    pos = np.greater(x, 0.0).astype(np.float64)
    left *= 1.0 - pos
    return left, pos


def selu_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = \lambda\ (x > 0),\quad \lambda\alpha e^{x}\ (x \le 0)"""
    left, pos = _selu_left(x)
    pos *= SELU_SCALE
    return np.add(left, pos, out=left)


def selu_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = 0\ (x > 0),\quad \lambda\alpha e^{x}\ (x \le 0)"""
    return _selu_left(x)[0]


SELU = ActivationSpec(
    name="selu",
    title="SELU",
    family="exponential unit",
    formula=r"f(x) = \lambda \max(0, x) + \lambda\alpha\,(e^{\min(0, x)} - 1),\ \lambda \approx 1.0507,\ \alpha \approx 1.6733",
    formula_text="f(x) = λ·max(0, x) + λα(e^(min(0, x)) − 1), λ ≈ 1.0507, α ≈ 1.6733",
    derivative_formula=r"f'(x) = \lambda\ \mathrm{if}\ x > 0,\ \ \lambda\alpha e^{x}\ \mathrm{if}\ x \leq 0",
    derivative_formula_text="f′(x) = λ if x > 0, λαeˣ if x ≤ 0",
    value=selu_value,
    derivative=selu_first,
    second_derivative=selu_second,
    # f′(0): λα (left) in PyTorch and JAX, λ (right) in TensorFlow (tf.keras, Keras 3 on TF);
    # f″(0): the left limit λα in JAX, 0 (right) in PyTorch's double backward and TensorFlow
    kinks=lambda: (
        Kink(0.0, "kink", side="left", by_flavor={
            "torch": At(d2="right"),
            "keras3:torch": At(d1="left", d2="right"),
            "keras2": "right",
            "keras3": "right",
            "keras3:jax": "left",
        }),
    ),
    declared=Declared(
        range=between(-SELU_SCALE_ALPHA, math.inf),  # (−λα, ∞)
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.C0,
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="Klambauer, Unterthiner, Mayr & Hochreiter, 'Self-Normalizing Neural Networks', "
    "NeurIPS 2017, arXiv:1706.02515",
    frameworks={
        "torch": Flavor("torch.nn.SELU(), torch.nn.functional.selu(input)"),
        "keras3": Flavor("keras.activations.selu(x)"),
        "keras2": Flavor("tf.keras.activations.selu(x)"),
        "jax": Flavor("jax.nn.selu(x)"),
    },
    notes="Fixed constants λ = 1.0507009873554804934193349852946 and α = 1.6732632423543772848170429916717 "
    "(full precision; some tutorials use 8 digits). f′ jumps from λα ≈ 1.7581 to λ at 0; f′(0) is the "
    "left value λα, as in torch and JAX; TensorFlow (tf.keras, Keras 3 on TensorFlow) gives λ. f″(0) is "
    "λα (left) in JAX and 0 in PyTorch and TensorFlow. Range (−λα, ∞).",
)

# --- exponential --------------------------------------------------------------------------------

_EXP_MAX = 709.782712893384
"""fl(log(DBL_MAX)): exp of it is finite (1.7976931348622732e308); exp of anything larger overflows."""


def exponential_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = e^{x}

    Above log(DBL_MAX) ≈ 709.78 the true value is beyond the float range: +inf is written directly,
    so ``np.exp`` never sees an overflowing argument (no RuntimeWarning).
    """
    out = np.exp(np.minimum(x, _EXP_MAX))
    np.copyto(out, np.inf, where=x > _EXP_MAX)
    return out


def exponential_value_and_derivative(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """f and f′ of eˣ, which are the same numbers: one evaluation, two arrays."""
    value = exponential_value(x)
    return value, value.copy()


EXPONENTIAL = ActivationSpec(
    name="exponential",
    title="Exponential",
    family="exponential unit",
    formula=r"f(x) = e^{x}",
    formula_text="f(x) = eˣ",
    derivative_formula=r"f'(x) = e^{x}",
    derivative_formula_text="f′(x) = eˣ",
    value=exponential_value,
    derivative=exponential_value,
    second_derivative=exponential_value,
    value_and_derivative=exponential_value_and_derivative,
    declared=Declared(
        range=between(0, math.inf),
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=True,
        smoothness=Smoothness.CINF,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Keras API reference, keras.activations.exponential (https://keras.io/api/layers/activations/)",
    frameworks={
        "keras3": Flavor("keras.activations.exponential(x)"),
        "keras2": Flavor("tf.keras.activations.exponential(x)"),
    },
    notes="Overflows to +inf above x ≈ 709.78 in float64 (≈ 88.72 in float32): that is the true "
    "value rounded, not an error. torch and JAX have no activation of this name (torch.exp, jnp.exp).",
)

SPECS: tuple[ActivationSpec, ...] = (ELU, CELU, SELU, EXPONENTIAL)
