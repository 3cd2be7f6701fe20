"""Import matplotlib for a command process without start-up work that actplot never uses.

A file-writing command spends most of its time importing matplotlib (≈ 0.35 s of a 0.6 s
``actplot sigmoid -o s.png``). Three parts of that import produce nothing an actplot command reads:

* **Artist property tables** (≈ 0.1 s): every ``Artist`` subclass, when its class statement runs,
  builds the docstring of its ``set()`` method by inspecting all its setters and parsing their
  docstrings (``matplotlib.artist.kwdoc``). :func:`prepare_command_process` replaces ``kwdoc`` with
  a one-line text before those classes are defined. Signatures, setters and drawing are untouched;
  only ``help(Line2D.set)`` in this process loses its list of properties.
* **OpenSSL** (``hashlib``, 10–20 ms): imported by ``matplotlib.texmanager`` for cache file names
  of ``text.usetex``, which actplot never sets.
* **Adobe glyph list** (``fontTools.agl``, ≈ 10 ms): imported by ``matplotlib.dviread``, which only
  TeX output reads.

The last two are *deferred*, not removed: a stand-in module loads the real one the first time
anything reads an attribute of it. ``fontTools.subset`` (0.1–0.17 s, imported by the PDF backend
but used only for Type-42 fonts; actplot embeds Type 3) is deferred the same way by
:func:`defer_module`, called from :mod:`actplot.views.render` for every PDF.

Only command processes call :func:`prepare_command_process` (the CLI's file-writing commands and
the gallery): a notebook that imports :mod:`actplot.views.render` keeps matplotlib exactly as shipped.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_TABLE_OMITTED = "Properties: see the matplotlib documentation (not generated in actplot command processes)."


class _DeferredModule(types.ModuleType):
    """Stands in ``sys.modules`` for a module until one of its attributes is first read."""

    def __getattr__(self, attr: str) -> Any:
        real = self.__dict__.get("_real")
        if real is None:
            del sys.modules[self.__name__]
            real = self._real = importlib.import_module(self.__name__)
        return getattr(real, attr)


def defer_module(name: str) -> None:
    """Put a stand-in for ``name`` in ``sys.modules`` (unless it is loaded) that loads it on first use.

    The stand-in is also set as an attribute of its (already imported) parent package, so that
    ``import a.b`` followed by ``a.b.f()`` reaches it as well as ``from a import b``.
    """
    if name in sys.modules:
        return
    stand_in = _DeferredModule(name)
    parent_name, _, child = name.rpartition(".")
    if parent_name:
        parent = sys.modules.get(parent_name)
        if parent is None:
            return  # the parent is not imported yet: importing it here would cost what we save
        setattr(parent, child, stand_in)
    sys.modules[name] = stand_in


def _omitted_property_table(artist: object) -> str:
    return _TABLE_OMITTED


def prepare_command_process() -> None:
    """Skip matplotlib's import-time docstring tables and defer hashlib/fontTools.agl (see module doc).

    Call it before the first import of ``matplotlib.figure``; later it changes nothing, since the
    artist classes exist by then. Idempotent.
    """
    if "matplotlib.figure" in sys.modules:
        return
    import fontTools  # noqa: F401  (the parent package that fontTools.agl's stand-in hangs on)
    import matplotlib.artist

    if hasattr(matplotlib.artist, "kwdoc"):
        matplotlib.artist.kwdoc = _omitted_property_table
    defer_module("hashlib")
    defer_module("fontTools.agl")
