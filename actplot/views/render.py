"""Figures with matplotlib: the only module of actplot that imports it.

Import this module lazily (inside the command that writes a file): importing matplotlib costs
~0.3 s, which ``--help``, ``list``, ``table`` and terminal plots never pay.

Design rules, each one tested:

* **Figure API only** (``matplotlib.figure.Figure`` on an Agg canvas), never pyplot: no GUI
  backend, no global figure registry, no leaks in a gallery loop, works headless.
* **No global state is changed**: every rcParam actplot needs is applied inside
  :func:`matplotlib.rc_context`, while the figure is built and again while it is saved.
* **Honest curves**: every curve comes from :func:`actplot.sampling.sample_curve` — kinks sampled
  exactly, the curve broken at discontinuities with a filled (attained) and an open (other
  one-sided limit) marker, never a vertical segment.
* **Accessible styles**: Okabe–Ito colours (amber ``#F5C710`` instead of the original yellow, too
  light on white) *and* a distinct line style per curve, so curves stay distinguishable in
  grayscale and for colour-blind readers; derivatives are always dashed or dotted.
* **Deterministic bytes** (:func:`figure_bytes`): SVG ``svg.hashsalt`` from the caller's salt (so
  several SVGs inlined in one page get distinct ids), no dates, no version strings (SVG ``Date`` and
  ``Creator``, PDF ``CreationDate``/``Creator``/``Producer``, PNG ``Software``).
* **Atomic files** (:func:`save_figure`): rendered to memory first, then written with
  :func:`actplot._files.write_atomic`; a failure (bad mathtext, disk full, Ctrl-C) leaves the old
  file byte-identical and no temporary file.

User titles (``--title``): mathtext between ``$...$`` is rendered; the text is validated by
:func:`validate_options` *before* anything is drawn, so an invalid formula is a usage error (exit
2) instead of a half-written file. Text without a pair of ``$`` (e.g. ``cost $5``) is shown as typed.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import types
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np
from matplotlib import cbook
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.mathtext import MathTextParser

from actplot import sampling
from actplot._files import write_atomic
from actplot.activation import Activation
from actplot.errors import ActplotError, OutputError
from actplot.views import pdf_fonts
from actplot.views.export import ExportCanvas, export_rc
from actplot.views.export import settings_given as _settings_given

if TYPE_CHECKING:
    pass

THEMES: tuple[str, ...] = ("light", "dark", "grayscale")
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
LAYOUTS: tuple[str, ...] = ("overlay", "grid")

MAX_PIXELS_PER_SIDE = 2**23 - 1
"""matplotlib's Agg limit for either side of a raster image."""

MAX_PIXELS = 200_000_000
"""Largest raster image accepted (width × height), about 800 MB of RGBA in memory."""

MAX_INCHES = 1000.0
"""Largest figure side in inches (vector formats have no pixel limit, but pages this size are errors)."""
MIN_INCHES = 1.0
"""Smallest figure side in inches: below it nothing readable fits (axes, ticks, a title)."""

MIN_FONT_SIZE, MAX_FONT_SIZE = 4.0, 40.0
"""``--font-size`` bounds (points): below 4 nothing is legible, above 40 nothing fits a panel."""
MIN_LINE_WIDTH, MAX_LINE_WIDTH = 0.2, 10.0
"""``--line-width`` bounds (points)."""

MIN_DPI, MAX_DPI = 10.0, 10_000.0
"""Below 10 dpi FreeType cannot size the glyphs of the smallest text (under one pixel per em)."""

OUTLIER_FACTOR = 4.0
"""Several curves: one reaching this many spans of the others beyond them runs off the panel."""

PAD_FRACTION = 0.06
"""Automatic y-limits: the finite data range plus this fraction of it on each side."""

LIMIT_CLAMP = 1e200
"""Automatic y-limits never exceed ±this (matplotlib cannot lay out ticks on spans near 1e308)."""

# --- styles ---------------------------------------------------------------------------------------

OKABE_ITO_AMBER: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F5C710",  # amber (Okabe–Ito yellow #F0E442 is too light on white)
)
"""Light theme: Okabe–Ito, ordered for contrast on white, amber instead of yellow."""

OKABE_ITO_DARK: tuple[str, ...] = (
    "#56B4E9",  # sky blue
    "#E69F00",  # orange
    "#2BC59A",  # bluish green, lifted for a dark background
    "#E08FC0",  # reddish purple, lifted
    "#F0E442",  # yellow (fine on dark)
    "#FF7F3F",  # vermillion, lifted
    "#E6E6E6",  # near white
    "#4FA3E0",  # blue, lifted
)
"""Dark theme: the Okabe–Ito hues, lightened where the originals are too dark on #1b1e23."""

GREYS: tuple[str, ...] = ("#000000", "#787878", "#4a4a4a", "#000000", "#787878", "#a0a0a0", "#a0a0a0", "#4a4a4a")
"""Grayscale theme: four grey levels (0, 29, 47, 63 % white). The line style alone tells the first
ten functions apart; slots with the same line style (10 apart: grey index k, k+2, k+4, k+6)
always get different levels. The dotted styles (slots 3 and 7) get the darkest greys, the
lightest go to patterns with long dashes (more ink)."""

ORDER_SYMBOLS = ("f(x)", "f′(x)", "f″(x)")
"""Plain Unicode labels (no mathtext: parsing it is the most expensive part of a small figure)."""

DEFAULT_FONT_SIZE = 9.5
DEFAULT_LINE_WIDTH = 1.7


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    background: str
    foreground: str
    muted: str
    grid: str
    legend_face: str
    legend_edge: str
    colors: tuple[str, ...]
    band_alpha: float = 0.22


_THEMES: dict[str, Theme] = {
    "light": Theme("light", "#ffffff", "#1a1a1a", "#8a8a8a", "#e3e3e3", "#ffffff", "#c8c8c8", OKABE_ITO_AMBER),
    "dark": Theme("dark", "#1b1e23", "#e6e6e6", "#8d939c", "#343a42", "#24282e", "#5a616b", OKABE_ITO_DARK, 0.3),
    "grayscale": Theme("grayscale", "#ffffff", "#000000", "#8a8a8a", "#e6e6e6", "#ffffff", "#b0b0b0", GREYS, 0.18),
}


def theme(name: str) -> Theme:
    """The :class:`Theme` called ``name`` (one of :data:`THEMES`)."""
    try:
        return _THEMES[name]
    except KeyError:
        raise ActplotError(f"theme must be one of {', '.join(THEMES)}; got {name!r}") from None


def _rc(th: Theme, font_size: float = DEFAULT_FONT_SIZE, line_width: float = DEFAULT_LINE_WIDTH) -> dict[str, Any]:
    """rcParams for building and saving a figure in theme ``th`` (applied in an rc_context); every
    text size scales with ``font_size`` (``--font-size``), curves are ``line_width`` points wide."""
    fg = th.foreground
    scale = font_size / DEFAULT_FONT_SIZE
    return {
        "figure.facecolor": th.background,
        "figure.edgecolor": th.background,
        "savefig.facecolor": th.background,
        "savefig.edgecolor": th.background,
        "axes.facecolor": th.background,
        "axes.edgecolor": fg,
        "axes.labelcolor": fg,
        "axes.titlecolor": fg,
        "axes.linewidth": 0.8,
        "axes.unicode_minus": True,
        "axes.formatter.useoffset": False,
        "axes.formatter.limits": (-4, 5),
        "text.color": fg,
        "xtick.color": fg,
        "ytick.color": fg,
        "xtick.labelcolor": fg,
        "ytick.labelcolor": fg,
        "grid.color": th.grid,
        "grid.linewidth": 0.6,
        "legend.facecolor": th.legend_face,
        "legend.edgecolor": th.legend_edge,
        "legend.labelcolor": fg,
        "legend.framealpha": 0.92,
        "legend.fontsize": 8.5 * scale,
        "legend.handlelength": 3.2,
        "font.size": font_size,
        "axes.titlesize": 10.5 * scale,
        "figure.titlesize": 11.5 * scale,
        "lines.linewidth": line_width,
        "mathtext.fontset": "dejavusans",
        "text.hinting": "no_hinting",  # text widths in points whatever the dpi (see export_rc)
        "svg.fonttype": "path",
        "path.simplify": True,
        "agg.path.chunksize": 20000,
        "figure.max_open_warning": 0,
    }


# --- options ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureOptions:
    """How a figure looks. ``size`` is in inches, ``dpi`` applies to PNG (and raster parts)."""

    theme: str = "light"
    size: tuple[float, float] = (7.0, 5.0)
    dpi: float = 100.0
    title: str | None = None
    ylim: tuple[float, float] | None = None
    centered_axes: bool = False
    grid: bool = True
    layout: str = "overlay"
    labels: tuple[str, ...] | None = field(default=None)
    """Legend labels replacing the activations' own (one per activation); plain text."""
    title_fallback: str | None = None
    """Plain text shown instead of ``title`` if its mathtext cannot be rendered. When set, the title
    is trusted (not parsed up front: parsing mathtext is the costliest step of a small figure)."""
    sharey: bool = True
    """A grid of functions shares one y scale (``--sharey``/``--no-sharey``)."""
    font_size: float | None = None
    """Base text size in points (default 9.5); titles, legends and ticks scale with it."""
    line_width: float | None = None
    """Curve width in points (default 1.7)."""
    transparent: bool = False
    """No background fill (figure and axes): for slides and pages with their own colour."""
    svg_text: bool = False
    """SVG text as ``<text>`` elements (searchable, editable; needs the fonts where it is viewed)
    instead of glyph outlines."""


_MATH_PARSER: MathTextParser | None = None


def check_mathtext(text: str, what: str = "--title") -> None:
    """Raise :class:`ActplotError` (exit 2) if ``text`` holds ``$...$`` that mathtext cannot parse."""
    global _MATH_PARSER
    for line in text.split("\n"):
        if not cbook.is_math_text(line):
            continue
        if _MATH_PARSER is None:
            _MATH_PARSER = MathTextParser("path")
        try:
            _MATH_PARSER.parse(line, dpi=72)
        except (ValueError, RuntimeError) as exc:
            detail = " ".join(str(exc).split())
            raise ActplotError(
                f"{what} has invalid mathtext between $...$: {detail[:200]} "
                "(escape a literal dollar sign as \\$)"
            ) from None


def _mathtext_ok(text: str) -> bool:
    try:
        check_mathtext(text, "formula")
    except ActplotError:
        return False
    return True


def validate_options(options: FigureOptions, fmt: str | None = None) -> None:
    """Check ``options`` before anything is drawn; raise :class:`ActplotError` (exit 2) if wrong.

    The pixel limits apply to PNG (``fmt=None`` checks them too, the safe default).
    """
    theme(options.theme)
    if options.layout not in LAYOUTS:
        raise ActplotError(f"layout must be one of {', '.join(LAYOUTS)}; got {options.layout!r}")
    width, height = options.size
    for side, value in (("width", width), ("height", height)):
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise ActplotError(f"--size {side} must be a positive finite number of inches, got {value!r}")
        if value > MAX_INCHES:
            raise ActplotError(f"--size {side} is {value:g} inches; the limit is {MAX_INCHES:g}")
        if value < MIN_INCHES:
            raise ActplotError(f"--size {side} is {value:g} inches; the minimum is {MIN_INCHES:g}")
    dpi = options.dpi
    if not (isinstance(dpi, (int, float)) and math.isfinite(dpi) and dpi > 0):
        raise ActplotError(f"--dpi must be a positive finite number, got {dpi!r}")
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ActplotError(f"--dpi must be between {MIN_DPI:g} and {MAX_DPI:g}, got {dpi:g}")
    if fmt in (None, "png"):
        px_w, px_h = width * dpi, height * dpi
        for side, px in (("wide", px_w), ("high", px_h)):
            if px > MAX_PIXELS_PER_SIDE:
                raise ActplotError(
                    f"the image would be {px:,.0f} pixels {side}; the limit is {MAX_PIXELS_PER_SIDE:,} "
                    "(reduce --size or --dpi)"
                )
        if px_w * px_h > MAX_PIXELS:
            raise ActplotError(
                f"the image would have {px_w * px_h:,.0f} pixels; the limit is {MAX_PIXELS:,} (reduce --size or --dpi)"
            )
        if round(px_w) < 1 or round(px_h) < 1:
            raise ActplotError(f"the image would be {px_w:.2f} x {px_h:.2f} pixels; it needs at least 1 x 1")
    if options.ylim is not None:
        lo, hi = options.ylim
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise ActplotError(f"--ylim must be finite numbers, got {lo:g} {hi:g}")
        if not lo < hi:
            raise ActplotError(f"--ylim LOW HIGH needs LOW < HIGH, got {lo:g} {hi:g}")
        if hi - lo > 2 * LIMIT_CLAMP or max(abs(lo), abs(hi)) > LIMIT_CLAMP:
            raise ActplotError(f"--ylim must lie within +-{LIMIT_CLAMP:g}")
    if options.title is not None and options.title_fallback is None:
        check_mathtext(options.title, "--title")
    for name, points, low, high in (("--font-size", options.font_size, MIN_FONT_SIZE, MAX_FONT_SIZE),
                                    ("--line-width", options.line_width, MIN_LINE_WIDTH, MAX_LINE_WIDTH)):
        if points is None:
            continue
        if not (isinstance(points, (int, float)) and math.isfinite(points) and low <= points <= high):
            raise ActplotError(f"{name} must be between {low:g} and {high:g} points, got {points!r}")
    if options.labels is not None and any(not isinstance(s, str) for s in options.labels):
        raise ActplotError("labels must be strings")


def format_for(path: str, explicit: str | None) -> str:
    """The image format for ``path`` (``-`` is stdout) and an optional ``--format``.

    The extension decides (case-insensitive: ``.PNG`` is PNG); ``--format`` is needed for ``-`` or
    a name without an extension, and must agree with an extension. Errors exit 2.
    """
    choices = ", ".join(FORMATS)
    chosen: str | None = None
    if explicit is not None:
        chosen = explicit.strip().lower().lstrip(".")
        if chosen not in FORMATS:
            raise ActplotError(f"--format must be one of {choices}; got {explicit!r}")
    if path == "-":
        if chosen is None:
            raise ActplotError(f"writing to stdout ('-o -') needs --format ({choices})")
        return chosen
    suffix = Path(path).suffix.lower().lstrip(".")
    if not suffix:
        if chosen is None:
            raise ActplotError(
                f"cannot tell the image format of {path!r}: add an extension (.png, .svg, .pdf) or use --format"
            )
        return chosen
    if suffix not in FORMATS:
        raise ActplotError(f"unsupported image format '.{suffix}' for {path!r}; use one of {choices}")
    if chosen is not None and chosen != suffix:
        raise ActplotError(f"the extension .{suffix} of {path!r} conflicts with --format {chosen}")
    return suffix


# --- drawing ---------------------------------------------------------------------------------------


def _escape_dollars(text: str) -> str:
    return text.replace("$", r"\$")


def _finite(values: np.ndarray) -> np.ndarray:
    v = np.asarray(values, dtype=np.float64).ravel()
    return v[np.isfinite(v)]


def auto_limits(values: Sequence[np.ndarray]) -> tuple[float, float] | None:
    """y-limits covering every finite value with a margin; None if nothing is finite.

    Values beyond ±:data:`LIMIT_CLAMP` are left outside (e.g. e^x far to the right); a flat curve
    gets a window of ±0.5 (or ±10 % of its value) so matplotlib never sees identical limits.
    """
    parts = [_finite(v) for v in values]
    parts = [p for p in parts if p.size]
    if not parts:
        return None
    lo = max(min(float(p.min()) for p in parts), -LIMIT_CLAMP)
    hi = min(max(float(p.max()) for p in parts), LIMIT_CLAMP)
    if lo > hi:  # everything beyond the clamp on one side
        lo, hi = (LIMIT_CLAMP / 2, LIMIT_CLAMP) if lo > 0 else (-LIMIT_CLAMP, -LIMIT_CLAMP / 2)
    span = hi - lo
    scale = max(abs(lo), abs(hi))
    if span <= 1e-9 * max(scale, 1e-300):
        pad = 0.5 if scale == 0.0 else max(0.1 * scale, 1e-300)
    else:
        pad = max(PAD_FRACTION * span, 1e-12 * scale, 1e-300)
    return lo - pad, hi + pad


def robust_limits(curves: Sequence[np.ndarray]) -> tuple[float, float] | None:
    """Automatic limits for several curves where one curve may dwarf the rest.

    A curve whose maximum (minimum) lies more than :data:`OUTLIER_FACTOR` spans of the other curves
    beyond them is let run off the panel instead of flattening every other curve; the panel then
    extends a quarter span past the others. Single curves always get :func:`auto_limits`.
    """
    ranges = []
    for values in curves:
        v = _finite(values)
        if v.size:
            ranges.append((max(float(v.min()), -LIMIT_CLAMP), min(float(v.max()), LIMIT_CLAMP)))
    if len(ranges) < 3:
        return auto_limits(list(curves))
    lows = sorted(r[0] for r in ranges)
    highs = sorted((r[1] for r in ranges), reverse=True)
    top, bottom = highs[0], lows[0]
    cut_top = cut_bottom = False
    while len(highs) > 2:
        rest_lo, rest_hi = lows[0], highs[1]
        if highs[0] - rest_lo > OUTLIER_FACTOR * max(rest_hi - rest_lo, 1e-300):
            highs.pop(0)
            cut_top = True
        else:
            break
    while len(lows) > 2:
        rest_lo, rest_hi = lows[1], highs[0]
        if rest_hi - lows[0] > OUTLIER_FACTOR * max(rest_hi - rest_lo, 1e-300):
            lows.pop(0)
            cut_bottom = True
        else:
            break
    if not (cut_top or cut_bottom):
        return auto_limits(list(curves))
    lo, hi = lows[0], highs[0]
    span = max(hi - lo, 1e-300)
    lo = lo - (0.25 if cut_bottom else PAD_FRACTION) * span
    hi = hi + (0.25 if cut_top else PAD_FRACTION) * span
    return (max(lo, bottom - PAD_FRACTION * span), min(hi, top + PAD_FRACTION * span))


def _clip_for_drawing(y: np.ndarray, limits: tuple[float, float]) -> np.ndarray:
    """y with finite values outside limits ± 1000 spans pulled in (sub-pixel change, no overflow)."""
    lo, hi = limits
    span = hi - lo
    bound_lo, bound_hi = lo - 1e3 * span, hi + 1e3 * span
    finite = np.isfinite(y)
    if not finite.any() or (y[finite].min() >= bound_lo and y[finite].max() <= bound_hi):
        return y
    out = y.copy()
    out[finite] = np.clip(y[finite], bound_lo, bound_hi)
    return out


def _layout_with_fallbacks(fig: Figure, fallbacks: dict[str, str], titles: Sequence[Any] = ()) -> None:
    """Fit the titles, lay the figure out; if a registry formula's mathtext fails, show its plain
    text instead.

    Registry formulas are not parsed up front (the layout parses them anyway, and parsing is
    the costliest step of a small figure); a formula mathtext cannot render — a catalogue bug —
    degrades to its Unicode ``formula_text`` rather than failing the figure.
    """
    try:
        for title in titles:
            _fit_title(title, fig)
        _freeze_layout(fig)
        _measure_legends(fig)  # legends kept out of the layout are parsed here
    except ValueError:
        if not fallbacks:
            raise
        from matplotlib.text import Text

        for text in fig.findobj(Text):
            current = text.get_text()
            if current in fallbacks and not _mathtext_ok(current):
                text.set_text(fallbacks[current])
        for title in titles:
            _fit_title(title, fig)
        _freeze_layout(fig)


def _measure_legends(fig: Figure) -> None:
    renderer = renderer_of(fig)
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None:
            legend.get_window_extent(renderer)


_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
MIN_FIT_POINTS = 6.0
"""The smallest font a too-wide title or legend is shrunk to."""


def _agg_canvas(fig: Figure) -> FigureCanvasAgg:
    """The figure's Agg canvas (every figure actplot draws gets one in ``_new_figure``)."""
    canvas = fig.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(fig)
    return canvas


def _fit_title(title: Any, fig: Figure) -> None:
    """Keep a title inside the figure's width: break it once at the space (outside ``$…$``)
    nearest its middle, then, if it is still too wide, shrink the font (not below 6 pt)."""
    renderer = renderer_of(fig)
    available = fig.bbox.width * 0.96
    width = title.get_window_extent(renderer).width
    if width <= available:
        return
    text = title.get_text()
    if "\n" not in text:
        dollars = [m.start() for m in _UNESCAPED_DOLLAR.finditer(text)]
        spaces = [i for i, ch in enumerate(text) if ch == " " and sum(d < i for d in dollars) % 2 == 0]
        if spaces:
            cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
            title.set_text(text[:cut].rstrip() + "\n" + text[cut:].lstrip())
            width = title.get_window_extent(renderer).width
    if width > available:
        title.set_fontsize(max(MIN_FIT_POINTS, title.get_fontsize() * available / width))


LEGEND_SHARE_INSIDE = 0.9
"""A legend inside the axes may take this fraction of the axes' width."""
LEGEND_SHARE_BESIDE = 0.42
"""A legend beside the axes may take this fraction of the figure's width."""


def _fit_legend(legend: Any, ax: Any, beside: bool, fallbacks: dict[str, str] | None) -> None:
    """Keep a legend with formulas from crowding out its axes: when it is wider than its share,
    each formula goes on a line of its own under its label, then the font shrinks (not below 6 pt).

    Measured before the layout (the axes will shrink a little more); the mathtext parsed here is
    cached for the layout and the draw. A formula that mathtext cannot parse is left for
    :func:`_layout_with_fallbacks` to replace.
    """
    texts = legend.get_texts()
    if not any(":  $" in t.get_text() for t in texts):
        return
    fig = ax.figure
    allowed = (LEGEND_SHARE_BESIDE * fig.bbox.width) if beside else (LEGEND_SHARE_INSIDE * ax.bbox.width)
    renderer = renderer_of(fig)
    try:
        width = legend.get_window_extent(renderer).width
        if width <= allowed:
            return
        for t in texts:
            old = t.get_text()
            new = old.replace(":  $", ":\n$", 1)
            if new != old:
                t.set_text(new)
                if fallbacks is not None and old in fallbacks:
                    fallbacks[new] = fallbacks.pop(old)
        width = legend.get_window_extent(renderer).width
        if width > allowed:
            size = max(MIN_FIT_POINTS, texts[0].get_fontsize() * allowed / width)
            for t in texts:
                t.set_fontsize(size)
    except ValueError:
        return


def renderer_of(fig: Any) -> Any:
    """The figure's renderer: its Agg canvas's cached one (a user's figure, in the notebook API,
    may have a canvas without ``get_renderer``; matplotlib then makes one)."""
    return fig._get_renderer()


def _set_xlabel(ax: Any, th: Theme) -> None:
    """Label the x axis; with axes through the origin, at the right end of the centred axis."""
    if ax.spines["bottom"].get_position() == ("data", 0.0):
        ax.annotate("x", xy=(1.0, 0.0), xycoords=("axes fraction", "data"), xytext=(-3, 4),
                    textcoords="offset points", ha="right", va="bottom", fontstyle="italic", color=th.foreground)
    else:
        ax.set_xlabel("x", color=th.foreground, fontstyle="italic")


def layout_dpi(size: tuple[float, float], dpi: float) -> float:
    """``dpi``, or less if ``size`` x ``dpi`` would exceed :data:`MAX_PIXELS` dots.

    matplotlib lays every figure out on a raster of size x dpi, also for SVG and PDF, which have
    no pixels: a 1000x1000-inch SVG at 1000 dpi would need a 10^12-dot buffer. PNG never gets
    here over the limit (:func:`validate_options` refuses it); vector formats are laid out at the
    largest resolution that fits, which changes nothing but the rounding of the layout.
    """
    width, height = size
    fitting = math.sqrt(MAX_PIXELS / (width * height))
    fitting = min(fitting, MAX_PIXELS_PER_SIDE / max(width, height))
    return dpi if dpi <= fitting else math.floor(fitting * 100) / 100


LAYOUT_DPI = 100.0
"""Every figure is laid out at this resolution, whatever ``--dpi`` asks for: each layout decision
(where a legend goes, how a title is broken, which ticks fit) is then the same in a preview and a
300-dpi export; the requested dpi is set after the layout (:func:`finish_at_dpi`)."""


def _new_figure(options: FigureOptions, th: Theme, figure: Figure | None) -> Figure:
    dpi = layout_dpi(options.size, LAYOUT_DPI)
    if figure is None:
        fig = Figure(figsize=options.size, dpi=dpi, facecolor=th.background, edgecolor=th.background,
                     layout="constrained")
    else:
        fig = figure
        fig.clear()
        fig.set_size_inches(*options.size)
        fig.set_dpi(dpi)
        fig.set_facecolor(th.background)
        fig.set_edgecolor(th.background)
        fig.set_layout_engine("constrained")
    if not isinstance(fig.canvas, ExportCanvas):
        ExportCanvas(fig)
    engine: Any = fig.get_layout_engine()
    engine.set(h_pad=0.06, w_pad=0.06, hspace=0.04, wspace=0.04)
    return fig


def finish_at_dpi(fig: Figure, options: FigureOptions) -> None:
    """Give a laid-out figure the resolution it is saved at (positions are figure fractions and
    sizes points, so only the raster changes)."""
    dpi = layout_dpi(options.size, options.dpi)
    if dpi != fig.dpi:
        fig.set_dpi(dpi)


def plot_figure(
    acts: Sequence[Activation],
    *,
    x_range: tuple[float, float],
    points: int,
    orders: tuple[int, ...] = (0,),
    diff: bool = False,
    options: FigureOptions,
    figure: Figure | None = None,
    ax: Any = None,
) -> Figure:
    """Draw ``acts`` (and their derivatives of ``orders``) on a new (or the given, cleared) Figure,
    or into the user's axes ``ax`` (a one-panel figure).

    What goes where is the :mod:`actplot.views.plan` (the terminal draws the same plan);
    :mod:`actplot.views.figures` draws it. ``options.ylim`` applies to the panels that show f; the
    f′/f″ and difference panels scale to their finite values. Raises :class:`OutputError` if no
    curve has a finite value to draw.
    """
    from actplot.views import figures, plan

    validate_options(options, "svg")  # the pixel limits are for PNG: checked by the caller that knows the format
    acts = list(acts)
    if not acts:
        raise ActplotError("nothing to plot: no activation given")
    orders = tuple(dict.fromkeys(orders)) or (0,)
    if any(o not in (0, 1, 2) for o in orders):
        raise ActplotError(f"derivative orders must be 0, 1 or 2; got {orders}")
    x_lo, x_hi = float(x_range[0]), float(x_range[1])
    if not (math.isfinite(x_lo) and math.isfinite(x_hi) and x_lo < x_hi):
        raise ActplotError(f"the x range needs finite A < B, got {x_lo:g} {x_hi:g}")
    points = int(points)
    if not 2 <= points <= sampling.MAX_POINTS:
        raise ActplotError(f"points must be between 2 and {sampling.MAX_POINTS}, got {points}")
    if options.labels is not None and len(options.labels) != len(acts):
        raise ActplotError(f"{len(options.labels)} labels given for {len(acts)} activations")
    coincide = options.layout == "overlay" and not diff and figures.curves_coincide(acts, (x_lo, x_hi))
    fig_plan = plan.build(acts, orders=orders, layout=options.layout, diff=diff, labels=options.labels,
                          sharey=options.sharey, coincide=coincide)
    fig = figures.draw(fig_plan, acts, x_range=(x_lo, x_hi), points=points, options=options, figure=figure, ax=ax)
    fig.actplot_export = {"svg_text": options.svg_text, "transparent": options.transparent,  # type: ignore[attr-defined]
                          "salt": "actplot:" + "|".join(a.label for a in acts)}
    if options.transparent and ax is None:
        fig.set_facecolor("none")  # a plain fig.savefig leaves the background unfilled, as -o does
    return fig


def _freeze_layout(fig: Figure) -> None:
    """Run the constrained layout once, on the canvas's cached Agg renderer, then switch it off.

    Every later save (PNG, SVG, PDF) reuses the positions instead of laying out again, and the PNG
    save reuses the same renderer, whose mathtext and text-metric caches are then warm. The engine
    is removed, not set to ``"none"``: with any engine attached (even the "none" placeholder),
    ``savefig`` draws the whole figure once more, invisibly, before drawing it for real.
    """
    engine = fig.get_layout_engine()
    if engine is None:
        return
    renderer_of(fig)
    with warnings.catch_warnings():
        # a figure too small for its labels keeps the positions it had; the warning would only
        # repeat that on stderr, between our own messages
        warnings.filterwarnings("ignore", message="constrained_layout not applied", category=UserWarning)
        warnings.filterwarnings("ignore", category=UserWarning, module=r"matplotlib\.")
        engine.execute(fig)
    with matplotlib.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)


def _check_finite_values(values: Sequence[np.ndarray], acts: Sequence[Activation], orders: tuple[int, ...],
                         xr: tuple[float, float]) -> None:
    if any(_finite(v).size for v in values):
        return
    what = ", ".join(a.label + ("", "′", "″")[o] for a in acts for o in orders)
    raise OutputError(f"nothing to draw: {what} is not finite anywhere on [{xr[0]:g}, {xr[1]:g}]")


# --- bytes and files -------------------------------------------------------------------------------

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
    with _settings_given(), matplotlib.rc_context(rc), _lean_font_subsets(fmt == "pdf"):
        fig.savefig(buffer, format=fmt, dpi=fig.dpi, facecolor=background, edgecolor=background,
                    metadata=dict(_METADATA[fmt]), transparent=transparent, **extra)
    return buffer.getvalue()


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
