"""Line styles of drawn curves: the dash pattern of each style slot and the one colour-and-dash
encoding (:func:`style_for`) that every curve, key entry and inset of a figure is drawn with.

Rule: a slot means the same colour and dash in every panel and every figure; nothing else picks
a colour or a dash. Pure data (no matplotlib): the tests compare it with the terminal's patterns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actplot.views import plan as planning
from actplot.views import styles

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


@dataclass(frozen=True, slots=True)
class Style:
    """How one curve is drawn: its colour, dash pattern and width (points)."""

    colour: str
    dash: Any
    width: float


def style_for(th: styles.Theme, colour_slot: int | None, dash_slot: int, line_width: float) -> Style:
    """The one encoding: a slot's colour (or the foreground for a key entry) and dash pattern."""
    colour = th.foreground if colour_slot is None else th.colors[planning.colour_index(colour_slot)]
    return Style(colour, DASHES[planning.dash_index(dash_slot)], line_width)
