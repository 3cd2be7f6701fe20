"""The max-|Δ| callout of a difference panel: the boxed note with a line to the diamond at the
largest gap, and where it goes.

Rule: a callout is whole inside its axes and covers no data (nor, once the legends are placed, a
legend): near its diamond, else in a corner of the axes with the line still pointing at the
diamond; the full text first, then the short one (the diamond shows where). With no free place,
the place that covers least.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from actplot.views import render, styles
from actplot.views.coverage import is_reference_line, segments_crossing
from actplot.views.drawn_panel import DrawnPanel


def add_callout(ax: Any, text: str, short: str, xy: tuple[float, float], xr: tuple[float, float],
                limits: tuple[float, float], th: styles.Theme, font: float) -> Any:
    """The callout ``text`` pointing at the diamond at ``xy``, set first towards the panel's middle
    (:func:`place_callouts` moves it once the layout is known); ``short`` is its text without the
    place, for a panel with no room for the whole."""
    where, at = xy
    lo, hi = limits
    below = at > (lo + hi) / 2
    right = where < 0.5 * (xr[0] + xr[1])
    note = ax.annotate(
        text, xy=(where, at), xytext=(12 if right else -12, -16 if below else 12),
        textcoords="offset points", ha="left" if right else "right", fontsize=font * 0.85, color=th.foreground,
        arrowprops={"arrowstyle": "-", "color": th.foreground, "linewidth": 0.7},
        bbox={"boxstyle": "round,pad=0.25", "facecolor": th.legend_face, "edgecolor": th.legend_edge,
              "linewidth": 0.6, "alpha": 0.9},
        zorder=4,
    )
    note.actplot_short = short  # type: ignore[attr-defined]
    return note


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


def place_callouts(fig: Figure, targets: list[DrawnPanel], avoid_legends: bool = False) -> None:
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
        if is_reference_line(line):
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
            count += bool(inside or (len(p) > 1 and segments_crossing(p, box)))
    return count
