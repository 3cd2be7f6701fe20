"""actplot: plot, tabulate and compare activation functions and their exact derivatives.

>>> import actplot
>>> act = actplot.get("leaky_relu", negative_slope=0.1)  # or "leaky_relu:negative_slope=0.1"
>>> act([-2.0, 0.0, 3.0]).tolist()
[-0.2, 0.0, 3.0]
>>> float(act.derivative(-1.0))
0.1
"""

from __future__ import annotations

from actplot.activation import Activation
from actplot.errors import (
    ActplotError,
    FlavorError,
    InputError,
    ParameterError,
    SpecSyntaxError,
    UnknownActivationError,
)
from actplot.registry import SPECS, get, lookup, names
from actplot.spec import DEFAULT_FLAVOR, FAMILIES, FLAVORS, ActivationSpec

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_FLAVOR",
    "FAMILIES",
    "FLAVORS",
    "SPECS",
    "Activation",
    "ActivationSpec",
    "ActplotError",
    "FlavorError",
    "InputError",
    "ParameterError",
    "SpecSyntaxError",
    "UnknownActivationError",
    "__version__",
    "get",
    "lookup",
    "names",
]
