"""Text shared by every output: number and parameter formatting, and ASCII folding.

Standard library only (the command line imports it for ``--help``).

* Numbers: :func:`format_general` (``%g`` with nan/inf spelt ``nan``, ``inf``, ``-inf``) is what
  error messages, parameter domains and property ranges print; :func:`format_param` is how a
  parameter value appears in labels and SPEC strings (``0.1``, ``inf``, ``-1;0.25;1``);
  :func:`format_value` is a key value under a chart or in a summary (``%g`` to 4 digits, never
  ``-0``); :func:`format_tick` is an axis label with just the decimals its tick step needs;
  :func:`format_interval` is ``[A, B]`` with enough digits to tell A from B.
* Words: :func:`wrap_words` breaks text into lines at spaces only, never inside a number, a SPEC
  or around the ``=`` of ``x_max = 1``.
* ASCII: the tables, the terminal charts and the error messages all fold through :func:`asciify`,
  so one formula reads the same everywhere: ``σ(x) = 1/(1 + e⁻ˣ)`` becomes
  ``sigma(x) = 1/(1 + e^(-x))``.
"""

from __future__ import annotations

import math
import unicodedata


def format_general(value: float, digits: int = 6) -> str:
    """``value`` to ``digits`` significant digits (``%g``): ``0.1``, ``1e+12``, ``nan``, ``inf``, ``-inf``."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.{digits}g}"


def format_value(value: float, digits: int = 4) -> str:
    """A key value for people reading a chart: :func:`format_general` to ``digits`` significant
    digits (4: enough to read, short enough for a key line), but a negative zero is written ``0``
    (its sign is a floating-point artefact, and ``-0`` next to ``0`` reads as two values)."""
    return "0" if value == 0 else format_general(value, digits)


def format_tick(value: float, step: float) -> str:
    """An axis tick label with just enough digits for ``step``, the distance between ticks, so
    neighbouring ticks never share a label. Zero is ``0``.

    Fixed point with the decimals of the step's leading digit, one more for steps such as 2.5 or
    0.25 (``0.25``, ``0.50``), so all labels of an axis have the same decimals. With values of a
    million or more, or steps below 10⁻⁴, ``%g`` with three significant digits (``2e+06``,
    ``5e-05``), or as many more as the step needs below the value's leading digit (``1.0000002``
    on [1, 1.000001], where three digits would label every tick ``1``)."""
    if value == 0:
        return "0"
    biggest = max(abs(value), step)
    if biggest >= 1e6 or step < 1e-4:
        step_exponent = math.floor(math.log10(step) + 1e-9)
        mantissa = step / 10.0**step_exponent
        digits = math.floor(math.log10(biggest)) - step_exponent + (1 if abs(mantissa - round(mantissa)) < 1e-6 else 2)
        return f"{value:.{max(3, digits)}g}"
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    if abs(step / 10.0**-decimals - round(step / 10.0**-decimals)) > 1e-6:
        decimals += 1  # e.g. steps of 2.5 or 0.25
    return f"{value:.{decimals}f}"


def format_interval(lo: float, hi: float) -> str:
    """``[A, B]`` with as many significant digits (6, 9, 12, then 17) as it takes to tell A from B:
    ``[1, 1.000001]``, never ``[1, 1]``."""
    for digits in (6, 9, 12, 17):
        a, b = f"{lo:.{digits}g}", f"{hi:.{digits}g}"
        if a != b:
            break
    return f"[{a}, {b}]"


_KEEP_TOGETHER = " = "
_JOINED = "\u00a0=\u00a0"


def wrap_words(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` characters (a word longer than that alone on its
    line), broken only at spaces: never inside a number, a SPEC or a word, and never around the
    ``=`` of ``x_max = 1``. Continuation lines start with ``indent``; no line ends in a space."""
    import textwrap

    joined = text.replace(_KEEP_TOGETHER, _JOINED)  # textwrap breaks at ASCII whitespace only
    parts = textwrap.wrap(joined, width=max(width, 1), subsequent_indent=indent, break_long_words=False,
                          break_on_hyphens=False)
    return [part.replace(_JOINED, _KEEP_TOGETHER).rstrip() for part in parts] or [""]


def format_param(value: float | str | tuple[float, ...]) -> str:
    """A parameter value as labels and SPEC strings write it: ``0.1``, ``inf``, ``-1;0.25;1``, ``tanh``."""
    if isinstance(value, tuple):
        return ";".join(f"{e:g}" for e in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


_ASCII_MAP = {
    "\u2212": "-",  # minus
    "\u2013": "-",
    "\u2014": "-",
    "\u2032": "'",  # prime
    "\u2033": "''",
    "\u2034": "'''",
    "\u00d7": "x",
    "\u00b7": "*",
    "\u22c5": "*",
    "\u2026": "...",
    "\u2248": "~",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2260": "!=",
    "\u221e": "inf",
    "\u211d": "R",  # the real line
    "\u222a": "U",  # union (of intervals)
    "\u2205": "{}",  # the empty set
    "\u00b1": "+-",
    "\u2192": "->",
    "\u2190": "<-",
    "\u2208": " in ",
    "\u221a": "sqrt",
    "\u2202": "d",
    "\u2211": "sum",
    "\u220f": "prod",
    "\u03c3": "sigma",
    "\u03a3": "Sigma",
    "\u03b1": "alpha",
    "\u03b2": "beta",
    "\u03b3": "gamma",
    "\u0393": "Gamma",
    "\u03b4": "delta",
    "\u0394": "Delta",
    "\u03b5": "eps",
    "\u03b6": "zeta",
    "\u03b7": "eta",
    "\u03b8": "theta",
    "\u03ba": "kappa",
    "\u03bb": "lambda",
    "\u03bc": "mu",
    "\u03bd": "nu",
    "\u03be": "xi",
    "\u03c0": "pi",
    "\u03c1": "rho",
    "\u03c4": "tau",
    "\u03c6": "phi",
    "\u03d5": "phi",
    "\u03a6": "Phi",
    "\u03c7": "chi",
    "\u03c8": "psi",
    "\u03c9": "omega",
    "\u03a9": "Omega",
    "\u25cb": "o",
    "\u25cf": "*",
    "\u2500": "-",
    "\u2502": "|",
    "\u230a": "floor(",
    "\u230b": ")",
    "\u2308": "ceil(",
    "\u2309": ")",
}
_SUPERSCRIPTS = dict(zip("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207a\u207b\u207c\u207d\u207e\u207f\u02e3\u1d43\u1d47\u1d9c\u1d48\u1d49\u1da0\u1d4d\u02b0\u2071\u02b2\u1d4f\u02e1\u1d50\u1d52\u1d56\u02b3\u02e2\u1d57\u1d58\u1d5b\u02b7\u02b8\u1dbb",
                         "0123456789+-=()nxabcdefghijklmoprstuvwyz"))
_SUBSCRIPTS = dict(zip("\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089\u208a\u208b\u208c\u208d\u208e\u2090\u2091\u2092\u2093\u2095\u2096\u2097\u2098\u2099\u209a\u209b\u209c\u1d62\u2c7c",
                       "0123456789+-=()aeoxhklmnpstij"))


def asciify(text: str) -> str:
    """``text`` with only ASCII characters: σ → sigma, ′ → ', eˣ → e^x, e⁻ˣ → e^(-x), x₀ → x_0."""
    if text.isascii():
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        for table, mark in ((_SUPERSCRIPTS, "^"), (_SUBSCRIPTS, "_")):
            if ch in table:
                j = i
                run = []
                while j < len(text) and text[j] in table:
                    run.append(table[text[j]])
                    j += 1
                body = "".join(run)
                out.append(mark + (body if len(body) == 1 else f"({body})"))
                i = j
                break
        else:
            if ch.isascii():
                out.append(ch)
            elif ch in _ASCII_MAP:
                word = _ASCII_MAP[ch]
                if word.isalpha() and len(word) > 1:
                    # a Greek letter spelt out: keep products readable (λx → lambda*x, xσ → x*sigma)
                    if out and out[-1][-1:].isalnum():
                        word = "*" + word
                    nxt = text[i + 1] if i + 1 < len(text) else ""
                    if nxt and (nxt.isalnum() or (_ASCII_MAP.get(nxt, "").isalpha() and len(_ASCII_MAP[nxt]) > 1)) and nxt not in _SUPERSCRIPTS and nxt not in _SUBSCRIPTS:
                        word += "*"
                out.append(word)
            else:
                decomposed = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
                out.append(decomposed or "?")
            i += 1
    return "".join(out)
