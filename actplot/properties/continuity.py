"""Continuity: what f, f′ and f″ do at each listed kink, jumps nobody listed, and the smoothness class.

The kink list only says *where* to look. At a kink k the one-sided limits are the values at its
float neighbours ``nextafter(k, ±inf)``; f (then f′, then f″) is continuous there when the two
agree within relative 1e-12 plus 1e-13 of the function's scale on the window, plus the change
a continuous curve can make over the two ULPs between the neighbours (4·Δx·max|slope|).
The smoothness class follows from the worst point: a jump anywhere → ``discontinuous``, else a
jump of f′ → ``C0``, of f″ → ``C1``; ``C2`` when all three are continuous at a listed point (a
higher derivative jumps there), ``Cinf`` when no point is listed.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from actplot.properties.probe import REL_TOL, Probe, finite_max_abs, same
from actplot.properties.records import KinkProperties
from actplot.shape import Smoothness
from actplot.spec import FloatArray, Kink, rule_text

if TYPE_CHECKING:
    from actplot.activation import Activation


def kink_properties(
    act: Activation, probe: Probe, kink: Kink, scale: tuple[float, float, float]
) -> KinkProperties:
    """The one-sided limits and values of f, f′ and f″ at ``kink`` and which of them is continuous;
    ``scale`` is max |f|, |f′|, |f″| on the window (the absolute floor of the comparison)."""
    left_x, right_x = math.nextafter(kink.x, -math.inf), math.nextafter(kink.x, math.inf)
    xs = np.array([left_x, kink.x, right_x])
    f, d1, d2 = probe.f(xs), probe.d1(xs), probe.d2(xs)
    step = right_x - left_x
    # the floor allows for the change of a continuous curve over the two ULPs between the probes
    slope0 = 4.0 * step * finite_max_abs(d1[[0, 2]])
    slope1 = 4.0 * step * finite_max_abs(d2[[0, 2]])
    if not same(f[0], f[2], 1e-13 * scale[0] + slope0 + 1e-300):
        continuity = "jump"
    elif not same(d1[0], d1[2], 1e-13 * scale[1] + slope1 + 1e-300):
        continuity = "kink"
    elif not same(d2[0], d2[2], 1e-13 * scale[2] + 1e-300):
        continuity = "curvature"
    else:
        continuity = "smooth"
    return KinkProperties(
        x=float(kink.x),
        kind=kink.kind,
        side=rule_text(kink.rule_for(act.effective_flavor, 2 if kink.kind == "curvature" else 1)),
        continuity=continuity,
        f_left=float(f[0]),
        f_right=float(f[2]),
        f_at=float(f[1]),
        d1_left=float(d1[0]),
        d1_right=float(d1[2]),
        d1_at=float(d1[1]),
        d2_left=float(d2[0]),
        d2_right=float(d2[2]),
        d2_at=float(d2[1]),
    )


def smoothness_of(kinks: tuple[KinkProperties, ...], jumps: bool) -> Smoothness:
    """The smoothness class from the continuity at every listed kink and whether f jumps elsewhere."""
    if jumps or any(k.continuity == "jump" for k in kinks):
        return Smoothness.DISCONTINUOUS
    if any(k.continuity == "kink" for k in kinks):
        return Smoothness.C0
    if any(k.continuity == "curvature" for k in kinks):
        return Smoothness.C1
    # f, f′ and f″ continuous at every listed point: something of higher order happens there
    return Smoothness.C2 if kinks else Smoothness.CINF


def undeclared_jumps(
    probe: Probe, x: FloatArray, f: FloatArray, d1: FloatArray, kink_points: list[float], f_scale: float
) -> tuple[float, ...]:
    """Jumps of f between neighbouring window points that no listed kink explains.

    A pair is suspect when |Δf| exceeds what the slopes at its ends allow; each suspect is then
    bisected down to ~1e-15 relative width, keeping the half with the larger |Δf|. A true jump keeps
    its size all the way down, a steep continuous stretch shrinks to nothing.
    """
    a, b = x[:-1], x[1:]
    fa, fb = f[:-1], f[1:]
    slope = np.fmax(np.abs(d1[:-1]), np.abs(d1[1:]))
    with np.errstate(invalid="ignore", over="ignore"):
        delta = np.abs(fb - fa)
        allowed = 8.0 * slope * (b - a) + REL_TOL * np.fmax(np.abs(fa), np.abs(fb)) + 1e-13 * f_scale + 1e-300
        ratio = delta / allowed
    usable = np.isfinite(fa) & np.isfinite(fb) & np.isfinite(ratio) & (ratio > 1.0)
    for c in kink_points:
        usable &= ~((a <= c) & (c <= b))
    idx = np.nonzero(usable)[0]
    if idx.size == 0:
        return ()
    idx = idx[np.argsort(-ratio[idx])][:64]
    lo, hi = a[idx].copy(), b[idx].copy()
    f_lo, f_hi = fa[idx].copy(), fb[idx].copy()
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        f_mid = probe.f(mid)
        with np.errstate(invalid="ignore"):
            go_left = np.abs(f_mid - f_lo) >= np.abs(f_hi - f_mid)
        hi, f_hi = np.where(go_left, mid, hi), np.where(go_left, f_mid, f_hi)
        lo, f_lo = np.where(go_left, lo, mid), np.where(go_left, f_lo, f_mid)
        if np.all(hi - lo <= 1e-15 * np.fmax(1.0, np.abs(lo))):
            break
    found = set()
    for l_x, h_x, l_f, h_f in zip(lo, hi, f_lo, f_hi):
        s = finite_max_abs(probe.d1(np.array([l_x, h_x])))
        if not same(float(l_f), float(h_f), 4.0 * s * (h_x - l_x) + 1e-13 * f_scale + 1e-300):
            found.add(float(h_x))
    return tuple(sorted(found))
