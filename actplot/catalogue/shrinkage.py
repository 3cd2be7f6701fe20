"""Shrinkage functions: set small inputs to (about) zero — hardshrink, softshrink, tanhshrink."""

from __future__ import annotations

import math

import numpy as np

from actplot._numerics import indicator, zero_curvature
from actplot.catalogue.sigmoid_like import tanh_second
from actplot.shape import REALS, Monotonicity, Smoothness, between, points
from actplot.spec import ActivationSpec, Declared, Flavor, FloatArray, Kink, Param

_LAMBDA = Param(
    name="lambd",
    default=0.5,
    doc="λ ≥ 0: inputs with |x| ≤ λ are shrunk to 0 (Keras 3 calls it threshold)",
    symbol=r"\lambda",
    low=0.0,
)


def _outside(x: FloatArray, lambd: float) -> FloatArray:
    """[|x| > λ] as 0/1, nan for nan."""
    return indicator(np.abs(x) > lambd, x)


def _shrink_kinks(lambd: float, kind: str) -> tuple[Kink, ...]:
    if lambd == 0.0:
        return ()
    # torch: f′(±λ) = 0, the inner side; f(±λ) = 0, which is the inner limit too
    return (
        Kink(-lambd, kind=kind, side="right", value_side="right"),  # type: ignore[arg-type]
        Kink(lambd, kind=kind, side="left", value_side="left"),  # type: ignore[arg-type]
    )


# --- hardshrink ---------------------------------------------------------------------------------


def hardshrink_value(x: FloatArray, lambd: float) -> FloatArray:
    r""".. math:: f(x) = x\ (|x| > \lambda), \quad 0\ (|x| \le \lambda)

    [|x| > λ]·x: the mask is 0 only for finite x, so there is no 0·inf; nan stays nan.
    """
    return (np.abs(x) > lambd) * x


def hardshrink_first(x: FloatArray, lambd: float) -> FloatArray:
    r""".. math:: f'(x) = [|x| > \lambda]"""
    return _outside(x, lambd)


HARDSHRINK = ActivationSpec(
    name="hardshrink",
    aliases=("hard_shrink",),
    title="Hardshrink",
    family="shrinkage",
    window=(-2.0, 2.0),  # the jumps at ±λ = ±0.5 and the plateau between
    formula=r"f(x) = x\ \mathrm{if}\ |x| > \lambda,\ \ 0\ \mathrm{otherwise}",
    formula_text="f(x) = x if |x| > λ, 0 otherwise",
    derivative_formula=r"f'(x) = 1\ \mathrm{if}\ |x| > \lambda,\ \ 0\ \mathrm{if}\ |x| < \lambda",
    derivative_formula_text="f′(x) = 1 if |x| > λ, 0 if |x| < λ",
    value=hardshrink_value,
    derivative=hardshrink_first,
    second_derivative=zero_curvature,
    params=(_LAMBDA,),
    kinks=lambda lambd: _shrink_kinks(lambd, "jump"),
    declared=Declared(
        range=between(-math.inf, -0.5) | points(0) | between(0.5, math.inf),
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.DISCONTINUOUS,
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="Donoho & Johnstone, 'Ideal spatial adaptation by wavelet shrinkage', Biometrika 81(3) (1994); "
    "https://pytorch.org/docs/stable/generated/torch.nn.Hardshrink.html",
    frameworks={
        "torch": Flavor("torch.nn.Hardshrink(lambd=0.5), F.hardshrink"),
        "keras3": Flavor(
            "keras.activations.hard_shrink(x, threshold=0.5)",
            note="Keras 3.7+; λ is called threshold",
        ),
    },
    notes="Jumps of size λ at ±λ; f(±λ) = 0 and f′(±λ) = 0 (torch).",
    examples=({"lambd": 2.0},),
)

# --- softshrink ---------------------------------------------------------------------------------


def softshrink_value(x: FloatArray, lambd: float) -> FloatArray:
    r""".. math:: f(x) = x - \lambda\ (x > \lambda), \quad x + \lambda\ (x < -\lambda), \quad 0

    (max(x, λ) − λ) + (min(x, −λ) + λ): one summand is exactly 0, the other one rounding (exact
    near ±λ by Sterbenz), and clamping first means nothing overflows.
    """
    return (np.maximum(x, lambd) - lambd) + (np.minimum(x, -lambd) + lambd)


def softshrink_first(x: FloatArray, lambd: float) -> FloatArray:
    r""".. math:: f'(x) = [|x| > \lambda]"""
    return _outside(x, lambd)


SOFTSHRINK = ActivationSpec(
    name="softshrink",
    aliases=("soft_shrink",),
    title="Softshrink",
    family="shrinkage",
    window=(-2.0, 2.0),  # the kinks at ±λ = ±0.5 and the plateau between
    formula=r"f(x) = \mathrm{sign}(x)\,\max(|x| - \lambda, 0)",
    formula_text="f(x) = sign(x)·max(|x| − λ, 0)",
    derivative_formula=r"f'(x) = 1\ \mathrm{if}\ |x| > \lambda,\ \ 0\ \mathrm{if}\ |x| < \lambda",
    derivative_formula_text="f′(x) = 1 if |x| > λ, 0 if |x| < λ",
    value=softshrink_value,
    derivative=softshrink_first,
    second_derivative=zero_curvature,
    params=(_LAMBDA,),
    kinks=lambda lambd: _shrink_kinks(lambd, "kink"),
    declared=Declared(
        range=REALS,
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.C0,
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="Donoho, 'De-noising by soft-thresholding', IEEE Trans. Inf. Theory 41(3) (1995); "
    "https://pytorch.org/docs/stable/generated/torch.nn.Softshrink.html",
    frameworks={
        "torch": Flavor("torch.nn.Softshrink(lambd=0.5), F.softshrink", note="λ must be ≥ 0"),
        "keras3": Flavor(
            "keras.activations.soft_shrink(x, threshold=0.5)",
            note="Keras 3.7+; λ is called threshold",
        ),
    },
    notes="The proximal operator of λ|x| (soft thresholding). Continuous; f′(±λ) = 0 (torch).",
    examples=({"lambd": 3.0}, {"lambd": 1e-3}),
)

# --- tanhshrink ---------------------------------------------------------------------------------

# (x − tanh x)/x³ as a polynomial in u = x² on [0, 0.5625] (|x| ≤ 0.75): Chebyshev fit at 80
# digits (mpmath.chebyfit, 14 terms), max relative error 2.1e-18; coefficients of u⁰, u¹, ….
_TANHSHRINK_POLY = (
    0.3333333333333333,
    -0.13333333333333294,
    0.0539682539682076,
    -0.021869488534033452,
    0.008863235479105364,
    -0.003592127305771337,
    0.0014558275482916571,
    -0.0005899837682081133,
    0.0002389332673687292,
    -9.628953316427487e-05,
    3.784864316675998e-05,
    -1.3601729022897116e-05,
    3.833589294501544e-06,
    -5.985399672039163e-07,
)
_POLY_LIMIT = 0.75
_DIRECT_LIMIT = 1.5


def _tanhshrink_poly(x: FloatArray) -> FloatArray:
    """x − tanh x = x³·P(x²) for |x| ≤ 0.75, multiplied so only the last product can underflow."""
    u = x * x
    p = np.full_like(x, _TANHSHRINK_POLY[-1])
    for c in _TANHSHRINK_POLY[-2::-1]:
        p *= u
        p += c
    return ((p * x) * x) * x


def _tanhshrink_halved(x: FloatArray) -> FloatArray:
    """x − tanh x for 0.75 < |x| < 1.5 from the half argument y = x/2 (no cancellation).

    With t = tanh(y) = y − g(y), g(y) = y − tanh y:  x − tanh x = (2g(y) + x·t²)/(1 + t²), a sum
    of two terms of the same sign.
    """
    y = 0.5 * x
    g = _tanhshrink_poly(y)
    t = y - g
    t2 = t * t
    return (2.0 * g + x * t2) / (1.0 + t2)


def tanhshrink_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = x - \tanh(x)

    x − tanh(x) loses up to all digits near 0 (f ≈ x³/3), so three regimes: a polynomial
    x³·P(x²) for |x| ≤ 0.75, the half-argument identity for |x| < 1.5, and the plain difference
    beyond (exact subtraction, error = tanh's).
    """
    out = x - np.tanh(x)
    a = np.abs(x)
    small = a <= _POLY_LIMIT
    if small.any():
        out[small] = _tanhshrink_poly(x[small])
    middle = (a > _POLY_LIMIT) & (a < _DIRECT_LIMIT)
    if middle.any():
        out[middle] = _tanhshrink_halved(x[middle])
    return out


def tanhshrink_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = \tanh^2(x)"""
    t = np.tanh(x)
    return t * t


def tanhshrink_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = 2\tanh(x)\,\mathrm{sech}^2(x)  (= −tanh″, sech² never as 1 − tanh²)"""
    return -tanh_second(x)


TANHSHRINK = ActivationSpec(
    name="tanhshrink",
    aliases=("tanh_shrink",),
    title="Tanhshrink",
    family="shrinkage",
    formula=r"f(x) = x - \tanh(x)",
    formula_text="f(x) = x − tanh(x)",
    derivative_formula=r"f'(x) = \tanh^{2}(x)",
    derivative_formula_text="f′(x) = tanh²(x)",
    value=tanhshrink_value,
    derivative=tanhshrink_first,
    second_derivative=tanhshrink_second,
    declared=Declared(
        range=REALS,
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="https://pytorch.org/docs/stable/generated/torch.nn.Tanhshrink.html",
    frameworks={
        "torch": Flavor("torch.nn.Tanhshrink, F.tanhshrink"),
        "keras3": Flavor("keras.activations.tanh_shrink", note="Keras 3.7+"),
    },
    notes="f ≈ x³/3 near 0: computed from a series there, since x − tanh(x) would cancel.",
)

SPECS: tuple[ActivationSpec, ...] = (HARDSHRINK, SOFTSHRINK, TANHSHRINK)
