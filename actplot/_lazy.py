"""Lazy public names of a package (PEP 562): a name's module is imported on first use.

Packages whose public API spans modules that a command may not need (``actplot.properties``,
``actplot.experiments``) list ``{name: module}`` and get their module-level ``__getattr__`` and
``__dir__`` from :func:`lazy_exports`, so importing the package costs nothing until a name is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str],
                 namespace: dict[str, Any]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: a listed name is imported from its module on
    first use and kept in ``namespace`` (the package's globals), so later lookups are plain."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(exports)

    return __getattr__, __dir__
