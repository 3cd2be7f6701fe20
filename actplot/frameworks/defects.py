"""Where a framework is numerically wrong, or cannot answer: the one declarative table.

actplot keeps the mathematics. Each entry names the flavours, function and derivative orders it
covers, what the framework does instead, and how large the difference may be; a recorded or live
value that differs from actplot by more than that bound is still a disagreement. Every entry was
measured with the framework release named in :data:`actplot.spec.FLAVOR_VERSIONS` and is checked
against the recorded fixtures by the tests (an entry that no longer matches anything fails too).

Two conventions of the hardware rather than of one function are handled for every function by
:mod:`actplot.frameworks.verify` and documented here for completeness:

* subnormal inputs (|x| < 2.2e-308, and the smallest normal number for TensorFlow's EluGrad) are
  flushed to zero by XLA and TensorFlow on CPU: they return f(0), f′(0), f″(0);
* the float next to a kink may round onto the kink inside a framework's formula (JAX's
  hard_sigmoid computes relu6(x + 3)/6, and 3 − 2⁻⁵¹ + 3 rounds to 6): there the framework returns
  its value at the kink.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from actplot.spec import ParamValue


@dataclass(frozen=True, slots=True, kw_only=True)
class Defect:
    """A documented difference between a framework and the mathematics.

    ``matches(x, actplot_value, framework_value, params)`` says whether an observed difference is
    this defect (within its measured size); ``orders`` are 0 (f), 1 (f′), 2 (f″).
    ``unavailable`` marks a derivative order the framework cannot compute at all.
    """

    flavors: tuple[str, ...]
    function: str
    orders: tuple[int, ...]
    instead: str
    size: str
    matches: Callable[[float, float, float, Mapping[str, ParamValue]], bool] = lambda x, a, b, p: False
    unavailable: bool = False
    reference: str = ""

    def applies(self, flavor: str, function: str, order: int) -> bool:
        return flavor in self.flavors and function == self.function and order in self.orders


def _absolute_within(bound: float) -> Callable[[float, float, float, Mapping[str, ParamValue]], bool]:
    def check(x: float, a: float, b: float, params: Mapping[str, ParamValue]) -> bool:
        return math.isfinite(b) and abs(a - b) <= bound

    return check


def _scaled_within(bound: float) -> Callable[[float, float, float, Mapping[str, ParamValue]], bool]:
    """|a − b| ≤ bound·max(|a|, |b|, 1): relative for large values, absolute near zero."""

    def check(x: float, a: float, b: float, params: Mapping[str, ParamValue]) -> bool:
        return math.isfinite(b) and abs(a - b) <= bound * max(abs(a), abs(b), 1.0)

    return check


def _float32_slope(x: float, a: float, b: float, params: Mapping[str, ParamValue]) -> bool:
    """The framework computed with the slope rounded to float32: b = a·float32(s)/s exactly-ish."""
    slope = params["negative_slope"]
    if not isinstance(slope, float):
        return False
    if slope == 0.0:
        return False
    rounded = float(np.float32(slope))
    expected = a * rounded / slope
    return math.isfinite(b) and abs(b - expected) <= 4 * 2.0**-52 * max(abs(expected), 1e-300)


def _float32_one_sixth(x: float, a: float, b: float, params: Mapping[str, ParamValue]) -> bool:
    return a == 1.0 / 6.0 and b == float(np.float32(1.0 / 6.0))


def _nan_beyond(limit: float) -> Callable[[float, float, float, Mapping[str, ParamValue]], bool]:
    def check(x: float, a: float, b: float, params: Mapping[str, ParamValue]) -> bool:
        return math.isnan(b) and x >= limit

    return check


def _torch_softplus_cutoff(x: float, a: float, b: float, params: Mapping[str, ParamValue]) -> bool:
    """PyTorch's softplus is x (f′ = 1, f″ = 0) from x = 20 on; the difference is at most σ(−20)."""
    return x >= 20.0 and math.isfinite(b) and abs(a - b) <= 2.1e-9


def _value_at(expected: float) -> Callable[[float, float, float, Mapping[str, ParamValue]], bool]:
    def check(x: float, a: float, b: float, params: Mapping[str, ParamValue]) -> bool:
        return x == 0.0 and b == expected

    return check


def _anything(x: float, a: float, b: float, params: Mapping[str, ParamValue]) -> bool:
    return True


DEFECTS: tuple[Defect, ...] = (
    Defect(
        flavors=("keras2", "keras3"),
        function="gelu",
        orders=(0, 1, 2),
        instead="uses float32-rounded constants (√(2/π), 0.044715, 1/√2) even in float64",
        size="measured up to 1.4e-8 absolute in f, f′, f″ (relative error grows in the tails: 7e-6 at x = −6)",
        matches=_scaled_within(2e-8),
    ),
    Defect(
        flavors=("keras2", "keras3"),
        function="leaky_relu",
        orders=(0, 1),
        instead="rounds the slope to float32 even in float64 (0.3 becomes 0.30000001192092896)",
        size="up to 4e-8 relative (float32 rounding of the slope)",
        matches=_float32_slope,
    ),
    Defect(
        flavors=("keras2", "keras3"),
        function="relu",
        orders=(0, 1),
        instead="relu with a negative slope (and θ = 0, no cap) runs leaky_relu, which rounds the slope to float32",
        size="up to 4e-8 relative (float32 rounding of the slope)",
        matches=_float32_slope,
    ),
    Defect(
        flavors=("torch", "keras3:torch"),
        function="hard_sigmoid",
        orders=(1,),
        instead="returns the float32 constant 1/6 (0.1666666716337204) as the float64 gradient",
        size="3e-8 relative",
        matches=_float32_one_sixth,
    ),
    Defect(
        flavors=("torch", "keras3:torch"),
        function="hard_sigmoid",
        orders=(2,),
        instead="has no double backward (aten::hardsigmoid_backward is not differentiable)",
        size="f″ unavailable",
        unavailable=True,
    ),
    Defect(
        flavors=("keras2", "keras3"),
        function="softsign",
        orders=(2,),
        instead="has no gradient for SoftsignGrad, so f″ cannot be taken",
        size="f″ unavailable",
        unavailable=True,
    ),
    Defect(
        flavors=("torch",),
        function="mish",
        orders=(2,),
        instead="double backward returns nan for x > 709.78 (eˣ overflows inside its formula)",
        size="nan instead of 0 for x > 709.78 (measured by bisection: nan from 709.7827128933841)",
        matches=_nan_beyond(709.78),
    ),
    Defect(
        flavors=("keras3:jax",),
        function="tanh",
        orders=(0, 1, 2),
        instead="returns float32 for float64 input (keras.activations.tanh on JAX)",
        size="float32 rounding: measured up to 1.2e-7 absolute in f, 2.5e-7 in f′, 5.1e-7 in f″",
        matches=_absolute_within(6e-7),
    ),
    Defect(
        flavors=("keras3", "keras3:jax", "keras3:torch"),
        function="sparsemax",
        orders=(0, 1),
        instead="keras.activations.sparsemax (Keras 3.15) computes a wrong threshold: rows do not sum to 1",
        size="up to 0.5 in f and 1 in f′",
        matches=_anything,
    ),
    Defect(
        flavors=("keras3:torch",),
        function="softplus",
        orders=(0, 1, 2),
        instead="uses torch's softplus with its threshold 20: f = x, f′ = 1, f″ = 0 from x = 20 on",
        size="up to σ(−20) = 2.1e-9 absolute",
        matches=_torch_softplus_cutoff,
    ),
    Defect(
        flavors=("keras3",),
        function="celu",
        orders=(1,),
        instead="gives celu′(0) = 2: tf.maximum and tf.minimum both pass the gradient at the tie, "
        "though celu is differentiable there with slope 1",
        size="2 instead of 1 at x = 0",
        matches=_value_at(2.0),
    ),
    Defect(
        flavors=("jax", "keras3", "keras3:jax", "keras3:torch"),
        function="squareplus",
        orders=(0,),
        instead="computes (x + √(x² + b))/2, which cancels for x ≪ 0",
        size="measured up to 2.3e-14 absolute (1e-10 relative) at x = −1000",
        matches=_absolute_within(3e-14),
    ),
    Defect(
        flavors=("jax", "keras3:jax"),
        function="gelu",
        orders=(2,),
        instead="autodiff of the tanh form loses digits in f″ for |x| > 4",
        size="measured up to 4e-14 absolute (at x = −5.25)",
        matches=_absolute_within(5e-14),
    ),
)


def find(flavor: str, function: str, order: int) -> tuple[Defect, ...]:
    """The table's entries for this flavour, function and derivative order."""
    return tuple(d for d in DEFECTS if d.applies(flavor, function, order))


def for_flavor(flavor: str, function: str) -> tuple[Defect, ...]:
    """Every entry for this flavour and function (for ``actplot info``)."""
    return tuple(d for d in DEFECTS if flavor in d.flavors and d.function == function)
