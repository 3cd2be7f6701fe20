"""``actplot info`` in a terminal: the parameter table keeps every word whole (parameter names
above all) at 80 columns, for every function, by switching to two narrower tables when one
does not fit."""

from __future__ import annotations

import io

import pytest

import actplot
from actplot.views import info_writers, rich_fit
from actplot.views.info import InfoModel
from tests.helpers import run

WITH_PARAMETERS = [name for name in actplot.names() if actplot.get(name).spec.params]


def _terminal(model: InfoModel, width: int) -> str:
    """What ``actplot info`` prints for ``model`` in a terminal ``width`` columns wide."""
    from rich.console import Console

    out = io.StringIO()
    console = Console(width=width, file=out, color_system=None)
    rich_fit.print_trimmed(console, *info_writers.to_renderables(model))
    return out.getvalue()


def parameter_tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """The parameter tables of an info page: (headers, rows), each cell's lines joined with one
    space. A row starts where the parameter column (never wrapped, never empty) has text, so a
    word folded across lines comes back with a space inside it."""
    tables: list[tuple[list[str], list[list[str]]]] = []
    header_lines: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("\u2503"):  # ┃ header cells
            header_lines.append([cell.strip() for cell in line.strip("\u2503").split("\u2503")])
        elif line.startswith("\u2521") and header_lines:  # ┡ end of the header
            headers = [" ".join(filter(None, parts)) for parts in zip(*header_lines)]
            header_lines = []
            tables.append((headers, []) if headers[0] == "parameter" else ([], []))
        elif line.startswith("\u2502") and tables and tables[-1][0]:  # │ body
            cells = [cell.strip() for cell in line.strip().strip("\u2502").split("\u2502")]
            rows = tables[-1][1]
            if cells[0]:
                rows.append(cells)
            else:
                rows[-1] = [f"{joined} {more}".strip() for joined, more in zip(rows[-1], cells)]
    return [table for table in tables if table[0]]


def _expected(model: InfoModel) -> dict[str, dict[str, str]]:
    """Per parameter, the text of each column as the model has it."""
    return {
        p.name: {"parameter": p.name, "value": p.value_text, "domain": p.domain, "meaning": p.doc,
                 **{fl: p.defaults_text_by_flavor.get(fl, "-") for fl in model.frameworks}}
        for p in model.parameters
    }


@pytest.mark.parametrize("name", WITH_PARAMETERS)
def test_no_word_of_the_parameter_table_breaks_at_80_columns(name: str) -> None:
    model = InfoModel.build(actplot.get(name), (-6.0, 6.0))
    text = _terminal(model, 80)
    assert all(len(line) <= 80 for line in text.splitlines())
    tables = parameter_tables(text)
    expected = _expected(model)
    shown: dict[str, set[str]] = {p: set() for p in expected}
    for headers, rows in tables:
        assert set(headers) <= set(expected[model.parameters[0].name]), headers  # header words whole
        assert [row[0] for row in rows] == list(expected), "every table is led by every parameter, whole"
        for row in rows:
            for header, cell in zip(headers, row):
                assert " ".join(cell.split()) == " ".join(expected[row[0]][header].split()), (header, cell)
                shown[row[0]].add(header)
    assert all(columns == set(expected[p]) for p, columns in shown.items()), "every column shown once or more"


@pytest.mark.parametrize("name", ["relu", "leaky_relu", "elu"])
def test_one_table_where_it_fits_two_where_it_does_not(name: str) -> None:
    model = InfoModel.build(actplot.get(name), (-6.0, 6.0))
    wide = parameter_tables(_terminal(model, 120))
    assert len(wide) == 1 and wide[0][0][-2:] == ["domain", "meaning"]
    narrow = parameter_tables(_terminal(model, 80))
    if len(narrow) == 2:
        values, described = narrow
        assert "domain" not in values[0] and described[0] == ["parameter", "domain", "meaning"]


def test_info_relu_at_80_columns_keeps_negative_slope_whole() -> None:
    """The command itself (the bug report: ``negative`` / ``_slope`` in the domain cell)."""
    result = run(["info", "relu"], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert "negative\n" not in result.stdout and "_slope =" not in result.stdout.replace("negative_slope =", "")
    assert "threshol " not in result.stdout and "threshol\u2502" not in result.stdout
    tables = parameter_tables(result.stdout)
    assert [headers for headers, _ in tables] == [
        ["parameter", "value", "torch", "keras3", "keras2", "jax"], ["parameter", "domain", "meaning"]]
