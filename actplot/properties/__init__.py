"""Properties of an activation computed from the function itself, never copied from its spec.

Everything here comes from evaluating ``act(x)``, ``act.derivative(x, order=1|2)`` and the one-sided
limits at ``act.kinks`` (NumPy only). The kink list only says *where* to look: whether f, f′ or f″
is continuous there is decided from the values. The tests compare the result with each spec's
``declared`` metadata, so a hand-written claim that the function contradicts is caught.

Grids: the window sampled densely (:data:`DENSE_POINTS` points, plus 0 and every kink with its two
float neighbours), a fixed fine grid on [−25, 25] and log-spaced tails ±[1e-3, 1e300]; the limits
at ±∞ are the kernels' values at ±inf, checked against the far tail (nan means the limit does not
exist, e.g. sin).

One module per job:

* ``records`` — :class:`Properties`, :class:`KinkProperties` and their JSON form;
* ``compute`` — :func:`compute_properties`, which runs the steps below in order;
* ``probe`` — sampling f, f′, f″ and comparing two values within tolerance;
* ``grid`` — the points sampled on the window and on the rest of the real line;
* ``limits`` — the limits at ±∞;
* ``continuity`` — kinks, unlisted jumps and the smoothness class;
* ``monotonicity`` — monotonicity of f and of f′;
* ``extrema`` — the infimum and supremum on the window, refined by Newton on f′ = 0;
* ``image`` — the range over ℝ and the image as disjoint intervals;
* ``window`` — :func:`window_range` and :func:`window_image`, the quick path for one window.

Public names are loaded on first use: a terminal plot's summary asks only for ``window_range`` and
``window_image`` and so never imports the records, the kink analysis or the limits at ±∞.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from actplot._lazy import lazy_exports

_EXPORTS = {
    "Properties": "actplot.properties.records",
    "KinkProperties": "actplot.properties.records",
    "SMOOTHNESS_CLASSES": "actplot.properties.records",
    "MONOTONIC_CLASSES": "actplot.properties.records",
    "compute_properties": "actplot.properties.compute",
    "window_range": "actplot.properties.window",
    "window_image": "actplot.properties.window",
    "DENSE_POINTS": "actplot.properties.grid",
    "FEATURE_REACH": "actplot.properties.grid",
    "FEATURE_POINTS": "actplot.properties.grid",
    "TAIL_POINTS": "actplot.properties.grid",
    "REL_TOL": "actplot.properties.probe",
    "TAIL_PROBES": "actplot.properties.limits",
    "MAX_CANDIDATES": "actplot.properties.extrema",
    "RUNAWAY": "actplot.properties.image",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from actplot.properties.compute import compute_properties
    from actplot.properties.extrema import MAX_CANDIDATES
    from actplot.properties.grid import DENSE_POINTS, FEATURE_POINTS, FEATURE_REACH, TAIL_POINTS
    from actplot.properties.image import RUNAWAY
    from actplot.properties.limits import TAIL_PROBES
    from actplot.properties.probe import REL_TOL
    from actplot.properties.records import MONOTONIC_CLASSES, SMOOTHNESS_CLASSES, KinkProperties, Properties
    from actplot.properties.window import window_image, window_range


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
