"""The words both sides use to describe an activation's shape: its image, smoothness, monotonicity.

A spec *declares* these by hand (:class:`actplot.spec.Declared`) and :mod:`actplot.properties`
*computes* them from the function; both speak the types below, so the tests compare the two
objects directly and every output formats them with one formatter
(:func:`actplot.notation.image_text`).

* :class:`Image` is f(ℝ) (or f of a window): a union of disjoint intervals and single values,
  each end open or closed, possibly ±∞. An end known only numerically (SiLU's minimum
  −0.27846…, found by a root finder, not a closed form) carries ``approximate``: tests compare
  it to a few significant digits, and people read it with ``≈``.
* :class:`Smoothness` and :class:`Monotonicity` are string enums whose values are the words
  JSON and older code already use (``"Cinf"``, ``"no"``), so ``props.smoothness == "C0"`` holds.

Numbers are stored for the default parameters. A range that depends on a parameter, such as
ISRU's (−1/√α, 1/√α), is written as the number the formula gives (``1 / math.sqrt(1.0)``), so
that a change of default is caught by the tests instead of silently disagreeing with prose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum


class Smoothness(StrEnum):
    """How many derivatives of f are continuous everywhere (non-strict, from the worst point)."""

    DISCONTINUOUS = "discontinuous"
    C0 = "C0"
    """Continuous, f′ jumps somewhere (a kink)."""
    C1 = "C1"
    """f′ continuous, f″ jumps somewhere."""
    C2 = "C2"
    """f, f′ and f″ continuous, a higher derivative jumps at a listed point (ISRLU at 0)."""
    CINF = "Cinf"
    """Infinitely differentiable: no listed point where anything jumps."""


class Monotonicity(StrEnum):
    """Non-strict monotonicity of f over ℝ: a flat stretch (relu for x < 0) still counts."""

    INCREASING = "increasing"
    DECREASING = "decreasing"
    NO = "no"


@dataclass(frozen=True, slots=True)
class Interval:
    """One piece of an image: from ``low`` to ``high``; ``low == high`` with both ends attained is a
    single value. ``*_attained`` closes the end (``[``), ``*_approximate`` marks an end known only
    to a few significant digits (never an infinite one)."""

    low: float
    high: float
    low_attained: bool = False
    high_attained: bool = False
    low_approximate: bool = False
    high_approximate: bool = False

    def __post_init__(self) -> None:
        if math.isnan(self.low) or math.isnan(self.high) or self.low > self.high:
            raise ValueError(f"an interval needs low <= high; got ({self.low!r}, {self.high!r})")
        if self.low == self.high and not (self.low_attained and self.high_attained):
            raise ValueError(f"a single value {self.low!r} must be attained at both ends")
        for end, approximate in ((self.low, self.low_approximate), (self.high, self.high_approximate)):
            if approximate and math.isinf(end):
                raise ValueError("an infinite end cannot be approximate")

    @property
    def is_point(self) -> bool:
        return self.low == self.high


@dataclass(frozen=True, slots=True)
class Image:
    """A union of disjoint intervals and points in increasing order (empty: f is nowhere finite).

    Build one with :func:`between`, :func:`points`, :data:`REALS` and ``|``:
    ``points(0) | between(1, math.inf)`` is threshold's {0} ∪ (1, ∞).
    """

    pieces: tuple[Interval, ...] = ()

    def __post_init__(self) -> None:
        for a, b in zip(self.pieces, self.pieces[1:]):
            if b.low < a.low or b.low < a.high - 1e-9 * max(1.0, abs(a.high)):
                raise ValueError(f"image pieces must be disjoint and in increasing order; got {a} then {b}")

    def __or__(self, other: Image) -> Image:
        return Image(tuple(sorted((*self.pieces, *other.pieces), key=lambda p: (p.low, not p.low_attained))))

    def __bool__(self) -> bool:
        return bool(self.pieces)

    @property
    def low(self) -> float:
        """The infimum (nan for an empty image)."""
        return self.pieces[0].low if self.pieces else math.nan

    @property
    def high(self) -> float:
        """The supremum (nan for an empty image)."""
        return self.pieces[-1].high if self.pieces else math.nan

    @property
    def low_attained(self) -> bool:
        return bool(self.pieces) and self.pieces[0].low_attained

    @property
    def high_attained(self) -> bool:
        return bool(self.pieces) and self.pieces[-1].high_attained


def between(
    low: float,
    high: float,
    *,
    low_attained: bool = False,
    high_attained: bool = False,
    low_approximate: bool = False,
    high_approximate: bool = False,
) -> Image:
    """One interval, open at both ends unless an end is ``attained``: ``between(0, 1)`` is (0, 1),
    ``between(0, math.inf, low_attained=True)`` is [0, ∞)."""
    return Image((Interval(float(low), float(high), low_attained, high_attained, low_approximate, high_approximate),))


def points(*values: float) -> Image:
    """Single values: ``points(0, 1)`` is {0, 1} (binary step)."""
    return Image(tuple(Interval(float(v), float(v), True, True) for v in sorted(values)))


REALS = between(-math.inf, math.inf)
"""ℝ, the image of an unbounded monotone function such as the identity or leaky ReLU."""

APPROXIMATE_REL_TOL = 1e-4
"""An approximate end agrees with another value within this relative tolerance (5 significant digits)."""
EXACT_REL_TOL = 1e-9
"""Exact ends agree within this relative tolerance (a computed extremum is refined to ~1e-12)."""


def image_differences(declared: Image, computed: Image) -> list[str]:
    """Where two images disagree, as readable lines (empty: they agree).

    Pieces are compared one by one: same count, each end within :data:`EXACT_REL_TOL` (or
    :data:`APPROXIMATE_REL_TOL` where either side marks it approximate; equal if infinite), and the
    same open/closed bracket at every finite end.
    """
    if len(declared.pieces) != len(computed.pieces):
        return [f"{len(declared.pieces)} piece(s) declared, {len(computed.pieces)} computed"]
    problems = []
    for i, (d, c) in enumerate(zip(declared.pieces, computed.pieces)):
        for end, dv, cv, d_att, c_att, approx in (
            ("low", d.low, c.low, d.low_attained, c.low_attained, d.low_approximate or c.low_approximate),
            ("high", d.high, c.high, d.high_attained, c.high_attained, d.high_approximate or c.high_approximate),
        ):
            if not _close(dv, cv, APPROXIMATE_REL_TOL if approx else EXACT_REL_TOL):
                problems.append(f"piece {i} {end} end: declared {dv!r}, computed {cv!r}")
            elif math.isfinite(dv) and d_att != c_att:
                word = {True: "attained", False: "only approached"}
                problems.append(f"piece {i} {end} end {dv!r}: declared {word[d_att]}, computed {word[c_att]}")
    return problems


def _close(a: float, b: float, rel_tol: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= rel_tol * max(1.0, abs(a), abs(b))
