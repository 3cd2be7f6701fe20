"""Pure helpers behind the CLI: terminal charts, tables, ASCII folding, argv rewriting, parsing."""

from __future__ import annotations

import io
import json
import math
import time

import numpy as np
import pytest

import actplot
from actplot.cli import app, console, parsing
from actplot.sampling import sample_curve
from actplot.text import format_tick, format_value
from actplot.views import braille, info_writers, styled_lines, tables, terminal, terminal_axes
from actplot.views import info as info_view
from actplot.views.info import InfoModel
from tests.helpers import braille_dots, has_colour

# --- terminal charts -----------------------------------------------------------------------------


def line_series(label="y=x", style=0):
    x = np.linspace(-1, 1, 201)
    return terminal.Series(label, ((x, x),), (), style)


def step_series():
    left = np.linspace(-2, 0, 50)
    right = np.linspace(0, 2, 50)
    return terminal.Series("step", ((left, np.zeros(50)), (right, np.ones(50))), ((0.0, 0.0, True), (0.0, 1.0, False)))


def test_nice_ticks():
    assert terminal_axes.nice_ticks(-6, 6, 6)[0] == [-6, -4, -2, 0, 2, 4, 6]
    ticks, step = terminal_axes.nice_ticks(0.0024, 0.9975, 4)
    assert step == 0.25 and ticks == [0.25, 0.5, 0.75]
    assert terminal_axes.nice_ticks(1, 1, 5) == ([1], 1.0)
    assert [format_tick(v, 0.25) for v in (0.25, 0.5, 0)] == ["0.25", "0.50", "0"]
    assert format_tick(2e6, 1e6) == "2e+06"


def test_format_value():
    assert [format_value(v) for v in (0.5, -0.0, math.nan, math.inf, -math.inf, 1 / 3)] == [
        "0.5", "0", "nan", "inf", "-inf", "0.3333"
    ]


def test_render_fixed_width_snapshot():
    series = line_series()
    lines = terminal.render([terminal.Panel((series,), height=5)], width=30, x_range=(-1, 1), legend=[series])
    assert styled_lines.to_plain(lines) == (
        ' 1 ┤             ┊       ⢀⣀⡤⠔⠒\n'
        '   │             ┊ ⢀⣀⡤⠴⠒⠋⠉\n'
        ' 0 ┤┈┈┈┈┈┈┈┈┈┈⣀⡠⠤⠖⠊⠉┈┈┈┈┈┈┈┈┈┈\n'
        '   │    ⣀⣠⠤⠖⠚⠉⠁  ┊\n'
        '-1 ┤⠤⠔⠚⠉⠁        ┊\n'
        '   └┬────────────┬───────────┬\n'
        '   -1            0           1\n'
        '⠒⠒⠒⠒⠒⠒⠒⠒ y=x\n'
    )


def test_render_ascii_snapshot():
    series = line_series()
    lines = terminal.render([terminal.Panel((series,), height=5)], width=30, x_range=(-1, 1), legend=[series], charset=braille.ASCII)
    assert styled_lines.to_plain(lines) == (
        " 1 +            :          ###\n"
        "   |            :   #######\n"
        " 0 +.........########.........\n"
        "   |  ########  :\n"
        "-1 +###         :\n"
        "   ++-----------+------------+\n"
        "   -1           0            1\n"
        "######## y=x\n"
    )


def test_diagonal_dots_follow_the_line():
    panel = terminal.Panel((line_series(),), ylim=(-1, 1), height=10)
    lines = terminal.render_panel(panel, width=50, x_range=(-1, 1))
    rows = [styled_lines.to_plain([line]).rstrip("\n") for line in lines[:10]]
    label_width = rows[0].index("\u2524") - 1 if "\u2524" in rows[0] else rows[0].index("\u2502") - 1

    dots = braille_dots("\n".join(rows), label_width)
    w, h = (50 - label_width - 2) * 2, 40
    for dx, dy in dots:
        x = -1 + 2 * dx / (w - 1)
        y = 1 - 2 * dy / (h - 1)
        assert abs(x - y) < 0.08, (dx, dy)


def test_jump_is_broken_with_markers_and_no_vertical_segment():
    panel = terminal.Panel((step_series(),), ylim=(-0.5, 1.5), height=12)
    lines = terminal.render_panel(panel, width=44, x_range=(-2, 2))
    rows = [styled_lines.to_plain([line]).rstrip("\n") for line in lines[:12]]
    closed = [r for r in rows if "\u25cf" in r]
    opened = [r for r in rows if "\u25cb" in r]
    assert len(closed) == 1 and len(opened) == 1
    col = closed[0].index("\u25cf")
    assert opened[0].index("\u25cb") == col
    top, bottom = rows.index(opened[0]), rows.index(closed[0])
    between = [r[col] if len(r) > col else " " for r in rows[top + 1 : bottom]]
    assert all(ord(ch) not in range(0x2801, 0x2900) for ch in between), between


def test_real_jump_function_markers():
    act = next((actplot.get(s.name) for s in actplot.SPECS if any(k.kind == "jump" for k in s.kinks(**s.defaults()))), None)
    assert act is not None, "the registry has functions with jumps"
    x0 = act.kinks[0].x
    curve = sample_curve(act, x0 - 2, x0 + 2, 200, 0)
    text = styled_lines.to_plain(terminal.render([terminal.Panel((terminal.Series.from_curve(curve, "f"),))], width=60, x_range=(x0 - 2, x0 + 2)))
    assert "\u25cf" in text and "\u25cb" in text


def test_ascii_charset_is_ascii():
    panel = terminal.Panel((line_series(), step_series()), height=8)
    text = styled_lines.to_plain(terminal.render([panel], width=40, x_range=(-2, 2), charset=braille.ASCII, legend=panel.series))
    assert text.isascii()
    assert "#" in text and "x" in text and "o" in text and "*" in text


def test_huge_and_non_finite_values_are_clipped_quickly():
    x = np.linspace(-1, 1, 2001)
    y = np.where(x > 0, 1e300, x)
    y[::7] = np.nan
    y[5] = np.inf
    series = terminal.Series("wild", ((x, y),))
    start = time.perf_counter()
    text = styled_lines.to_plain(terminal.render([terminal.Panel((series,), ylim=(-1, 1))], width=80, x_range=(-1, 1)))
    assert time.perf_counter() - start < 2
    assert "\u2524" in text


def test_no_finite_values_says_so():
    series = terminal.Series("nan", ((np.linspace(0, 1, 5), np.full(5, np.nan)),))
    text = styled_lines.to_plain(terminal.render([terminal.Panel((series,))], width=40, x_range=(0, 1)))
    assert "no finite values" in text


def test_constant_function_gets_a_nonempty_y_range():
    series = terminal.Series("c", ((np.linspace(0, 1, 5), np.full(5, 3.0)),))
    text = styled_lines.to_plain(terminal.render([terminal.Panel((series,))], width=40, x_range=(0, 1)))
    assert "3" in text


def test_legend_samples_differ_per_style():
    samples = {terminal.legend_sample(i) for i in range(4)}
    assert len(samples) == 4
    assert terminal.legend_sample(0, braille.ASCII) == "#" * terminal.LEGEND_SAMPLE


def test_legend_wraps_to_width():
    series = [line_series(f"curve number {i}", i) for i in range(5)]
    lines = terminal.render_legend(series, width=40)
    assert len(lines) > 1
    assert all(len(styled_lines.to_plain([line]).rstrip("\n")) <= 40 for line in lines)


def test_to_rich_keeps_colours():
    from rich.console import Console

    text = styled_lines.to_rich(terminal.render([terminal.Panel((line_series(),))], width=40, x_range=(-1, 1)))
    console = Console(width=40, color_system="truecolor", force_terminal=True, record=True)
    with console.capture() as capture:
        console.print(text, end="")

    assert has_colour(capture.get())


# --- tables --------------------------------------------------------------------------------------


def test_value_columns_and_formats():
    acts = [actplot.get("sigmoid"), actplot.get("tanh")]
    x = np.array([-0.0, 1.0, np.nan, np.inf])
    cols = tables.value_columns(acts, x, (0, 1))
    assert [c.key for c in cols] == ["x", "sigmoid", "sigmoid'", "tanh", "tanh'"]
    assert [c.header for c in cols][1:3] == ["sigmoid(x)", "sigmoid\u2032(x)"]
    assert tables.human_number(-0.0) == "0"  # no "-0" for people: the sign of zero is an artefact
    csv_text = tables.to_csv(cols)
    assert csv_text.splitlines()[1].startswith("-0.0,0.5,0.25,-0.0,1.0")
    assert "nan" in csv_text and "inf" in csv_text
    rows = json.loads(tables.to_json(cols))
    assert rows[2]["x"] is None and rows[3]["tanh"] == 1.0


def test_dumps_is_strict():
    with pytest.raises(ValueError):
        tables.dumps([math.nan])


def test_markdown_escapes_pipes():
    text = tables.markdown_table(["a|b"], [["c|d"]])
    assert text == "| a\\|b |\n|---|\n| c\\|d |\n"


def test_catalogue_records_are_json():
    records = tables.catalogue_records(actplot.SPECS)
    json.loads(tables.dumps(records))
    assert {r["name"] for r in records} == set(actplot.names())


def test_info_data_is_json_for_every_function():
    for name in actplot.names():
        model = InfoModel.build(actplot.get(name), (-6.0, 6.0))
        json.loads(info_writers.to_json(model))
        assert info_writers.to_markdown(model).startswith("# ")


def _rendered_info(spec_string: str, width: int = 200) -> str:
    from rich.console import Console

    act = actplot.get(spec_string)
    console = Console(width=width, record=True, file=io.StringIO())
    for renderable in info_writers.to_renderables(InfoModel.build(act, (-6.0, 6.0))):
        console.print(renderable)
    return console.export_text()


def test_info_names_the_parameters_behind_the_formula_symbols():
    act = actplot.get("relu:negative_slope=0.1,max_value=6")
    model = InfoModel.build(act, (-6.0, 6.0))
    data = model.as_json()
    values = "a = negative_slope = 0.1, M = max_value = 6, θ = threshold = 0"
    assert data["formula_values"] == values
    assert data["formula_symbols"] == {"a": "negative_slope", "M": "max_value", "θ": "threshold"}
    assert json.loads(info_writers.to_json(model))["formula_values"] == values
    assert f"values: {values}" in info_writers.to_markdown(model)
    assert any(line.split() == ["values", *values.split()] for line in _rendered_info(act.spec_string).splitlines())
    # a formula that names no parameter (max(0, x)) gets no values line
    plain = InfoModel.build(actplot.get("relu"), (-6.0, 6.0))
    assert plain.as_json()["formula_values"] == "" and plain.as_json()["formula_symbols"] == {}
    assert "values:" not in info_writers.to_markdown(plain)
    assert not any(line.startswith("values ") for line in _rendered_info("relu").splitlines())


def test_info_shows_inf_parameters_as_inf_not_as_missing():
    """softplus' threshold is inf (exact softplus): shown as inf, not '-' (which reads as 'not
    defined'); the torch column still shows 20."""
    model = InfoModel.build(actplot.get("softplus"), (-6.0, 6.0))
    threshold = next(p for p in model.as_json()["parameters"] if p["name"] == "threshold")
    assert threshold["value"] is None and threshold["value_text"] == "inf"  # strict JSON: null
    assert threshold["defaults_text_by_flavor"] == {"torch": "20", "keras3": "inf", "keras2": "inf", "jax": "inf"}
    assert "| threshold | inf | 20 | inf | inf | inf |" in info_writers.to_markdown(model)
    row = next(line for line in _rendered_info("softplus").splitlines() if "threshold" in line)
    assert [cell.strip() for cell in row.split("│")[1:7]] == ["threshold", "inf", "20", "inf", "inf", "inf"]
    relu = InfoModel.build(actplot.get("relu", max_value=None), (-6.0, 6.0))
    assert "| max_value | inf | inf | inf | inf | inf |" in info_writers.to_markdown(relu)


def test_info_defines_zero_centred():
    """The row says what is computed: f(0) = 0 and f takes both signs (on the window)."""
    act = actplot.get("leaky_relu")
    rows = dict(info_view.property_rows(act.properties()))
    assert rows["zero-centred (f(0) = 0, both signs)"] == "yes"
    assert "zero-centred (f(0) = 0, both signs)" in info_writers.to_markdown(InfoModel.build(act, (-6.0, 6.0)))
    assert "zero-centred (f(0) = 0, both signs)" in _rendered_info("leaky_relu")
    assert "zero_centered" in act.properties().as_dict()  # the JSON key is unchanged


# --- ASCII folding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("\u03c3(x) = 1 / (1 + e^(\u2212x))", "sigma(x) = 1 / (1 + e^(-x))"),
        ("tanh(x) = (e\u02e3 \u2212 e\u207b\u02e3)", "tanh(x) = (e^x - e^(-x))"),
        ("f\u2032(x) = \u03bbx", "f'(x) = lambda*x"),
        ("x\u00b7\u03a6(x)", "x*Phi(x)"),
        ("\u221a(2/\u03c0)", "sqrt(2/pi)"),
        ("x\u2080 \u2264 \u221e", "x_0 <= inf"),
        ("\u00e9t\u00e9", "ete"),
        ("\u2603", "?"),
    ],
)
def test_asciify(text, expected):
    from actplot.text import asciify

    assert asciify(text) == expected
    assert console.asciify is asciify  # one implementation, re-exported for the commands


def test_tables_fold_text_without_the_command_line():
    """The info writers (a library module) fold ASCII through actplot.text, not the CLI package."""
    import ast
    import inspect

    imported = {node.module for node in ast.walk(ast.parse(inspect.getsource(info_writers)))
                if isinstance(node, ast.ImportFrom)}
    assert "actplot.text" in imported
    assert not {m for m in imported if m and m.startswith(("actplot._cli", "actplot.cli"))}


def test_asciify_every_formula_is_ascii():
    for spec in actplot.SPECS:
        variants = [(v.formulas.formula_text, v.formulas.derivative_formula_text) for v in spec.formula_variants]
        for text in (spec.formula_text, spec.derivative_formula_text, spec.title, spec.reference, spec.notes,
                     *(t for pair in variants for t in pair)):
            assert console.asciify(text).isascii()


# --- argv rewriting -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def group():
    from typer.main import get_command

    return get_command(app)


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["sigmoid"], ["plot", "sigmoid"]),
        (["sigmoid", "-d"], ["plot", "sigmoid", "-d"]),
        (["-d", "sigmoid"], ["plot", "-d", "sigmoid"]),
        (["--flavor", "jax", "sigmoid"], ["--flavor", "jax", "plot", "sigmoid"]),
        (["-q", "--no-color", "sigmoid"], ["-q", "--no-color", "plot", "sigmoid"]),
        (["sigmoid", "-q", "--flavor=jax"], ["-q", "--flavor=jax", "plot", "sigmoid"]),
        (["table", "sigmoid", "--format", "json", "-q"], ["-q", "table", "sigmoid", "--format", "json"]),
        (["plot", "sigmoid", "--title", "-q"], ["plot", "sigmoid", "--title", "-q"]),
        (["plot", "sigmoid", "--", "-q"], ["plot", "sigmoid", "--", "-q"]),
        (["plto", "sigmoid"], ["plto", "sigmoid"]),
        (["lst"], ["lst"]),
        (["sigmod"], ["plot", "sigmod"]),
        (["--verison"], ["--verison"]),
        (["--dpl", "3"], ["plot", "--dpl", "3"]),
        (["--help"], ["--help"]),
        (["--version"], ["--version"]),
        ([], []),
        (["list"], ["list"]),
        (["relu@jax"], ["plot", "relu@jax"]),
    ],
)
def test_rewrite_args(group, argv, expected):
    assert group.rewrite_args(argv) == expected


# --- parsing --------------------------------------------------------------------------------------


def test_parse_range_defaults_and_single_bounds():
    assert parsing.parse_range(None, None, None) == (-6.0, 6.0)
    assert parsing.parse_range(None, "-1", None) == (-1.0, 6.0)
    assert parsing.parse_range(("-2", "3"), None, None) == (-2.0, 3.0)
    assert parsing.parse_float("--x", "\u22122") == -2.0  # a typographic minus is accepted


def test_parse_size_and_points():
    assert parsing.parse_size("7x5") == (7.0, 5.0)
    assert parsing.parse_size("3.5\u00d72") == (3.5, 2.0)
    assert parsing.parse_points(None, 801) == 801
    assert parsing.parse_points("1_000", 801) == 1000


def test_choose_suggests():
    with pytest.raises(actplot.ActplotError, match="Did you mean 'grid'"):
        parsing.choose("--layout", "gird", ("overlay", "grid"))


# --- table grids ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lo", "hi", "count"),
    [(2.0, 5.0, 11), (-0.3, 0.1, 9), (-6.0, 6.0, 13), (-1e-5, 3e-5, 5), (-2.5, 7.5, 101), (0.1, 0.7, 7), (-123.456, 78.9, 41)],
)
def test_decimal_grid_hits_the_decimal_points(lo: float, hi: float, count: int):
    """Each point is the float nearest to the exact decimal grid value, so tables print 4.7, not
    4.699999999999999; the ends are exactly what was typed."""
    from decimal import Decimal, getcontext

    getcontext().prec = 60
    x = tables.decimal_grid(lo, hi, count)
    exact = [Decimal(repr(lo)) + (Decimal(repr(hi)) - Decimal(repr(lo))) * i / (count - 1) for i in range(count)]
    assert x.dtype == np.float64 and x.shape == (count,)
    assert x[0] == lo and x[-1] == hi
    assert [float(v) for v in x] == [float(e) for e in exact]
    assert np.all(np.diff(x) > 0)


def test_decimal_grid_falls_back_to_linspace_beyond_exact_integers():
    lo, hi = 0.1234567890123, 9.87654321012345  # 14 decimal places × 1e6 steps > 2^53
    assert np.array_equal(tables.decimal_grid(lo, hi, 1_000_001), np.linspace(lo, hi, 1_000_001))
    assert np.array_equal(tables.decimal_grid(1.0, 1.0, 1), np.array([1.0]))


def test_table_prints_decimal_x_values():
    from typer.testing import CliRunner

    out = CliRunner().invoke(app, ["table", "relu", "--xmin", "2", "--format", "csv"]).stdout
    assert "4.7,4.7" in out and "99999" not in out


def test_importing_the_cli_package_stays_cheap():
    """Every module of actplot/cli imports only the standard library and typer at module level:
    ``--help`` and ``--version`` must not pay for matplotlib, SciPy, Dask, scikit-learn or pydantic."""
    import subprocess
    import sys

    code = (
        "import importlib, pkgutil, sys, actplot.cli\n"
        "for m in pkgutil.iter_modules(actplot.cli.__path__):\n"
        "    importlib.import_module('actplot.cli.' + m.name)\n"
        "heavy = ('matplotlib', 'scipy', 'dask', 'distributed', 'sklearn', 'pydantic')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60).stdout
    assert out.strip() == "[]"
