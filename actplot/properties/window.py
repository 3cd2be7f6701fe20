"""The quick path for one window: its range and its image, without the rest of the real line.

A terminal plot's summary line needs only f on the plotted window. These functions sample the
window grid of :func:`~actplot.properties.compute_properties` and refine the extremes with the
same Newton search, so their ends equal the full computation's ``window_min``/``window_max`` to
the last bit; they skip the tails, the limits at ±∞, the derivatives on the grid and the kink
tables. Values that are not finite are left out; a jump leaves a gap in the image.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from actplot.properties.extrema import Extremum, window_extremum
from actplot.properties.grid import window_grid
from actplot.properties.image import image_of_samples
from actplot.properties.probe import Probe, check_window, finite_max_abs, same
from actplot.shape import Image
from actplot.spec import FloatArray

if TYPE_CHECKING:
    from actplot.activation import Activation


def window_range(act: Activation, window: tuple[float, float]) -> tuple[float, float]:
    """The infimum and supremum of f on ``window`` (nan, nan where f is nowhere finite), to full
    precision: the same grids and Newton refinement as :func:`~actplot.properties.compute_properties`, without the
    work on the rest of the real line (fast enough for a terminal plot's summary line).

    Extremes are taken over finite values; a one-sided limit at a jump counts (not attained).
    """
    hull = _window_hull(act, window)
    return (math.nan, math.nan) if hull is None else (hull.low.value, hull.high.value)


def window_image(act: Activation, window: tuple[float, float]) -> Image:
    """The image of ``window`` under f as disjoint intervals: one for a continuous f (the same
    ends as :func:`window_range`), more where a jump leaves a gap — threshold on [−6, 6] is
    {0} ∪ (1, 6], not 0 .. 6. Values that are not finite are left out; empty if none is finite."""
    lo, hi = check_window(window)
    hull = _window_hull(act, window)
    if hull is None:
        return Image()
    probe, kink_points, x, f, scale, low, high = hull
    jumps = []
    for c in kink_points:
        if lo < c < hi:
            left, right = probe.f(np.array([math.nextafter(c, -math.inf), math.nextafter(c, math.inf)]))
            if not same(float(left), float(right), 1e-13 * scale + 1e-300):
                jumps.append(c)
    no_limits = np.array([math.nan, math.nan])
    ends = (low.value, high.value, low.attained, high.attained)
    return image_of_samples(x, f, no_limits, jumps, ends, scale)


class _WindowHull(NamedTuple):
    """The finite samples of f on a window and their refined infimum and supremum."""

    probe: Probe
    kink_points: list[float]
    x: FloatArray
    f: FloatArray
    scale: float
    low: Extremum
    high: Extremum


def _window_hull(act: Activation, window: tuple[float, float]) -> _WindowHull | None:
    """Sample f on ``window`` (the grids of :func:`~actplot.properties.compute_properties`) and refine its extremes;
    None where f is nowhere finite. Shared by :func:`window_range` and :func:`window_image`."""
    lo, hi = check_window(window)
    probe = Probe(act)
    kink_points = [k.x for k in act.kinks]
    grid = window_grid(lo, hi, kink_points)
    x, is_probe = grid.x, grid.is_probe
    f = probe.f(x)
    finite = np.isfinite(f)
    if not finite.any():
        return None
    x, f, is_probe = x[finite], f[finite], is_probe[finite]
    scale = finite_max_abs(f)
    low = window_extremum(probe, x, f, is_probe, kink_points, scale, sign=1.0)
    high = window_extremum(probe, x, f, is_probe, kink_points, scale, sign=-1.0)
    return _WindowHull(probe, kink_points, x, f, scale, low, high)
