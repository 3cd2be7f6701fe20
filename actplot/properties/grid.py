"""Where the properties sample f: the window grid and the points of the rest of the real line.

On the window [lo, hi]: :data:`DENSE_POINTS` evenly spaced points, the fixed feature grid on
[−:data:`FEATURE_REACH`, :data:`FEATURE_REACH`] where it falls inside, 0, every kink and each
kink's two float neighbours (``nextafter(k, ±inf)``; their values stand for the one-sided limits,
so they are marked as probes, not attained points). Outside the window: the feature grid,
log-spaced tails ±[1e-3, 1e300] (:data:`TAIL_POINTS` on each side), 0, the kinks and their
neighbours.

Sorting and membership go through :func:`actplot._numerics.sorted_unique` and :func:`is_in`, not
``np.unique``/``np.isin``: those load ``numpy.ma`` (~8 ms), which a terminal plot — its summary
line samples the window grid — does not otherwise need.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from actplot import _numerics
from actplot.spec import FloatArray

DENSE_POINTS = 4001
"""Evenly spaced points on the window (step 0.003 on the default (−6, 6))."""
FEATURE_REACH, FEATURE_POINTS = 25.0, 5001
"""A fixed grid on [−25, 25] (step 0.01) added to every window, inside and outside it."""

TAIL_POINTS = 400
"""Log-spaced points on each side, from 1e-3 to 1e300."""


class WindowGrid(NamedTuple):
    """The points of :func:`window_grid` and the pieces they were made of."""

    x: FloatArray  # sorted: the even grid, the feature grid inside the window, 0, kinks, their neighbours
    is_probe: NDArray[np.bool_]  # a kink's float neighbour: its value is a one-sided limit, not attained
    even: FloatArray
    features: FloatArray
    exact: list[float]  # 0 and the kinks
    neighbours: list[float]


def window_grid(lo: float, hi: float, kink_points: list[float]) -> WindowGrid:
    """The points f is examined at on [lo, hi]: an even grid (alone, it weighs the saturation
    fraction), a fixed fine grid on [−25, 25] where activations have their features (on a wide
    window, ±1e9, the even grid alone steps over SiLU's dip and sinc's minima), 0 and every kink,
    and each kink's two float neighbours."""
    features = np.linspace(-FEATURE_REACH, FEATURE_REACH, FEATURE_POINTS)
    even = np.linspace(lo, hi, DENSE_POINTS)
    uniform = _numerics.sorted_unique(np.concatenate([even, features[(features >= lo) & (features <= hi)]]))
    neighbours = [v for x in kink_points for v in (math.nextafter(x, -math.inf), math.nextafter(x, math.inf))]
    exact = [0.0, *kink_points]
    x = _numerics.sorted_unique(np.concatenate([uniform, [v for v in exact + neighbours if lo <= v <= hi]]))
    is_probe = is_in(x, neighbours) & ~is_in(x, np.concatenate([uniform, exact]))
    return WindowGrid(x, is_probe, even, features, exact, neighbours)


def real_line_points(grid: WindowGrid, lo: float, hi: float) -> FloatArray:
    """The window grid joined with the points outside [lo, hi] (sorted, unique): the tails
    ±[1e-3, 1e300], the feature grid, 0, the kinks and their neighbours, where they lie outside."""
    tail = np.geomspace(1e-3, 1e300, TAIL_POINTS)
    outside = np.concatenate([-tail, tail, grid.features, np.asarray(grid.exact + grid.neighbours, dtype=np.float64)])
    outside = outside[(outside < lo) | (outside > hi)]
    return _numerics.sorted_unique(np.concatenate([grid.x, outside]))


def is_in(x: FloatArray, values: FloatArray | list[float]) -> NDArray[np.bool_]:
    """``np.isin(x, values)`` for nan-free floats: each x looked up in the sorted ``values`` by
    binary search (``searchsorted`` finds the first value ≥ x; x is in ``values`` if that one equals
    it, so −0.0 and 0.0 match as with ``==``)."""
    table = np.sort(np.asarray(values, dtype=np.float64))
    if table.size == 0:
        return np.zeros(np.shape(x), dtype=bool)
    at = np.minimum(np.searchsorted(table, x), table.size - 1)
    return np.asarray(table[at] == x)
