"""Insets: when several functions coincide at the panel's scale (GELU exact and its tanh form),
a small inset shows their difference to the first function.

Rule: curves closer than :data:`COINCIDE_FRACTION` of the panel's span everywhere look like one
curve, so the difference is shown where the eye cannot see it; the inset goes to the candidate
corner that covers the fewest data points, and its text is never below :data:`MIN_INSET_POINTS`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.ticker import MaxNLocator

from actplot import sampling
from actplot.activation import Activation
from actplot.views import render, styles
from actplot.views.axes import power_scale
from actplot.views.drawn_panel import DrawnPanel
from actplot.views.line_styles import style_for

COINCIDE_FRACTION = 0.01
"""Curves closer than this fraction of the panel's span everywhere look like one curve: an inset
shows their difference."""

INSET_BOUNDS = ((0.6, 0.07, 0.37, 0.34), (0.05, 0.59, 0.37, 0.34), (0.05, 0.07, 0.37, 0.34), (0.6, 0.59, 0.37, 0.34))
"""Candidate inset positions (axes fraction): lower right, upper left, lower left, upper right."""


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


def add_inset(target: DrawnPanel, acts: Sequence[Activation], xr: tuple[float, float], points: int,
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
    suffix = power_scale(inset)
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
