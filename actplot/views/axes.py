"""The axes of a figure: the grid of panels, their y limits, their frame (ticks, grid, spines,
zero lines, y labels), centred axes and the tick labels that stay readable.

Rules: no offset text (a panel whose values need a power of ten gets scaled tick labels and the
power in its axis label, ``Δf(x)  ×10⁻⁴``, so nothing collides with the title); y tick labels at
least :data:`TICK_LABEL_SPACING` label heights apart; with axes through the origin, the two ``0``
tick labels give way to one ``0`` beside the origin, and tick labels among the curves sit on a
box in the background colour; a y label longer than its panel wraps, then shrinks.
"""

from __future__ import annotations

import math
from typing import Any

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, ScalarFormatter

from actplot.views import figure_options, render, styles
from actplot.views import plan as planning
from actplot.views.drawn_panel import DrawnPanel

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


def make_axes(fig: Figure, fig_plan: planning.FigurePlan) -> list[Any]:
    """The plan's panels as axes: one column of panels (sharing x, tick labels on the last only)
    with the plan's height ratios, or the plan's grid cells (each spanning one or two half-columns)."""
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


def set_limits(targets: list[DrawnPanel], options: figure_options.FigureOptions) -> None:
    """Each panel's y limits: the user's ``--ylim`` where the plan applies it, robust limits (an
    outlying curve does not flatten the others) or automatic ones; panels of one share group get
    the union and one shared y axis."""
    groups: dict[int, list[DrawnPanel]] = {}
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


def frame_panel(target: DrawnPanel, xr: tuple[float, float], options: figure_options.FigureOptions,
                th: styles.Theme) -> None:
    """The panel's frame once its curves are drawn: x and y limits, spaced ticks, background and
    grid, spines and tick colours, the y label (with the power of ten of scaled tick labels), and
    either centred axes or the grey zero lines (no vertical one where a curve breaks at 0)."""
    ax, panel, limits = target.ax, target.panel, target.limits
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
    ylabel = panel.ylabel + power_scale(ax)
    if options.centered_axes:
        centre_axes(ax, xr, limits, th)
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


def power_scale(ax: Any) -> str:
    """Scale tick labels by a power of ten where matplotlib would print an offset text (which
    collides with the panel title); returns the suffix for the axis label (``  ×10⁻⁴``).

    Read from the axis's own y limits, set before this is called: matplotlib widens a range too
    small to draw (a difference panel that is zero but for ~1e-301 of padding) to ±0.05, and a
    scale taken from the requested range would overflow at every tick."""
    lo, hi = ax.get_ylim()
    biggest = max(abs(float(lo)), abs(float(hi)))
    if biggest == 0 or not math.isfinite(biggest) or 1e-2 <= biggest < 1e5:
        return ""
    power = math.floor(math.log10(biggest))
    scale = 10.0 ** power

    def label(value: float, _pos: Any) -> str:
        v = round(value / scale, 9)
        return ("0" if v == 0 else f"{v:g}").replace("-", "\u2212")

    ax.yaxis.set_major_formatter(FuncFormatter(label))
    return f"  \u00d710{str(power).translate(_SUPERSCRIPT)}"


class NoZeroFormatter(ScalarFormatter):
    """Tick labels without the one at 0 (the other axis strikes through it)."""

    def __call__(self, x: float, pos: Any = None) -> str:
        return "" if x == 0 else str(super().__call__(x, pos))


def centre_axes(ax: Any, xr: tuple[float, float], limits: tuple[float, float], th: styles.Theme) -> None:
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
                axis.set_major_formatter(NoZeroFormatter())
        ax.annotate("0", xy=(0.0, 0.0), xycoords="data", xytext=(-4, -3), textcoords="offset points", ha="right",
                    va="top", color=th.foreground, fontsize=matplotlib.rcParams["xtick.labelsize"]
                    if isinstance(matplotlib.rcParams["xtick.labelsize"], float) else None)


LABEL_LAYER = 2.6
"""zorder of the axes' tick labels with centred axes: above the curves (2.2), under the markers."""


def _label_box(th: styles.Theme) -> dict[str, Any]:
    return {"boxstyle": "square,pad=0.12", "facecolor": th.background, "edgecolor": "none", "alpha": 1.0}


def clear_tick_labels(ax: Any, th: styles.Theme, grid: bool) -> None:
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


def x_labels(targets: list[DrawnPanel], fig_plan: planning.FigurePlan, th: styles.Theme) -> None:
    """x tick labels and the x label under every panel with no panel below it (in a grid, a panel
    whose half-columns are all covered by the next row shows none)."""
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


def fit_ylabels(fig: Figure, targets: list[DrawnPanel]) -> None:
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
