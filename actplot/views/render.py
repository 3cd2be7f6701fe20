"""Figures with matplotlib: a plan drawn into a Figure (:func:`plot_figure`), with limits, titles
and legends fitted after layout. Themes live in :mod:`.styles`, the options and their checks in
:mod:`.figure_options`, bytes and files in :mod:`.export`.

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
* **Deterministic bytes** (:func:`actplot.views.export.figure_bytes`): SVG ``svg.hashsalt`` from the caller's salt (so
  several SVGs inlined in one page get distinct ids), no dates, no version strings (SVG ``Date`` and
  ``Creator``, PDF ``CreationDate``/``Creator``/``Producer``, PNG ``Software``).
* **Atomic files** (:func:`actplot.views.export.save_figure`): rendered to memory first, then written with
  :func:`actplot._files.write_atomic`; a failure (bad mathtext, disk full, Ctrl-C) leaves the old
  file byte-identical and no temporary file.

User titles (``--title``): mathtext between ``$...$`` is rendered; the text is validated by
:func:`actplot.views.figure_options.validate_options` *before* anything is drawn, so an invalid formula is a usage error (exit
2) instead of a half-written file. Text without a pair of ``$`` (e.g. ``cost $5``) is shown as typed.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
from typing import Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from actplot import sampling
from actplot.activation import Activation
from actplot.errors import ActplotError, OutputError
from actplot.views.export import ExportCanvas
from actplot.views.figure_options import (
    LIMIT_CLAMP,
    MAX_PIXELS,
    MAX_PIXELS_PER_SIDE,
    FigureOptions,
    _mathtext_ok,
    validate_options,
)
from actplot.views.styles import Theme

OUTLIER_FACTOR = 4.0
"""Several curves: one reaching this many spans of the others beyond them runs off the panel."""

PAD_FRACTION = 0.06
"""Automatic y-limits: the finite data range plus this fraction of it on each side."""

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


def _flat(lo: float, hi: float) -> bool:
    """Whether [lo, hi] is a single value up to rounding (the test :func:`auto_limits` pads by)."""
    return hi - lo <= 1e-9 * max(abs(lo), abs(hi), 1e-300)


def robust_limits(curves: Sequence[np.ndarray]) -> tuple[float, float] | None:
    """Automatic limits for several curves where one curve may dwarf the rest.

    A curve whose maximum (minimum) lies more than :data:`OUTLIER_FACTOR` spans of the other curves
    beyond them is let run off the panel instead of flattening every other curve; the panel then
    extends a quarter span past the others. Single curves always get :func:`auto_limits`, and so
    do curves whose others are flat (relu′ beside two step functions′, all zero): against a span
    of zero every curve would be an outlier, and the panel would show nothing but the flat ones.
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
        if not _flat(rest_lo, rest_hi) and highs[0] - rest_lo > OUTLIER_FACTOR * (rest_hi - rest_lo):
            highs.pop(0)
            cut_top = True
        else:
            break
    while len(lows) > 2:
        rest_lo, rest_hi = lows[1], highs[0]
        if not _flat(rest_lo, rest_hi) and rest_hi - lows[0] > OUTLIER_FACTOR * (rest_hi - rest_lo):
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
    :mod:`actplot.views.figures` draws it (:mod:`actplot.views.insets` says when curves coincide
    and get an inset). ``options.ylim`` applies to the panels that show f; the f′/f″ and
    difference panels scale to their finite values. Raises :class:`OutputError` if no curve has a
    finite value to draw.
    """
    from actplot.views import figures, insets, plan

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
    coincide = options.layout == "overlay" and not diff and insets.curves_coincide(acts, (x_lo, x_hi))
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


