"""Exponential units: ELU, CELU, SELU and the plain exponential.

Every negative branch is an ``expm1``/``exp`` of a non-positive argument, selected without
``np.where``: ``max(x, 0) + α·expm1(min(x, 0))`` is exact because one of the two terms is exactly
zero. Derivatives are ``exp(min(x, 0))`` scaled, never ``expm1(x) + 1`` (which is 0 below x = −37).
"""

from __future__ import annotations

import math

import numpy as np

from actplot._numerics import two_prod
from actplot.errors import ParameterError
from actplot.spec import ActivationSpec, Declared, FloatArray, Flavor, Kink, Param

_MAX = float(np.finfo(np.float64).max)

# --- elu ----------------------------------------------------------------------------------------


def elu_value(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r"""Exponential linear unit.

    .. math:: f(x) = \max(0, x) + \alpha\,(e^{\min(0, x)} - 1)

    i.e. x for x > 0 and α(eˣ − 1) for x ≤ 0, evaluated as max(x, 0) + α·expm1(min(x, 0)): one
    term is exactly 0, so the sum is an exact select; expm1 keeps full accuracy near 0.
    """
    m = np.minimum(x, 0.0)
    tail = np.expm1(m)
    if alpha != 1.0:
        tail *= alpha
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


def _elu_slope(x: FloatArray, alpha: float) -> tuple[FloatArray, FloatArray]:
    """(α·e^{min(x,0)}, [x > 0]) — the left-branch slope and the right-branch indicator."""
    return _scaled_exp(x, alpha), np.greater(x, 0.0).astype(np.float64)


def elu_first(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r""".. math:: f'(x) = 1\ (x > 0),\quad \alpha e^{x}\ (x \le 0)

    Evaluated as [x > 0] + α·e^{min(x,0)}·[x ≤ 0] (exact select; nan propagates through the exp).
    For α = 1 this is simply e^{min(x,0)}.
    """
    if alpha == 1.0:
        return np.exp(np.minimum(x, 0.0))
    left, pos = _elu_slope(x, alpha)
    left *= 1.0 - pos
    return np.add(left, pos, out=left)


def elu_second(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r""".. math:: f''(x) = 0\ (x > 0),\quad \alpha e^{x}\ (x \le 0)"""
    left, pos = _elu_slope(x, alpha)
    left *= 1.0 - pos
    return left


def elu_pair(x: FloatArray, alpha: float = 1.0) -> tuple[FloatArray, FloatArray]:
    m = np.minimum(x, 0.0)
    tail = np.expm1(m)
    if alpha == 1.0:
        slope = np.exp(m)
    else:
        tail *= alpha
        slope, pos = _elu_slope(x, alpha)
        slope *= 1.0 - pos
        slope += pos
    return np.add(np.maximum(x, 0.0), tail, out=tail), slope


def elu_kinks(alpha: float = 1.0) -> tuple[Kink, ...]:
    # f′ jumps from α to 1 at 0 unless α = 1, where only f″ jumps (from 1 to 0). torch and JAX both
    # return the left value α (their where(x > 0, …) puts 0 in the exponential branch).
    if alpha == 1.0:
        return (Kink(0.0, "curvature", side="left"),)
    return (Kink(0.0, "kink", side="left"),)


ELU = ActivationSpec(
    name="elu",
    title="ELU",
    family="exponential unit",
    formula=r"f(x) = \max(0, x) + \alpha\,(e^{\min(0, x)} - 1)",
    formula_text="f(x) = x if x > 0, α(eˣ − 1) if x ≤ 0",
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
        range="(-1, ∞)",
        bounded=False,
        monotonic="increasing",
        monotonic_derivative=True,
        smoothness="C1",
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
    "(as in torch and JAX autodiff). For α = 1, f′ is continuous and only f″ jumps (1 → 0).",
    examples=({"alpha": 0.3}, {"alpha": 2.5}),
)

# --- celu ---------------------------------------------------------------------------------------


def _celu_tail(x: FloatArray, alpha: float) -> tuple[FloatArray, FloatArray | float]:
    """t + t_lo = min(x, 0)/α exactly to double-double precision, with t ≥ −1500·(1 + ε).

    Below x = −1500α everything has saturated (e^{−1500}/α = 0 in float64 even for α = 1e−250),
    so x is clipped there; the clip also keeps ±inf and huge |x|/α away from the exact-remainder
    arithmetic.
    """
    m = np.minimum(x, 0.0)
    if alpha == 1.0:
        return m, 0.0
    np.maximum(m, -1500.0 * alpha, out=m)
    t = m / alpha
    p, e = two_prod(t, alpha)  # α·t = p + e exactly; m − p is exact (Sterbenz)
    lo = (m - p) - e
    lo /= alpha
    return t, lo


def celu_value(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r"""Continuously differentiable exponential linear unit.

    .. math:: f(x) = \max(0, x) + \min(0, \alpha\,(e^{x/\alpha} - 1))

    The argument x/α is carried as t + t_lo (its rounding error recovered exactly), then
    α·expm1(t + t_lo) = α·expm1(t) + α·e^{t}·t_lo, with α·expm1(t) formed as an exact product
    p + e so that only one rounding remains.
    """
    t, lo = _celu_tail(x, alpha)
    y = np.expm1(t)
    pos = np.maximum(x, 0.0)
    if alpha == 1.0:
        return np.add(pos, y, out=y)
    p, e = two_prod(y, alpha)
    corr = (y + 1.0) * lo  # e^t·t_lo (y + 1 = e^t; its absolute error is harmless at this size)
    corr *= alpha
    corr += e
    corr += p
    return np.add(pos, corr, out=corr)


def _celu_exp(x: FloatArray, alpha: float) -> FloatArray:
    """e^{min(x,0)/α} with the rounding of x/α applied as e^t·(1 + t_lo)."""
    t, lo = _celu_tail(x, alpha)
    out = np.exp(t)
    if alpha != 1.0:
        out += out * lo  # e^t + e^t·t_lo: one rounding, unlike e^t·(1 + t_lo)
    return out


def celu_first(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r""".. math:: f'(x) = 1\ (x > 0),\quad e^{x/\alpha}\ (x \le 0)

    = e^{min(x,0)/α}: exactly 1 for x > 0, no select needed.
    """
    return _celu_exp(x, alpha)


def celu_second(x: FloatArray, alpha: float = 1.0) -> FloatArray:
    r""".. math:: f''(x) = 0\ (x > 0),\quad e^{x/\alpha}/\alpha\ (x \le 0)

    Where e^{x/α} is subnormal (x/α < −700) and α < 1 would expose its lost digits, the value is
    ((h/α)·h)(1 + t_lo) with h = e^{t/2}.
    """
    out = _celu_exp(x, alpha)
    out *= 1.0 - np.greater(x, 0.0)
    if alpha != 1.0:
        out /= alpha
        t, lo = _celu_tail(x, alpha)
        idx = np.flatnonzero(t < _TAIL)
        if idx.size:
            h = np.exp(0.5 * t[idx])
            tail = (h / alpha) * h
            tail += tail * lo[idx]
            out[idx] = tail
    return out


def celu_check(alpha: float = 1.0) -> None:
    if not 1e-250 <= alpha <= 1e250:
        raise ParameterError(f"celu alpha must be between 1e-250 and 1e250; got {alpha:g}")


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
            low=0.0,
            low_open=True,
        ),
    ),
    kinks=lambda alpha=1.0: (Kink(0.0, "curvature", side="left"),),
    check=celu_check,
    declared=Declared(
        range="(-1, ∞)",
        bounded=False,
        monotonic="increasing",
        monotonic_derivative=True,
        smoothness="C1",
        zero_centered=True,
        identity_near_zero=True,
    ),
    reference="Barron, 'Continuously Differentiable Exponential Linear Units', 2017, arXiv:1704.07483",
    frameworks={
        "torch": Flavor("torch.nn.CELU(alpha=1.0), torch.nn.functional.celu(input, alpha=1.0)"),
        "keras3": Flavor("keras.activations.celu(x, alpha=1.0)", note="Keras 3.7+"),
        "jax": Flavor("jax.nn.celu(x, alpha=1.0)"),
    },
    notes="C¹ for every α (f′(0) = 1 from both sides); f″ jumps from 1/α to 0 at 0, where the left "
    "value 1/α is returned. CELU with α = 1 equals ELU with α = 1.",
    examples=({"alpha": 0.3}, {"alpha": 3.0}),
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
    formula=r"f(x) = \lambda \max(0, x) + \lambda\alpha\,(e^{\min(0, x)} - 1)",
    formula_text="f(x) = λx if x > 0, λα(eˣ − 1) if x ≤ 0; λ ≈ 1.0507, α ≈ 1.6733",
    derivative_formula=r"f'(x) = \lambda\ \mathrm{if}\ x > 0,\ \ \lambda\alpha e^{x}\ \mathrm{if}\ x \leq 0",
    derivative_formula_text="f′(x) = λ if x > 0, λαeˣ if x ≤ 0",
    value=selu_value,
    derivative=selu_first,
    second_derivative=selu_second,
    kinks=lambda: (Kink(0.0, "kink", side="left"),),
    declared=Declared(
        range="(-1.75810, ∞)",
        bounded=False,
        monotonic="increasing",
        monotonic_derivative=False,
        smoothness="C0",
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
    "left value λα, as in torch and JAX. Range (−λα, ∞).",
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
    value_and_derivative=lambda x: (exponential_value(x), exponential_value(x)),
    declared=Declared(
        range="(0, ∞)",
        bounded=False,
        monotonic="increasing",
        monotonic_derivative=True,
        smoothness="Cinf",
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
