"""Weight initialisations: normal weights with a standard deviation set by the layer's fan-in/out.

* ``lecun``  — std = 1/√fan_in (LeCun normal; keeps the pre-activation variance of a unit-gain
  function such as SELU or tanh near its input's);
* ``he``     — std = √(2/fan_in) (He/Kaiming normal; doubles the variance to make up for a
  rectifier zeroing half of its inputs);
* ``xavier`` — std = √(2/(fan_in + fan_out)) (Glorot normal; a compromise between the forward and
  the backward pass).

``default`` picks per function (:func:`default_init`): LeCun for SELU (its self-normalising
fixed point is derived for it), He for rectifiers and exponential/gated units, Xavier for
everything else (sigmoid-like and classic functions).
"""

from __future__ import annotations

import math

import numpy as np

from actplot.errors import ActplotError

INITS = ("default", "he", "lecun", "xavier")

_HE_FAMILIES = ("rectifier", "exponential unit", "gated/smooth")


def default_init(name: str, family: str) -> str:
    """The init ``default`` stands for, given a function's canonical name and family."""
    if name == "selu":
        return "lecun"
    if family in _HE_FAMILIES:
        return "he"
    return "xavier"


def check_init(name: str) -> str:
    key = name.strip().lower()
    aliases = {"kaiming": "he", "glorot": "xavier"}
    key = aliases.get(key, key)
    if key not in INITS:
        raise ActplotError(f"--init must be one of {', '.join(INITS)}; got {name!r}")
    return key


def weight_std(init: str, fan_in: int, fan_out: int) -> float:
    """The standard deviation of a layer's weights under ``init`` (he, lecun or xavier)."""
    if init == "he":
        return math.sqrt(2.0 / fan_in)
    if init == "lecun":
        return math.sqrt(1.0 / fan_in)
    if init == "xavier":
        return math.sqrt(2.0 / (fan_in + fan_out))
    raise ActplotError(f"unknown init {init!r}; choose one of he, lecun, xavier")


def normal_weights(
    rng: np.random.Generator, init: str, fan_in: int, fan_out: int, dtype: np.dtype, *, columns: int | None = None
) -> np.ndarray:
    """A (fan_in, columns or fan_out) weight matrix drawn in float64 and rounded once to ``dtype``,
    so float32 and float64 networks start from the same weights. ``columns`` > fan_out is for
    maxout pieces, each scaled like a plain unit of the layer."""
    std = weight_std(init, fan_in, fan_out)
    return (rng.standard_normal((fan_in, columns or fan_out)) * std).astype(dtype)
