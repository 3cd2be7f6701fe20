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

from actplot.spec import FLAVOR_VARIANTS, FLAVOR_VERSIONS, rule_text

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
                        "default": _json_param(p.default),
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


def _json_param(value: Any) -> Any:
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


# --- info ----------------------------------------------------------------------------------------


def _convention_text(kink: Any, flavor: str) -> str:
    """The rule f′ (and f″, where it differs) follows at a kink: ``left``, ``f′ left, f″ right``,
    ``f″ value 0.25`` (a curvature kink pins only f″)."""
    first, second = rule_text(kink.rule_for(flavor, 1)), rule_text(kink.rule_for(flavor, 2))
    if kink.kind == "curvature":
        return f"f″ {second}"
    return first if first == second else f"f′ {first}, f″ {second}"


def info_data(act: Activation, window: tuple[float, float], properties: Any = None) -> dict[str, Any]:
    """Everything ``actplot info`` shows, as JSON-ready data (non-finite numbers are None).

    ``properties`` is ``act.properties(window)`` if the caller already computed it.
    ``formula_values`` says which parameter each symbol of the formula stands for, with its value
    (``a = negative_slope = 0.1, M = max_value = 6``; ``""`` if the formula names none);
    ``formula_symbols`` maps those symbols to parameter names. Parameter values and per-flavour
    defaults also come as text (``value_text``, ``defaults_text_by_flavor``) in which inf is ``inf``.
    """
    from actplot import registry
    from actplot.frameworks import defects as framework_defects
    from actplot.spec import DEFAULT_FLAVOR

    spec = act.spec
    flavors = list(spec.frameworks)
    variants = [v for v, framework in FLAVOR_VARIANTS.items() if framework in spec.frameworks]
    parameters = []
    for p in spec.params:
        per_flavor = {fl: spec.defaults(fl)[p.name] for fl in flavors}
        parameters.append(
            {
                "name": p.name,
                "value": _json_param(act.params[p.name]),
                "default": _json_param(p.default),
                "defaults_by_flavor": {fl: _json_param(v) for fl, v in per_flavor.items()},
                # as shown to humans: inf stays inf (JSON has null for it, which the tables would
                # show as "-", the mark for "not defined")
                "value_text": _show(act.params[p.name]),
                "defaults_text_by_flavor": {fl: _show(v) for fl, v in per_flavor.items()},
                "domain": p.domain_text(),
                "doc": p.doc,
            }
        )
    kinks = []
    for kink in act.kinks:
        conventions = {}
        for fl in [*flavors, *variants] or [DEFAULT_FLAVOR]:
            try:
                variant = registry.get(spec.name, fl, default_flavor=None, **dict(act.params)) if fl in [*flavors, *variants] else act
            except Exception:  # noqa: BLE001 - a flavour that rejects these parameters
                continue
            with np.errstate(all="ignore"):
                conventions[fl] = {
                    "side": _convention_text(kink, fl),
                    "side_d1": rule_text(kink.rule_for(fl, 1)),
                    "side_d2": rule_text(kink.rule_for(fl, 2)),
                    "f": json_number(float(variant(kink.x))),
                    "d1": json_number(float(variant.derivative(kink.x))),
                    "d2": json_number(float(variant.derivative(kink.x, order=2))),
                }
        kinks.append({"x": json_number(kink.x), "kind": kink.kind, "value_side": kink.value_side, "by_flavor": conventions})
    if properties is None:
        properties = act.properties(window)
    props: dict[str, Any] = properties.as_dict()
    return {
        "name": spec.name,
        "label": act.label,
        "title": spec.title,
        "family": spec.family,
        "aliases": list(spec.aliases),
        # the flavour in effect: the one chosen, else the default where it defines the function;
        # None otherwise (kink conventions are then actplot's own, see "kinks")
        "flavor": act.flavor or (DEFAULT_FLAVOR if DEFAULT_FLAVOR in spec.frameworks else None),
        "formula": act.formula_text,
        "formula_mathtext": act.formula,
        "derivative_formula": act.derivative_formula_text,
        "derivative_formula_mathtext": act.derivative_formula,
        "formula_values": act.formula_values_named,
        "formula_symbols": act.formula_symbols,
        "parameters": parameters,
        "window": list(window),
        "properties": props,
        "kinks": kinks,
        "frameworks": {fl: {"api": f.api, "defaults": {k: _json_param(v) for k, v in f.defaults.items()}, "note": f.note} for fl, f in spec.frameworks.items()},
        # the releases (and Keras 3 backends) each flavour is recorded from and tested against, and
        # where one of them is numerically wrong: what it does instead and by how much
        "framework_versions": {fl: FLAVOR_VERSIONS[fl] for fl in [*flavors, *variants]},
        "framework_defects": [
            {"flavors": list(d.flavors), "orders": [("f", "f′", "f″")[o] for o in d.orders], "instead": d.instead, "size": d.size}
            for d in framework_defects.DEFECTS
            if d.function == spec.name
        ],
        "reference": spec.reference,
        "notes": spec.notes,
        "view": spec.view,
    }


_PROPERTY_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("range over \u211d", ("range_text",)),
    ("min, max on the window", ("window_min", "window_max")),
    ("f(\u2212\u221e), f(+\u221e)", ("limit_neg", "limit_pos")),
    ("f\u2032(\u2212\u221e), f\u2032(+\u221e)", ("slope_limit_neg", "slope_limit_pos")),
    ("bounded", ("bounded",)),
    ("monotonic", ("monotonic",)),
    ("monotonic derivative", ("monotonic_derivative",)),
    ("smoothness", ("smoothness",)),
    ("zero-centred (f(0) = 0, both signs)", ("zero_centered",)),  # on the window: Properties.zero_centered
    ("f(0), f\u2032(0)", ("f0", "df0")),
    ("identity near 0", ("identity_near_zero",)),
    ("minimum on the window", ("minimum", "argmin")),
    ("maximum on the window", ("maximum", "argmax")),
    ("saturated fraction of the window", ("saturation_fraction",)),
)


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (float, np.floating)):
        return human_number(float(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(v) for v in value) or "-"
    return str(value)


def property_rows(properties: Any) -> list[tuple[str, str]]:
    """(label, text) rows of :class:`actplot.properties.Properties` for humans, in the notation of
    :mod:`actplot.notation` (ℝ, ∞, −, f′, C∞, no −0)."""
    from actplot.notation import pretty

    rows = []
    for label, keys in _PROPERTY_ROWS:
        if not all(hasattr(properties, k) for k in keys):
            continue
        values = [getattr(properties, k) for k in keys]
        if keys[0] in ("minimum", "maximum"):
            if values[0] is None:
                continue
            rows.append((label, pretty(f"{_show(values[0])} at x = {_show(values[1])}")))
        else:
            rows.append((label, pretty(", ".join(_show(v) for v in values))))
    return rows


def _kink_rows(data: dict[str, Any]) -> list[list[str]]:
    """One row per kink and convention; flavours that agree share a row."""
    from actplot.notation import pretty

    rows = []
    for kink in data["kinks"]:
        groups: dict[tuple[Any, ...], list[str]] = {}
        for fl, conv in kink["by_flavor"].items():
            groups.setdefault((conv["side"], conv["f"], conv["d1"], conv["d2"]), []).append(fl)
        every = len(groups) == 1 and len(kink["by_flavor"]) > 1
        for (side, f, d1, d2), flavors in groups.items():
            # a function no framework defines follows actplot's own convention, not a flavour's
            who = "all" if every else ", ".join(flavors) if data["frameworks"] else "actplot"
            values = [_show(kink["x"]), kink["kind"], who, side, _show(f), _show(d1), _show(d2)]
            rows.append([pretty(v) if i in (0, 4, 5, 6) else v for i, v in enumerate(values)])
    return rows


def _window_heading(data: dict[str, Any]) -> str:
    from actplot.notation import pretty

    low, high = data["window"]
    return pretty(f"Properties (computed; window [{low:g}, {high:g}])")


def _flavour_text(data: dict[str, Any]) -> str:
    """The flavour line of ``info``: the flavour in effect, or that no framework defines the function."""
    if data["flavor"] is not None:
        return str(data["flavor"])
    defined_by = list(data["frameworks"])
    if not defined_by:
        return "none (no framework defines this function)"
    return f"none chosen (defined by {', '.join(defined_by)}: add @{defined_by[0]})"


KINK_HEADERS = ("x", "kind", "flavours", "derivative side", "f(x)", "f\u2032(x)", "f\u2033(x)")


def info_markdown(data: dict[str, Any], properties: Any = None) -> str:
    out = [f"# {data['title']} (`{data['label']}`)", ""]
    out.append(f"- family: {data['family']}")
    if data["aliases"]:
        out.append(f"- aliases: {', '.join(data['aliases'])}")
    out.append(f"- flavour: {_flavour_text(data)}")
    out += ["", f"f(x): {data['formula']}", "", f"f\u2032(x): {data['derivative_formula']}", ""]
    if data["formula_values"]:
        out += [f"values: {data['formula_values']}", ""]
    flavors = list(data["frameworks"])
    if data["parameters"]:
        out += ["## Parameters", ""]
        headers = ["parameter", "value", *flavors, "domain", "meaning"]
        rows = [
            [p["name"], p["value_text"], *(p["defaults_text_by_flavor"].get(fl, "-") for fl in flavors), p["domain"], p["doc"]]
            for p in data["parameters"]
        ]
        out += [markdown_table(headers, rows), ""]
    if properties is not None:
        out += ["## " + _window_heading(data), ""]
        out += [markdown_table(["property", "value"], property_rows(properties)), ""]
    if data["kinks"]:
        out += ["## Kinks and jumps", ""]
        out += [markdown_table(KINK_HEADERS, _kink_rows(data)), ""]
    if data["frameworks"]:
        out += ["## Frameworks", ""]
        rows = [[fl, f["api"], ", ".join(f"{k}={_show(v)}" for k, v in f["defaults"].items()), f["note"]] for fl, f in data["frameworks"].items()]
        out += [markdown_table(["flavour", "API", "defaults", "note"], rows), ""]
        out += ["## Verified against", ""]
        out += [markdown_table(["flavour", "framework"], [[fl, v] for fl, v in data["framework_versions"].items()]), ""]
    if data["framework_defects"]:
        out += ["## Where a framework differs from the mathematics (actplot keeps the mathematics)", ""]
        rows = [[", ".join(d["flavors"]), ", ".join(d["orders"]), d["instead"], d["size"]] for d in data["framework_defects"]]
        out += [markdown_table(["flavours", "of", "the framework", "difference"], rows), ""]
    for key, heading in (("reference", "Reference"), ("notes", "Notes"), ("view", "View")):
        if data[key]:
            out += [f"## {heading}", "", data[key], ""]
    return "\n".join(out)


def info_renderables(data: dict[str, Any], properties: Any = None, *, ascii_only: bool = False) -> list[Any]:
    """rich renderables for ``actplot info`` (ASCII-folded when the console needs it)."""
    from rich.table import Table
    from rich.text import Text

    if ascii_only:
        from actplot.text import asciify as fold
    else:

        def fold(text: str) -> str:
            return text

    def heading(text: str) -> Text:
        return Text("\n" + fold(text), style="bold")

    def grid(rows: Sequence[Sequence[str]]) -> Table:
        t = Table.grid(padding=(0, 2))
        t.add_column(style="dim", no_wrap=True)
        t.add_column(overflow="fold")
        for row in rows:
            t.add_row(*(fold(c) for c in row))
        return t

    def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
        """A table whose first column (names: parameter, x) never breaks inside a word."""
        t = Table()
        for i, h in enumerate(headers):
            t.add_column(fold(h), overflow="fold", no_wrap=i == 0)
        for row in rows:
            t.add_row(*(fold(c) for c in row))
        return t

    out: list[Any] = [Text(fold(f"{data['title']}  ({data['label']})"), style="bold")]
    meta = [["family", data["family"]], ["flavour", _flavour_text(data)]]
    if data["aliases"]:
        meta.insert(1, ["aliases", ", ".join(data["aliases"])])
    meta += [["f(x)", data["formula"]], ["f\u2032(x)", data["derivative_formula"]]]
    if data["formula_values"]:
        meta.append(["values", data["formula_values"]])
    out.append(grid(meta))
    flavors = list(data["frameworks"])
    if data["parameters"]:
        out.append(heading("Parameters (defaults per flavour)"))
        headers = ["parameter", "value", *flavors, "domain", "meaning"]
        rows = [
            [p["name"], p["value_text"], *(p["defaults_text_by_flavor"].get(fl, "-") for fl in flavors), p["domain"], p["doc"]]
            for p in data["parameters"]
        ]
        out.append(table(headers, rows))
    if properties is not None:
        out.append(heading(_window_heading(data)))
        out.append(grid(property_rows(properties)))
    if data["kinks"]:
        out.append(heading("Kinks and jumps (derivative convention per flavour)"))
        out.append(table(KINK_HEADERS, _kink_rows(data)))
    if data["frameworks"]:
        out.append(heading("Framework equivalents"))
        rows = [[fl, f["api"] + (f"  ({f['note']})" if f["note"] else "")] for fl, f in data["frameworks"].items()]
        out.append(grid(rows))
        out.append(heading("Verified against (recorded autograd of each release; actplot verify re-checks)"))
        out.append(grid([[fl, v] for fl, v in data["framework_versions"].items()]))
    if data["framework_defects"]:
        out.append(heading("Where a framework differs from the mathematics (actplot keeps the mathematics)"))
        out.append(grid([[", ".join(d["flavors"]), f"{', '.join(d['orders'])}: {d['instead']}; {d['size']}"]
                         for d in data["framework_defects"]]))
    for key, title in (("reference", "Reference"), ("notes", "Notes"), ("view", "View")):
        if data[key]:
            out.append(heading(title))
            out.append(Text(fold(data[key])))
    return out
