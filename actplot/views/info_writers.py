"""The writers of ``actplot info``: the terminal (rich renderables), JSON and Markdown.

Each lays out one :class:`actplot.views.info.InfoModel` and adds no fact of its own, so the three
outputs cannot disagree (tests/test_info_model.py walks the model to check it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from actplot.views.info import DeclaredInfo, InfoModel, display
from actplot.views.rich_fit import FirstLayoutThatFits
from actplot.views.tables import dumps, markdown_table

_DECLARED_ROWS: tuple[tuple[str, str], ...] = (
    ("range over \u211d", "range"),
    ("bounded", "bounded"),
    ("monotonic", "monotonic"),
    ("monotonic derivative", "monotonic_derivative"),
    ("smoothness", "smoothness"),
    ("zero-centred", "zero_centered"),
    ("identity near 0", "identity_near_zero"),
)


def declared_rows(declared: DeclaredInfo) -> list[tuple[str, str]]:
    """(label, text) rows of the declared properties, in the notation of the computed ones."""
    from actplot.notation import pretty

    return [(label, pretty(display(getattr(declared, key)))) for label, key in _DECLARED_ROWS]


def _kink_rows(model: InfoModel) -> list[list[str]]:
    """One row per kink and convention; flavours that agree share a row."""
    from actplot.notation import pretty

    rows = []
    for kink in model.kinks:
        groups: dict[tuple[Any, ...], list[str]] = {}
        for fl, conv in kink.by_flavor.items():
            groups.setdefault((conv.side, conv.f, conv.d1, conv.d2), []).append(fl)
        every = len(groups) == 1 and len(kink.by_flavor) > 1
        for (side, f, d1, d2), flavors in groups.items():
            # a function no framework defines follows actplot's own convention, not a flavour's
            who = "all" if every else ", ".join(flavors) if model.frameworks else "actplot"
            values = [display(kink.x), kink.kind, who, side, display(f), display(d1), display(d2)]
            rows.append([pretty(v) if i in (0, 4, 5, 6) else v for i, v in enumerate(values)])
    return rows


def _window_heading(model: InfoModel) -> str:
    from actplot.notation import pretty

    low, high = model.window
    return pretty(f"Properties (computed; window [{low:g}, {high:g}])")


def _parameter_rows(model: InfoModel) -> tuple[list[str], list[list[str]]]:
    flavors = list(model.frameworks)
    headers = ["parameter", "value", *flavors, "domain", "meaning"]
    rows = [
        [p.name, p.value_text, *(p.defaults_text_by_flavor.get(fl, "-") for fl in flavors), p.domain, p.doc]
        for p in model.parameters
    ]
    return headers, rows


KINK_HEADERS = ("x", "kind", "flavours", "derivative side", "f(x)", "f\u2032(x)", "f\u2033(x)")
DECLARED_HEADING = "Declared (stated by hand for the default parameters; the tests check them against the computed ones)"
DEFECTS_HEADING = "Where a framework differs from the mathematics (actplot keeps the mathematics)"
TEXT_SECTIONS = (("reference", "Reference"), ("notes", "Notes"), ("view", "View"))


# --- the writers ---------------------------------------------------------------------------------


def to_json(model: InfoModel) -> str:
    """Strict JSON of the model (non-finite numbers are null)."""
    return dumps(model.as_json())


def to_markdown(model: InfoModel) -> str:
    """The model as a Markdown page."""
    out = [f"# {model.title} (`{model.label}`)", ""]
    out.append(f"- family: {model.family}")
    if model.aliases:
        out.append(f"- aliases: {', '.join(model.aliases)}")
    out.append(f"- flavour: {model.flavor_text}")
    out += ["", f"f(x): {model.formula}", "", f"f\u2032(x): {model.derivative_formula}", ""]
    if model.formula_values:
        out += [f"values: {model.formula_values}", ""]
    if model.parameters:
        out += ["## Parameters", ""]
        out += [markdown_table(*_parameter_rows(model)), ""]
    out += ["## " + _window_heading(model), ""]
    out += [markdown_table(["property", "value"], model.property_rows), ""]
    if model.declared is not None:
        out += ["## " + DECLARED_HEADING, ""]
        out += [markdown_table(["property", "value"], declared_rows(model.declared)), ""]
    if model.kinks:
        out += ["## Kinks and jumps", ""]
        out += [markdown_table(KINK_HEADERS, _kink_rows(model)), ""]
    if model.frameworks:
        out += ["## Frameworks", ""]
        rows = [[fl, f.api, ", ".join(f"{k}={display(v)}" for k, v in f.defaults.items()), f.note] for fl, f in model.frameworks.items()]
        out += [markdown_table(["flavour", "API", "defaults", "note"], rows), ""]
        out += ["## Verified against", "", f"What is checked: {model.verified}.", ""]
        out += [markdown_table(["flavour", "framework"], [[fl, v] for fl, v in model.framework_versions.items()]), ""]
    if model.framework_defects:
        out += ["## " + DEFECTS_HEADING, ""]
        rows = [[", ".join(d.flavors), ", ".join(d.orders), d.instead, d.size] for d in model.framework_defects]
        out += [markdown_table(["flavours", "of", "the framework", "difference"], rows), ""]
    for key, heading in TEXT_SECTIONS:
        text = getattr(model, key)
        if text:
            out += [f"## {heading}", "", text, ""]
    return "\n".join(out)


def to_renderables(model: InfoModel, *, ascii_only: bool = False) -> list[Any]:
    """The model as rich renderables for the terminal (ASCII-folded when the console needs it)."""
    from rich.table import Table
    from rich.text import Text

    fold: Callable[[str], str]
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

    out: list[Any] = [Text(fold(f"{model.title}  ({model.label})"), style="bold")]
    meta = [["family", model.family], ["flavour", model.flavor_text]]
    if model.aliases:
        meta.insert(1, ["aliases", ", ".join(model.aliases)])
    meta += [["f(x)", model.formula], ["f\u2032(x)", model.derivative_formula]]
    if model.formula_values:
        meta.append(["values", model.formula_values])
    out.append(grid(meta))
    if model.parameters:
        out.append(heading("Parameters (defaults per flavour)"))
        headers, rows = _parameter_rows(model)
        out.append(FirstLayoutThatFits(
            lambda: [table(headers, rows)],
            # too narrow for one table without folding words: values in one, domain and meaning in
            # another, both led by the parameter name
            lambda: [table(headers[:-2], [row[:-2] for row in rows]),
                     table([headers[0], *headers[-2:]], [[row[0], *row[-2:]] for row in rows])],
        ))
    out.append(heading(_window_heading(model)))
    out.append(grid(model.property_rows))
    if model.declared is not None:
        out.append(heading(DECLARED_HEADING))
        out.append(grid(declared_rows(model.declared)))
    if model.kinks:
        out.append(heading("Kinks and jumps (derivative convention per flavour)"))
        out.append(table(KINK_HEADERS, _kink_rows(model)))
    if model.frameworks:
        out.append(heading("Framework equivalents"))
        out.append(grid([[fl, f.api + (f"  ({f.note})" if f.note else "")] for fl, f in model.frameworks.items()]))
        out.append(heading(f"Verified against ({model.verified})"))
        out.append(grid([[fl, v] for fl, v in model.framework_versions.items()]))
    if model.framework_defects:
        out.append(heading(DEFECTS_HEADING))
        out.append(grid([[", ".join(d.flavors), f"{', '.join(d.orders)}: {d.instead}; {d.size}"] for d in model.framework_defects]))
    for key, title in TEXT_SECTIONS:
        text = getattr(model, key)
        if text:
            out.append(heading(title))
            out.append(Text(fold(text)))
    return out
