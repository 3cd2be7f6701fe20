"""Bounded, S-shaped activations: sigmoid, tanh and their relatives."""

from __future__ import annotations

import numpy as np

from actplot._numerics import sigmoid, sigmoid_derivative, sigmoid_parts, step
from actplot.spec import ActivationSpec, Declared, FloatArray, Flavor

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
    return r * np.maximum(e, step(x)), (e * r) * r


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
        range="(0, 1)",
        bounded=True,
        monotonic="increasing",
        monotonic_derivative=False,
        smoothness="Cinf",
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
    e = np.exp(-2.0 * np.abs(x))
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
    formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
    formula_text="tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)",
    derivative_formula=r"\tanh'(x) = 1 - \tanh^{2}(x)",
    derivative_formula_text="tanh′(x) = 1 − tanh²(x)",
    value=tanh_value,
    derivative=tanh_first,
    second_derivative=tanh_second,
    value_and_derivative=tanh_pair,
    declared=Declared(
        range="(-1, 1)",
        bounded=True,
        monotonic="increasing",
        monotonic_derivative=False,
        smoothness="Cinf",
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

SPECS: tuple[ActivationSpec, ...] = (SIGMOID, TANH)
