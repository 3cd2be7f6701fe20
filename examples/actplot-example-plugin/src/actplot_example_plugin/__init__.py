"""log_cosh: f(x) = log(cosh x), an even, convex, smooth 'soft |x|' (≈ x²/2 near 0, |x| − log 2 far out).

Registered with actplot through the ``actplot.activations`` entry point in pyproject.toml. The
kernels follow actplot's contract: float64 in and out, no NumPy warnings for any input (±inf, nan,
subnormals), exact limits at ±inf.
"""

from __future__ import annotations

import math

import numpy as np

from actplot.shape import Monotonicity, Smoothness, between
from actplot.spec import ActivationSpec, Declared

LOG_2 = math.log(2.0)
_SWITCH = 20.0
"""Above |x| = 20, log cosh x = |x| − log 2 + log1p(e^(−2|x|)) loses nothing (the log1p term is
below 1e-17 relative); below it, log1p(2 sinh²(x/2)) keeps full relative accuracy down to x²/2."""


def _value(x: np.ndarray, /, **params: object) -> np.ndarray:
    a = np.abs(x)
    out = np.empty_like(a)
    near = a < _SWITCH  # False for nan, which takes the far branch and stays nan
    s = np.sinh(0.5 * a[near])
    out[near] = np.log1p(2.0 * s * s)  # cosh a − 1 = 2 sinh²(a/2)
    far = a[~near]
    tail = np.exp(-far)  # e^(−2|x|) as a square: −2|x| itself would overflow for |x| > 9e307
    out[~near] = far - LOG_2 + np.log1p(tail * tail)
    return out


def _derivative(x: np.ndarray, /, **params: object) -> np.ndarray:
    return np.tanh(x)


def _second_derivative(x: np.ndarray, /, **params: object) -> np.ndarray:
    # sech² x = 4 e^(−2|x|) / (1 + e^(−2|x|))²: no overflow of cosh for |x| > 710
    half = np.exp(-np.abs(x))
    e = half * half
    return 4.0 * e / ((1.0 + e) * (1.0 + e))


LOG_COSH = ActivationSpec(
    name="log_cosh",
    title="Log-cosh",
    family="classic",
    aliases=("logcosh",),
    formula=r"f(x) = \log(\cosh x)",
    formula_text="f(x) = log(cosh x)",
    derivative_formula=r"f'(x) = \tanh x",
    derivative_formula_text="f′(x) = tanh x",
    value=_value,
    derivative=_derivative,
    second_derivative=_second_derivative,
    declared=Declared(
        range=between(0, math.inf, low_attained=True),
        bounded=False,
        monotonic=Monotonicity.NO,
        monotonic_derivative=True,
        smoothness=Smoothness.CINF,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="The log-cosh loss used as an activation; example plugin of actplot.",
    notes="Even and convex; x²/2 near 0 and |x| − log 2 for large |x|.",
)

SPECS = (LOG_COSH,)
