"""How an actplot Figure is saved, whoever saves it: ``actplot ... -o FILE`` or ``fig.savefig(...)``.

The command line writes files through :func:`actplot.views.render.figure_bytes`, which saves
inside a few publication settings: PDF fonts embedded as TrueType (Type 42: venue checkers reject
matplotlib's default Type 3), ``<text>`` elements in SVG when ``--svg-text`` was asked for, salted
SVG ids, no dates or version strings. A notebook user calls ``fig.savefig("x.pdf")`` instead. So
that both give the same file, every Figure actplot draws gets an :class:`ExportCanvas`: its
``print_png``/``print_svg``/``print_pdf`` apply the same settings in a
:func:`matplotlib.rc_context` for the length of one save — the global rcParams, pyplot and the
backend are never touched. Inside ``figure_bytes`` (which passes its settings itself) the canvas
only adds what both paths need:

* **portable formulas in SVG text**: with ``<text>`` elements, mathtext's big brackets and root
  signs come from the STIX size fonts, which browsers do not have (the formula renders garbled).
  A text whose formula needs a glyph outside DejaVu (the fonts of plain text) is written as glyph
  outlines instead; plain text stays ``<text>``, searchable and editable.
"""

from __future__ import annotations

import contextlib
import contextvars
import inspect
from collections.abc import Iterator
from typing import Any

import matplotlib
from matplotlib import cbook
from matplotlib.backends.backend_agg import FigureCanvasAgg

_GIVEN: contextvars.ContextVar[bool] = contextvars.ContextVar("actplot_export_settings_given", default=False)

OPTIONAL_PRINT_ARGUMENTS = frozenset({"dpi", "facecolor", "edgecolor", "orientation", "bbox_inches_restore"})
"""Arguments ``print_figure`` passes to every ``print_<format>``; a backend takes those it knows."""

PORTABLE_FONT_PREFIX = "DejaVu"
"""Formulas set only in these fonts stay ``<text>`` in SVG (the font of every other text too)."""


def export_rc(salt: str, svg_text: bool) -> Any:
    """rcParams of a saved actplot file: ``salt`` seeds the SVG ids, ``svg_text`` keeps SVG text as
    ``<text>``; PDF fonts are TrueType (Type 42).

    Text is drawn unhinted, as it was measured for the layout: hinting snaps glyph advances to
    pixels, so a line of 7.5-pt text is up to 7 % narrower at 100 dpi than at 250 dpi, and a
    layout measured at one resolution would not hold at another (PDF and SVG never hint)."""
    return {"svg.hashsalt": f"actplot:{salt}", "svg.fonttype": "none" if svg_text else "path", "path.simplify": True,
            "agg.path.chunksize": 20000, "pdf.compression": 6, "pdf.fonttype": 42, "text.hinting": "no_hinting"}


@contextlib.contextmanager
def settings_given() -> Iterator[None]:
    """Marks a save whose caller (``figure_bytes``) applies the export settings itself."""
    token = _GIVEN.set(True)
    try:
        yield
    finally:
        _GIVEN.reset(token)


class ExportCanvas(FigureCanvasAgg):
    """An Agg canvas whose saves look like the command line's files (see the module docstring).

    The Figure keeps what it was drawn with in ``fig.actplot_export`` (``salt``, ``svg_text``);
    PNG goes through Agg as before, SVG and PDF through matplotlib's own canvases, switched in for
    the save and switched back after it.
    """

    def print_png(self, filename_or_obj: Any, **kwargs: Any) -> Any:
        return self._save("png", filename_or_obj, kwargs)

    def print_svg(self, filename_or_obj: Any, **kwargs: Any) -> Any:
        return self._save("svg", filename_or_obj, kwargs)

    def print_pdf(self, filename_or_obj: Any, **kwargs: Any) -> Any:
        return self._save("pdf", filename_or_obj, kwargs)

    def _save(self, fmt: str, target: Any, kwargs: dict[str, Any]) -> Any:
        from actplot.views import render

        fig = self.figure
        export = getattr(fig, "actplot_export", {})
        with contextlib.ExitStack() as stack:
            if not _GIVEN.get():
                rc: Any = export_rc(str(export.get("salt", "")), bool(export.get("svg_text", False)))
                if matplotlib.rcParams["svg.hashsalt"] is not None:  # the user's own salt wins
                    del rc["svg.hashsalt"]
                stack.enter_context(matplotlib.rc_context(rc))
                stack.enter_context(render._lean_font_subsets(fmt == "pdf"))
                if kwargs.get("metadata") is None:
                    kwargs["metadata"] = dict(render._METADATA[fmt])
                if fmt == "png" and kwargs.get("pil_kwargs") is None:
                    kwargs["pil_kwargs"] = {"compress_level": render.PNG_COMPRESS_LEVEL}
            if fmt == "png":
                return self._print_with(super().print_png, target, kwargs)
            if fmt == "svg" and matplotlib.rcParams["svg.fonttype"] == "none":
                stack.enter_context(formulas_as_outlines(fig))
            canvas = _vector_canvas(fmt, fig)
            try:
                return self._print_with(getattr(canvas, f"print_{fmt}"), target, kwargs)
            finally:
                fig.set_canvas(self)

    @staticmethod
    def _print_with(method: Any, target: Any, kwargs: dict[str, Any]) -> Any:
        accepted = inspect.signature(method).parameters
        takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in accepted.values())
        passed = {k: v for k, v in kwargs.items()
                  if k in accepted or takes_any or k not in OPTIONAL_PRINT_ARGUMENTS}
        return method(target, **passed)


def _vector_canvas(fmt: str, fig: Any) -> Any:
    if fmt == "pdf":
        from matplotlib.backends.backend_pdf import FigureCanvasPdf

        return FigureCanvasPdf(fig)
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    return FigureCanvasSVG(fig)


def needs_special_fonts(text: Any) -> bool:
    """Whether the mathtext of ``text`` (a matplotlib Text) uses a glyph from a font that is not
    DejaVu — the STIX size fonts of big brackets, root signs and large operators."""
    from matplotlib.mathtext import MathTextParser

    content = text.get_text()
    if not content or not any(cbook.is_math_text(line) for line in content.split("\n")):
        return False
    parser = MathTextParser("path")
    for line in content.split("\n"):
        if not cbook.is_math_text(line):
            continue
        try:
            parsed = parser.parse(line, dpi=72, prop=text.get_fontproperties())
        except (ValueError, RuntimeError):
            return True
        for glyph in parsed.glyphs:
            font = glyph[0]
            if not str(getattr(font, "family_name", "")).startswith(PORTABLE_FONT_PREFIX):
                return True
    return False


@contextlib.contextmanager
def formulas_as_outlines(fig: Any) -> Iterator[None]:
    """For one SVG save with ``<text>`` elements: every visible text whose formula needs a
    non-DejaVu glyph is drawn as outlines (a path effect routes its glyphs through
    ``draw_path``), the others stay text. The texts' own path effects are restored afterwards."""
    from matplotlib import patheffects
    from matplotlib.text import Text

    changed: list[tuple[Any, Any]] = []
    try:
        for text in fig.findobj(Text):
            if text.get_visible() and not text.get_path_effects() and needs_special_fonts(text):
                changed.append((text, text.get_path_effects()))
                text.set_path_effects([patheffects.Normal()])
        yield
    finally:
        for text, effects in changed:
            text.set_path_effects(effects)
