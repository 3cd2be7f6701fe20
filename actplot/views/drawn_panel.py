"""The record of one planned panel on its matplotlib axes while a figure is drawn.

:class:`DrawnPanel` collects what the panel's curves, bands, markers, callouts and inset put on
the axes, so the later steps (limits, legend and callout placement) work from what was drawn.
Its own module because the drawing modules (curves, axes, insets, legends, callouts) all share
it and none of them owns it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from actplot.views import plan as planning
from actplot.views.markers import Marker


@dataclass(slots=True)
class DrawnPanel:
    """One planned panel on its axes, with what was drawn (for limits and the legend check)."""

    ax: Any
    panel: planning.PanelPlan
    values: list[np.ndarray] = field(default_factory=list)
    per_series: list[np.ndarray] = field(default_factory=list)
    draws: list[Any] = field(default_factory=list)
    breaks_at_zero: bool = False
    limits: tuple[float, float] = (-1.0, 1.0)
    obstacles: list[Any] = field(default_factory=list)  # artists a legend must not cover (insets, callouts)
    markers: list[Marker] = field(default_factory=list)
    callouts: list[Any] = field(default_factory=list)
