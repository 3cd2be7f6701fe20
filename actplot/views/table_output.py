"""Value tables as streams of text: CSV, long (tidy) CSV, JSON, markdown and LaTeX, block by block.

``actplot table`` with a million rows and several functions must not build the whole table in
memory (49 functions × 10⁶ rows × 3 orders as Python floats is gigabytes). :func:`stream` evaluates
:data:`BLOCK_ROWS` rows of x at a time and yields their text, so memory stays at one block whatever
the row count, and the first bytes reach a pipe (or ``head``) before the rest is computed.

Formats (the column names are SPEC strings that ``actplot`` accepts back, e.g.
``gelu:approximate=tanh``, with ``'`` / ``''`` appended for f′ / f″):

* ``csv``: a header, then one row per x: ``x,relu,relu'``. Numbers are the shortest repr that
  round-trips (``0.11920292202211755``); ``nan``, ``inf``, ``-inf`` as text;
* ``long-csv``: tidy data, one row per (function, order, x): columns ``function,order,x,value``
  (order 0, 1, 2 for f, f′, f″), function by function, then order by order;
* ``json``: strict JSON (non-finite numbers become ``null``), a list of row objects keyed by the
  column names, laid out exactly as ``json.dumps(rows, indent=2)`` would;
* ``markdown`` and ``latex`` (a booktabs ``tabular``: ``\\toprule``, ``\\midrule``,
  ``\\bottomrule``; needs ``\\usepackage{booktabs}``): numbers to ``digits`` significant digits
  (default 7), infinities as ∞ (``$\\infty$`` in LaTeX).

``digits`` rounds every number to that many significant digits in every format; without it the
machine formats (CSV, JSON) are exact and the human ones (markdown, LaTeX) show 7 digits.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from actplot.activation import Activation

STREAM_FORMATS: tuple[str, ...] = ("csv", "long-csv", "json", "markdown", "latex")
BLOCK_ROWS = 8192
"""Rows of x evaluated and formatted at a time."""
HUMAN_DIGITS = 7
MAX_DIGITS = 17
"""17 significant digits identify every float64; more would only show rounding noise."""

_ASCII_MARKS = ("", "'", "''")


def column_keys(acts: Sequence[Activation], orders: Sequence[int]) -> list[tuple[int, int, str]]:
    """(activation index, order, column name) for every value column, in output order.

    Names are SPEC strings (``gelu:approximate=tanh``) plus ``'``/``''`` for f′/f″; a function
    given twice gets ``#2``, ``#3`` so that keys stay unique.
    """
    seen: dict[str, int] = {}
    keys = []
    for i, act in enumerate(acts):
        name = act.spec_string
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name}#{seen[name]}"
        for order in orders:
            keys.append((i, order, name + _ASCII_MARKS[order]))
    return keys


def _block_values(acts: Sequence[Activation], orders: Sequence[int], x: np.ndarray) -> list[np.ndarray]:
    values = []
    with np.errstate(all="ignore"):
        for act in acts:
            for order in orders:
                y = act(x) if order == 0 else act.derivative(x, order=order)
                values.append(np.asarray(y, dtype=np.float64).reshape(x.shape))
    return values


def _rounded(values: np.ndarray, digits: int | None) -> np.ndarray:
    """``values`` rounded to ``digits`` significant digits (exactly what ``%.{digits}g`` shows)."""
    if digits is None:
        return values
    text = np.char.mod(f"%.{digits}g", values)
    return text.astype(np.float64)


def _human(value: float, digits: int) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"
    return f"{value:.{digits}g}"


_EXPONENT = re.compile(r"^(-?[0-9.]+)e([+-])0*([0-9]+)$")


def _latex_number(value: float, digits: int) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return r"$\infty$" if value > 0 else r"$-\infty$"
    text = _human(value, digits)
    match = _EXPONENT.match(text)
    if match:
        mantissa, sign, power = match.groups()
        text = f"{mantissa} \\times 10^{{{'-' if sign == '-' else ''}{power}}}"
    return f"${text}$"


def _latex_header(name: str) -> str:
    base = name.rstrip("'")
    primes = len(name) - len(base)
    escaped = base.replace("\\", r"\textbackslash{}")
    for ch in "_#%&$^{}~":
        escaped = escaped.replace(ch, "\\" + ch)
    return f"\\texttt{{{escaped}}}" + (f"${chr(39) * primes}$" if primes else "")


def _human_header(key: str) -> str:
    from actplot.views.tables import human_column_name

    base = key.rstrip("'")
    return human_column_name(base, len(key) - len(base))


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def stream(
    acts: Sequence[Activation],
    x: np.ndarray,
    orders: Sequence[int],
    fmt: str,
    *,
    digits: int | None = None,
) -> Iterator[str]:
    """The table of ``acts`` (orders ``orders``) at ``x`` in format ``fmt``, as text pieces."""
    if fmt not in STREAM_FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    x = np.asarray(x, dtype=np.float64)
    keys = column_keys(acts, orders)
    if fmt == "long-csv":
        yield from _long_csv(acts, x, keys, digits)
        return
    header = ["x", *(k for _, _, k in keys)]
    human = digits if digits is not None else HUMAN_DIGITS
    if fmt == "csv":
        yield ",".join(_csv_cell(h) for h in header) + "\n"
    elif fmt == "json":
        yield "["
    elif fmt == "markdown":  # for reading: f′ and "(x)" as in the terminal table
        human_header = ["x", *(_human_header(k) for _, _, k in keys)]
        yield "| " + " | ".join(_md_escape(h) for h in human_header) + " |\n"
        yield "|" + "|".join("---:" for _ in header) + "|\n"
    else:
        yield "\\begin{tabular}{" + "r" * len(header) + "}\n\\toprule\n"
        yield " & ".join(["$x$", *(_latex_header(h) for h in header[1:])]) + " \\\\\n\\midrule\n"
    first = True
    for start in range(0, x.size, BLOCK_ROWS):
        xb = x[start : start + BLOCK_ROWS]
        columns = [_rounded(xb, digits), *(_rounded(v, digits) for v in _block_values(acts, orders, xb))]
        rows = np.column_stack(columns).tolist()
        if fmt == "csv":
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(rows)  # floats as repr: exact, nan, inf
            yield out.getvalue()
        elif fmt == "json":
            records = [{k: (v if math.isfinite(v) else None) for k, v in zip(header, row)} for row in rows]
            text = json.dumps(records, allow_nan=False, ensure_ascii=False, indent=2)
            yield ("\n" if first else ",\n") + text[2:-2]  # the list's items, without "[\n" and "\n]"
        elif fmt == "markdown":
            yield "".join("| " + " | ".join(_human(v, human) for v in row) + " |\n" for row in rows)
        else:
            yield "".join(" & ".join(_latex_number(v, human) for v in row) + " \\\\\n" for row in rows)
        first = False
    if fmt == "json":
        yield "\n]\n" if not first else "]\n"
    elif fmt == "latex":
        yield "\\bottomrule\n\\end{tabular}\n"


def _csv_cell(text: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([text])
    return out.getvalue()


def _long_csv(
    acts: Sequence[Activation], x: np.ndarray, keys: list[tuple[int, int, str]], digits: int | None
) -> Iterator[str]:
    yield "function,order,x,value\n"
    for index, order, key in keys:
        name = _csv_cell(key.rstrip("'"))
        act = acts[index]
        for start in range(0, x.size, BLOCK_ROWS):
            xb = x[start : start + BLOCK_ROWS]
            with np.errstate(all="ignore"):
                y = act(xb) if order == 0 else act.derivative(xb, order=order)
            y = _rounded(np.asarray(y, dtype=np.float64).reshape(xb.shape), digits)
            prefix = f"{name},{order},"
            yield "".join(f"{prefix}{a!r},{b!r}\n" for a, b in zip(_rounded(xb, digits).tolist(), y.tolist()))
