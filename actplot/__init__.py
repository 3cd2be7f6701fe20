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

import sys as _sys


def _quiet_interrupt(signum: int, frame: object) -> None:  # pragma: no cover - timing dependent
    """Ctrl-C while the ``actplot`` command is still importing: ``Interrupted.``, exit 130, no
    traceback. Nothing has been written yet, so leaving at once loses nothing; the CLI installs
    its own handling when its error boundary is ready (:func:`actplot.cli.main`)."""
    import os

    try:
        os.write(2, b"Interrupted.\n")
    except OSError:  # stderr closed: the exit code still says it
        pass
    finally:
        os._exit(130)


if _sys.argv[:1] and (
    _sys.argv[0] == "-m" or _sys.argv[0].replace("\\", "/").rsplit("/", 1)[-1].startswith("actplot")
):  # the actplot command is starting (its script, or "python -m actplot" while runpy looks us up);
    # a program importing the library keeps its own SIGINT handling. _signal is built in: no file
    # to find, so the handler is in place within microseconds of this module starting.
    import _signal

    try:
        if _signal.getsignal(_signal.SIGINT) is not _signal.SIG_IGN:  # nohup / background jobs
            _signal.signal(_signal.SIGINT, _quiet_interrupt)
    except ValueError:  # not the main thread
        pass

import importlib  # noqa: E402 - after the SIGINT handler above, on purpose
from typing import TYPE_CHECKING, Any  # noqa: E402

__version__ = "0.1.0"

_EXPORTS = {
    "Activation": "actplot.activation",
    "ActivationSpec": "actplot.spec",
    "DEFAULT_FLAVOR": "actplot.spec",
    "FAMILIES": "actplot.spec",
    "FLAVORS": "actplot.spec",
    "ALL_FLAVORS": "actplot.spec",
    "SPECS": "actplot.registry",
    "get": "actplot.registry",
    "register": "actplot.registry",
    "unregister": "actplot.registry",
    "Kink": "actplot.spec",
    "Param": "actplot.spec",
    "Declared": "actplot.spec",
    "Flavor": "actplot.spec",
    "lookup": "actplot.registry",
    "names": "actplot.registry",
    "plot": "actplot.views.notebook",
    "compare": "actplot.views.notebook",
    "ActplotError": "actplot.errors",
    "FlavorError": "actplot.errors",
    "InputError": "actplot.errors",
    "ParameterError": "actplot.errors",
    "SpecSyntaxError": "actplot.errors",
    "UnknownActivationError": "actplot.errors",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:
    from actplot.activation import Activation
    from actplot.errors import (
        ActplotError,
        FlavorError,
        InputError,
        ParameterError,
        SpecSyntaxError,
        UnknownActivationError,
    )
    from actplot.registry import SPECS, get, lookup, names, register, unregister
    from actplot.spec import (
        ALL_FLAVORS,
        DEFAULT_FLAVOR,
        FAMILIES,
        FLAVORS,
        ActivationSpec,
        Declared,
        Flavor,
        Kink,
        Param,
    )
    from actplot.views.notebook import compare, plot


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'actplot' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    if name != "SPECS":  # SPECS grows with register() and plugins, so it is looked up each time
        globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
