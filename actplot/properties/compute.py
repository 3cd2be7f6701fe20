"""compute_properties: every property of one activation, from its samples, in one pass.

The order of the work: sample f, f′ and f″ once on the window grid and the rest of the real line
(:mod:`.grid`); take the limits at ±∞ (:mod:`.limits`); decide continuity at each kink and look for
unlisted jumps (:mod:`.continuity`); read monotonicity (:mod:`.monotonicity`); find and refine the
extrema on the window (:mod:`.extrema`); extend them to the range over ℝ and assemble the image
(:mod:`.image`); then the values at the origin and the saturated fraction of the window, here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from actplot.errors import InputError
from actplot.properties.continuity import kink_properties, smoothness_of, undeclared_jumps
from actplot.properties.extrema import refined_outside, window_extremum
from actplot.properties.grid import real_line_points, window_grid
from actplot.properties.image import image_of_samples, real_line_bound
from actplot.properties.limits import limits_at_infinity
from actplot.properties.monotonicity import monotone_sequence, monotonicity_of
from actplot.properties.probe import Probe, check_window, finite_max_abs
from actplot.properties.records import Properties
from actplot.shape import Monotonicity

if TYPE_CHECKING:
    from actplot.activation import Activation


def compute_properties(
    act: Activation, window: tuple[float, float] = (-6.0, 6.0), saturation: float = 0.1
) -> Properties:
    """Compute :class:`Properties` for ``act`` from its values, derivatives and kink locations.

    ``zero_centered`` is f(0) = 0 with both signs on the window; ``identity_near_zero`` is f(0) = 0
    and f′ = 1 at 0 and at its two float neighbours (within 1e-12); ``saturation_fraction`` is the
    share of the window's even grid where |f′| < ``saturation``.
    """
    lo, hi = check_window(window)
    try:
        positive = math.isfinite(saturation) and saturation > 0
    except TypeError:
        positive = False
    if isinstance(saturation, bool) or not positive:
        raise InputError(f"saturation must be a positive finite number; got {saturation!r}")
    probe = Probe(act)
    kinks = act.kinks

    # -- grids --------------------------------------------------------------------------------------
    kink_points = [k.x for k in kinks]
    grid = window_grid(lo, hi, kink_points)
    window_x, is_probe = grid.x, grid.is_probe
    all_x = real_line_points(grid, lo, hi)

    f_all, d1_all, d2_all = probe.f(all_x), probe.d1(all_x), probe.d2(all_x)
    in_window = (all_x >= lo) & (all_x <= hi)
    f_w, d1_w = f_all[in_window], d1_all[in_window]
    scale = (finite_max_abs(f_w), finite_max_abs(d1_w), finite_max_abs(d2_all[in_window]))

    limits = limits_at_infinity(probe.f)
    slope_limits = limits_at_infinity(probe.d1)

    # -- kinks and smoothness -----------------------------------------------------------------------
    kink_rows = tuple(kink_properties(act, probe, k, scale) for k in kinks)
    jumps = undeclared_jumps(probe, window_x, f_w, d1_w, kink_points, scale[0])
    smoothness = smoothness_of(kink_rows, bool(jumps))

    # -- monotonicity -------------------------------------------------------------------------------
    monotonic = monotonicity_of(f_all, d1_all, scale[1])
    monotonic_derivative = monotone_sequence(d1_all, scale[1])

    # -- extrema on the window, range over the real line, boundedness ------------------------------
    low_w = window_extremum(probe, window_x, f_w, is_probe, kink_points, scale[0], sign=1.0)
    high_w = window_extremum(probe, window_x, f_w, is_probe, kink_points, scale[0], sign=-1.0)
    minimum = argmin = maximum = argmax = None
    if monotonic == Monotonicity.NO:
        if low_w.interior:
            argmin, minimum = low_w.x, low_w.value
        if high_w.interior:
            argmax, maximum = high_w.x, high_w.value
    x_out, f_out = all_x[~in_window], f_all[~in_window]
    low, low_attained, runaway_low = real_line_bound(
        probe, low_w, refined_outside(probe, x_out, f_out, 1.0), limits, scale[0], sign=1.0
    )
    high, high_attained, runaway_high = real_line_bound(
        probe, high_w, refined_outside(probe, x_out, f_out, -1.0), limits, scale[0], sign=-1.0
    )
    bounded_below = low > -math.inf and not runaway_low
    bounded_above = high < math.inf and not runaway_high
    window_min, window_max = low_w.value, high_w.value

    # -- at the origin --------------------------------------------------------------------------------
    f0 = float(probe.f(np.array([0.0]))[0])
    d1_0 = probe.d1(np.array([-5e-324, 0.0, 5e-324]))  # f′(0) and its one-sided limits
    df0 = float(d1_0[1])
    at_origin = abs(f0) <= 1e-12
    zero_centered = at_origin and window_min < 0.0 < window_max
    identity = at_origin and bool(np.all(np.abs(d1_0 - 1.0) <= 1e-12))

    jump_points = sorted({k.x for k in kink_rows if k.continuity == "jump"} | set(jumps))
    image = image_of_samples(all_x, f_all, limits, jump_points, (low, high, low_attained, high_attained), scale[0])

    finite_slope = probe.d1(grid.even)
    finite_slope = finite_slope[~np.isnan(finite_slope)]
    saturated = float(np.mean(np.abs(finite_slope) < saturation)) if finite_slope.size else math.nan

    return Properties(
        label=act.label,
        window=(lo, hi),
        saturation=float(saturation),
        window_min=window_min,
        window_max=window_max,
        range_low=low,
        range_high=high,
        low_attained=low_attained,
        high_attained=high_attained,
        limit_neg=float(limits[0]),
        limit_pos=float(limits[1]),
        slope_limit_neg=float(slope_limits[0]),
        slope_limit_pos=float(slope_limits[1]),
        bounded=bounded_below and bounded_above,
        bounded_below=bounded_below,
        bounded_above=bounded_above,
        monotonic=monotonic,
        monotonic_derivative=monotonic_derivative,
        smoothness=smoothness,
        undeclared_jumps=jumps,
        zero_centered=zero_centered,
        f0=f0,
        df0=df0,
        identity_near_zero=identity,
        minimum=minimum,
        argmin=argmin,
        maximum=maximum,
        argmax=argmax,
        saturation_fraction=saturated,
        kinks=kink_rows,
        image=image,
    )
