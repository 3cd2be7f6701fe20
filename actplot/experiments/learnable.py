"""Learned parameters of hidden activations: the hook that makes PReLU's slope a trained weight.

A catalogue spec gives f and f′ = ∂f/∂x, but not the derivative with respect to a parameter, which
back-propagation needs to learn that parameter. :data:`LEARNABLE` supplies it, per function, as an
analytic kernel with the catalogue's kernel contract (a float64 array in, an array like it out,
the parameters as keywords, nan in gives nan out). Only PReLU is registered today:

    f(x; a) = max(0, x) + a·min(0, x),   ∂f/∂a = min(0, x)      (He et al. 2015)

∂f/∂a is continuous (0 at x = 0 from both sides), so no kink convention is involved; f′ at x = 0
still follows the flavour's convention through the catalogue.

One value per hidden layer, shared by the layer's units (He et al.'s "channel-shared" variant and
PyTorch's default ``nn.PReLU()``), starting at the SPEC's value of the parameter (0.25 for
``prelu``, 0 for ``prelu@keras3``). Its gradient is Σ over the batch and the layer's units of
g ⊙ ∂f/∂a, and the run's optimiser updates it like every weight. To add another function, register
its parameter, the kernel of ∂f/∂parameter and a record name; :class:`LearnedElementwise` in
:mod:`actplot.experiments.network` does the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from actplot.activation import Activation
from actplot.spec import FloatArray, Kernel


@dataclass(frozen=True)
class LearnableParameter:
    """A parameter of a catalogue function that training learns, one value per hidden layer."""

    function: str
    """The catalogue name, e.g. ``prelu``."""
    parameter: str
    """The spec's parameter, e.g. ``alpha``."""
    gradient: Kernel
    """∂f/∂parameter as a kernel: ``gradient(x, **params)`` for a float64 array x."""
    metric: str
    """Records carry the learned value as ``{metric}_layer{k}`` after every epoch."""
    formula: str
    """∂f/∂parameter in words, for the documentation and ``--help``."""


def prelu_slope_gradient(x: FloatArray, alpha: float) -> FloatArray:
    r""".. math:: \partial f / \partial a = \min(0, x)

    of PReLU, f(x; a) = max(0, x) + a·min(0, x); exact in floating point (nan stays nan)."""
    return np.minimum(x, 0.0)


LEARNABLE: Mapping[str, LearnableParameter] = MappingProxyType({
    "prelu": LearnableParameter("prelu", "alpha", prelu_slope_gradient, "prelu_slope", "∂f/∂a = min(0, x)"),
})

LEARNED_METRICS: tuple[str, ...] = tuple(p.metric for p in LEARNABLE.values())
"""The record names of learned parameters (each recorded as ``{metric}_layer{k}``)."""


def learnable_for(act: Activation) -> LearnableParameter | None:
    """The parameter training learns for this activation, or None (a fixed function)."""
    return LEARNABLE.get(act.name)
