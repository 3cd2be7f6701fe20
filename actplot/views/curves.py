"""What a panel's series put on its axes: sampled curves broken at jumps (with their end
markers), the band of a random-slope function, and differences to the first function (with the
diamond and callout at the largest gap).

Rule: nothing is drawn before the panel's y limits are known. Each series records its values
(for the limits) and its markers now, and a draw step that clips the curve to the limits later.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from actplot import sampling
from actplot.activation import Activation
from actplot.views import callouts, render, styles
from actplot.views import plan as planning
from actplot.views.drawn_panel import DrawnPanel
from actplot.views.line_styles import Style, style_for
from actplot.views.markers import DIAMOND_SIZE, Marker, marker_size
from actplot.views.titles import legend_formula


def add_series(target: DrawnPanel, fig_plan: planning.FigurePlan, acts: Sequence[Activation], labels: list[str],
               xr: tuple[float, float], points: int, th: styles.Theme, fallbacks: dict[str, str], font: float,
               lw: float) -> None:
    """Sample and add every series the plan gives the panel: curves (with the band of a random
    slope), and differences to the first function. Labels are the SPECs (or the user's labels)
    when the figure tells functions apart, the plan's order labels otherwise."""
    for s in target.panel.series:
        style = style_for(th, s.colour_slot, s.dash_slot, lw)
        if isinstance(s, planning.DifferencePlan):
            add_difference(target, acts[0], acts[s.act], s, xr, points, style, th, font)
            continue
        act = acts[s.act]
        label = s.label
        if fig_plan.encoding == "function":
            label = labels[s.act]
            if s.with_formula:
                label = legend_formula(act, label, fallbacks)
        if s.band:
            band_label = "range of f (random slope)" if fig_plan.encoding == "order" else None
            add_band(target, act, xr, points, style.colour, band_label, th)
        with np.errstate(all="ignore"):
            curve = sampling.sample_curve(act, xr[0], xr[1], points, s.order)
        add_curve(target, curve, style, label, s.order, th)


def add_curve(target: DrawnPanel, curve: Any, style: Style, label: str | None, order: int, th: styles.Theme) -> None:
    """A sampled curve (a :func:`actplot.sampling.sample_curve` or difference curve, broken at its
    jumps): its values count for the limits, its finite jump ends become markers of the order's
    size, and it is drawn clipped to the limits. A break at x = 0 keeps the grey vertical zero
    line off the panel (it would pass for a jump drawn as a segment)."""
    x, y = curve.joined()
    ends = [m for m in curve.markers if math.isfinite(m.y)]
    target.values.append(y)
    if any(m.x == 0.0 for m in curve.markers):
        target.breaks_at_zero = True
    if ends:
        target.values.append(np.array([m.y for m in curve.markers]))
    target.per_series.append(np.concatenate([y, np.array([m.y for m in curve.markers], dtype=float)]))
    target.markers.extend(Marker(m.x, m.y, style.colour, marker_size(order, 0), m.closed) for m in ends)
    ax = target.ax

    def draw(limits: tuple[float, float]) -> None:
        ax.plot(x, render._clip_for_drawing(y, limits), color=style.colour, linestyle=style.dash,
                linewidth=style.width, label=label, zorder=2.2)

    target.draws.append(draw)


def add_band(target: DrawnPanel, act: Activation, xr: tuple[float, float], points: int, colour: str,
             label: str | None, th: styles.Theme) -> None:
    """Where a randomised function (RReLU) can fall: a translucent band between its lower and
    upper curves, under its curve (the mean slope)."""
    x = sampling.grid(xr[0], xr[1], points, tuple(k.x for k in act.kinks))
    lower, upper = (np.asarray(v, dtype=np.float64) for v in act.band(x))
    target.values.extend([lower, upper])
    ax = target.ax

    def draw(limits: tuple[float, float]) -> None:
        ax.fill_between(x, render._clip_for_drawing(lower, limits), render._clip_for_drawing(upper, limits),
                        color=colour, alpha=th.band_alpha, linewidth=0, label=label, zorder=1.5)

    target.draws.append(draw)


def add_difference(target: DrawnPanel, first: Activation, other: Activation, series: planning.DifferencePlan,
                   xr: tuple[float, float], points: int, style: Style, th: styles.Theme, font: float) -> None:
    """``other − first`` (or its derivative of the series' order) on a grid of at least
    :data:`actplot.sampling.DIFFERENCE_POINTS`, with a diamond at the largest gap and either a
    callout there or the gap in the label; a zero difference says "identical" in its label."""
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
    add_curve(target, curve, style, label, series.order, th)
    ax = target.ax

    if math.isfinite(at):
        target.markers.append(Marker(where, at, style.colour, DIAMOND_SIZE, True, diamond=True))

    def draw(limits: tuple[float, float]) -> None:
        if not math.isfinite(at) or not series.callout:
            return
        short = f"max |\u0394| = {_minus(f'{gap:.3g}')}"
        note = callouts.add_callout(ax, f"{short} {place}", short, (where, at), xr, limits, th, font)
        target.obstacles.append(note)
        target.callouts.append(note)

    target.draws.append(draw)


def _minus(text: str) -> str:
    """Numbers in figure text with the typographic minus, as on the tick labels."""
    return text.replace("-", "\u2212")
