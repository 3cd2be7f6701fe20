"""Rectifiers: ReLU and its piecewise-linear relatives (leaky, parametric, randomised, thresholded).

Every function here is piecewise linear, so every value is either exact (a copy of x, 0, a
constant) or one correctly rounded product; the two places where a shift *and* a slope meet
(Keras' ``relu(threshold=θ, negative_slope=a)`` and RReLU's eval slope (l+u)/2 when it is not a
float) go through :func:`slope_times_shift`, which is correctly rounded up to a few 2⁻¹⁰⁰.

Branches are selected exactly without ``np.where``: one of two summands is exactly 0, or the wanted
piece is a max/min. Derivatives are indicator functions built with comparisons; ``nan_zero`` keeps
nan in → nan out (a comparison with nan is just False).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from actplot._numerics import fraction_dd, indicator, nan_zero, two_prod, two_sum, zero_curvature
from actplot.errors import ParameterError
from actplot.spec import (
    ActivationSpec,
    At,
    Declared,
    Flavor,
    FloatArray,
    Formulas,
    FormulaVariant,
    Kink,
    KinkKind,
    Param,
    Side,
    each,
)

_MAX = float(np.finfo(np.float64).max)

# --- exact helpers shared by the rectifiers ------------------------------


def scaled(a: float, v: FloatArray) -> FloatArray:
    """a·v with the limit 0 for a = 0 (0·±inf would be nan and warn)."""
    if a == 0.0:
        return nan_zero(v)
    return a * v


def slope_times_shift(x: FloatArray, a_hi: float, a_lo: float, t: float) -> FloatArray:
    """(a_hi + a_lo)·(x − t) for every float x, correctly rounded up to O(2⁻¹⁰⁰) relative.

    The naive a·(x − t) rounds twice (up to ~1.3 ULP); here x − t = s + e exactly (TwoSum on
    halved operands so nothing overflows), s is brought to [½, 1) with frexp so Dekker's product
    cannot overflow, and the slope (a scalar) is split the same way with math.frexp. Products
    beyond the float range come out as ±inf (the true value); ±inf and nan map to their limits.
    ``a_hi`` must be nonzero.
    """
    xc = np.clip(x, -_MAX, _MAX)  # ±inf restored at the end; nan stays nan
    halve = abs(t) >= 2.0**-960  # tiny shifts cannot overflow x − t; halving them could lose bits
    h = 0.5 if halve else 1.0
    s, e = two_sum(xc * h, -t * h)
    m, k = np.frexp(s)
    em = np.ldexp(e, -k)
    am, ka = math.frexp(a_hi)
    alo = math.ldexp(a_lo, -ka)
    p, pe = two_prod(m, am)
    r = p + (pe + (am * em + alo * m))
    out = np.ldexp(r, k + (ka + (1 if halve else 0)))
    return out + a_hi * (x - xc)  # +0 for finite x; ±inf·a for infinite x


def _exact_half_sum(lo: float, hi: float) -> tuple[float, float]:
    """(lo + hi)/2 as a float pair (value, remainder) with value = the correctly rounded mean."""
    return fraction_dd((Fraction(lo) + Fraction(hi)) / 2)


def _leaky(x: FloatArray, a: float) -> FloatArray:
    """x for x ≥ 0, a·x for x < 0: max(x, 0) + a·min(x, 0), one summand exactly 0."""
    return np.maximum(x, 0.0) + scaled(a, np.minimum(x, 0.0))


def _leaky_first(x: FloatArray, a: float) -> FloatArray:
    """1 for x > 0, a for x < 0 (the value at 0 is set by the kink convention)."""
    return np.add(x > 0.0, nan_zero(x) + (x < 0.0) * a)


_zeros = zero_curvature  # f″ of a piecewise-linear function


# --- relu ---------------------------------------------------------------------------------------


def relu_value(x: FloatArray, negative_slope: float, max_value: float, threshold: float) -> FloatArray:
    r"""Keras' three-parameter ReLU (plain max(0, x) with the defaults).

    .. math:: f(x) = \min(x, M)\ (x > \theta), \quad a\,(x - \theta)\ (x \le \theta)

    as in ``keras.activations.relu``: x·[x > θ] clipped to [0, M], minus a·relu(θ − x); so f(θ) = 0
    and with θ > 0 f jumps from 0 to min(θ, M) at θ. The positive piece is
    min(max(x, θ), M) − [x ≤ θ]·min(θ, M) (exactly 0 for x ≤ θ), the negative piece
    a·(min(x, θ) − θ) (exactly 0 for x ≥ θ), correctly rounded by :func:`slope_times_shift`.
    """
    a, big, t = negative_slope, max_value, threshold
    if t == 0.0 and a == 0.0 and big == math.inf:
        return np.maximum(x, 0.0)  # plain max(0, x): one pass (nan stays nan)
    if t == 0.0:
        return np.minimum(np.maximum(x, 0.0), big) + scaled(a, np.minimum(x, 0.0))
    top = min(t, big)
    pos = np.minimum(np.maximum(x, t), big) - (x <= t) * top
    if a == 0.0:
        return pos
    return pos + slope_times_shift(np.minimum(x, t), a, 0.0, t)


def relu_first(x: FloatArray, negative_slope: float, max_value: float, threshold: float) -> FloatArray:
    r""".. math:: f'(x) = 1\ (\theta < x < M), \quad a\ (x < \theta), \quad 0\ (x > \max(\theta, M))"""
    inside = x > threshold
    if math.isfinite(max_value):
        inside &= x < max_value  # with M = inf, x = inf still has the slope-1 limit
    if negative_slope == 0.0:  # (x < θ)·0 is +0.0 and adds nothing: the same bits, three passes fewer
        return np.add(inside, nan_zero(x))
    return np.add(inside, nan_zero(x) + (x < threshold) * negative_slope)


def relu_kinks(negative_slope: float, max_value: float, threshold: float) -> tuple[Kink, ...]:
    a, big, t = negative_slope, max_value, threshold
    kinks = []
    right_slope = 1.0 if t < big else 0.0
    if t == 0.0 and big == math.inf:
        # Keras hands relu(x, negative_slope=a ≠ 0) to its leaky_relu: the left slope a at 0,
        # except on JAX (jax.nn.leaky_relu: 1); a plain relu′(0) is 0 everywhere
        keras_at_threshold: dict[str, Side | At] = {"keras3:jax": "right"} if a != 0.0 else {}
    else:
        # otherwise Keras computes relu(x − θ) and a·relu(θ − x) (on every backend, and tf.keras
        # too): both gradients are 0 at x = θ, so f′(θ) = 0 whatever the slopes on either side
        keras_at_threshold = each(_KERAS_FLAVORS, At(d1=0.0))
    if min(t, big) != 0.0:
        # f(θ) = 0 (Keras tests x > θ): the value is the left limit; f′ there is the left slope
        kinks.append(Kink(t, kind="jump", side="left", value_side="left", by_flavor=keras_at_threshold))
    elif a != right_slope:
        kinks.append(Kink(t, kind="kink", side="left", by_flavor=keras_at_threshold))  # relu′(0) = 0 in torch and JAX
    if math.isfinite(big) and big > t:
        # relu6′(6) = 0 in torch and JAX; Keras clips with minimum(x, M), whose gradient at the tie
        # is 1 on TensorFlow and PyTorch and ½ on JAX
        kinks.append(Kink(big, kind="kink", side="right",
                          by_flavor={"keras2": "left", "keras3": "left", "keras3:jax": "mean"}))
    return tuple(kinks)


_KERAS_FLAVORS = ("keras2", "keras3", "keras3:jax", "keras3:torch")


_RELU_FORMULA = r"f(x) = \min(x, M)\ \mathrm{if}\ x > \theta,\ \ a\,(x - \theta)\ \mathrm{otherwise}"
_RELU_FORMULA_TEXT = "f(x) = min(x, M) if x > θ, else a·(x − θ)"
_RELU_DERIVATIVE = (
    r"f'(x) = 1\ \mathrm{if}\ \theta < x < M,\ \ a\ \mathrm{if}\ x < \theta,\ \ 0\ \mathrm{if}\ x > \max(\theta, M)"
)
_RELU_DERIVATIVE_TEXT = "f′(x) = 1 if θ < x < M, a if x < θ, 0 if x > max(θ, M)"

RELU = ActivationSpec(
    name="relu",
    title="ReLU",
    family="rectifier",
    formula=_RELU_FORMULA,
    # the catalogue (actplot list) shows this one line for every configuration, so it names the defaults
    formula_text=f"{_RELU_FORMULA_TEXT}   (defaults a = 0, M = ∞, θ = 0: max(0, x))",
    derivative_formula=_RELU_DERIVATIVE,
    derivative_formula_text=_RELU_DERIVATIVE_TEXT,
    formula_variants=(
        FormulaVariant(
            applies=lambda params: (params["negative_slope"], params["max_value"], params["threshold"]) == (0.0, math.inf, 0.0),
            formulas=Formulas(
                formula=r"f(x) = \max(0, x)",
                formula_text="f(x) = max(0, x)",
                derivative_formula=r"f'(x) = 1\ \mathrm{if}\ x > 0,\ \ 0\ \mathrm{if}\ x < 0",
                derivative_formula_text="f′(x) = 1 if x > 0, 0 if x < 0",
            ),
        ),
        FormulaVariant(
            # any other configuration: its values are shown beside the formula (a = 0.1, M = 6, θ = 0),
            # so the text must not repeat the defaults
            applies=lambda params: True,
            formulas=Formulas(
                formula=_RELU_FORMULA,
                formula_text=_RELU_FORMULA_TEXT,
                derivative_formula=_RELU_DERIVATIVE,
                derivative_formula_text=_RELU_DERIVATIVE_TEXT,
            ),
        ),
    ),
    value=relu_value,
    derivative=relu_first,
    second_derivative=_zeros,
    params=(
        Param(
            name="negative_slope",
            default=0.0,
            doc="slope a below the threshold (Keras 2 calls it alpha)",
            symbol="a",
            aliases=("alpha",),
            low=0.0,
        ),
        Param(
            name="max_value",
            default=math.inf,
            doc="saturation value M: f = M for x ≥ M (inf or none: no cap)",
            symbol="M",
            low=0.0,
            allow_inf=True,
        ),
        Param(
            name="threshold",
            default=0.0,
            doc="θ: f = x only for x > θ; with a = 0 and θ > 0, f jumps from 0 to θ there",
            symbol=r"\theta",
            low=0.0,
        ),
    ),
    kinks=relu_kinks,
    declared=Declared(
        range="[0, inf)",
        bounded=False,
        monotonic="increasing",
        monotonic_derivative=True,
        smoothness="C0",
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Nair & Hinton, 'Rectified Linear Units Improve Restricted Boltzmann Machines', ICML 2010",
    frameworks={
        "torch": Flavor("torch.relu, torch.nn.ReLU()", note="no parameters: only the defaults (max(0, x)) exist"),
        "keras3": Flavor("keras.activations.relu(x, negative_slope=0.0, max_value=None, threshold=0.0)"),
        "keras2": Flavor(
            "tf.keras.activations.relu(x, alpha=0.0, max_value=None, threshold=0.0)",
            note="negative_slope is called alpha in Keras 2",
        ),
        "jax": Flavor("jax.nn.relu", note="no parameters: only the defaults (max(0, x)) exist"),
    },
    notes=(
        "The parameters follow Keras (keras.activations.relu); torch and JAX have none. The value at "
        "x = θ is a·0 = 0 because Keras tests x > θ: with θ > 0 and M > 0 the curve jumps from 0 to "
        "min(θ, M) there (Keras doc example: relu([-10, -5, 0, 5, 10], threshold=5) = [0, 0, 0, 0, 10]). "
        "relu′(0) = 0, the left slope, in torch and JAX; f′(M) = 0."
    ),
    examples=(
        {"threshold": 5.0},
        {"negative_slope": 0.01, "threshold": 0.7, "max_value": 6.0},
        {"negative_slope": 0.3, "max_value": 2.5},
    ),
)

# --- relu6 --------------------------------------------------------------------------------------


def relu6_value(x: FloatArray) -> FloatArray:
    r""".. math:: f(x) = \min(\max(0, x), 6)"""
    return np.clip(x, 0.0, 6.0)


def relu6_first(x: FloatArray) -> FloatArray:
    r""".. math:: f'(x) = 1\ (0 < x < 6),\ 0\ \text{otherwise}"""
    return indicator((x > 0.0) & (x < 6.0), x)


RELU6 = ActivationSpec(
    name="relu6",
    title="ReLU6",
    family="rectifier",
    formula=r"f(x) = \min(\max(0, x), 6)",
    formula_text="f(x) = min(max(0, x), 6)",
    derivative_formula=r"f'(x) = 1\ \mathrm{if}\ 0 < x < 6,\ \ 0\ \mathrm{otherwise}",
    derivative_formula_text="f′(x) = 1 if 0 < x < 6, else 0",
    value=relu6_value,
    derivative=relu6_first,
    second_derivative=_zeros,
    kinks=lambda: (Kink(0.0, side="left"), Kink(6.0, side="right")),
    declared=Declared(
        range="[0, 6]",
        bounded=True,
        monotonic="increasing",
        monotonic_derivative=False,
        smoothness="C0",
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Krizhevsky, 'Convolutional Deep Belief Networks on CIFAR-10' (2010), University of Toronto",
    frameworks={
        "torch": Flavor("torch.nn.ReLU6, torch.nn.functional.relu6"),
        "keras3": Flavor("keras.activations.relu6", note="relu(max_value=6) routes to it"),
        "jax": Flavor("jax.nn.relu6"),
    },
    notes=(
        "f′(0) = f′(6) = 0 in torch and JAX (JAX PR #14840 matched torch). Keras 2 has no relu6 "
        "activation: use relu with max_value=6."
    ),
)

# --- leaky_relu ---------------------------------------------------------------------------------


def leaky_relu_value(x: FloatArray, negative_slope: float) -> FloatArray:
    r""".. math:: f(x) = x\ (x \ge 0), \quad a x\ (x < 0)

    max(x, 0) + a·min(x, 0): one summand is exactly 0, so each piece is one correctly rounded
    product and no branch can overflow or make inf·0.
    """
    return _leaky(x, negative_slope)


def leaky_relu_first(x: FloatArray, negative_slope: float) -> FloatArray:
    r""".. math:: f'(x) = 1\ (x > 0), \quad a\ (x < 0)"""
    return _leaky_first(x, negative_slope)


def _leaky_kinks(slope: float) -> tuple[Kink, ...]:
    if slope == 1.0:
        return ()
    # f′(0): torch (and TF's leaky_relu gradient) give the left slope a, JAX gives 1 (and so does
    # Keras 3 on JAX)
    return (Kink(0.0, side="left", by_flavor=each(("jax", "keras3:jax"), "right")),)


LEAKY_RELU = ActivationSpec(
    name="leaky_relu",
    title="Leaky ReLU",
    family="rectifier",
    formula=r"f(x) = \max(0, x) + a\,\min(0, x)",
    formula_text="f(x) = x if x ≥ 0, else a·x",
    derivative_formula=r"f'(x) = 1\ \mathrm{if}\ x > 0,\ \ a\ \mathrm{if}\ x < 0",
    derivative_formula_text="f′(x) = 1 if x > 0, a if x < 0",
    value=leaky_relu_value,
    derivative=leaky_relu_first,
    second_derivative=_zeros,
    params=(
        Param(
            name="negative_slope",
            default=0.01,
            doc="slope a for x < 0 (alias alpha, as in Keras 2's LeakyReLU(alpha=0.3))",
            symbol="a",
            aliases=("alpha",),
        ),
    ),
    kinks=lambda negative_slope: _leaky_kinks(negative_slope),
    declared=Declared(
        range="(-inf, inf)",
        bounded=False,
        monotonic="increasing",
        monotonic_derivative=True,
        smoothness="C0",
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="Maas, Hannun & Ng, 'Rectifier Nonlinearities Improve Neural Network Acoustic Models', ICML 2013 WDLASL",
    frameworks={
        "torch": Flavor("torch.nn.LeakyReLU(negative_slope=0.01), F.leaky_relu"),
        "keras3": Flavor(
            "keras.activations.leaky_relu(x, negative_slope=0.2)",
            {"negative_slope": 0.2},
            note="keras.ops.leaky_relu also 0.2, but keras.layers.LeakyReLU defaults to 0.3",
        ),
        "keras2": Flavor(
            "tf.keras.layers.LeakyReLU(alpha=0.3)",
            {"negative_slope": 0.3},
            note="the slope is called alpha; no leaky_relu activation (tf.nn.leaky_relu defaults to 0.2)",
        ),
        "jax": Flavor("jax.nn.leaky_relu(x, negative_slope=0.01)"),
    },
    notes=(
        "Default slope differs: 0.01 (torch, JAX), 0.2 (Keras 3 function, tf.nn), 0.3 (Keras 2 and "
        "Keras 3 layers). f′(0) is the slope a in torch and 1 in JAX."
    ),
    examples=({"negative_slope": -0.25}, {"negative_slope": 0.7}),
)

# --- prelu --------------------------------------------------------------------------------------


def prelu_value(x: FloatArray, alpha: float) -> FloatArray:
    r""".. math:: f(x) = \max(0, x) + a\,\min(0, x)"""
    return _leaky(x, alpha)


def prelu_first(x: FloatArray, alpha: float) -> FloatArray:
    r""".. math:: f'(x) = 1\ (x > 0), \quad a\ (x < 0)"""
    return _leaky_first(x, alpha)


PRELU = ActivationSpec(
    name="prelu",
    title="PReLU",
    family="rectifier",
    formula=r"f(x) = \max(0, x) + a\,\min(0, x)",
    formula_text="f(x) = x if x ≥ 0, else a·x   (a learnable)",
    derivative_formula=r"f'(x) = 1\ \mathrm{if}\ x > 0,\ \ a\ \mathrm{if}\ x < 0",
    derivative_formula_text="f′(x) = 1 if x > 0, a if x < 0",
    value=prelu_value,
    derivative=prelu_first,
    second_derivative=_zeros,
    params=(
        Param(name="alpha", default=0.25, doc="the learnable slope a for x < 0, at its initial value", symbol="a"),
    ),
    # Keras' PReLU is relu(x) − a·relu(−x): both gradients are 0 at 0, so f′(0) = 0 on every backend
    kinks=lambda alpha: () if alpha == 1.0 else (Kink(0.0, side="left", by_flavor=each(_KERAS_FLAVORS, At(d1=0.0))),),
    declared=Declared(
        range="(-inf, inf)",
        bounded=False,
        monotonic="increasing",
        monotonic_derivative=True,
        smoothness="C0",
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="He, Zhang, Ren & Sun, 'Delving Deep into Rectifiers' (2015), arXiv:1502.01852",
    frameworks={
        "torch": Flavor("torch.nn.PReLU(num_parameters=1, init=0.25), F.prelu(input, weight)"),
        "keras3": Flavor(
            "keras.layers.PReLU(alpha_initializer='zeros')",
            {"alpha": 0.0},
            note="layer only; alpha starts at 0 (a plain ReLU) and is learned per channel",
        ),
        "keras2": Flavor(
            "tf.keras.layers.PReLU(alpha_initializer='zeros')",
            {"alpha": 0.0},
            note="layer only; alpha starts at 0 (a plain ReLU) and is learned per channel",
        ),
    },
    notes=(
        "a is a trained parameter (one per channel by default in Keras, one shared value in torch); "
        "actplot plots the function for one fixed a, by default its initial value: 0.25 in torch, "
        "0 in Keras. ∂f/∂a = min(0, x) is not plotted."
    ),
    examples=({"alpha": -0.5}, {"alpha": 1e-3}),
)

# --- rrelu --------------------------------------------------------------------------------------


def rrelu_value(x: FloatArray, lower: float, upper: float) -> FloatArray:
    r"""RReLU in evaluation mode: a leaky ReLU with the mean slope.

    .. math:: f(x) = x\ (x \ge 0), \quad \frac{l + u}{2}\,x\ (x < 0)

    The slope (l + u)/2 is taken exactly: when it is not a float, its remainder is carried by
    :func:`slope_times_shift` so the value is still one correct rounding of the true product.
    """
    a_hi, a_lo = _exact_half_sum(lower, upper)
    if a_lo == 0.0:
        return _leaky(x, a_hi)
    return np.maximum(x, 0.0) + slope_times_shift(np.minimum(x, 0.0), a_hi, a_lo, 0.0)


def rrelu_first(x: FloatArray, lower: float, upper: float) -> FloatArray:
    r""".. math:: f'(x) = 1\ (x > 0), \quad \frac{l + u}{2}\ (x < 0)"""
    return _leaky_first(x, _exact_half_sum(lower, upper)[0])


def rrelu_band(x: FloatArray, lower: float, upper: float) -> tuple[FloatArray, FloatArray]:
    """Where a training-mode RReLU can fall: between l·x and u·x for x < 0, exactly x for x ≥ 0."""
    pos = np.maximum(x, 0.0)
    neg = np.minimum(x, 0.0)
    low_line, high_line = scaled(lower, neg), scaled(upper, neg)
    return pos + np.minimum(low_line, high_line), pos + np.maximum(low_line, high_line)


def _rrelu_check(lower: float, upper: float) -> None:
    if lower > upper:
        raise ParameterError(f"rrelu needs lower <= upper; got lower={lower:g}, upper={upper:g}")


def _rrelu_kinks(lower: float, upper: float) -> tuple[Kink, ...]:
    a_hi, a_lo = _exact_half_sum(lower, upper)
    return () if (a_hi == 1.0 and a_lo == 0.0) else (Kink(0.0, side="left"),)


RRELU = ActivationSpec(
    name="rrelu",
    title="RReLU (randomised leaky ReLU)",
    family="rectifier",
    formula=r"f(x) = \max(0, x) + \frac{l + u}{2}\,\min(0, x)",
    formula_text="f(x) = x if x ≥ 0, else ((l + u)/2)·x   (evaluation mode; training draws a ~ U(l, u))",
    derivative_formula=r"f'(x) = 1\ \mathrm{if}\ x > 0,\ \ \frac{l + u}{2}\ \mathrm{if}\ x < 0",
    derivative_formula_text="f′(x) = 1 if x > 0, (l + u)/2 if x < 0",
    value=rrelu_value,
    derivative=rrelu_first,
    second_derivative=_zeros,
    params=(
        Param(name="lower", default=0.125, doc="lower bound l of the random slope", symbol="l"),
        Param(name="upper", default=1.0 / 3.0, doc="upper bound u of the random slope", symbol="u"),
    ),
    kinks=_rrelu_kinks,
    check=_rrelu_check,
    band=rrelu_band,
    view=(
        "In training, RReLU multiplies each negative input by its own random slope a ~ U(lower, upper), "
        "so a plot of one call is noise. actplot draws the deterministic evaluation-mode line, slope "
        "(lower + upper)/2, and shades the band between lower·x and upper·x where a training-mode "
        "output can fall. It never draws a random sample."
    ),
    declared=Declared(
        range="(-inf, inf)",
        bounded=False,
        monotonic="increasing",
        monotonic_derivative=True,
        smoothness="C0",
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="Xu, Wang, Chen & Li, 'Empirical Evaluation of Rectified Activations in Convolutional Network' (2015), arXiv:1505.00853",
    frameworks={
        "torch": Flavor(
            "torch.nn.RReLU(lower=1/8, upper=1/3), F.rrelu(x, training=False)",
            note="a fresh nn.RReLU() is in training mode and returns random slopes on every call; "
            "call .eval() for this curve",
        ),
    },
    notes=(
        "Only torch has RReLU. The curve is the evaluation mode (slope (l + u)/2 = 11/48 ≈ 0.229 by "
        "default); the band shows the training-mode range. The derivative at 0 is the left slope."
    ),
    examples=({"lower": 0.1, "upper": 0.3}, {"lower": 0.0, "upper": 1.0}),
)

# --- threshold ----------------------------------------------------------------------------------


def threshold_value(x: FloatArray, threshold: float, value: float) -> FloatArray:
    r""".. math:: f(x) = x\ (x > \theta), \quad v\ (x \le \theta)

    Exact select without np.where: [x > θ]·max(x, θ) + [x ≤ θ]·v — max(x, θ) is finite wherever
    its mask is 0, so no 0·inf; nan gives nan through max.
    """
    above = x > threshold
    return above * np.maximum(x, threshold) + (~above) * value


def threshold_first(x: FloatArray, threshold: float, value: float) -> FloatArray:
    r""".. math:: f'(x) = [x > \theta]"""
    return indicator(x > threshold, x)


def _threshold_kinks(threshold: float, value: float) -> tuple[Kink, ...]:
    kind: KinkKind = "kink" if value == threshold else "jump"
    # f(θ) = v, the left limit; f′(θ) = 0 in torch (threshold(0, 0.5)′(0) = 0)
    return (Kink(threshold, kind=kind, side="left", value_side="left"),)


THRESHOLD = ActivationSpec(
    name="threshold",
    title="Threshold",
    family="rectifier",
    formula=r"f(x) = x\ \mathrm{if}\ x > \theta,\ \ v\ \mathrm{otherwise}",
    formula_text="f(x) = x if x > θ, else v",
    derivative_formula=r"f'(x) = 1\ \mathrm{if}\ x > \theta,\ \ 0\ \mathrm{if}\ x < \theta",
    derivative_formula_text="f′(x) = 1 if x > θ, 0 if x < θ",
    value=threshold_value,
    derivative=threshold_first,
    second_derivative=_zeros,
    params=(
        Param(
            name="threshold",
            default=1.0,
            doc="θ: inputs at or below it are replaced (no framework default; actplot uses 1)",
            symbol=r"\theta",
        ),
        Param(
            name="value",
            default=0.0,
            doc="v: the replacement value (no framework default; actplot uses 0)",
            symbol="v",
        ),
    ),
    kinks=_threshold_kinks,
    declared=Declared(
        range="{0} ∪ (1, inf)",
        bounded=False,
        monotonic="increasing",
        monotonic_derivative=True,
        smoothness="discontinuous",
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="PyTorch, torch.nn.Threshold, https://pytorch.org/docs/stable/generated/torch.nn.Threshold.html",
    frameworks={
        "torch": Flavor("torch.nn.Threshold(threshold, value), F.threshold", note="both arguments are required"),
        "keras3": Flavor(
            "keras.activations.threshold(x, threshold, default_value)",
            note="Keras 3.8+; both arguments are required; value is called default_value",
        ),
    },
    notes=(
        "Neither framework has defaults: actplot uses threshold=1, value=0 so the default plot shows "
        "the jump. f is discontinuous at θ unless v = θ; f(θ) = v (the test is x > θ) and f′(θ) = 0."
    ),
    examples=({"threshold": 0.0, "value": 0.5}, {"threshold": -2.0, "value": -2.0}),
)

# --- thresholded_relu ---------------------------------------------------------------------------


def thresholded_relu_value(x: FloatArray, theta: float) -> FloatArray:
    r""".. math:: f(x) = x\ (x > \theta), \quad 0\ (x \le \theta)

    [x > θ]·max(x, θ): exact, and max(x, θ) is finite where the mask is 0.
    """
    return np.maximum(x, theta) * (x > theta)


def thresholded_relu_first(x: FloatArray, theta: float) -> FloatArray:
    r""".. math:: f'(x) = [x > \theta]"""
    return indicator(x > theta, x)


THRESHOLDED_RELU = ActivationSpec(
    name="thresholded_relu",
    title="Thresholded ReLU",
    family="rectifier",
    formula=r"f(x) = x\ \mathrm{if}\ x > \theta,\ \ 0\ \mathrm{otherwise}",
    formula_text="f(x) = x if x > θ, else 0",
    derivative_formula=r"f'(x) = 1\ \mathrm{if}\ x > \theta,\ \ 0\ \mathrm{if}\ x < \theta",
    derivative_formula_text="f′(x) = 1 if x > θ, 0 if x < θ",
    value=thresholded_relu_value,
    derivative=thresholded_relu_first,
    second_derivative=_zeros,
    params=(Param(name="theta", default=1.0, doc="θ ≥ 0: the input must exceed it to pass", symbol=r"\theta", low=0.0),),
    kinks=lambda theta: (Kink(theta, kind="jump" if theta != 0.0 else "kink", side="left", value_side="left"),),
    declared=Declared(
        range="{0} ∪ (1, inf)",
        bounded=False,
        monotonic="increasing",
        monotonic_derivative=True,
        smoothness="discontinuous",
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Konda, Memisevic & Krueger, 'Zero-bias autoencoders and the benefits of co-adapting features' (2015), arXiv:1402.3337",
    frameworks={
        "keras2": Flavor(
            "tf.keras.layers.ThresholdedReLU(theta=1.0)",
            note="layer only; removed in Keras 3 (use relu(threshold=θ))",
        ),
    },
    notes="A jump of size θ at θ; f(θ) = 0 (the test is x > θ) and f′(θ) = 0. Equals relu(threshold=θ).",
    examples=({"theta": 0.0}, {"theta": 2.5}),
)

SPECS: tuple[ActivationSpec, ...] = (RELU, RELU6, LEAKY_RELU, PRELU, RRELU, THRESHOLD, THRESHOLDED_RELU)
