"""One notation for text meant for people: ``info``, the tables' headers and the gallery page.

* derivatives with primes: f′, f″ (not f', f'');
* the real line ℝ, infinity ∞, the minus sign − (U+2212), the smoothness class C∞;
* never ``-0``: a negative zero is written 0 (its sign is an artefact of floating point, and
  "−0" next to "0" reads as two different values).

* one notation for a set of values (:func:`image_text`): intervals with ``[``/``(`` ends, single
  values in braces, ``∪`` between pieces, ``ℝ`` for the whole line, ``≈`` before an end that the
  digits shown do not give exactly.

Machine-readable output (JSON, CSV, SPEC text such as ``max_value=inf``) keeps ASCII. Where the
output stream cannot carry Unicode, :func:`actplot.text.asciify` folds all of this back
(′ → ', ℝ → R, ∞ → inf, − → -, ∪ → U).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from actplot.shape import Image, Interval

MINUS = "\u2212"
INFINITY = "\u221e"
REALS = "\u211d"
UNION = "\u222a"
APPROX = "\u2248"
PRIMES = ("", "\u2032", "\u2033")

_INF_WORD = re.compile(r"(?<![A-Za-z_])([+-]?)inf(?![A-Za-z_])")
_NEGATIVE_ZERO = re.compile(r"(?<![\w.])-0(?![\w.])")
_MINUS_BEFORE_NUMBER = re.compile(r"(?<![\w.)\]])-(?=[\d.\u221e])")


def number(value: float, digits: int = 6) -> str:
    """``value`` for people: ``digits`` significant digits, ∞/−∞, ``nan``, a − sign, no −0."""
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return INFINITY if value > 0 else MINUS + INFINITY
    if value == 0:
        return "0"
    return f"{value:.{digits}g}".replace("-", MINUS)


def pretty(text: str) -> str:
    """ASCII value text in this notation: ``[0, inf)`` → ``[0, ∞)``, ``-0.5`` → ``−0.5``,
    ``-0`` → ``0``, ``Cinf`` → ``C∞``. Hyphens inside words (``sigmoid-like``) are left alone."""
    text = text.replace("Cinf", "C" + INFINITY)
    text = _NEGATIVE_ZERO.sub("0", text)
    text = _INF_WORD.sub(lambda m: ("-" if m.group(1) == "-" else "") + INFINITY, text)
    return _MINUS_BEFORE_NUMBER.sub(MINUS, text)


def smoothness(name: str) -> str:
    """A smoothness class for people (a :class:`~actplot.shape.Smoothness` or its value):
    ``Cinf`` → ``C∞``; the others as they are."""
    return str(name).replace("Cinf", "C" + INFINITY)


IMAGE_DIGITS = 5
"""Significant digits of an image's finite ends: enough to tell −0.27846 from −0.27845, short
enough for a table cell."""


EXACT_ENOUGH = 1e-12
"""An end whose shown digits are off by at most this (relative) is written without ``≈``: the
one-sided limit at a jump is sampled one float away (1 + 2⁻⁵² for threshold's 1)."""


def image_text(image: Image) -> str:
    """An image (or range) in the one notation: ``[0, ∞)``, ``{0} ∪ (1, ∞)``, ``{0, 1}``, ``ℝ``,
    ``[≈ −0.27846, ∞)``; ``∅`` when empty.

    Neighbouring single values share one pair of braces. An end gets ``≈`` when it is marked
    approximate or when :data:`IMAGE_DIGITS` digits do not reproduce it to :data:`EXACT_ENOUGH`
    (SiLU's minimum, π/2), so a number without ``≈`` is exact.
    """
    if not image.pieces:
        return "\u2205"
    if len(image.pieces) == 1 and image.low == -math.inf and image.high == math.inf:
        return REALS
    parts: list[str] = []
    singles: list[str] = []
    for piece in image.pieces:
        if piece.is_point:
            singles.append(_end(piece.low, piece.low_approximate))
            continue
        if singles:
            parts.append("{" + ", ".join(singles) + "}")
            singles = []
        parts.append(interval_text(piece))
    if singles:
        parts.append("{" + ", ".join(singles) + "}")
    return f" {UNION} ".join(parts)


def interval_text(piece: Interval) -> str:
    """One interval: ``[0, 6]``, ``(−1, ∞)``, ``{0}`` for a single value."""
    if piece.is_point:
        return "{" + _end(piece.low, piece.low_approximate) + "}"
    left = "[" if piece.low_attained else "("
    right = "]" if piece.high_attained else ")"
    return f"{left}{_end(piece.low, piece.low_approximate)}, {_end(piece.high, piece.high_approximate)}{right}"


def _end(value: float, approximate: bool) -> str:
    text = number(value, IMAGE_DIGITS)
    shown = float(f"{value:.{IMAGE_DIGITS}g}") if math.isfinite(value) else value
    if math.isfinite(value) and value != 0 and (approximate or abs(shown - value) > EXACT_ENOUGH * abs(value)):
        return f"{APPROX} {text}"
    return text
