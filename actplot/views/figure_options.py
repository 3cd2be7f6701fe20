"""The options of a drawn figure (size, dpi, theme, fonts, limits, titles) and their checks,
all made before anything is drawn, so a bad option is a usage error and never a half-written file."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from matplotlib import cbook
from matplotlib.mathtext import MathTextParser

from actplot.errors import ActplotError
from actplot.views.styles import theme

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

LIMIT_CLAMP = 1e200
"""Automatic y-limits never exceed ±this (matplotlib cannot lay out ticks on spans near 1e308)."""



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


