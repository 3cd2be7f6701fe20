"""Bounded, S-shaped activations: sigmoid, tanh and their relatives."""

from __future__ import annotations

import math

import numpy as np

from actplot._numerics import (
    indicator,
    log1p_exp_neg_abs,
    nan_zero,
    sigmoid,
    sigmoid_derivative,
    sigmoid_parts,
    two_prod,
    zero_curvature,
)
from actplot.errors import ParameterError
from actplot.shape import Monotonicity, Smoothness, between
from actplot.spec import ActivationSpec, At, Declared, Flavor, FloatArray, Kink, Param, each

# --- sigmoid ------------------------------------------------------------------------------------


def sigmoid_value(x: FloatArray) -> FloatArray:
    r"""Logistic sigmoid.

    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}

    Evaluated as r = 1/(1 + e), e = exp(−|x|): σ = r for x ≥ 0 and e·r below, so no exp overflows
    and subnormal results near x = −745 are kept.
    """
    return sigmoid(x)


def sigmoid_first(x: FloatArray) -> FloatArray:
    r""".. math:: \sigma'(x) = \sigma(x)\,\sigma(-x) = e/(1+e)^2,\ e = e^{-|x|}

    Never σ(1 − σ), which loses every digit for x > 37.
    """
    return sigmoid_derivative(x)


def sigmoid_second(x: FloatArray) -> FloatArray:
    r""".. math:: \sigma''(x) = \sigma'(x)\,(1 - 2\sigma(x)) = -\sigma'(x)\tanh(x/2)

    With e = exp(−|x|), tanh(|x|/2) = −expm1(−|x|)/(1 + e), so σ″ = sign(x)·expm1(−|x|)·e/(1 + e)³.
    """
    a = -np.abs(x)
    e = np.exp(a)
    r = 1.0 / (1.0 + e)
    return ((np.sign(x) * np.expm1(a)) * (r * r * r)) * e


def sigmoid_pair(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    e, r = sigmoid_parts(x)
    slope = (e * r) * r
    np.maximum(e, np.greater_equal(x, 0.0), out=e)
    return np.multiply(r, e, out=r), slope


SIGMOID = ActivationSpec(
    name="sigmoid",
    aliases=("logistic", "expit"),
    title="Sigmoid",
    family="sigmoid-like",
    formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
    formula_text="σ(x) = 1 / (1 + e^(−x))",
    derivative_formula=r"\sigma'(x) = \sigma(x)\,(1 - \sigma(x))",
    derivative_formula_text="σ′(x) = σ(x)(1 − σ(x))",
    value=sigmoid_value,
    derivative=sigmoid_first,
    second_derivative=sigmoid_second,
    value_and_derivative=sigmoid_pair,
    declared=Declared(
        range=between(0, 1),
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Logistic function; e.g. Rumelhart, Hinton & Williams (1986), Nature 323:533",
    frameworks={
        "torch": Flavor("torch.sigmoid, torch.nn.Sigmoid"),
        "keras3": Flavor("keras.activations.sigmoid"),
        "keras2": Flavor("tf.keras.activations.sigmoid"),
        "jax": Flavor("jax.nn.sigmoid"),
    },
)

# --- tanh ---------------------------------------------------------------------------------------


def tanh_value(x: FloatArray) -> FloatArray:
    r""".. math:: \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}"""
    return np.tanh(x)


def _tanh_slope_parts(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    # e = exp(−2|x|); |x| is capped at 400 (e underflows to 0 long before) so 2|x| cannot overflow
    e = np.exp(-2.0 * np.minimum(np.abs(x), 400.0))
    r = 1.0 / (1.0 + e)
    return e, r


def tanh_first(x: FloatArray) -> FloatArray:
    r""".. math:: \tanh'(x) = 1 - \tanh^2(x) = \frac{4e}{(1+e)^2},\ e = e^{-2|x|}

    Never 1 − tanh², which is 0 for |x| > 19 in float64.
    """
    e, r = _tanh_slope_parts(x)
    return ((4.0 * r) * r) * e


def tanh_second(x: FloatArray) -> FloatArray:
    r""".. math:: \tanh''(x) = -2\tanh(x)\,(1 - \tanh^2(x))"""
    e, r = _tanh_slope_parts(x)
    return (((-8.0 * r) * r) * np.tanh(x)) * e


def tanh_pair(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    return np.tanh(x), tanh_first(x)


TANH = ActivationSpec(
    name="tanh",
    title="Tanh",
    family="sigmoid-like",
    window=(-4.0, 4.0),  # both saturations (|f′| < 2 % of its peak from |x| ≈ 2.6)
    formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
    formula_text="tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)",
    derivative_formula=r"\tanh'(x) = 1 - \tanh^{2}(x)",
    derivative_formula_text="tanh′(x) = 1 − tanh²(x)",
    value=tanh_value,
    derivative=tanh_first,
    second_derivative=tanh_second,
    value_and_derivative=tanh_pair,
    declared=Declared(
        range=between(-1, 1),
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=True,
        identity_near_zero=True,
    ),
    reference="LeCun, Bottou, Orr & Müller, 'Efficient BackProp' (1998)",
    frameworks={
        "torch": Flavor("torch.tanh, torch.nn.Tanh"),
        "keras3": Flavor("keras.activations.tanh"),
        "keras2": Flavor("tf.keras.activations.tanh"),
        "jax": Flavor("jax.nn.tanh"),
    },
)

# --- piecewise-linear and algebraic relatives (hard_sigmoid … log_sigmoid) -----------------------

# --- hard_sigmoid -------------------------------------------------------------------------------


def hard_sigmoid_value(x: FloatArray, half_width: float) -> FloatArray:
    r"""Hard sigmoid, the straight line from (−c, 0) to (c, 1).

    .. math:: f(x) = \min\left(1, \max\left(0, \frac{x + c}{2c}\right)\right)

    c = 3 is relu6(x + 3)/6 (torch, Keras 3, JAX); c = 2.5 is Keras 2's clip(0.2x + 0.5, 0, 1).
    x is clipped to [−c, c] first (no overflow, exact 0 and 1 outside). Inside, two forms each
    with a single inexact step: for x < −c/2, x + c is exact (Sterbenz) and (x + c)/(2c) is one
    rounding; elsewhere x/(2c) + ½ has a rounding error ≤ ¼ ULP of the result before the last
    rounding. So every value is within ¾ ULP. The form is picked exactly: B + m·(A − B).
    """
    c = half_width
    xc = np.clip(x, -c, c)
    width = 2.0 * c
    near_zero = (xc + c) / width  # A: exact numerator where it is used
    body = xc / width + 0.5  # B
    low = xc < -0.5 * c
    return body + low * (near_zero - body)


def hard_sigmoid_first(x: FloatArray, half_width: float) -> FloatArray:
    r""".. math:: f'(x) = \frac{1}{2c}\ (|x| < c), \quad 0\ (|x| > c)

    A mask, not heaviside(c − |x|)·slope: for a subnormal c the slope 1/(2c) is +inf, and
    0·inf outside the band would be nan. nan stays nan.
    """
    slope = 1.0 / (2.0 * half_width) if half_width >= 2.0**-1020 else math.inf  # no overflow warning
    return np.where(np.abs(x) < half_width, slope, np.where(np.isnan(x), np.nan, 0.0))


def _hard_sigmoid_kinks(half_width: float) -> tuple[Kink, ...]:
    # f′(±c) = 0 in torch, JAX and Keras 3: the outer side at both ends. tf.keras clips
    # 0.2x + 0.5 with clip_by_value, whose gradient passes at the bounds: 0.2 at ±2.5, the inner side
    return (
        Kink(-half_width, side="left", by_flavor={"keras2": "right"}),
        Kink(half_width, side="right", by_flavor={"keras2": "left"}),
    )


HARD_SIGMOID = ActivationSpec(
    name="hard_sigmoid",
    aliases=("hardsigmoid",),
    title="Hard sigmoid",
    family="sigmoid-like",
    formula=r"f(x) = \min\left(1, \max\left(0, \frac{x + c}{2c}\right)\right)",
    formula_text="f(x) = min(1, max(0, (x + c) / (2c)))",
    derivative_formula=r"f'(x) = \frac{1}{2c}\ \mathrm{if}\ |x| < c,\ \ 0\ \mathrm{if}\ |x| > c",
    derivative_formula_text="f′(x) = 1/(2c) if |x| < c, 0 if |x| > c",
    value=hard_sigmoid_value,
    derivative=hard_sigmoid_first,
    second_derivative=zero_curvature,
    params=(
        Param(
            name="half_width",
            default=3.0,
            doc="c: the ramp rises from 0 at −c to 1 at +c (slope 1/(2c))",
            symbol="c",
            low=0.0,
            low_open=True,
            high=1e300,
        ),
    ),
    kinks=_hard_sigmoid_kinks,
    declared=Declared(
        range=between(0, 1, low_attained=True, high_attained=True),
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.C0,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Howard et al., 'Searching for MobileNetV3' (2019), arXiv:1905.02244 (relu6(x + 3)/6); "
    "Courbariaux, Bengio & David, 'BinaryConnect' (2015), arXiv:1511.00363",
    frameworks={
        "torch": Flavor("torch.nn.Hardsigmoid, F.hardsigmoid"),
        "keras3": Flavor(
            "keras.activations.hard_sigmoid",
            note="x/6 + 1/2 clipped (the docstring said 0.2x + 0.5 until Keras 3.3, the code never did)",
        ),
        "keras2": Flavor(
            "tf.keras.activations.hard_sigmoid",
            {"half_width": 2.5},
            note="clip(0.2x + 0.5, 0, 1): the same line as (x + 2.5)/5, kinks at ±2.5; clip_by_value's "
            "gradient passes at the bounds, so f′(±2.5) = 0.2",
        ),
        "jax": Flavor("jax.nn.hard_sigmoid", note="relu6(x + 3)/6"),
    },
    notes=(
        "Two variants exist: relu6(x + 3)/6 (torch, Keras 3, JAX; kinks at ±3) and Keras 2's "
        "clip(0.2x + 0.5, 0, 1) (kinks at ±2.5); they differ by up to 0.083 at x = ±2.5. "
        "f′(±c) = 0 (torch, JAX)."
    ),
    examples=({"half_width": 1.0}, {"half_width": 7.3}),
)

# --- hard_tanh ----------------------------------------------------------------------------------


def hard_tanh_value(x: FloatArray, min_val: float, max_val: float) -> FloatArray:
    r""".. math:: f(x) = \min(\max(x, x_{\min}), x_{\max})  (exact)"""
    return np.clip(x, min_val, max_val)


def hard_tanh_first(x: FloatArray, min_val: float, max_val: float) -> FloatArray:
    r""".. math:: f'(x) = 1\ (x_{\min} < x < x_{\max}), \quad 0\ \text{otherwise}"""
    return indicator((x > min_val) & (x < max_val), x)


def _hard_tanh_check(min_val: float, max_val: float) -> None:
    if not min_val < max_val:
        raise ParameterError(f"hard_tanh needs min_val < max_val; got min_val={min_val:g}, max_val={max_val:g}")


def _hard_tanh_kinks(min_val: float, max_val: float) -> tuple[Kink, ...]:
    # torch (and Keras 3 on torch): 0 at both ends (the outer side); JAX and Keras 3 on TensorFlow
    # or JAX: 1 (the inner side)
    return (
        Kink(min_val, side="left", by_flavor={**each(("jax", "keras3", "keras3:jax"), "right"), "keras3:torch": "left"}),
        Kink(max_val, side="right", by_flavor={**each(("jax", "keras3", "keras3:jax"), "left"), "keras3:torch": "right"}),
    )


HARD_TANH = ActivationSpec(
    name="hard_tanh",
    aliases=("hardtanh",),
    title="Hard tanh",
    family="sigmoid-like",
    window=(-3.0, 3.0),  # both corners at ±1 with the flat parts beyond
    formula=r"f(x) = \min(\max(x, x_{\min}), x_{\max})",
    formula_text="f(x) = min(max(x, x_min), x_max)",
    derivative_formula=r"f'(x) = 1\ \mathrm{if}\ x_{\min} < x < x_{\max},\ \ 0\ \mathrm{otherwise}",
    derivative_formula_text="f′(x) = 1 if x_min < x < x_max, 0 otherwise",
    value=hard_tanh_value,
    derivative=hard_tanh_first,
    second_derivative=zero_curvature,
    params=(
        Param(name="min_val", default=-1.0, doc="lower clip value x_min", symbol=r"x_{\min}"),
        Param(name="max_val", default=1.0, doc="upper clip value x_max (> min_val)", symbol=r"x_{\max}"),
    ),
    kinks=_hard_tanh_kinks,
    check=_hard_tanh_check,
    declared=Declared(
        range=between(-1, 1, low_attained=True, high_attained=True),
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.C0,
        zero_centered=True,
        identity_near_zero=True,
    ),
    reference="Collobert, 'Large Scale Machine Learning', PhD thesis (2004); "
    "https://pytorch.org/docs/stable/generated/torch.nn.Hardtanh.html",
    frameworks={
        "torch": Flavor("torch.nn.Hardtanh(min_val=-1.0, max_val=1.0), F.hardtanh"),
        "keras3": Flavor(
            "keras.activations.hard_tanh",
            note="Keras 3.7+; fixed to [−1, 1] (no parameters); f′(±1) = 1 on TensorFlow and JAX, "
            "0 on PyTorch (keras3:torch)",
        ),
        "jax": Flavor("jax.nn.hard_tanh", note="fixed to [−1, 1] (no parameters); f′(±1) = 1"),
    },
    notes="f′ at the clip points: 0 in torch and Keras 3 on PyTorch (outer side), 1 in JAX and Keras 3 on "
    "TensorFlow or JAX (inner side), recorded with each framework's autograd.",
    examples=({"min_val": -2.0, "max_val": 0.5}, {"min_val": 0.0, "max_val": 6.0}),
)

# --- sparse_sigmoid -----------------------------------------------------------------------------


def sparse_sigmoid_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = \tfrac{1}{2}\,\min(\max(x + 1, 0), 2)

    (clip(x, −1, 1) + 1)·½: one rounding (the halving is exact), so ≤ ½ ULP.
    """
    return (np.clip(x, -1.0, 1.0) + 1.0) * 0.5


def sparse_sigmoid_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = \tfrac{1}{2}\ (|x| < 1), \quad 0\ (|x| > 1)"""
    return np.heaviside(1.0 - np.abs(x), 0.0) * 0.5


SPARSE_SIGMOID = ActivationSpec(
    name="sparse_sigmoid",
    title="Sparse sigmoid",
    family="sigmoid-like",
    window=(-3.0, 3.0),  # both corners at ±1 with the flat parts beyond
    formula=r"f(x) = \frac{1}{2}\,\min(\max(x + 1, 0), 2)",
    formula_text="f(x) = (1/2)·min(max(x + 1, 0), 2)",
    derivative_formula=r"f'(x) = \frac{1}{2}\ \mathrm{if}\ |x| < 1,\ \ 0\ \mathrm{if}\ |x| > 1",
    derivative_formula_text="f′(x) = 1/2 if |x| < 1, 0 if |x| > 1",
    value=sparse_sigmoid_value,
    derivative=sparse_sigmoid_first,
    second_derivative=nan_zero,
    # JAX's clip splits ties 50/50: f′(±1) = 0.25, the mean of both sides; Keras 3 on TensorFlow
    # and on PyTorch give 0 (the outer side)
    kinks=lambda: (
        Kink(-1.0, side="mean", by_flavor={**each(("keras3", "keras3:torch"), "left"), "keras3:jax": "mean"}),
        Kink(1.0, side="mean", by_flavor={**each(("keras3", "keras3:torch"), "right"), "keras3:jax": "mean"}),
    ),
    declared=Declared(
        range=between(0, 1, low_attained=True, high_attained=True),
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.C0,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Martins & Astudillo, 'From Softmax to Sparsemax' (2016), arXiv:1602.02068 "
    "(sparsemax([x, 0])₀ = sparse_sigmoid(x))",
    frameworks={
        "keras3": Flavor("keras.activations.sparse_sigmoid", note="Keras 3.10+"),
        "jax": Flavor("jax.nn.sparse_sigmoid", note="0.5·clip(x + 1, 0, 2); f′(±1) = 0.25"),
    },
    notes="The derivative of sparse_plus. f′(±1) = 0.25 (the mean of both sides), as JAX (and Keras 3 "
    "on JAX) computes it; Keras 3 on TensorFlow or PyTorch gives 0 (the outer side).",
)

# --- softsign -----------------------------------------------------------------------------------

_SOFTSIGN_SAT = 2.0**60  # beyond it x/(1 + |x|) rounds to ±1; clipping keeps ±inf finite


def softsign_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = \frac{x}{1 + |x|}

    x is clipped to ±2⁶⁰ (where the value already rounds to ±1) so ±inf gives ±1, not inf/inf.
    """
    xc = np.clip(x, -_SOFTSIGN_SAT, _SOFTSIGN_SAT)
    return xc / (1.0 + np.abs(xc))


def softsign_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = \left(\frac{1}{1 + |x|}\right)^2

    Squared after the reciprocal, so it underflows gracefully instead of overflowing; never
    1 − f², which cancels.
    """
    r = 1.0 / (1.0 + np.abs(x))
    return r * r


def softsign_second(x: FloatArray) -> FloatArray:
    r""".. math:: f''(x) = -\frac{2\,\mathrm{sign}(x)}{(1 + |x|)^3}

    Ordered so only the last product can be subnormal. f″ jumps from 2 to −2 at 0.
    """
    r = 1.0 / (1.0 + np.abs(x))
    return ((np.sign(x) * -2.0) * r * r) * r


SOFTSIGN = ActivationSpec(
    name="softsign",
    aliases=("soft_sign",),
    title="Softsign",
    family="sigmoid-like",
    formula=r"f(x) = \frac{x}{1 + |x|}",
    formula_text="f(x) = x / (1 + |x|)",
    derivative_formula=r"f'(x) = \frac{1}{(1 + |x|)^{2}}",
    derivative_formula_text="f′(x) = 1 / (1 + |x|)²",
    value=softsign_value,
    derivative=softsign_first,
    second_derivative=softsign_second,
    # f″ jumps from +2 to −2 at 0; actplot returns the mean 0 (what PyTorch's autograd gives with
    # sign(0) = 0); JAX's autodiff (and Keras 3 on JAX) gives −2, the right limit
    kinks=lambda: (Kink(0.0, kind="curvature", side="mean", by_flavor=each(("jax", "keras3:jax"), At(d2="right"))),),
    declared=Declared(
        range=between(-1, 1),
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.C1,
        zero_centered=True,
        identity_near_zero=True,
    ),
    reference="Glorot & Bengio, 'Understanding the difficulty of training deep feedforward neural networks', "
    "AISTATS 2010 (softsign after Bergstra et al. 2009)",
    frameworks={
        "torch": Flavor("torch.nn.Softsign, F.softsign"),
        "keras3": Flavor("keras.activations.softsign"),
        "keras2": Flavor("tf.keras.activations.softsign"),
        "jax": Flavor("jax.nn.soft_sign", note="spelled soft_sign"),
    },
    notes="C¹ only: f″ jumps from 2 to −2 at 0 (actplot gives f″(0) = 0, the mean, as PyTorch does; JAX gives −2). f → ±1 only like 1/x.",
)

# --- log_sigmoid --------------------------------------------------------------------------------


def log_sigmoid_value(x: FloatArray) -> FloatArray:
    r""".. math:: \log\sigma(x) = -\log(1 + e^{-x}) = \min(x, 0) - \log(1 + e^{-|x|})

    Never log(sigmoid(x)) (−inf below −745) nor log(1 + exp(−x)) (overflow).
    """
    return np.minimum(x, 0.0) - log1p_exp_neg_abs(x)


def _logistic_parts(x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """e = exp(−|x|) and 1/(1 + e) = rh + rl to about 2⁻¹⁰⁰ (no rounding of 1 + e survives).

    s = 1 + e is rounded, t = e − (s − 1) is its exact error; rh = 1/s, ρ = 1 − rh·s exactly
    (Dekker), and 1/(s + t) = rh·(1 + ρ − t·rh) + O(2⁻¹⁰⁶).
    """
    e = np.exp(-np.abs(x))
    s = 1.0 + e
    t = e - (s - 1.0)
    rh = 1.0 / s
    p, pe = two_prod(rh, s)
    rl = rh * (((1.0 - p) - pe) - t * rh)
    return e, rh, rl


def _sigmoid_neg_accurate(x: FloatArray, e: FloatArray, rh: FloatArray, rl: FloatArray) -> FloatArray:
    """σ(−x) = n/(1 + e) with n = e (x > 0) or 1 (x ≤ 0): one rounding after an exact product."""
    n = np.maximum(e, np.less_equal(x, 0.0))
    p, pe = two_prod(n, rh)
    return p + (pe + n * rl)


def log_sigmoid_first(x: FloatArray) -> FloatArray:
    r""".. math:: \frac{d}{dx}\log\sigma(x) = \sigma(-x) = \frac{n}{1 + e},\ e = e^{-|x|}

    n = e for x > 0, 1 for x ≤ 0 — never 1 − σ. The plain r·n form (as in sigmoid) is 2.3 ULP
    at worst; carrying 1/(1 + e) as a double-double leaves only exp's own error (≤ 1.4 ULP).
    """
    e, rh, rl = _logistic_parts(x)
    return _sigmoid_neg_accurate(x, e, rh, rl)


def log_sigmoid_second(x: FloatArray) -> FloatArray:
    r""".. math:: \frac{d^2}{dx^2}\log\sigma(x) = -\sigma(x)\,\sigma(-x) = -\frac{e}{(1 + e)^2}

    With 1/(1 + e) = rh + rl: (rh + rl)² = rh² (exact, Dekker) + 2·rh·rl, times e last (so only the
    last product can be subnormal): ≤ 1.8 ULP instead of 4 for e·r·r.
    """
    e, rh, rl = _logistic_parts(x)
    p, pe = two_prod(rh, rh)
    return -((p + (pe + 2.0 * rh * rl)) * e)


def log_sigmoid_pair(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    e, rh, rl = _logistic_parts(x)
    return np.minimum(x, 0.0) - np.log1p(e), _sigmoid_neg_accurate(x, e, rh, rl)


LOG_SIGMOID = ActivationSpec(
    name="log_sigmoid",
    aliases=("logsigmoid",),
    title="Log-sigmoid",
    family="sigmoid-like",
    window=(-5.0, 5.0),  # the saturation on the right and the slope-1 asymptote on the left
    formula=r"f(x) = \log\sigma(x) = -\log(1 + e^{-x})",
    formula_text="f(x) = log σ(x) = −log(1 + e^(−x))",
    derivative_formula=r"f'(x) = \sigma(-x) = 1 - \sigma(x)",
    derivative_formula_text="f′(x) = σ(−x) = 1 − σ(x)",
    value=log_sigmoid_value,
    derivative=log_sigmoid_first,
    second_derivative=log_sigmoid_second,
    value_and_derivative=log_sigmoid_pair,
    declared=Declared(
        range=between(-math.inf, 0),
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=True,
        smoothness=Smoothness.CINF,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="https://pytorch.org/docs/stable/generated/torch.nn.LogSigmoid.html (−softplus(−x))",
    frameworks={
        "torch": Flavor("torch.nn.LogSigmoid, F.logsigmoid"),
        "keras3": Flavor("keras.activations.log_sigmoid", note="Keras 3.7+"),
        "jax": Flavor("jax.nn.log_sigmoid", note="−softplus(−x)"),
    },
    notes="Equals −softplus(−x). Computed as min(x, 0) − log1p(e^(−|x|)): no overflow, no −inf below −745.",
)

SPECS: tuple[ActivationSpec, ...] = (SIGMOID, TANH, HARD_SIGMOID, HARD_TANH, SPARSE_SIGMOID, SOFTSIGN, LOG_SIGMOID)
