"""One notation for text meant for people: ``info``, the tables' headers and the gallery page.

* derivatives with primes: f′, f″ (not f', f'');
* the real line ℝ, infinity ∞, the minus sign − (U+2212), the smoothness class C∞;
* never ``-0``: a negative zero is written 0 (its sign is an artefact of floating point, and
  "−0" next to "0" reads as two different values).

Machine-readable output (JSON, CSV, SPEC text such as ``max_value=inf``) keeps ASCII. Where the
output stream cannot carry Unicode, :func:`actplot.text.asciify` folds all of this back
(′ → ', ℝ → R, ∞ → inf, − → -, ∪ → U).
"""

from __future__ import annotations

import math
import re

MINUS = "\u2212"
INFINITY = "\u221e"
REALS = "\u211d"
UNION = "\u222a"
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
    """A smoothness class for people: ``Cinf`` → ``C∞``; the others as they are."""
    return name.replace("Cinf", "C" + INFINITY)
