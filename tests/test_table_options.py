"""``actplot table`` options: --digits, --format latex and long-csv, -o FILE, SPEC column names,
streaming across blocks, and the work budget. Values are checked against the library API
(``actplot.get(...)(x)``), which the accuracy tests check against mpmath."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

import actplot
from actplot.cli import app
from actplot.views import table_output

ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def test_column_names_are_specs_the_cli_accepts():
    result = run("table", "gelu", "gelu:approximate=tanh", "leaky_relu@keras2", "-d", "--at=1", "--format", "csv")
    header = result.stdout.splitlines()[0].split(",")
    assert header == ["x", "gelu", "gelu'", "gelu:approximate=tanh", "gelu:approximate=tanh'", "leaky_relu@keras2", "leaky_relu@keras2'"]
    for name in header[1:]:
        assert actplot.get(name.rstrip("'")) is not None  # each is a SPEC the CLI and API accept
    assert run("table", "gelu:approximate=tanh", "--at=1").exit_code == 0


@pytest.mark.parametrize("digits", [1, 3, 7, 17])
def test_digits_rounds_every_format(digits):
    x = [-2.5, 0.3, 1.7]
    at = "--at=" + ",".join(map(str, x))
    truth = actplot.get("gelu")(np.array(x)).tolist()
    rows = list(csv.reader(io.StringIO(run("table", "gelu", at, "--digits", str(digits), "-f", "csv").stdout)))[1:]
    assert [float(r[1]) for r in rows] == [float(f"{v:.{digits}g}") for v in truth]
    data = json.loads(run("table", "gelu", at, "--digits", str(digits), "-f", "json").stdout)
    assert [row["gelu"] for row in data] == [float(f"{v:.{digits}g}") for v in truth]
    md = run("table", "gelu", at, "--digits", str(digits), "-f", "markdown").stdout.splitlines()[2:]
    assert [line.split("|")[2].strip() for line in md] == [f"{v:.{digits}g}" for v in truth]
    text = run("table", "gelu", at, "--digits", str(digits)).stdout
    assert all(f"{v:.{digits}g}" in text for v in truth)


@pytest.mark.parametrize("bad", ["0", "18", "x", "1.5"])
def test_digits_out_of_range_is_a_usage_error(bad):
    result = run("table", "relu", "--digits", bad)
    assert result.exit_code == 2 and result.stderr.startswith("Error: --digits must be")


def test_latex_is_a_booktabs_tabular():
    lines = run("table", "relu", "soft_exponential:alpha=2", "-d", "--at=-1e-5,0,inf,nan", "-f", "latex", "--digits", "3").stdout.splitlines()
    assert lines[0] == r"\begin{tabular}{rrrrr}" and lines[1] == r"\toprule" and lines[3] == r"\midrule"
    assert lines[-2:] == [r"\bottomrule", r"\end{tabular}"]
    assert lines[2] == r"$x$ & \texttt{relu} & \texttt{relu}$'$ & \texttt{soft\_exponential:alpha=2.0} & \texttt{soft\_exponential:alpha=2.0}$'$ \\"
    body = lines[4:-2]
    assert body[0].startswith(r"$-1 \times 10^{-5}$ & $0$ & $0$ &")
    assert body[2].startswith(r"$\infty$ & $\infty$ & $1$ &") and body[3].startswith("nan & nan & nan &")
    assert all(line.endswith(r" \\") and line.count("&") == 4 for line in body)


def test_long_csv_is_tidy():
    result = run("table", "relu", "sigmoid", "-d", "--at=-1,2", "-f", "long-csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["function", "order", "x", "value"]
    assert len(rows) == 2 * 2 * 2
    for row in rows:
        act = actplot.get(row["function"])
        x = float(row["x"])
        order = int(row["order"])
        truth = float(act(x) if order == 0 else act.derivative(x, order=order))
        assert float(row["value"]) == truth  # exact round trip


def test_output_file_is_written_atomically(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old\n")
    result = run("table", "relu", "--at=1,2", "-f", "csv", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text() == "x,relu\n1.0,1.0\n2.0,2.0\n"
    assert f"wrote {target}" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def test_output_file_for_the_rich_table(tmp_path):
    target = tmp_path / "t.txt"
    assert run("table", "relu", "--at=1", "-o", str(target)).exit_code == 0
    text = target.read_text()
    assert "relu(x)" in text and "\x1b" not in text


def test_output_problems_are_reported_before_computing(tmp_path):
    (tmp_path / "README").write_text("keep")
    result = run("table", "relu", "-o", str(tmp_path / "README") + "/")
    assert result.exit_code == 1 and "is not a folder" in result.stderr
    assert (tmp_path / "README").read_text() == "keep"
    result = run("table", "relu", "-o", str(tmp_path / "missing" / "t.csv"))
    assert result.exit_code == 1 and "does not exist" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "json", "long-csv", "markdown", "latex"])
def test_streamed_blocks_join_seamlessly(fmt, monkeypatch):
    """Across block boundaries the text is the same as in one block (blocks of 7 rows vs all)."""
    x = np.linspace(-3, 3, 23)
    acts = [actplot.get("relu"), actplot.get("gelu:approximate=tanh")]
    whole = "".join(table_output.stream(acts, x, (0, 1), fmt))
    monkeypatch.setattr(table_output, "BLOCK_ROWS", 7)
    assert "".join(table_output.stream(acts, x, (0, 1), fmt)) == whole
    if fmt == "json":
        data = json.loads(whole)
        assert len(data) == 23 and data[5]["gelu:approximate=tanh'"] == float(acts[1].derivative(x[5]))


def test_json_stream_is_strict_and_matches_json_dumps():
    x = np.array([-math.inf, 0.0, math.nan])
    text = "".join(table_output.stream([actplot.get("relu")], x, (0,), "json"))
    assert text == json.dumps([{"x": None, "relu": 0.0}, {"x": 0.0, "relu": 0.0}, {"x": None, "relu": None}], indent=2) + "\n"
    assert "".join(table_output.stream([actplot.get("relu")], np.array([]), (0,), "json")) == "[]\n"


def test_budget_refuses_before_computing_and_names_the_knob():
    names = actplot.names()
    result = run("table", *names, "--points", "1000000", "-dd", "-f", "csv")
    assert result.exit_code == 2 and result.stdout == ""
    assert "the limit is 30,000,000: use --points" in result.stderr
    suggested = int(result.stderr.split("use --points ")[1].split(" ")[0].replace(",", ""))
    again = run("table", *names, "--points", str(suggested + 1), "-dd", "-f", "csv")
    assert again.exit_code == 2  # the suggestion is the largest that fits


def test_compare_budget_names_points():
    result = run("compare", *actplot.names(), "--points", "1000000", "-dd", "--diff")
    assert result.exit_code == 2 and "use --points" in result.stderr and result.stdout == ""


def test_svg_and_pdf_are_not_refused_for_pixels(tmp_path):
    """1000 x 1000 inches at 1000 dpi: no pixel limit for vector formats (laid out at a lower
    resolution instead of a 10^12-dot buffer); PNG is refused naming --size and --dpi."""
    for name in ("big.svg", "big.pdf"):
        result = run("relu", "-o", str(tmp_path / name), "--size", "1000x1000", "--dpi", "1000", "-n", "50")
        assert result.exit_code == 0, result.stderr
        assert (tmp_path / name).stat().st_size > 1000
    result = run("relu", "-o", str(tmp_path / "big.png"), "--size", "1000x1000", "--dpi", "1000")
    assert result.exit_code == 2 and "reduce --size or --dpi" in result.stderr


def test_long_maxout_is_refused_by_length():
    slopes = ";".join(str(i) for i in range(1001))
    result = run("maxout:slopes=" + slopes + ",intercepts=" + slopes)
    assert result.exit_code == 2 and "at most 1000 values" in result.stderr


def test_expression_columns_read_as_formulas():
    """An expression is already a formula in x: its columns read ``max(x, 0.1*x)`` and
    ``d/dx [max(x, 0.1*x)]``, never ``max(x, 0.1*x)′(x)``; CSV keys stay SPEC + primes."""
    result = CliRunner().invoke(app, ["table", "max(x, 0.1*x)", "relu", "-dd", "--at", "1", "-f", "markdown"])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0]
    assert "| max(x, 0.1*x) | d/dx [max(x, 0.1*x)] | d²/dx² [max(x, 0.1*x)] | relu(x) | relu′(x) | relu″(x) |" in header
    csv_header = CliRunner().invoke(app, ["table", "max(x, 0.1*x)", "-d", "--at", "1", "-f", "csv"]).stdout.splitlines()[0]
    assert csv_header == "x,\"max(x, 0.1*x)\",\"max(x, 0.1*x)'\""
