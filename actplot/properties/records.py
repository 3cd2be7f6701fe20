"""The result records of the properties: :class:`Properties` for one activation, :class:`KinkProperties`
for one listed kink, and their plain-JSON form.

The records only hold values; :func:`~actplot.properties.compute_properties` fills them. Images,
smoothness and monotonicity use the types of :mod:`actplot.shape`, the same types a spec declares,
so declared and computed properties compare directly. In JSON (:meth:`Properties.as_dict`) tuples
become lists and nan/±inf become ``None``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from actplot import notation
from actplot.shape import Image, Monotonicity, Smoothness

SMOOTHNESS_CLASSES: tuple[str, ...] = tuple(Smoothness)
MONOTONIC_CLASSES: tuple[str, ...] = tuple(Monotonicity)


@dataclass(frozen=True, slots=True)
class KinkProperties:
    """What the function does at one listed kink: one-sided limits and the value there.

    ``kind`` and ``side`` are the declared ones (``side`` is the derivative convention that applies
    for this activation's flavour); ``continuity`` is computed: ``jump`` if f is discontinuous,
    ``kink`` if only f′ is, ``curvature`` if only f″ is, ``smooth`` if none of them is.
    """

    x: float
    kind: str
    side: str
    continuity: str
    f_left: float
    f_right: float
    f_at: float
    d1_left: float
    d1_right: float
    d1_at: float
    d2_left: float
    d2_right: float
    d2_at: float


@dataclass(frozen=True, slots=True)
class Properties:
    """Properties of one configured activation, computed on a window and over the whole real line."""

    label: str
    """The activation's label, e.g. ``leaky_relu(negative_slope=0.1)@keras2``."""
    window: tuple[float, float]
    saturation: float
    """The |f′| threshold used for :attr:`saturation_fraction`."""

    window_min: float
    """Infimum of f on the window (attained, or approached at a jump)."""
    window_max: float
    range_low: float
    """Infimum of f over ℝ: the window, the tails ±[1e-3, 1e300] and the limits at ±∞."""
    range_high: float
    low_attained: bool
    """Whether :attr:`range_low` is reached at a finite x on the window (or at a tail point clearly
    below both limits) rather than only approached; ``[`` rather than ``(`` in :attr:`range_text`."""
    high_attained: bool
    limit_neg: float
    """f(−∞) as the kernel returns it; nan if there is no limit (e.g. sin)."""
    limit_pos: float
    slope_limit_neg: float
    """f′(−∞); nan if there is no limit."""
    slope_limit_pos: float
    bounded: bool
    """Bounded below and above: no infinite limit, no ±inf and no runaway value on the tails."""
    bounded_below: bool
    bounded_above: bool
    monotonic: Monotonicity
    """``increasing``, ``decreasing`` (both non-strict) or ``no``: from the sign of f′ on the window,
    the tails and at the kinks, and from f itself (so a downward jump breaks ``increasing``)."""
    monotonic_derivative: bool
    """f′ (one-sided values at kinks included) is monotone, in either direction."""
    smoothness: Smoothness
    """``discontinuous``, ``C0``, ``C1``, ``C2`` or ``Cinf``, from the one-sided limits of f, f′ and
    f″ at every listed kink (``C2`` if all three are continuous at a listed kink) and any
    :attr:`undeclared_jumps`."""
    undeclared_jumps: tuple[float, ...]
    """Points in the window where f jumps but no kink is listed (should always be empty)."""
    zero_centered: bool
    """f(0) = 0 and f takes both signs on the window."""
    f0: float
    df0: float
    """f′(0) (at a kink: the flavour's convention)."""
    identity_near_zero: bool
    """f(0) = 0 and f′ = 1 at 0 and on both sides of it (within 1e-12)."""
    minimum: float | None
    """For a non-monotonic function, the global minimum on the window if it lies strictly inside
    it (refined to ~1e-12 by Newton on f′ = 0); otherwise ``None``."""
    argmin: float | None
    maximum: float | None
    argmax: float | None
    saturation_fraction: float
    """Fraction of the window (evenly sampled) where |f′| < :attr:`saturation`."""
    kinks: tuple[KinkProperties, ...]
    image: Image
    """The image f(ℝ) as disjoint intervals in increasing order. One interval, from
    :attr:`range_low` to :attr:`range_high`, for a continuous f; a jump can leave gaps:
    threshold's image is {0} ∪ (1, ∞), not [0, ∞). Empty only when f is nowhere finite.
    The same type as a spec's declared range, so the two compare directly."""

    @property
    def range_text(self) -> str:
        """The image over ℝ in the one notation (:func:`actplot.notation.image_text`), e.g.
        ``[≈ −0.27846, ∞)``, ``{0} ∪ (1, ∞)``, ``{0, 1}`` or ``ℝ``."""
        return notation.image_text(self.image)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-safe values: lists for tuples, ``None`` for nan and ±inf; ``image`` is the list
        of its intervals."""
        out: dict[str, Any] = _json_safe(asdict(self))
        out["image"] = out["image"]["pieces"]
        out["range_text"] = self.range_text
        return out



def _json_safe(value: Any) -> Any:
    """``value`` with tuples as lists, NumPy scalars as Python ones and nan/±inf as ``None``."""
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (int, np.integer)):
        return int(value)
    return value

