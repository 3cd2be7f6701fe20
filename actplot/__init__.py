"""actplot: plot, tabulate and compare activation functions and their exact derivatives.

>>> import actplot
>>> act = actplot.get("leaky_relu", negative_slope=0.1)  # or "leaky_relu:alpha=0.1", flavor="keras2"
>>> act([-2.0, 0.0, 3.0]).tolist()
[-0.2, 0.0, 3.0]
>>> float(act.derivative(-1.0))
0.1

Public names are loaded on first use, so ``import actplot`` (and ``actplot --help``) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Activation": "actplot.activation",
    "ActivationSpec": "actplot.spec",
    "DEFAULT_FLAVOR": "actplot.spec",
    "FAMILIES": "actplot.spec",
    "FLAVORS": "actplot.spec",
    "SPECS": "actplot.registry",
    "get": "actplot.registry",
    "lookup": "actplot.registry",
    "names": "actplot.registry",
    "plot": "actplot.notebook",
    "compare": "actplot.notebook",
    "ActplotError": "actplot.errors",
    "FlavorError": "actplot.errors",
    "InputError": "actplot.errors",
    "ParameterError": "actplot.errors",
    "SpecSyntaxError": "actplot.errors",
    "UnknownActivationError": "actplot.errors",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:
    from actplot.activation import Activation  # noqa: F401
    from actplot.errors import (  # noqa: F401
        ActplotError,
        FlavorError,
        InputError,
        ParameterError,
        SpecSyntaxError,
        UnknownActivationError,
    )
    from actplot.notebook import compare, plot  # noqa: F401
    from actplot.registry import SPECS, get, lookup, names  # noqa: F401
    from actplot.spec import DEFAULT_FLAVOR, FAMILIES, FLAVORS, ActivationSpec  # noqa: F401


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'actplot' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
