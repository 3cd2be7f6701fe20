"""What drawn data a box covers, in pixels: the shared geometry of the placement rules.

A legend and a callout must not hide data. Both count the data lines under their box with these
helpers; the thin grey zero lines (:func:`is_reference_line`) are background, not data.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def is_reference_line(line: Any) -> bool:
    """A thin line under the curves (the grey zero lines, the grid of centred axes): background."""
    return line.get_linewidth() <= 0.71 and line.get_zorder() <= 1.0


def segments_crossing(p: np.ndarray, box: Any) -> int:
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
