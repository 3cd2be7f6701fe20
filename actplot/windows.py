"""The x window that shows what defines a function: ``--range auto`` and the default view.

:func:`feature_points` finds, from the function itself (so it works for catalogue functions,
plugins and expressions alike), the places a reader needs to see:

* **kinks and jumps** — every listed one (relu6's corner at 0 and its cap at 6, hardshrink's
  jumps at ±0.5);
* **saturation** — on a side where f′ tends to 0 (sigmoid both sides, ELU and softplus on the
  left), the outermost x where |f′| is still :data:`SATURATION_FRACTION` of its largest value on
  [−:data:`CORE`, :data:`CORE`]: beyond it the curve is flat to the eye, before it is not;
* **zeros, extrema and inflection points** — sign changes of f, f′ and f″ on
  [−:data:`SEARCH`, :data:`SEARCH`], the :data:`NEAREST` closest to 0 on each side (a periodic
  function such as sin has infinitely many; two periods say it).

:func:`auto_window` turns them into a window: symmetric about 0 (activations are defined around
0, and a symmetric view lets functions be compared by eye), reaching :data:`MARGIN` times the
farthest feature, and at least ±:data:`MIN_HALF_WIDTH` (a kink at 0 alone, or jumps at ±0.5,
need context around them). A function with no feature at all (the identity) gets the generic
view. NumPy only; about 10 ms per function.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from actplot.activation import Activation
    from actplot.spec import FloatArray

GENERIC_WINDOW: tuple[float, float] = (-6.0, 6.0)
"""The view of a function without features, and what plots show without ``--range``
when the spec declares no window."""

SATURATION_FRACTION = 0.02
"""|f′| below this fraction of its largest value counts as saturated (flat to the eye: on a
plot of height max f, a slope of 2 % moves the curve by less than a line width per unit x)."""
CORE = 10.0
"""The largest |f′| is taken on [−CORE, CORE]: further out an exponential's slope would set the
scale and call everything else saturated."""
SEARCH, SEARCH_POINTS = 20.0, 8001
"""Zeros, extrema and inflections are looked for on [−SEARCH, SEARCH] (step 0.005)."""
NEAREST = 2
"""Zeros, extrema and inflections kept per side of 0 and per kind."""
MARGIN = 1.25
"""The window reaches this multiple of the farthest feature, so it lies inside, not on the edge."""
MIN_HALF_WIDTH = 2.0
"""The window is at least [−2, 2]."""
MAX_HALF_WIDTH = 1e6
"""Features beyond this (a kink at 1e9 from an odd parameter) do not widen the automatic window."""


def feature_points(act: Activation) -> list[float]:
    """The x positions of ``act``'s defining features (see the module docstring), sorted."""
    found: set[float] = {k.x for k in act.kinks if k.kind in ("kink", "jump") and math.isfinite(k.x)}
    x = np.linspace(-SEARCH, SEARCH, SEARCH_POINTS)
    with np.errstate(all="ignore"):
        values = [_as_array(act(x)), _as_array(act.derivative(x, order=1)), _as_array(act.derivative(x, order=2))]
    for series in values:
        found.update(_nearest_sign_changes(x, series))
    found.update(_saturation_points(act, x, values[1]))
    return sorted(v for v in found if abs(v) <= MAX_HALF_WIDTH)


def saturation_points(act: Activation) -> list[float]:
    """Where ``act`` starts to saturate: on each side where f′(±∞) = 0, the outermost x with
    |f′| ≥ :data:`SATURATION_FRACTION` of its largest value on [−CORE, CORE] (sigmoid: ±5.29)."""
    x = np.linspace(-SEARCH, SEARCH, SEARCH_POINTS)
    with np.errstate(all="ignore"):
        slope = _as_array(act.derivative(x, order=1))
    return _saturation_points(act, x, slope)


def auto_window(acts: Sequence[Activation]) -> tuple[float, float]:
    """The symmetric window that shows every feature of every function in ``acts``."""
    found = [p for act in acts for p in feature_points(act)]
    if not found:
        return GENERIC_WINDOW
    half = _round_up(max(MIN_HALF_WIDTH, MARGIN * max(abs(p) for p in found)))
    return (-half, half)


def _as_array(values: object) -> FloatArray:
    return np.asarray(values, dtype=np.float64).reshape(-1)


def _nearest_sign_changes(x: FloatArray, y: FloatArray) -> list[float]:
    """Where ``y`` changes sign (zeros inside a run of exact zeros count once, at its middle),
    the :data:`NEAREST` closest to 0 on each side, located by linear interpolation."""
    finite = np.isfinite(y)
    scale = float(np.max(np.abs(y[finite]))) if finite.any() else 0.0
    if scale == 0.0:
        return []
    sign = np.where(np.abs(y) <= 1e-12 * scale, 0, np.sign(y))
    sign[~finite] = 0
    nonzero = np.nonzero(sign)[0]
    points = []
    for a, b in itertools.pairwise(nonzero.tolist()):
        if sign[a] == sign[b]:
            continue
        if b == a + 1:  # a crossing between two samples
            t = y[a] / (y[a] - y[b])
            points.append(float(x[a] + t * (x[b] - x[a])))
        else:  # a run of zeros between them (hardshrink's plateau has its jumps as features already)
            points.append(float(0.5 * (x[a + 1] + x[b - 1])))
    left = sorted((p for p in points if p < 0), reverse=True)[:NEAREST]
    right = sorted(p for p in points if p >= 0)[:NEAREST]
    return [0.0 if abs(p) < 1e-9 else p for p in left + right]


def _saturation_points(act: Activation, x: FloatArray, slope: FloatArray) -> list[float]:
    """On each side where f′(±∞) = 0, the outermost x with |f′| ≥ SATURATION_FRACTION · max |f′|."""
    with np.errstate(all="ignore"):
        limits = _as_array(act.derivative(np.array([-math.inf, math.inf]), order=1))
    core = (np.abs(x) <= CORE) & np.isfinite(slope)
    if not core.any():
        return []
    peak = float(np.max(np.abs(slope[core])))
    if peak == 0.0 or not math.isfinite(peak):
        return []
    active = np.nonzero(np.isfinite(slope) & (np.abs(slope) >= SATURATION_FRACTION * peak))[0]
    if active.size == 0:
        return []
    out = []
    if limits[0] == 0.0 and active[0] > 0:
        out.append(float(x[active[0]]))
    if limits[1] == 0.0 and active[-1] < x.size - 1:
        out.append(float(x[active[-1]]))
    return out


def _round_up(value: float) -> float:
    """``value`` rounded up to a number that reads well on an axis: 2, 2.5, 3, 4, 5, 6, 7, 8, 10, 12, …"""
    if value <= 0:
        return value
    exponent = math.floor(math.log10(value))
    unit = 10.0**exponent
    for step in (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0):
        if value <= step * unit * (1 + 1e-12):
            return step * unit
    return 10.0 * unit
