"""Point markers of a panel: the ends of a curve at a jump and the diamond at a difference's
largest gap, their sizes, how markers at one point nest, and the key that explains them.

Rule: a filled ring is the value the function takes at a jump, an open ring the other one-sided
limit. Markers that meet (closer than :data:`COINCIDE_X`/:data:`COINCIDE_Y` of the panel's spans)
are drawn nested, each ring :data:`MARKER_STEP` smaller than the one around it, so every ring
stays visible and still tells filled from open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from actplot.views import plan as planning
from actplot.views import styles


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
class Marker:
    """A point marker of a panel: a jump end (``closed``: the value taken) or the max-|Δ| diamond."""

    x: float
    y: float
    colour: str
    size: float
    closed: bool
    diamond: bool = False


def marker_stacks(markers: Sequence[Marker], xr: tuple[float, float],
                  limits: tuple[float, float]) -> list[list[Marker]]:
    """Group the markers that meet (closer than :data:`COINCIDE_X`/:data:`COINCIDE_Y` of the
    panel's spans); each group is ordered outermost first: a diamond, then the curves' markers in
    the plan's order (f before f′ before f″, the first function before the second)."""
    dx = COINCIDE_X * (xr[1] - xr[0])
    dy = COINCIDE_Y * (limits[1] - limits[0])
    stacks: list[list[Marker]] = []
    for m in markers:
        for stack in stacks:
            if abs(stack[0].x - m.x) <= dx and abs(stack[0].y - m.y) <= dy:
                stack.append(m)
                break
        else:
            stacks.append([m])
    return [sorted(stack, key=lambda m: not m.diamond) for stack in stacks]


def nested_sizes(stack: Sequence[Marker]) -> list[float]:
    """Diameters of a stack of markers, outermost first: each one :data:`MARKER_STEP` smaller than
    the one around it, so every ring stays visible and tells filled from open; a lone marker keeps
    its own size."""
    if len(stack) == 1:
        return [stack[0].size]
    outer = max(stack[0].size, MARKER_CORE + (len(stack) - 1) * MARKER_STEP)
    return [outer - i * MARKER_STEP for i in range(len(stack))]


def draw_markers(ax: Any, markers: Sequence[Marker], xr: tuple[float, float], limits: tuple[float, float],
                 th: styles.Theme) -> None:
    """Draw the panel's markers, those at one point nested (outermost first, each on top of the one
    around it). Drawn unclipped (a marker at the panel's edge is whole), so markers outside the
    panel's limits are left out."""
    inside = [m for m in markers if xr[0] <= m.x <= xr[1] and limits[0] <= m.y <= limits[1]]
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
