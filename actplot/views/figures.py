"""The matplotlib renderer of a :class:`actplot.views.plan.FigurePlan` (imported only to draw files).

:func:`draw` turns a plan into axes, curves, markers, legends and titles on a Figure (or into a
user's own axes, for the notebook API). What it adds to the plan is what only a drawing can know:

* **legends never hide data or a callout**: after the layout, each legend inside an axes is
  checked against the drawn curves, markers, callouts and insets (in pixels); if it touches any,
  the other inside positions are tried, and if none is free the legend moves beside the axes;
* **no offset text**: a panel whose values need a power of ten (differences of 1e−4) gets scaled
  tick labels and the power in its axis label (``Δf(x)  ×10⁻⁴``), so nothing collides with the title;
* **centred axes keep their labels**: with axes through the origin, the two ``0`` tick labels
  (struck through by the other axis) give way to one ``0`` beside the origin;
* **mathtext spacing**: a thin space between a factor and an operator (``x\\,\\tanh``,
  ``\\lambda\\,\\max``) and full-size fractions (``\\dfrac``) in titles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, ScalarFormatter

from actplot import sampling
from actplot.activation import Activation
from actplot.errors import ActplotError
from actplot.views import figure_options, render, styles
from actplot.views import plan as planning

DASHES: tuple[Any, ...] = (
    "-",
    (0, (6.0, 2.6)),
    (0, (6.0, 2.2, 1.3, 2.2)),
    (0, (1.3, 1.7)),
    (0, (6.0, 2.0, 1.3, 2.0, 1.3, 2.0)),
    (0, (10.0, 2.6)),
    (0, (2.6, 2.0)),
    (0, (1.3, 4.0)),
    (0, (8.0, 2.0, 3.0, 2.0)),
    (0, (5.0, 1.7, 1.3, 1.7, 1.3, 1.7, 1.3, 1.7)),
)
"""Dash patterns of the ten line-style slots, in :data:`actplot.views.plan.LINE_STYLE_NAMES`' order
(in line widths). Every period is at most 16 line widths, so a legend handle (3.2 em) shows one
whole period and no pattern passes for solid in the key."""

COINCIDE_FRACTION = 0.01
"""Curves closer than this fraction of the panel's span everywhere look like one curve: an inset
shows their difference."""

INSET_BOUNDS = ((0.6, 0.07, 0.37, 0.34), (0.05, 0.59, 0.37, 0.34), (0.05, 0.07, 0.37, 0.34), (0.6, 0.59, 0.37, 0.34))
"""Candidate inset positions (axes fraction): lower right, upper left, lower left, upper right."""

LEGEND_LOCATIONS = ("upper left", "upper right", "lower right", "lower left", "center left", "center right",
                    "upper center", "lower center", "center")
LEGEND_CLEARANCE = 2.0
"""Pixels a legend keeps from the data it must not cover."""

TICK_LABEL_SPACING = 1.5
"""y tick labels are at least this many label heights apart (a short panel shows fewer)."""


class SpacedLocator(MaxNLocator):
    """matplotlib's automatic ticks, thinned (every other one, 0 kept) until the labels of the y
    axis are :data:`TICK_LABEL_SPACING` label heights apart: a short panel at a paper's column
    width gets two ticks instead of three labels on top of each other."""

    def __init__(self) -> None:
        super().__init__(nbins="auto", steps=[1, 2, 2.5, 5, 10])

    def __call__(self) -> Any:
        ticks = np.asarray(super().__call__(), dtype=float)
        axis: Any = self.axis
        if axis is None or len(ticks) < 2:
            return ticks
        ax = axis.axes
        lo, hi = sorted(axis.get_view_interval())
        height_points = ax.bbox.height * 72.0 / ax.figure.dpi
        label_points = float(matplotlib.font_manager.FontProperties(size=axis._get_tick_label_size("y")).get_size_in_points())
        inside = ticks[(ticks >= lo) & (ticks <= hi)]
        while len(inside) >= 3:
            step_points = height_points * float(np.min(np.diff(inside))) / max(hi - lo, 1e-300)
            if step_points >= TICK_LABEL_SPACING * label_points:
                break
            keep = 0 if not np.any(inside == 0.0) else int(np.flatnonzero(inside == 0.0)[0]) % 2
            thinned = inside[keep::2]
            inside = thinned if len(thinned) >= 2 else inside[[0, -1]]  # two show the scale
        if len(inside) == 2 and height_points * float(inside[1] - inside[0]) / max(hi - lo, 1e-300) < 1.1 * label_points:
            inside = inside[[int(np.argmax(np.abs(inside)))]]  # a panel too short for two labels: the zero line and one
        return inside


_SUPERSCRIPT = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


@dataclass(frozen=True, slots=True)
class Style:
    colour: str
    dash: Any
    width: float


def style_for(th: styles.Theme, colour_slot: int | None, dash_slot: int, line_width: float) -> Style:
    """The one encoding: a slot's colour (or the foreground for a key entry) and dash pattern."""
    colour = th.foreground if colour_slot is None else th.colors[planning.colour_index(colour_slot)]
    return Style(colour, DASHES[planning.dash_index(dash_slot)], line_width)


# --- mathtext ------------------------------------------------------------------------------------------

_OPERATORS = ("tanh", "max", "min", "log", "ln", "exp", "sin", "cos", "arctan", "mathrm{erf}", "mathrm{sign}")


def math_spacing(formula: str) -> str:
    """``x \\tanh`` → ``x\\,\\tanh`` (mathtext sets no space after a factor), ``\\frac`` → ``\\dfrac``
    (a title's fractions at full size, not shrunk to subscript height)."""
    import re

    ops = "|".join(re.escape(o) for o in _OPERATORS)
    spaced = re.sub(r"(?<=[A-Za-z0-9)}])\s*\\(" + ops + r")(?![A-Za-z])", r"\\,\\\1", formula)
    return re.sub(r"\\frac(?=\{)", r"\\dfrac", spaced)


def typeset_title(text: str) -> str:
    """A title given as text (``--title``, the gallery's flavour sheets) set by the rule of the
    formula titles: :func:`math_spacing` inside each ``$...$`` (``\\$`` is a literal dollar)."""
    import re

    parts = re.split(r"(?<!\\)\$", text)
    if len(parts) < 3:
        return text
    pairs = len(parts) - 1 - (len(parts) - 1) % 2  # an unpaired last dollar stays text
    return "$".join(math_spacing(p) if i % 2 and i <= pairs else p for i, p in enumerate(parts))


def with_values(act: Activation) -> tuple[str, str]:
    """``$formula$   ($c = 2.5$)`` and its plain twin (the terminal's form of the same text)."""
    formula = math_spacing(act.formula)
    math_text = f"${formula}$" + (f"   (${act.formula_values}$)" if act.formula_values else "")
    return math_text, render._escape_dollars(act.formula_text_with_values)


def title_for(act: Activation, fallbacks: dict[str, str]) -> str:
    """``Title [params]:   $formula$   ($values$)``; the plain text is its fallback."""
    suffix = act.label[len(act.name):].lstrip(":")  # the parameters and flavour of the SPEC
    head = render._escape_dollars(act.spec.title + (f"  [{suffix}]" if suffix else ""))
    math_text, plain_formula = with_values(act)
    plain = head + (f":   {plain_formula}" if act.formula_text else "")
    if not act.formula:
        return plain
    text = f"{head}:   {math_text}"
    fallbacks[text] = plain
    return text


def legend_formula(act: Activation, label: str, fallbacks: dict[str, str]) -> str:
    if not act.formula:
        return label
    text = f"{label}:  {with_values(act)[0]}"
    fallbacks[text] = label
    return text


# --- panels ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Axes:
    """One planned panel on its axes, with what was drawn (for limits and the legend check)."""

    ax: Any
    panel: planning.PanelPlan
    values: list[np.ndarray] = field(default_factory=list)
    per_series: list[np.ndarray] = field(default_factory=list)
    draws: list[Any] = field(default_factory=list)
    breaks_at_zero: bool = False
    limits: tuple[float, float] = (-1.0, 1.0)
    obstacles: list[Any] = field(default_factory=list)  # artists a legend must not cover (insets, callouts)
    markers: list[_Marker] = field(default_factory=list)
    callouts: list[Any] = field(default_factory=list)


def _line_width(options: figure_options.FigureOptions) -> float:
    return float(options.line_width) if options.line_width is not None else 1.7


def marker_size(order: int, position: int) -> float:
    """Jump-marker diameter (points) of a marker that meets no other: f's markers are the largest."""
    return planning.MARKER_SIZES[order]


MARKER_EDGE = 1.0
"""Outline width (points) of a jump marker's ring."""
MARKER_GAP = 0.7
"""Points of the outer marker left visible around a marker nested inside it: enough to tell a
filled ring (value taken) from an open one (background showing between the rings)."""
MARKER_STEP = 2 * MARKER_EDGE + 2 * MARKER_GAP
"""Diameter difference between nested markers: the inner one, outline included, ends
:data:`MARKER_GAP` inside the outer one's ring."""
MARKER_CORE = 3.0
"""Diameter of the innermost marker of a stack (points)."""
DIAMOND_SIZE = 5.0
"""Size of the max-|Δ| diamond when nothing else is at its point."""
COINCIDE_X, COINCIDE_Y = 0.012, 0.025
"""Markers closer than these fractions of the panel's x and y spans meet: they are nested."""


@dataclass(slots=True)
class _Marker:
    """A point marker of a panel: a jump end (``closed``: the value taken) or the max-|Δ| diamond."""

    x: float
    y: float
    colour: str
    size: float
    closed: bool
    diamond: bool = False


def marker_stacks(markers: Sequence[_Marker], xr: tuple[float, float],
                  limits: tuple[float, float]) -> list[list[_Marker]]:
    """Group the markers that meet (closer than :data:`COINCIDE_X`/:data:`COINCIDE_Y` of the
    panel's spans); each group is ordered outermost first: a diamond, then the curves' markers in
    the plan's order (f before f′ before f″, the first function before the second)."""
    dx = COINCIDE_X * (xr[1] - xr[0])
    dy = COINCIDE_Y * (limits[1] - limits[0])
    stacks: list[list[_Marker]] = []
    for m in markers:
        for stack in stacks:
            if abs(stack[0].x - m.x) <= dx and abs(stack[0].y - m.y) <= dy:
                stack.append(m)
                break
        else:
            stacks.append([m])
    return [sorted(stack, key=lambda m: not m.diamond) for stack in stacks]


def nested_sizes(stack: Sequence[_Marker]) -> list[float]:
    """Diameters of a stack of markers, outermost first: each one :data:`MARKER_STEP` smaller than
    the one around it, so every ring stays visible and tells filled from open; a lone marker keeps
    its own size."""
    if len(stack) == 1:
        return [stack[0].size]
    outer = max(stack[0].size, MARKER_CORE + (len(stack) - 1) * MARKER_STEP)
    return [outer - i * MARKER_STEP for i in range(len(stack))]


def _draw_markers(target: _Axes, xr: tuple[float, float], limits: tuple[float, float], th: styles.Theme) -> None:
    """Draw the panel's markers, those at one point nested (outermost first, each on top of the one
    around it). Drawn unclipped (a marker at the panel's edge is whole), so markers outside the
    panel's limits are left out."""
    ax = target.ax
    inside = [m for m in target.markers if xr[0] <= m.x <= xr[1] and limits[0] <= m.y <= limits[1]]
    for stack in marker_stacks(inside, xr, limits):
        enclosing = len(stack) > 1
        for depth, (m, size) in enumerate(zip(stack, nested_sizes(stack))):
            z = 3.3 + 0.05 * depth
            if m.diamond:  # 'D' of size s is a square of side s: it encloses a circle of diameter s
                face = th.background if enclosing else m.colour
                ax.plot([m.x], [m.y], linestyle="none", marker="D", markersize=size, markerfacecolor=face,
                        markeredgecolor=th.foreground, markeredgewidth=0.8, zorder=z, clip_on=False)
                continue
            ax.plot([m.x], [m.y], linestyle="none", marker="o", markersize=size,
                    markerfacecolor=m.colour if m.closed else th.background, markeredgecolor=m.colour,
                    markeredgewidth=MARKER_EDGE, zorder=z, clip_on=False)


def _add_curve(target: _Axes, curve: Any, style: Style, label: str | None, order: int, th: styles.Theme) -> None:
    x, y = curve.joined()
    ends = [m for m in curve.markers if math.isfinite(m.y)]
    target.values.append(y)
    if any(m.x == 0.0 for m in curve.markers):
        target.breaks_at_zero = True
    if ends:
        target.values.append(np.array([m.y for m in curve.markers]))
    target.per_series.append(np.concatenate([y, np.array([m.y for m in curve.markers], dtype=float)]))
    target.markers.extend(_Marker(m.x, m.y, style.colour, marker_size(order, 0), m.closed) for m in ends)
    ax = target.ax

    def draw(limits: tuple[float, float]) -> None:
        ax.plot(x, render._clip_for_drawing(y, limits), color=style.colour, linestyle=style.dash,
                linewidth=style.width, label=label, zorder=2.2)

    target.draws.append(draw)


def _add_band(target: _Axes, act: Activation, xr: tuple[float, float], points: int, colour: str,
              label: str | None, th: styles.Theme) -> None:
    x = sampling.grid(xr[0], xr[1], points, tuple(k.x for k in act.kinks))
    lower, upper = (np.asarray(v, dtype=np.float64) for v in act.band(x))
    target.values.extend([lower, upper])
    ax = target.ax

    def draw(limits: tuple[float, float]) -> None:
        ax.fill_between(x, render._clip_for_drawing(lower, limits), render._clip_for_drawing(upper, limits),
                        color=colour, alpha=th.band_alpha, linewidth=0, label=label, zorder=1.5)

    target.draws.append(draw)


def _add_difference(target: _Axes, first: Activation, other: Activation, series: planning.DifferencePlan,
                    xr: tuple[float, float], points: int, style: Style, th: styles.Theme, font: float) -> None:
    grid_points = max(points, sampling.DIFFERENCE_POINTS)
    d = sampling.difference(first, other, xr[0], xr[1], points=grid_points, order=series.order)
    curve = sampling.difference_curve(first, other, xr[0], xr[1], points=grid_points, order=series.order)
    gap, where, place = d.gap, d.where, d.place  # where: the middle of the first stretch of the set
    at = math.nan
    if math.isfinite(gap):
        if series.order == 0:
            v = float(np.asarray(other(np.array([where])) - first(np.array([where])), dtype=np.float64)[0])
        else:
            v = float(np.asarray(other.derivative(np.array([where]), order=series.order)
                                 - first.derivative(np.array([where]), order=series.order), dtype=np.float64)[0])
        at = v if math.isfinite(v) else math.nan
    label = series.label
    if gap == 0.0:
        label = f"{label}  (identical: \u0394 = 0)"
        at = math.nan
    elif not series.callout and math.isfinite(at):
        label = f"{label}  (max |\u0394| = {_minus(f'{gap:.3g}')} {place})"
    _add_curve(target, curve, style, label, series.order, th)
    ax = target.ax

    if math.isfinite(at):
        target.markers.append(_Marker(where, at, style.colour, DIAMOND_SIZE, True, diamond=True))

    def draw(limits: tuple[float, float]) -> None:
        if not math.isfinite(at) or not series.callout:
            return
        lo, hi = limits
        below = at > (lo + hi) / 2
        right = where < 0.5 * (xr[0] + xr[1])
        note = ax.annotate(
            f"max |\u0394| = {_minus(f'{gap:.3g}')} {place}", xy=(where, at), xytext=(12 if right else -12, -16 if below else 12),
            textcoords="offset points", ha="left" if right else "right", fontsize=font * 0.85, color=th.foreground,
            arrowprops={"arrowstyle": "-", "color": th.foreground, "linewidth": 0.7},
            bbox={"boxstyle": "round,pad=0.25", "facecolor": th.legend_face, "edgecolor": th.legend_edge,
                  "linewidth": 0.6, "alpha": 0.9},
            zorder=4,
        )
        note.actplot_short = f"max |\u0394| = {_minus(f'{gap:.3g}')}"  # type: ignore[attr-defined]
        target.obstacles.append(note)
        target.callouts.append(note)

    target.draws.append(draw)


def _minus(text: str) -> str:
    """Numbers in figure text with the typographic minus, as on the tick labels."""
    return text.replace("-", "\u2212")


# --- the figure ------------------------------------------------------------------------------------------


def curves_coincide(acts: Sequence[Activation], xr: tuple[float, float]) -> bool:
    """Several functions whose f differ somewhere, but by less than :data:`COINCIDE_FRACTION` of
    their common span everywhere on the window (GELU exact vs tanh): one curve to the eye."""
    if not 2 <= len(acts) <= 4:
        return False
    x = np.linspace(xr[0], xr[1], 2001)
    with np.errstate(all="ignore"):
        ys = [np.asarray(a(x), dtype=np.float64) for a in acts]
    finite = np.concatenate([y[np.isfinite(y)] for y in ys])
    if finite.size == 0:
        return False
    span = float(finite.max() - finite.min())
    gaps = [np.nanmax(np.abs(y - ys[0])) for y in ys[1:]]
    return span > 0 and all(math.isfinite(g) for g in gaps) and 0 < max(gaps) < COINCIDE_FRACTION * span


def draw(
    fig_plan: planning.FigurePlan,
    acts: Sequence[Activation],
    *,
    x_range: tuple[float, float],
    points: int,
    options: figure_options.FigureOptions,
    figure: Figure | None = None,
    ax: Any = None,
) -> Figure:
    """Draw ``fig_plan`` on a new Figure, on ``figure`` (cleared), or into the user's ``ax``
    (a one-panel plan only; the user's figure keeps its own size, layout and title)."""
    th = styles.theme(options.theme)
    font = float(options.font_size) if options.font_size is not None else 9.5
    lw = _line_width(options)
    fallbacks: dict[str, str] = {}
    title = typeset_title(options.title) if options.title is not None else None
    if title is not None and options.title_fallback is not None:
        fallbacks[title] = options.title_fallback
    labels = [render._escape_dollars(s) for s in options.labels] if options.labels else [
        render._escape_dollars(a.spec_string) for a in acts]
    rc: Any = styles._rc(th, font_size=font, line_width=lw)
    with matplotlib.rc_context(rc):
        if ax is not None:
            if len(fig_plan.panels) != 1:
                raise ActplotError(
                    f"ax= takes a figure of one panel; this one has {len(fig_plan.panels)} "
                    "(leave out ax=, or plot one derivative order without --diff)"
                )
            fig = ax.figure
            axes_list = [ax]
        else:
            fig = render._new_figure(options, th, figure)
            axes_list = _make_axes(fig, fig_plan)
        targets = [_Axes(a, p) for a, p in zip(axes_list, fig_plan.panels)]
        for target in targets:
            _fill(target, fig_plan, acts, labels, x_range, points, options, th, fallbacks, font, lw)
        render._check_finite_values([v for t in targets for v in t.values], acts, fig_plan.orders, x_range)
        _set_limits(targets, options)
        titles: list[Any] = []
        jumps = any(not m.diamond for t in targets for m in t.markers)
        for target in targets:
            in_user_axes = ax is not None and jumps  # the user's axes: the jump key joins its legend
            _finish(target, fig_plan, options, th, x_range, font, fallbacks, labels,
                    jump_key(th) if in_user_axes else ())
        for target in targets:
            if target.panel.inset:
                _add_inset(target, acts, x_range, points, th, font, lw)
        _x_labels(targets, fig_plan, th)
        if ax is None:
            on_axes = len(targets) == 1 and fig_plan.title_act is not None  # one function, one panel
            if title is not None:
                titles.append(targets[0].ax.set_title(title, color=th.foreground) if on_axes
                              else fig.suptitle(title, color=th.foreground))
            elif fig_plan.title_act is not None:
                act = acts[fig_plan.title_act]
                head = labels[0] if options.labels is not None else title_for(act, fallbacks)
                titles.append(targets[0].ax.set_title(head, color=th.foreground) if on_axes
                              else fig.suptitle(head, color=th.foreground))
            if fig_plan.key or jumps:
                handles = [_key_handle(e, th, lw) for e in fig_plan.key] + (jump_key(th) if jumps else [])
                _figure_key(fig, handles, font, th)
            render._layout_with_fallbacks(fig, fallbacks, titles)
            _fit_ylabels(fig, targets)
            _place_callouts(fig, targets)
            _place_legends(fig, targets, relayout=True, titles=titles)
            _fit_ylabels(fig, targets)
            _place_callouts(fig, targets, avoid_legends=True)
            _keep_inside(fig, titles)
            if options.centered_axes:
                for target in targets:
                    _clear_tick_labels(target.ax, th, options.grid)
            render.finish_at_dpi(fig, options)
        else:  # the user's axes: a title on it, their figure's layout is theirs to run
            if title is not None or fig_plan.title_act is not None:
                head = title if title is not None else (
                    labels[0] if options.labels is not None else title_for(acts[fig_plan.title_act or 0], fallbacks))
                ax.set_title(head, color=th.foreground)
            _place_legends(fig, targets, relayout=False)
    return fig


def _keep_inside(fig: Figure, titles: Sequence[Any]) -> None:
    """A title centred over its axes (not the figure) may still reach past an edge after the
    layout: shrink it until it fits (not below the smallest fitted size)."""
    renderer = render.renderer_of(fig)
    for title in titles:
        for _ in range(8):
            box = title.get_window_extent(renderer)
            if box.x0 >= 0 and box.x1 <= fig.bbox.width:
                break
            size = title.get_fontsize()
            if size <= render.MIN_FIT_POINTS:
                break
            centre = 0.5 * (box.x0 + box.x1)
            room = 2 * min(centre, fig.bbox.width - centre)
            title.set_fontsize(max(render.MIN_FIT_POINTS, size * min(0.95, room / max(box.width, 1e-9))))


JUMP_KEY = ("value taken at a jump", "value not taken")
"""Key labels of the filled and the open jump marker (the terminal's ● and ○)."""


def jump_key(th: styles.Theme) -> list[Any]:
    """Key entries for the jump markers: a filled dot (the value the function takes at the jump)
    and an open one (the other one-sided limit), in the foreground colour."""
    from matplotlib.lines import Line2D

    size = planning.MARKER_SIZES[0]
    return [Line2D([], [], linestyle="none", marker="o", markersize=size, markerfacecolor=face,
                   markeredgecolor=th.foreground, markeredgewidth=MARKER_EDGE, label=label)
            for face, label in ((th.foreground, JUMP_KEY[0]), (th.background, JUMP_KEY[1]))]


def _figure_key(fig: Figure, handles: list[Any], font: float, th: styles.Theme) -> Any:
    """The key under the figure (entries that are no curve of a panel), in as many columns as fit
    the figure's width."""
    renderer = render.renderer_of(fig)
    available = 0.96 * fig.bbox.width
    for columns in range(len(handles), 0, -1):
        key = fig.legend(handles=handles, loc="outside lower center", ncols=columns, frameon=False,
                         fontsize=font * 0.9, labelcolor=th.foreground, handlelength=2.4, columnspacing=1.2)
        if columns == 1 or key.get_window_extent(renderer).width <= available:
            return key
        key.remove()
    return None


def _key_handle(entry: planning.KeyEntry, th: styles.Theme, lw: float) -> Any:
    from matplotlib.lines import Line2D

    style = style_for(th, entry.colour_slot, entry.dash_slot, lw)
    return Line2D([], [], color=style.colour, linestyle=style.dash, linewidth=lw, label=entry.label)


def _make_axes(fig: Figure, fig_plan: planning.FigurePlan) -> list[Any]:
    if fig_plan.columns == 1:
        ratios = [p.height_ratio for p in fig_plan.panels]
        gs = fig.add_gridspec(len(ratios), 1, height_ratios=ratios)
        first = fig.add_subplot(gs[0, 0])
        axes = [first] + [fig.add_subplot(gs[i, 0], sharex=first) for i in range(1, len(ratios))]
        for a in axes[:-1]:
            a.tick_params(axis="x", labelbottom=False)
        return axes
    gs = fig.add_gridspec(fig_plan.rows, 2 * fig_plan.columns)
    axes = []
    for row, c0, span in fig_plan.grid_cells():
        axes.append(fig.add_subplot(gs[row, c0:c0 + span], sharex=axes[0] if axes else None))
    return axes


def _fill(target: _Axes, fig_plan: planning.FigurePlan, acts: Sequence[Activation], labels: list[str],
          xr: tuple[float, float], points: int, options: figure_options.FigureOptions, th: styles.Theme,
          fallbacks: dict[str, str], font: float, lw: float) -> None:
    for s in target.panel.series:
        style = style_for(th, s.colour_slot, s.dash_slot, lw)
        if isinstance(s, planning.DifferencePlan):
            _add_difference(target, acts[0], acts[s.act], s, xr, points, style, th, font)
            continue
        act = acts[s.act]
        label = s.label
        if fig_plan.encoding == "function":
            label = labels[s.act]
            if s.with_formula:
                label = legend_formula(act, label, fallbacks)
        if s.band:
            band_label = "range of f (random slope)" if fig_plan.encoding == "order" else None
            _add_band(target, act, xr, points, style.colour, band_label, th)
        with np.errstate(all="ignore"):
            curve = sampling.sample_curve(act, xr[0], xr[1], points, s.order)
        _add_curve(target, curve, style, label, s.order, th)


def _set_limits(targets: list[_Axes], options: figure_options.FigureOptions) -> None:
    groups: dict[int, list[_Axes]] = {}
    for t in targets:
        if t.panel.user_ylim and options.ylim is not None:
            t.limits = options.ylim
        elif t.panel.robust:
            t.limits = render.robust_limits(t.per_series) or (-1.0, 1.0)
        else:
            t.limits = render.auto_limits(t.values) or (-1.0, 1.0)
        if t.panel.share_group is not None:
            groups.setdefault(t.panel.share_group, []).append(t)
    for members in groups.values():
        lo = min(t.limits[0] for t in members)
        hi = max(t.limits[1] for t in members)
        for t in members:
            t.limits = (lo, hi)
            if t is not members[0]:
                t.ax.sharey(members[0].ax)


def _finish(target: _Axes, fig_plan: planning.FigurePlan, options: figure_options.FigureOptions, th: styles.Theme,
            xr: tuple[float, float], font: float, fallbacks: dict[str, str], labels: list[str],
            extra_handles: Sequence[Any] = ()) -> None:
    ax, panel, limits = target.ax, target.panel, target.limits
    for draw_step in target.draws:
        draw_step(limits)
    _draw_markers(target, xr, limits, th)
    ax.set_xlim(*xr)
    ax.set_ylim(*limits)
    ax.yaxis.set_major_locator(SpacedLocator())
    ax.set_facecolor("none" if options.transparent else th.background)
    if options.grid:
        ax.grid(True, color=th.grid, linewidth=0.6, zorder=0)
    else:
        ax.grid(False)
    ax.set_axisbelow(True)
    for spine in ax.spines.values():
        spine.set_color(th.foreground)
    ax.tick_params(colors=th.foreground, labelcolor=th.foreground)
    ylabel = panel.ylabel + _power_scale(ax, limits)
    if options.centered_axes:
        _centre_axes(ax, xr, limits, th)
    else:
        if limits[0] < 0.0 < limits[1]:
            ax.axhline(0.0, color=th.muted, linewidth=0.7, zorder=1.0)
        if xr[0] < 0.0 < xr[1] and not target.breaks_at_zero:
            ax.axvline(0.0, color=th.muted, linewidth=0.7, zorder=1.0)
    if ylabel:
        if ax.spines["left"].get_position() == ("data", 0.0):
            ax.annotate(ylabel, xy=(0.0, 1.0), xycoords=("data", "axes fraction"), xytext=(5, -1),
                        textcoords="offset points", ha="left", va="top", color=th.foreground)
        else:
            ax.set_ylabel(ylabel, color=th.foreground)
    if panel.title:
        ax.set_title(panel.title, color=th.foreground, loc="left", fontsize=font)
    handles = ax.get_legend_handles_labels()[0] + list(extra_handles)
    if (panel.legend or extra_handles) and handles:
        size = font * (0.79 if fig_plan.legend_beside else 0.9)
        kwargs: dict[str, Any] = {"fontsize": size, "labelcolor": th.foreground, "facecolor": th.legend_face,
                                  "edgecolor": th.legend_edge}
        beside = fig_plan.legend_beside
        if beside:
            kwargs.update(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, ncols=1)
        else:
            kwargs.update(loc="upper left")
        legend = ax.legend(handles=handles, **kwargs)
        legend.set_zorder(5)
        if not beside:  # inside the axes, or moved out by _place_legends: never a reason to shrink the plot
            legend.set_in_layout(False)
        render._fit_legend(legend, ax, beside, fallbacks)
        legend.actplot_beside = beside  # type: ignore[attr-defined]


def _power_scale(ax: Any, limits: tuple[float, float]) -> str:
    """Scale tick labels by a power of ten where matplotlib would print an offset text (which
    collides with the panel title); returns the suffix for the axis label (``  ×10⁻⁴``)."""
    biggest = max(abs(limits[0]), abs(limits[1]))
    if biggest == 0 or not math.isfinite(biggest) or 1e-2 <= biggest < 1e5:
        return ""
    power = math.floor(math.log10(biggest))
    scale = 10.0 ** power

    def label(value: float, _pos: Any) -> str:
        v = round(value / scale, 9)
        return ("0" if v == 0 else f"{v:g}").replace("-", "\u2212")

    ax.yaxis.set_major_formatter(FuncFormatter(label))
    return f"  \u00d710{str(power).translate(_SUPERSCRIPT)}"


class _NoZeroFormatter(ScalarFormatter):
    """Tick labels without the one at 0 (the other axis strikes through it)."""

    def __call__(self, x: float, pos: Any = None) -> str:
        return "" if x == 0 else str(super().__call__(x, pos))


def _centre_axes(ax: Any, xr: tuple[float, float], limits: tuple[float, float], th: styles.Theme) -> None:
    x_through = xr[0] < 0.0 < xr[1]
    y_through = limits[0] < 0.0 < limits[1]
    if x_through:
        ax.spines["left"].set_position(("data", 0.0))
    if y_through:
        ax.spines["bottom"].set_position(("data", 0.0))
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    if x_through and y_through:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter):
                axis.set_major_formatter(_NoZeroFormatter())
        ax.annotate("0", xy=(0.0, 0.0), xycoords="data", xytext=(-4, -3), textcoords="offset points", ha="right",
                    va="top", color=th.foreground, fontsize=matplotlib.rcParams["xtick.labelsize"]
                    if isinstance(matplotlib.rcParams["xtick.labelsize"], float) else None)


LABEL_LAYER = 2.6
"""zorder of the axes' tick labels with centred axes: above the curves (2.2), under the markers."""


def _label_box(th: styles.Theme) -> dict[str, Any]:
    return {"boxstyle": "square,pad=0.12", "facecolor": th.background, "edgecolor": "none", "alpha": 1.0}


def _clear_tick_labels(ax: Any, th: styles.Theme, grid: bool) -> None:
    """Axes through the origin put their tick labels among the curves: each label gets a box in
    the background colour and is drawn over the curves (a curve passes behind a label, never
    through it). The ticks of the laid-out axes are fixed first (the boxes belong to their
    labels), and the grid, which belongs to the same axis layer, is drawn as lines under the
    curves instead."""
    from matplotlib.text import Text
    from matplotlib.ticker import FixedLocator

    for axis, limits, line in ((ax.xaxis, ax.get_xlim(), ax.axvline), (ax.yaxis, ax.get_ylim(), ax.axhline)):
        ticks = [float(t) for t in axis.get_majorticklocs() if min(limits) <= t <= max(limits)]
        axis.set_major_locator(FixedLocator(ticks))
        axis.set_zorder(LABEL_LAYER)
        axis.grid(False)
        if grid:
            for t in ticks:
                line(t, color=th.grid, linewidth=0.6, zorder=0.5)
        for tick in axis.get_major_ticks(len(ticks)):
            tick.label1.set_bbox(_label_box(th))
    for child in ax.texts:  # the "0" at the origin, the axis names (callouts have boxes of their own)
        if isinstance(child, Text) and child.get_text() and child.get_bbox_patch() is None:
            child.set_bbox(_label_box(th))
            child.set_zorder(LABEL_LAYER)


def _x_labels(targets: list[_Axes], fig_plan: planning.FigurePlan, th: styles.Theme) -> None:
    if fig_plan.columns == 1 or len(targets) == 1:
        render._set_xlabel(targets[-1].ax, th)
        return
    cells = fig_plan.grid_cells()
    for i, (row, c0, span) in enumerate(cells):
        below = {c for (r, c, s) in cells if r == row + 1 for c in range(c, c + s)}
        covered = all(c in below for c in range(c0, c0 + span))
        if covered:
            targets[i].ax.tick_params(axis="x", labelbottom=False)
        else:
            targets[i].ax.tick_params(axis="x", labelbottom=True)
            render._set_xlabel(targets[i].ax, th)


def _add_inset(target: _Axes, acts: Sequence[Activation], xr: tuple[float, float], points: int,
               th: styles.Theme, font: float, lw: float) -> None:
    """The difference of coinciding curves, small, where it covers the fewest data points."""
    ax = target.ax
    bounds = min(INSET_BOUNDS, key=lambda b: _points_inside(ax, b))
    inset = ax.inset_axes(bounds, zorder=4.5)
    inset.set_facecolor(th.background)
    values = []
    for i in range(1, len(acts)):
        style = style_for(th, i, i, lw * 0.8)
        curve = sampling.difference_curve(acts[0], acts[i], xr[0], xr[1], points=max(points, 2001))
        x, y = curve.joined()
        values.append(y)
        inset.plot(x, y, color=style.colour, linestyle=style.dash, linewidth=style.width)
        for m in curve.markers:
            inset.plot([m.x], [m.y], marker="o", markersize=3, linestyle="none", markeredgecolor=style.colour,
                       markerfacecolor=style.colour if m.closed else th.background)
    limits = render.auto_limits(values) or (-1.0, 1.0)
    inset.set_xlim(*xr)
    inset.set_ylim(*limits)
    suffix = _power_scale(inset, limits)
    size = inset_font(font)
    inset.xaxis.set_major_locator(MaxNLocator(nbins=4))
    inset.yaxis.set_major_locator(MaxNLocator(nbins=4))
    inset.set_title(f"\u0394 to {render._escape_dollars(acts[0].spec_string)}{suffix}", fontsize=size,
                    color=th.foreground, loc="left", pad=2)
    inset.tick_params(labelsize=size, colors=th.foreground, labelcolor=th.foreground, length=2, pad=1)
    for spine in inset.spines.values():
        spine.set_color(th.muted)
    inset.axhline(0.0, color=th.muted, linewidth=0.5)
    target.obstacles.append(inset)


MIN_INSET_POINTS = 7.0
"""Smallest text in an inset: below 7 pt, print makes it unreadable."""
INSET_STEP = 2.0
"""An inset's text is this many points smaller than the figure's (but not below 7 pt)."""


def inset_font(font: float) -> float:
    """Text size of an inset in a figure of base size ``font``: ``font`` − 2 pt, at least 7 pt
    (never more than ``font`` itself)."""
    return min(font, max(MIN_INSET_POINTS, font - INSET_STEP))


def _points_inside(ax: Any, bounds: tuple[float, float, float, float]) -> int:
    """How many drawn data vertices fall inside ``bounds`` (axes fraction), with a small margin."""
    x0, y0, w, h = bounds
    count = 0
    to_axes = ax.transData + ax.transAxes.inverted()
    for line in ax.get_lines():
        xy = np.column_stack([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if xy.size == 0:
            continue
        p = to_axes.transform(xy)
        count += int(np.count_nonzero((p[:, 0] > x0 - 0.04) & (p[:, 0] < x0 + w + 0.04)
                                      & (p[:, 1] > y0 - 0.06) & (p[:, 1] < y0 + h + 0.08)))
    return count


# --- legends that hide nothing ---------------------------------------------------------------------------


def legend_hits(ax: Any, legend: Any, renderer: Any, obstacles: Sequence[Any] = ()) -> int:
    """Data vertices, markers, callouts and insets of ``ax`` under ``legend`` (pixels, after layout)."""
    box = legend.get_window_extent(renderer).padded(LEGEND_CLEARANCE)
    hits = 0
    for line in ax.get_lines():
        if line.get_label().startswith("_") and line.get_linestyle() not in ("None", "none", " ", "") \
                and len(line.get_xdata()) == 2 and _is_reference_line(line):
            continue  # the grey zero lines are not data
        xy = np.column_stack([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if xy.size == 0:
            continue
        p = line.get_transform().transform(xy)
        hits += int(np.count_nonzero((p[:, 0] >= box.x0) & (p[:, 0] <= box.x1) & (p[:, 1] >= box.y0)
                                     & (p[:, 1] <= box.y1)))
        if len(p) > 1:  # a segment crossing the box between two vertices outside it
            hits += _segments_crossing(p, box)
    frame = ax.get_window_extent(renderer)
    for text in _texts_in_axes(ax):  # centred axes put tick labels and axis names inside the plot
        extent = text.get_window_extent(renderer)
        if frame.overlaps(extent) and box.overlaps(extent):
            hits += 1
    for artist in obstacles:
        # an inset counts with its tick labels and title (get_tightbbox), not only its frame
        extent = artist.get_tightbbox(renderer) if hasattr(artist, "child_axes") else artist.get_window_extent(renderer)
        if extent is not None and box.overlaps(extent):
            hits += 1
    return hits


def _texts_in_axes(ax: Any) -> list[Any]:
    """The axes' annotations without a box of their own, and its tick labels (with the axes
    through the origin these lie inside the plot, where a legend could cover them)."""
    if ax.spines["left"].get_position() != ("data", 0.0) and ax.spines["bottom"].get_position() != ("data", 0.0):
        return []
    labels = [t for t in (*ax.get_xticklabels(), *ax.get_yticklabels()) if t.get_visible() and t.get_text()]
    return labels + [t for t in ax.texts if t.get_text() and t.get_bbox_patch() is None]


def _is_reference_line(line: Any) -> bool:
    return line.get_linewidth() <= 0.71 and line.get_zorder() <= 1.0


def _segments_crossing(p: np.ndarray, box: Any) -> int:
    """Segments whose ends lie on opposite sides of the box horizontally or vertically while the
    other coordinate passes through it (straight lines drawn with few vertices)."""
    a, b = p[:-1], p[1:]
    lo_x, hi_x = np.minimum(a[:, 0], b[:, 0]), np.maximum(a[:, 0], b[:, 0])
    lo_y, hi_y = np.minimum(a[:, 1], b[:, 1]), np.maximum(a[:, 1], b[:, 1])
    spans = (lo_x <= box.x1) & (hi_x >= box.x0) & (lo_y <= box.y1) & (hi_y >= box.y0)
    if not spans.any():
        return 0
    # y of the segment at the box's x-range ends, clipped: a crossing if it enters [y0, y1]
    a, b = a[spans], b[spans]
    dx = b[:, 0] - a[:, 0]
    with np.errstate(all="ignore"):
        t0 = np.clip(np.where(dx != 0, (box.x0 - a[:, 0]) / dx, 0.0), 0, 1)
        t1 = np.clip(np.where(dx != 0, (box.x1 - a[:, 0]) / dx, 1.0), 0, 1)
    y0 = a[:, 1] + t0 * (b[:, 1] - a[:, 1])
    y1 = a[:, 1] + t1 * (b[:, 1] - a[:, 1])
    inside = (np.maximum(y0, y1) >= box.y0) & (np.minimum(y0, y1) <= box.y1)
    return int(np.count_nonzero(inside))


def _place_legends(fig: Figure, targets: list[_Axes], *, relayout: bool, titles: Sequence[Any] = ()) -> None:
    """Give every inside legend a position where it covers nothing.

    Tried in turn: each inside location; the same with every formula wrapped under its label and a
    smaller font; finally above the axes (the panel's title becomes the legend's title), where the
    layout makes room for it. Beside-the-axes legends (many functions) are outside already.
    """
    for _ in range(4):  # moving one legend out re-lays the figure out: check the others again
        renderer = render.renderer_of(fig)
        moved_out = False
        for target in targets:
            legend = target.ax.get_legend()
            if legend is None or getattr(legend, "actplot_beside", False):
                continue
            if _free_location(target, legend, renderer):
                continue
            _wrap_formulas(legend)
            if _free_location(target, legend, renderer):
                continue
            _drop_formulas(legend)
            if _free_location(target, legend, renderer):
                continue
            if target.panel.kind == "difference" and any(t.ax.get_legend() is not None for t in targets
                                                         if t.panel.kind == "curves"):
                # each difference has its function's style, which the first panel's legend names,
                # and the panel's title and axis label say what is drawn: no room inside, no key
                legend.remove()
                moved_out = True
                continue
            _move_above(target, legend)
            moved_out = True
        _same_legend_font(targets)
        if not (moved_out and relayout):
            return
        fig.set_layout_engine("constrained")
        engine: Any = fig.get_layout_engine()
        engine.set(h_pad=0.06, w_pad=0.06, hspace=0.04, wspace=0.04)
        render._freeze_layout(fig)
        for title in titles:  # an axes title moves with its axes: fit it to the figure again
            render._fit_title(title, fig)


def _free_location(target: _Axes, legend: Any, renderer: Any) -> bool:
    for loc in LEGEND_LOCATIONS:
        legend.set_loc(loc)
        if legend_hits(target.ax, legend, renderer, target.obstacles) == 0:
            return True
    return False


def _wrap_formulas(legend: Any) -> None:
    """Each formula on a line of its own under its label, and the font a step smaller (a legend
    without formulas is left as it is)."""
    texts = [t for t in legend.get_texts() if ":  $" in t.get_text()]
    if not texts:
        return
    for text in legend.get_texts():
        text.set_text(text.get_text().replace(":  $", ":\n$", 1))
        text.set_fontsize(max(render.MIN_FIT_POINTS, text.get_fontsize() * 0.88))


def _same_legend_font(targets: Sequence[_Axes]) -> None:
    """Every panel legend of a figure in one font size, the smallest any of them needed (a smaller
    legend at the same anchor covers less than it did)."""
    legends = [t.ax.get_legend() for t in targets if t.ax.get_legend() is not None]
    sizes = [text.get_fontsize() for legend in legends for text in legend.get_texts()]
    if len(legends) < 2 or len(set(sizes)) < 2:
        return
    for legend in legends:
        for text in legend.get_texts():
            text.set_fontsize(min(sizes))
        if legend.get_title().get_text():
            legend.get_title().set_fontsize(min(sizes))


def _drop_formulas(legend: Any) -> None:
    """Names only: the formulas are what makes a legend too big to sit beside the curves."""
    for text in legend.get_texts():
        text.set_text(text.get_text().split(":\n$", 1)[0].split(":  $", 1)[0])


def _move_above(target: _Axes, legend: Any) -> None:
    """Put the legend over the axes, left-aligned, no wider than the axes (a wider one would make
    the layout squeeze the plot): as many columns as fit, then shorter labels, then a smaller font
    (not below 6 pt). The panel's title (which sat there) becomes the legend's title."""
    ax = target.ax
    title = ax.get_title(loc="left")
    if title:
        ax.set_title("", loc="left")
    handles = ax.get_legend_handles_labels()[0]
    labels = [t.get_text() for t in legend.get_texts()]
    size = legend.get_texts()[0].get_fontsize()
    props = {"labelcolor": legend.get_texts()[0].get_color(), "facecolor": legend.get_frame().get_facecolor(),
             "edgecolor": legend.get_frame().get_edgecolor()}
    legend.remove()
    renderer = render.renderer_of(ax.figure)
    available = ax.get_window_extent(renderer).width
    legend = None
    for variant in (labels, [_short_label(text) for text in labels]):
        for ncols in range(len(variant), 0, -1):
            legend = _legend_above(ax, handles, variant, title, size, ncols, props)
            width = legend.get_window_extent(renderer).width
            if width <= available:
                break
            legend.remove()
        else:  # one column is too wide: a smaller font, down to 7 pt for the full labels, 6 for the short
            floor = MIN_INSET_POINTS if variant is labels else render.MIN_FIT_POINTS
            fitted = max(floor, size * available / width)
            legend = _legend_above(ax, handles, variant, title, fitted, 1, props)
            if legend.get_window_extent(renderer).width > available and variant is labels:
                legend.remove()
                continue
        break
    legend.actplot_beside = True  # type: ignore[attr-defined]


def _legend_above(ax: Any, handles: list[Any], labels: list[str], title: str, size: float, ncols: int,
                  props: dict[str, Any]) -> Any:
    legend = ax.legend(handles=handles, labels=labels, loc="lower left", bbox_to_anchor=(0.0, 1.01),
                       borderaxespad=0.0, ncols=ncols, fontsize=size, title=title or None,
                       title_fontsize=size, columnspacing=1.2, **props)
    legend._legend_box.align = "left"
    legend.set_zorder(5)
    return legend


def _short_label(text: str) -> str:
    """A legend label without what the figure says elsewhere: the formula, the largest gap (the
    diamond marks it) and the subtrahend of a difference (the legend's title names it)."""
    text = text.split(":\n$", 1)[0].split(":  $", 1)[0]
    text = text.split("  (max |\u0394|", 1)[0]
    return text.split(" \u2212 ", 1)[0]


CALLOUT_OFFSETS = ((12, 12), (-12, 12), (12, -16), (-12, -16), (20, 0), (-20, 0), (0, 16), (0, -20))
"""Candidate callout offsets (points) from the largest gap's diamond."""
CALLOUT_CORNERS = ((0.98, 0.95, "right", "top"), (0.02, 0.95, "left", "top"), (0.98, 0.05, "right", "bottom"),
                   (0.02, 0.05, "left", "bottom"), (0.5, 0.95, "center", "top"), (0.5, 0.05, "center", "bottom"))
"""Then these places in the axes (fraction, alignment), the line still pointing at the diamond."""


def _callout_candidates() -> list[tuple[str, tuple[float, float], str, str]]:
    near = [("offset points", (float(dx), float(dy)), "left" if dx > 0 else "right" if dx < 0 else "center",
             "bottom" if dy > 0 else "top" if dy < 0 else "center") for dx, dy in CALLOUT_OFFSETS]
    far = [("axes fraction", (x, y), ha, va) for x, y, ha, va in CALLOUT_CORNERS]
    return near + far


def _place_callouts(fig: Figure, targets: list[_Axes], avoid_legends: bool = False) -> None:
    """Put each max-|Δ| callout where it is whole inside its axes and covers no data (nor, on the
    second pass, the legend): near its diamond, else in a corner of the axes; the full text first,
    then the short one (the diamond shows where). With no free place, the one covering least."""
    renderer = render.renderer_of(fig)
    for target in targets:
        ax = target.ax
        frame = ax.get_window_extent(renderer)
        legend = ax.get_legend() if avoid_legends else None
        for note in target.callouts:
            best: tuple[float, str, tuple[str, tuple[float, float], str, str]] | None = None
            for text in dict.fromkeys((note.get_text(), getattr(note, "actplot_short", note.get_text()))):
                note.set_text(text)
                for candidate in _callout_candidates():
                    _put_callout(note, candidate)
                    box = _callout_box(note, renderer)
                    outside = max(0.0, frame.x0 - box.x0) + max(0.0, box.x1 - frame.x1) \
                        + max(0.0, frame.y0 - box.y0) + max(0.0, box.y1 - frame.y1)
                    cost = 10 * outside + 20 * _lines_under(ax, box)
                    if legend is not None and box.overlaps(legend.get_window_extent(renderer)):
                        cost += 1000
                    if best is None or cost < best[0]:
                        best = (cost, text, candidate)
                    if cost == 0:
                        break
                if best is not None and best[0] == 0:
                    break
            if best is not None:
                note.set_text(best[1])
                _put_callout(note, best[2])


def _callout_box(note: Any, renderer: Any) -> Any:
    """The callout's text with its frame (pixels), without the line to the diamond."""
    from matplotlib.text import Text

    pad = note.get_fontsize() * 0.4 * renderer.points_to_pixels(1.0)
    return Text.get_window_extent(note, renderer).padded(pad)


def _put_callout(note: Any, candidate: tuple[str, tuple[float, float], str, str]) -> None:
    coords, xy, ha, va = candidate
    note.set_anncoords(coords)
    note.xyann = xy
    note.set_horizontalalignment(ha)
    note.set_verticalalignment(va)


def _lines_under(ax: Any, box: Any) -> int:
    """How many data lines pass under ``box`` (pixels); a marker under it counts ten."""
    count = 0
    for line in ax.get_lines():
        if _is_reference_line(line):
            continue
        xy = np.column_stack([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if xy.size == 0:
            continue
        p = line.get_transform().transform(xy)
        inside = np.any((p[:, 0] >= box.x0) & (p[:, 0] <= box.x1) & (p[:, 1] >= box.y0) & (p[:, 1] <= box.y1))
        if line.get_linestyle() in ("None", "none", "", " "):
            count += 10 * int(inside)  # a marker (a jump's end, the diamond) must stay visible
        else:
            count += bool(inside or (len(p) > 1 and _segments_crossing(p, box)))
    return count


def _fit_ylabels(fig: Figure, targets: list[_Axes]) -> None:
    """A y label longer than its axes is tall (``Δf(x)  ×10⁻⁴`` beside a short panel) reaches into
    the next panel's label: the power goes on a second line, then the font shrinks (not below 6 pt)."""
    renderer = render.renderer_of(fig)
    for target in targets:
        label = target.ax.yaxis.label
        if not label.get_text() or not label.get_visible():
            continue
        room = target.ax.get_window_extent(renderer).height
        if label.get_window_extent(renderer).height <= room:
            continue
        if "  \u00d7" in label.get_text():
            label.set_text(label.get_text().replace("  \u00d7", "\n\u00d7", 1))
        height = label.get_window_extent(renderer).height
        if height > room:
            label.set_fontsize(max(render.MIN_FIT_POINTS, label.get_fontsize() * room / height))
