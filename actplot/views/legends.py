"""Legends that hide nothing: each panel's legend, where it goes, and the key under the figure.

Rule: after the layout, each legend inside an axes is checked against the drawn curves, markers,
callouts, insets and (with centred axes) tick labels, in pixels (:func:`legend_hits`). If it
touches any, the other inside positions are tried, then the same with each formula wrapped under
its label, then with names only; if no place is free, the legend moves above the axes (the
panel's title becomes its title), except a difference panel's, which is dropped when a curves
panel has a legend (that legend names each function's style; the panel's labels say what is
drawn). A legend beside the axes (many functions) is outside already. The entries that are no
curve of a panel (line styles by order, jump markers) form the key under the figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from actplot.views import plan as planning
from actplot.views import render, styles
from actplot.views.coverage import is_reference_line, segments_crossing
from actplot.views.drawn_panel import DrawnPanel
from actplot.views.insets import MIN_INSET_POINTS
from actplot.views.line_styles import style_for

LEGEND_LOCATIONS = ("upper left", "upper right", "lower right", "lower left", "center left", "center right",
                    "upper center", "lower center", "center")
"""Inside positions a legend tries, in this order."""
LEGEND_CLEARANCE = 2.0
"""Pixels a legend keeps from the data it must not cover."""


def add_panel_legend(ax: Any, panel: planning.PanelPlan, beside: bool, th: styles.Theme, font: float,
                     fallbacks: dict[str, str], extra_handles: Sequence[Any] = ()) -> None:
    """The panel's legend, if the plan gives it one (or ``extra_handles`` must be shown): inside
    at the upper left (moved later by :func:`place_legends`) or beside the axes for many
    functions, fitted to the panel's share of the figure."""
    handles = ax.get_legend_handles_labels()[0] + list(extra_handles)
    if (panel.legend or extra_handles) and handles:
        size = font * (0.79 if beside else 0.9)
        kwargs: dict[str, Any] = {"fontsize": size, "labelcolor": th.foreground, "facecolor": th.legend_face,
                                  "edgecolor": th.legend_edge}
        if beside:
            kwargs.update(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, ncols=1)
        else:
            kwargs.update(loc="upper left")
        legend = ax.legend(handles=handles, **kwargs)
        legend.set_zorder(5)
        if not beside:  # inside the axes, or moved out by place_legends: never a reason to shrink the plot
            legend.set_in_layout(False)
        render._fit_legend(legend, ax, beside, fallbacks)
        legend.actplot_beside = beside  # type: ignore[attr-defined]
        legend.actplot_extra_handles = list(extra_handles)  # type: ignore[attr-defined]  # for _move_above


def legend_hits(ax: Any, legend: Any, renderer: Any, obstacles: Sequence[Any] = ()) -> int:
    """Data vertices, markers, callouts and insets of ``ax`` under ``legend`` (pixels, after layout)."""
    box = legend.get_window_extent(renderer).padded(LEGEND_CLEARANCE)
    hits = 0
    for line in ax.get_lines():
        if line.get_label().startswith("_") and line.get_linestyle() not in ("None", "none", " ", "") \
                and len(line.get_xdata()) == 2 and is_reference_line(line):
            continue  # the grey zero lines are not data
        xy = np.column_stack([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if xy.size == 0:
            continue
        p = line.get_transform().transform(xy)
        hits += int(np.count_nonzero((p[:, 0] >= box.x0) & (p[:, 0] <= box.x1) & (p[:, 1] >= box.y0)
                                     & (p[:, 1] <= box.y1)))
        if len(p) > 1:  # a segment crossing the box between two vertices outside it
            hits += segments_crossing(p, box)
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


def place_legends(fig: Figure, targets: list[DrawnPanel], *, relayout: bool, titles: Sequence[Any] = ()) -> None:
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


def _free_location(target: DrawnPanel, legend: Any, renderer: Any) -> bool:
    """Try the inside locations in turn; True (the legend left there) at the first that covers nothing."""
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


def _same_legend_font(targets: Sequence[DrawnPanel]) -> None:
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


def _move_above(target: DrawnPanel, legend: Any) -> None:
    """Put the legend over the axes, left-aligned, no wider than the axes (a wider one would make
    the layout squeeze the plot): as many columns as fit, then shorter labels, then a smaller font
    (not below 6 pt). The panel's title (which sat there) becomes the legend's title."""
    ax = target.ax
    title = ax.get_title(loc="left")
    if title:
        ax.set_title("", loc="left")
    handles = ax.get_legend_handles_labels()[0] + getattr(legend, "actplot_extra_handles", [])
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
    """A legend over the axes, left-aligned, in ``ncols`` columns, with the panel's title as its title."""
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


def figure_key(fig: Figure, handles: list[Any], font: float, th: styles.Theme) -> Any:
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


def key_handle(entry: planning.KeyEntry, th: styles.Theme, lw: float) -> Any:
    """The figure key's line for one plan key entry, in its slot's style."""
    from matplotlib.lines import Line2D

    style = style_for(th, entry.colour_slot, entry.dash_slot, lw)
    return Line2D([], [], color=style.colour, linestyle=style.dash, linewidth=lw, label=entry.label)
