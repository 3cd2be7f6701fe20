"""Tables of values and of the catalogue, for humans (rich) and for scripts (CSV, JSON, markdown).

Pure functions: they build columns from activations and turn them into text or a rich ``Table``;
the CLI owns the console. Number formats:

* ``table`` (rich) and ``markdown``: 7 significant digits; ``nan``, ``inf``, ``-inf`` spelt out;
* ``csv``: shortest round-trip repr (``0.11920292202211755``); ``nan``, ``inf``, ``-inf`` as NumPy
  and Python write them;
* ``json``: strict JSON (``allow_nan=False``): non-finite numbers become ``null``; a list of row
  objects keyed by the column names (``x``, ``sigmoid``, ``sigmoid'``, ``sigmoid''``).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.spec import FLAVOR_VARIANTS

if TYPE_CHECKING:
    from rich.table import Table

    from actplot.activation import Activation
    from actplot.spec import ActivationSpec

FORMATS: tuple[str, ...] = ("table", "csv", "json", "markdown")
PRIMES = ("", "\u2032", "\u2033")
ASCII_PRIMES = ("", "'", "''")


@dataclass(frozen=True)
class Column:
    """One column: a script-friendly ASCII ``key``, a ``header`` for humans, and the values."""

    key: str
    header: str
    values: np.ndarray
    digits: int | None = None
    """Significant digits shown by the human formats (None: 7)."""


def decimal_grid(lo: float, hi: float, count: int) -> np.ndarray:
    """``count`` evenly spaced points from ``lo`` to ``hi``, each the float nearest to the exact
    decimal grid value: ``decimal_grid(2, 5, 11)`` has 4.7 where ``np.linspace`` gives
    4.699999999999999 (2 + 9·0.3 rounded twice).

    With lo = L/10^k and hi = H/10^k as typed (shortest repr), point i is the rational
    (L·(n−1) + (H−L)·i) / ((n−1)·10^k); when numerator and denominator are exact in float64 (below
    2^53), one division rounds it correctly. Otherwise (very long decimals, huge counts) this is
    ``np.linspace``.
    """
    from decimal import Decimal

    if count < 2:
        return np.linspace(lo, hi, count)
    dec_lo, dec_hi = Decimal(repr(float(lo))), Decimal(repr(float(hi)))
    if not (dec_lo.is_finite() and dec_hi.is_finite()):
        return np.linspace(lo, hi, count)
    places = max(0, -int(dec_lo.as_tuple().exponent), -int(dec_hi.as_tuple().exponent))
    low, high = int(dec_lo.scaleb(places)), int(dec_hi.scaleb(places))
    steps = count - 1
    limit = 2**53
    if (abs(low) + abs(high)) * steps >= limit or steps * 10**places >= limit:
        return np.linspace(lo, hi, count)
    i = np.arange(count, dtype=np.float64)
    numerator = (high - low) * i  # exact: |high − low|·i < 2^53
    numerator += low * steps  # exact: every partial sum stays below 2^53 in magnitude
    return numerator / float(steps * 10**places)


def value_columns(acts: Sequence[Activation], x: np.ndarray, orders: Sequence[int] = (0,)) -> list[Column]:
    """x, then f (and f′, f″ for the given orders) of every activation, evaluated at ``x``.

    Keys are unique: a repeated label gets ``#2``, ``#3`` appended.
    """
    x = np.asarray(x, dtype=np.float64)
    columns = [Column("x", "x", x)]
    seen: dict[str, int] = {}
    for act in acts:
        label = act.spec_string  # a SPEC the CLI accepts back (gelu:approximate=tanh)
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label}#{seen[label]}"
        for order in orders:
            values = act(x) if order == 0 else act.derivative(x, order=order)
            values = np.asarray(values, dtype=np.float64).reshape(x.shape)
            columns.append(Column(label + ASCII_PRIMES[order], human_column_name(label, order), values))
    return columns


def human_column_name(label: str, order: int) -> str:
    """The heading a reader sees: ``relu(x)``, ``relu′(x)``; an expression is already a formula in x,
    so it stands as written for f and takes d/dx for its derivatives (``d/dx [x*tanh(x)]``, not
    ``x*tanh(x)′(x)``)."""
    from actplot.expressions.detect import looks_like_expression

    if looks_like_expression(label.partition("#")[0]):
        return label if order == 0 else f"{('d/dx', 'd²/dx²')[order - 1]} [{label}]"
    return f"{label}{PRIMES[order]}(x)"


def human_number(value: float, digits: int | None = None) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"  # also for -0.0: its sign is a floating-point artefact, "-0" reads as another value
    return f"{value:.{digits or 7}g}"


def json_number(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def rows_of(columns: Sequence[Column]) -> list[list[float]]:
    """Row-major Python floats (one ``tolist`` call, not one float() per cell)."""
    if not columns:
        return []
    return np.column_stack([np.asarray(c.values, dtype=np.float64) for c in columns]).tolist()


def to_rich_tables(columns: Sequence[Column], *, width: int | None = None) -> list[Table]:
    """The value columns as rich tables: one, or as many as it takes to fit ``width`` characters.

    A number is never broken across lines or cut short (a folded "0.2" over "5" reads as 0.2):
    every column is as wide as its widest number, and columns that do not fit beside each other
    go to a further table that repeats the first (x) column, as wide data frames print.
    """
    from rich.table import Table

    digits = [c.digits for c in columns]
    cells = [[human_number(v, d) for v, d in zip(row, digits)] for row in rows_of(columns)]
    widest = [max((len(row[j]) for row in cells), default=1) for j in range(len(columns))]
    widths = [max(len(c.header), w) + 3 for c, w in zip(columns, widest)]
    groups: list[list[int]] = []
    if columns:
        available = max(1, (width or 10**9) - 1 - widths[0])
        current: list[int] = []
        used = 0
        for j in range(1, len(columns)):
            if current and used + widths[j] > available:
                groups.append(current)
                current, used = [], 0
            current.append(j)
            used += widths[j]
        groups.append(current)
    out = []
    for group in groups:
        table = Table()
        for j in (0, *group):
            table.add_column(columns[j].header, justify="right", no_wrap=True, min_width=widest[j])
        for row in cells:
            table.add_row(*(row[j] for j in (0, *group)))
        out.append(table)
    return out


def to_csv(columns: Sequence[Column]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    writer.writerows(rows_of(columns))  # csv writes floats with repr(): exact, nan, inf, -inf, -0.0
    return out.getvalue()


def to_json(columns: Sequence[Column]) -> str:
    keys = [c.key for c in columns]
    inf = math.inf
    rows = [
        {k: (v if v == v and v != inf and v != -inf else None) for k, v in zip(keys, row)} for row in rows_of(columns)
    ]
    return dumps(rows)


def dumps(data: Any) -> str:
    """Strict JSON (raises on nan/inf: callers convert them to None first)."""
    return json.dumps(data, allow_nan=False, ensure_ascii=False, indent=2)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, align_right: Sequence[bool] | None = None) -> str:
    align_right = align_right or [False] * len(headers)
    lines = ["| " + " | ".join(_md_escape(h) for h in headers) + " |"]
    lines.append("|" + "|".join("---:" if right else "---" for right in align_right) + "|")
    for row in rows:
        lines.append("| " + " | ".join(_md_escape(cell) for cell in row) + " |")
    return "\n".join(lines) + "\n"


def to_markdown(columns: Sequence[Column]) -> str:
    rows = [[human_number(v) for v in row] for row in rows_of(columns)]
    return markdown_table([c.header for c in columns], rows, align_right=[True] * len(columns))


def render_values(columns: Sequence[Column], fmt: str) -> str:
    """CSV, JSON or markdown text for value columns (``table`` is drawn by rich instead)."""
    if fmt == "csv":
        return to_csv(columns)
    if fmt == "json":
        return to_json(columns)
    if fmt == "markdown":
        return to_markdown(columns)
    raise ValueError(f"unknown format {fmt!r}")


# --- the catalogue -------------------------------------------------------------------------------


def _param_default(value: Any) -> str:
    if isinstance(value, tuple):
        return ";".join(f"{v:g}" for v in value)
    if isinstance(value, float):
        return "inf" if math.isinf(value) else f"{value:g}"
    return str(value)


def catalogue_records(specs: Sequence[ActivationSpec]) -> list[dict[str, Any]]:
    """One JSON-ready record per spec: name, aliases, family, parameters, formulas, flavours."""
    records = []
    for spec in specs:
        records.append(
            {
                "name": spec.name,
                "title": spec.title,
                "aliases": list(spec.aliases),
                "family": spec.family,
                "parameters": [
                    {
                        "name": p.name,
                        "default": json_param(p.default),
                        "domain": p.domain_text(),
                        "doc": p.doc,
                    }
                    for p in spec.params
                ],
                "formula": spec.formula_text,
                "formula_mathtext": spec.formula,
                "derivative_formula": spec.derivative_formula_text,
                "flavors": list(spec.frameworks),
                "flavor_variants": [v for v, fw in FLAVOR_VARIANTS.items() if fw in spec.frameworks],
            }
        )
    return records


def json_param(value: Any) -> Any:
    if isinstance(value, tuple):
        return [json_number(v) for v in value]
    if isinstance(value, float):
        return json_number(value)
    return value


def catalogue_rows(specs: Sequence[ActivationSpec]) -> tuple[list[str], list[list[str]]]:
    headers = ["name", "aliases", "family", "parameters", "formula"]
    rows = [
        [
            spec.name,
            ", ".join(spec.aliases),
            spec.family,
            ", ".join(f"{p.name}={_param_default(p.default)}" for p in spec.params),
            spec.formula_text,
        ]
        for spec in specs
    ]
    return headers, rows


def catalogue_table(specs: Sequence[ActivationSpec], *, title: str | None = None, fold: Any = None) -> Table:
    """name (aliases below it), family, parameters, formula; ``fold`` maps text (e.g. to ASCII)."""
    from rich.table import Table
    from rich.text import Text

    fold = fold or (lambda text: text)
    table = Table(title=title, title_justify="left")
    table.add_column("name", overflow="fold", min_width=4)
    table.add_column("family", overflow="fold", min_width=6, ratio=1)
    table.add_column("parameters", overflow="fold", min_width=10, ratio=1)
    table.add_column("formula", overflow="fold", ratio=3)
    for spec in specs:
        name = Text(spec.name)
        if spec.aliases:
            name.append("\n" + fold(", ".join(spec.aliases)), style="dim")
        params = ", ".join(f"{p.name}={_param_default(p.default)}" for p in spec.params)
        table.add_row(name, fold(spec.family), fold(params), fold(spec.formula_text))
    return table


def render_catalogue(specs: Sequence[ActivationSpec], fmt: str) -> str:
    if fmt == "json":
        return dumps(catalogue_records(specs))
    headers, rows = catalogue_rows(specs)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
        return out.getvalue()
    if fmt == "markdown":
        return markdown_table(headers, rows)
    raise ValueError(f"unknown format {fmt!r}")
