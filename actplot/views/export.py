"""How an actplot Figure is saved, whoever saves it: ``actplot ... -o FILE`` or ``fig.savefig(...)``.

The command line writes files through :func:`figure_bytes` (below), which saves
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
import io
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import cbook
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.mathtext import MathTextParser

from actplot._files import write_atomic
from actplot.errors import ActplotError, OutputError
from actplot.views import pdf_fonts
from actplot.views.figure_options import FORMATS

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
        fig = self.figure
        export = getattr(fig, "actplot_export", {})
        with contextlib.ExitStack() as stack:
            if not _GIVEN.get():
                rc: Any = export_rc(str(export.get("salt", "")), bool(export.get("svg_text", False)))
                if matplotlib.rcParams["svg.hashsalt"] is not None:  # the user's own salt wins
                    del rc["svg.hashsalt"]
                stack.enter_context(matplotlib.rc_context(rc))
                stack.enter_context(_lean_font_subsets(fmt == "pdf"))
                if kwargs.get("metadata") is None:
                    kwargs["metadata"] = dict(_METADATA[fmt])
                if fmt == "png" and kwargs.get("pil_kwargs") is None:
                    kwargs["pil_kwargs"] = {"compress_level": PNG_COMPRESS_LEVEL}
            if fmt == "png":
                return self._print_with(super().print_png, target, kwargs)
            if fmt == "svg" and matplotlib.rcParams["svg.fonttype"] == "none":
                stack.enter_context(formulas_as_outlines(fig))
            if fmt == "svg":
                stack.enter_context(_stable_clip_ids())
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


# --- bytes and files -----------------------------------------------------------------------------

PNG_COMPRESS_LEVEL = 3
"""zlib level for PNG: ~25 % faster to write than PIL's default 6, files ~2 % larger."""

_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


def figure_bytes(fig: Figure, fmt: str, *, salt: str, svg_text: bool | None = None,
                 transparent: bool | None = None) -> bytes:
    """The figure as ``fmt`` bytes, identical for identical input (same machine and versions).

    ``salt`` seeds the SVG element ids (``svg.hashsalt``); pass something unique per file (e.g.
    the activation names) so SVGs inlined in one HTML page do not share ids. PDF fonts are embedded
    as Type 42 (TrueType): venue checkers reject Type 3. ``svg_text`` writes SVG text as ``<text>``
    elements, ``transparent`` leaves the background unfilled; ``None`` takes what the figure was
    drawn with (:class:`FigureOptions`).
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ActplotError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}")
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    export = getattr(fig, "actplot_export", {})
    if svg_text is None:
        svg_text = bool(export.get("svg_text", False))
    if transparent is None:
        transparent = bool(export.get("transparent", False))
    buffer = io.BytesIO()
    background = "none" if transparent else fig.get_facecolor()
    rc = export_rc(salt, svg_text)
    extra: dict[str, Any] = {"pil_kwargs": {"compress_level": PNG_COMPRESS_LEVEL}} if fmt == "png" else {}
    with settings_given(), matplotlib.rc_context(rc), _lean_font_subsets(fmt == "pdf"):
        fig.savefig(buffer, format=fmt, dpi=fig.dpi, facecolor=background, edgecolor=background,
                    metadata=dict(_METADATA[fmt]), transparent=transparent, **extra)
    return buffer.getvalue()


CLIP_DECIMALS = 6
"""Decimals of a clip rectangle (in points) that name its SVG clip path: what the file writes."""


@contextlib.contextmanager
def _stable_clip_ids() -> Iterator[None]:
    """While an SVG is written: clip-path ids from the clip rectangle rounded to what is written.

    matplotlib names a clip path by hashing its rectangle at full precision. The layout can place a
    panel's rectangle one ULP apart from one run to the next (its solver sees the artists in an
    order that follows their memory addresses), so the same command wrote one of two files that
    differ only in an id. Rounded to :data:`CLIP_DECIMALS` the name is the same every run; a second
    rectangle that rounds to the same numbers gets its own name (an ordinal joins the hash).
    """
    from matplotlib.backends.backend_svg import RendererSVG

    original = RendererSVG._make_id

    def make_id(renderer: Any, kind: str, content: Any) -> str:
        if kind != "p" or not (isinstance(content, tuple) and len(content) == 4):
            return str(original(renderer, kind, content))
        key = tuple(round(float(v), CLIP_DECIMALS) + 0.0 for v in content)
        counts = renderer.__dict__.setdefault("_actplot_clip_counts", {})  # called once per distinct rectangle
        ordinal = counts.get(key, 0)
        counts[key] = ordinal + 1
        if ordinal:
            key = (*key, ordinal)
        return str(original(renderer, kind, key))

    RendererSVG._make_id = make_id  # type: ignore[method-assign]
    try:
        yield
    finally:
        RendererSVG._make_id = original  # type: ignore[method-assign]


@contextlib.contextmanager
def _lean_font_subsets(active: bool) -> Iterator[None]:
    """While a PDF is written: embedded TrueType subsets from :mod:`actplot.views.pdf_fonts`.

    matplotlib's PDF backend cuts every embedded font down to the glyphs drawn by calling
    ``get_glyphs_subset`` and ``font_as_file`` of ``matplotlib.backends._backend_pdf_ps``, which
    use fontTools' general subsetter (importing it costs more than writing the whole PDF). For the
    length of one save those two names point to stand-ins that build the same kind
    of subset (outlines and metrics of the drawn glyphs, no hinting or layout tables) with
    :func:`actplot.views.pdf_fonts.subset_truetype`, and hands any font that function declines to
    matplotlib's own path. Without that module layout (another matplotlib version) nothing changes
    and the PDF is only slower to write.
    """
    if not active:
        yield
        return
    from matplotlib.backends import _backend_pdf_ps as pdf_ps

    original_subset = getattr(pdf_ps, "get_glyphs_subset", None)
    original_as_file = getattr(pdf_ps, "font_as_file", None)
    if original_subset is None or original_as_file is None or not _subsets_by_glyph_index(pdf_ps):
        yield
        return

    @contextlib.contextmanager
    def subset_glyphs(fontfile: Any, glyphs: Any) -> Iterator[Any]:
        face_index = getattr(fontfile, "face_index", 0)
        made = None
        if face_index == 0:
            with open(fontfile, "rb") as handle:
                made = pdf_fonts.subset_truetype(handle.read(), glyphs)
        if made is None:
            with original_subset(fontfile, glyphs) as general:
                yield general
            return
        yield types.SimpleNamespace(font=made, glyph_index_map=made.glyph_index_map)

    def as_file(font: Any) -> Any:
        if isinstance(font, pdf_fonts.FontSubset):
            return io.BytesIO(font.data)
        return original_as_file(font)

    pdf_ps.get_glyphs_subset, pdf_ps.font_as_file = subset_glyphs, as_file
    try:
        yield
    finally:
        pdf_ps.get_glyphs_subset, pdf_ps.font_as_file = original_subset, original_as_file


def _subsets_by_glyph_index(pdf_ps: Any) -> bool:
    """Whether this matplotlib asks for subsets by glyph number and reads ``glyph_index_map``.

    matplotlib 3.11 calls ``get_glyphs_subset(fontfile, glyphs)`` with glyph numbers and places
    glyphs through the returned map; earlier versions pass characters and look the glyphs up in the
    subset's ``cmap``, which :mod:`actplot.views.pdf_fonts` leaves out. Those keep fontTools.
    """
    import inspect

    try:
        parameters = list(inspect.signature(pdf_ps.get_glyphs_subset).parameters)
    except (TypeError, ValueError):
        return False
    return parameters[1:2] == ["glyphs"] and hasattr(pdf_ps, "SubsetResults")


def save_figure(fig: Figure, target: Path | str, fmt: str, *, salt: str) -> None:
    """Render ``fig`` as ``fmt`` and write it to ``target`` atomically (``"-"``: binary stdout)."""
    data = figure_bytes(fig, fmt, salt=salt)
    if str(target) == "-":
        from actplot import output

        if fmt != "svg" and not output.accepts_bytes():  # a text-only stdout (some test runners)
            raise OutputError(f"cannot write binary {fmt.upper()} to this stdout")
        output.write_bytes(data)  # every byte checked: a full disk is an error, not a cut file
        return
    write_atomic(Path(target), data)
