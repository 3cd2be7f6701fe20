"""The actplot command line through typer's CliRunner: every command, its help, its formats.

Terminal output is checked at a fixed width (COLUMNS=80) with colour off (CliRunner's stdout is
not a TTY, and NO_COLOR is set). The helpers (``run``, ``one_error_line``, …) are in tests/helpers.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

import actplot
from actplot import registry
from tests.helpers import BRAILLE, braille_dots, has_colour, need, one_error_line, run, specs_with

# --- help, version, shorthand -------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["plot"], ["compare"], ["table"], ["list"], ["info"]])
def test_help_leads_with_examples(command):
    result = run([*command, "--help"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "Examples" in text
    assert text.index("Examples") < text.index("Options")
    assert "actplot " in text[text.index("Examples") :]


def _help_examples() -> list[str]:
    """Every ``actplot ...`` line under "Examples" in the help of every command."""
    examples: list[str] = []
    for command in ([], ["plot"], ["compare"], ["table"], ["list"], ["info"], ["gallery"]):
        text = run([*command, "--help"], env={"COLUMNS": "200"}).stdout
        block = text[text.index("Examples") : text.index("Options")]
        block = re.sub(r" \\\n\s*", " ", block)  # an example too long for 80 columns continues on the next line
        examples += [line.split("#")[0].strip() for line in block.splitlines() if line.strip().startswith("actplot ")]
    return list(dict.fromkeys(examples))


def test_every_help_and_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """What --help and the README promise works: each example exits 0 and writes the file it names (pipes and
    redirections are the shell's part and are left out; gallery examples write into tmp_path,
    restricted to one family so the test stays fast)."""
    import shlex

    monkeypatch.chdir(tmp_path)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    from_readme = [line.split("  #")[0].strip() for line in readme.splitlines() if line.startswith("actplot ")]
    examples = list(dict.fromkeys(_help_examples() + from_readme))
    assert len(examples) >= 35
    for example in examples:
        words = shlex.split(example)[1:]
        for shell in ("|", ">"):
            if shell in words:
                words = words[: words.index(shell)]
        if words[0] == "gallery":
            if "--check" in words:
                continue  # compares against the committed gallery/: tested in test_gallery
            words = ["gallery", "-q", "--no-index", "-o", str(tmp_path / "g"), "--only", "classic", "-f", "svg",
                     *(w for w in words[1:] if w in ("--force", "--json"))]
        result = run(words)
        if words[0] == "verify" and result.exit_code == 2:
            # needs a framework: where none is installed it says so, with the pip command
            assert "installed; pip install" in result.stderr and result.stderr.count("\n") == 1, (example, result.stderr)
            continue
        assert result.exit_code == 0, (example, result.stdout, result.stderr)
        if "-o" in words and words[words.index("-o") + 1] != "-":
            target = tmp_path / words[words.index("-o") + 1]
            assert target.exists() and target.stat().st_size > 0, example


def test_short_help_option():
    assert run(["-h"]).stdout == run(["--help"]).stdout


def test_top_level_help_documents_exit_codes_and_environment():
    text = " ".join(run(["--help"]).stdout.split())
    for needle in ("Exit codes", "130", "NO_COLOR", "COLUMNS", "PYTHONIOENCODING", "MPLCONFIGDIR"):
        assert needle in text


def test_bare_actplot_prints_help():
    result = run([])
    assert result.exit_code == 2
    assert "Usage" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_version_has_one_source():
    """``actplot --version``, ``actplot.__version__`` and the installed metadata agree."""
    from importlib.metadata import version

    import actplot

    result = run(["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"actplot {actplot.__version__}\n"
    assert version("actplot") == actplot.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", actplot.__version__)


def test_completion_options_are_kept():
    text = run(["--help"]).stdout
    assert "--install-completion" in text and "--show-completion" in text


def test_spec_alone_means_plot():
    assert run(["sigmoid"]).stdout == run(["plot", "sigmoid"]).stdout
    assert run(["sigmoid", "-d"]).stdout == run(["plot", "sigmoid", "--derivative"]).stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--no-color", "sigmoid"],
        ["-q", "sigmoid"],
        ["--flavor", "jax", "sigmoid"],
        ["--flavor=jax", "sigmoid"],
        ["sigmoid", "-q"],
        ["sigmoid", "--flavor", "jax"],
        ["-d", "sigmoid"],
    ],
)
def test_shorthand_with_global_options_anywhere(args):
    result = run(args)
    assert result.exit_code == 0, result.stderr
    assert "sigmoid" in result.stdout


def test_global_options_after_a_command_do_not_steal_option_values():
    # '--title -q' : '-q' is the title's value, not the global flag
    result = run(["plot", "sigmoid", "--title", "-q"])
    assert result.exit_code == 0, result.stderr


# --- plot in the terminal ------------------------------------------------------------------------


def test_terminal_plot_sigmoid_fits_width_and_shows_key_values():
    result = run(["sigmoid", "-d"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert any(ord(ch) in BRAILLE for ch in result.stdout)
    assert "f(0) = 0.5" in result.stdout
    assert "f\u2032(0) = 0.25" in result.stdout
    assert "f on [-6, 6]: 0.002473 .. 0.9975" in result.stdout
    assert "f\u2032(x)" in result.stdout  # legend
    assert "\u03c3(x) = 1 / (1 + e^(\u2212x))" in result.stdout  # formula
    assert "\x1b[" not in result.stdout


def test_terminal_plot_second_derivative():
    result = run(["tanh", "-dd", "--range", "-3", "3"])
    assert result.exit_code == 0, result.stderr
    assert "f\u2033(0) = 0" in result.stdout
    assert "f\u2033(x)" in result.stdout
    assert "f on [-3, 3]" in result.stdout


@pytest.mark.parametrize("width", [40, 60, 120])
def test_terminal_plot_fits_any_width(width):
    result = run(["sigmoid", "-d"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= width


def test_terminal_curve_is_where_the_function_says():
    """Decode the braille canvas and check every dot of f lies on sigmoid (within 1.5 dots)."""
    result = run(["sigmoid", "--range", "-6", "6", "--ylim", "0", "1"])
    lines = result.stdout.splitlines()
    bottom = next(i for i, line in enumerate(lines) if "\u2514" in line)
    axis_col = lines[bottom].index("\u2514")
    canvas = []
    for line in reversed(lines[:bottom]):
        if len(line) > axis_col and line[axis_col] in "\u2502\u2524":
            canvas.insert(0, line)
        else:
            break
    label_width = axis_col - 1
    text = "\n".join(canvas)
    dots = braille_dots(text, label_width)
    assert len(dots) > 100
    width_dots = (80 - label_width - 2) * 2
    height_dots = len(canvas) * 4
    act = actplot.get("sigmoid")
    for dx, dy in dots:
        x = -6 + dx / (width_dots - 1) * 12
        y = 1 - dy / (height_dots - 1)
        # the curve near x spans a few dots vertically where it is steep: compare with the nearby range
        xs = np.linspace(x - 12 / width_dots, x + 12 / width_dots, 5)
        ys = act(xs)
        assert ys.min() - 1.5 / height_dots <= y <= ys.max() + 1.5 / height_dots, (dx, dy, x, y)


def test_terminal_jump_drawn_broken_with_markers():
    jumps = specs_with("jump")
    assert jumps, "the registry has functions with jumps (binary_step, threshold, …)"
    result = run([jumps[0], "--range", "-3", "3"])
    assert result.exit_code == 0, result.stderr
    assert "\u25cb" in result.stdout and "\u25cf" in result.stdout  # open and closed end points


def test_ascii_flag_gives_pure_ascii():
    result = run(["--ascii", "sigmoid", "-d"])
    assert result.exit_code == 0
    assert result.stdout.isascii()
    assert "sigma'(x)" in result.stdout
    assert "#" in result.stdout


def test_ylim_and_points_are_used():
    result = run(["sigmoid", "--ylim", "-1", "2", "--points", "50"])
    assert result.exit_code == 0
    assert "2.0" in result.stdout or "2 " in result.stdout


def test_terminal_plot_with_global_flavor():
    need("leaky_relu")
    result = run(["--flavor", "keras2", "leaky_relu", "-d", "--range", "-2", "2"])
    assert result.exit_code == 0, result.stderr
    assert "leaky_relu@keras2" in result.stdout
    assert "f\u2032(0) = 0.3" in result.stdout


def test_flavor_that_does_not_define_the_function_is_ignored_by_default_flavor():
    # --flavor is a default: a function that keras2 does not define keeps torch's defaults
    names = [s.name for s in registry.SPECS if "keras2" not in s.frameworks]
    assert names, "some functions (e.g. squareplus) are not in keras2"
    result = run(["--flavor", "keras2", "table", names[0], "--at=0.5"])
    assert result.exit_code == 0, result.stderr


# --- compare -------------------------------------------------------------------------------------


def test_compare_overlay_legend_has_formulas():
    result = run(["compare", "sigmoid", "tanh"])
    assert result.exit_code == 0, result.stderr
    assert "sigmoid   \u03c3(x) = 1 / (1 + e^(\u2212x))" in result.stdout
    assert "tanh   tanh(x)" in result.stdout


def test_compare_derivative_panel():
    result = run(["compare", "sigmoid", "tanh", "-d"])
    assert result.exit_code == 0
    assert "f(x)" in result.stdout and "f\u2032(x)" in result.stdout
    assert result.stdout.count("\u2514") == 2  # two panels, two x axes


def test_compare_grid_layout_has_a_panel_per_function():
    result = run(["compare", "sigmoid", "tanh", "sigmoid@jax", "--layout", "grid"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\u2514") == 3


def test_compare_diff_prints_largest_gap_gelu():
    need("gelu")
    result = run(["compare", "gelu", "gelu:approximate=tanh", "--diff"])
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "largest |gelu(approximate=tanh) - gelu| = 0.000473 at x = -2.69" in text
    assert "difference of f against gelu" in text


def test_compare_diff_hard_sigmoid_flavours():
    need("hard_sigmoid")
    result = run(["compare", "hard_sigmoid@keras2", "hard_sigmoid@torch", "--diff", "-d"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("largest |") == 2


def test_compare_diff_identical_functions():
    result = run(["compare", "sigmoid", "logistic", "--diff"])
    assert result.exit_code == 0
    assert "= 0: identical on [-6, 6]" in result.stdout


# --- table ---------------------------------------------------------------------------------------


def test_table_default_eleven_points():
    result = run(["table", "sigmoid"])
    assert result.exit_code == 0
    assert "0.006692851" in result.stdout and "0.9933071" in result.stdout
    assert result.stdout.count("\n") >= 11 + 3


@pytest.mark.parametrize("at", [["--at=-2,-1,0,1,2"], ["--at", "-2,-1,0,1,2"]])
def test_table_at_with_leading_minus(at):
    result = run(["table", "sigmoid", *at, "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert [r[0] for r in rows[1:]] == ["-2.0", "-1.0", "0.0", "1.0", "2.0"]


def test_table_csv_round_trips_exactly():
    result = run(["table", "sigmoid", "tanh", "--range", "-3", "3", "--points", "13", "-d", "--format", "csv"])
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["x", "sigmoid", "sigmoid'", "tanh", "tanh'"]
    x = np.linspace(-3, 3, 13)
    got = np.array([[float(v) for v in row] for row in rows[1:]])
    np.testing.assert_array_equal(got[:, 0], x)
    np.testing.assert_array_equal(got[:, 1], actplot.get("sigmoid")(x))
    np.testing.assert_array_equal(got[:, 2], actplot.get("sigmoid").derivative(x))
    np.testing.assert_array_equal(got[:, 4], actplot.get("tanh").derivative(x))


def test_table_second_derivative_columns():
    result = run(["table", "sigmoid", "--at=0,1", "-dd", "--format", "json"])
    data = json.loads(result.stdout)
    assert list(data[0]) == ["x", "sigmoid", "sigmoid'", "sigmoid''"]
    assert data[1]["sigmoid''"] == pytest.approx(float(actplot.get("sigmoid").derivative(1.0, order=2)))


def test_table_json_is_strict_with_null_for_non_finite():
    result = run(["table", "sigmoid", "--at=nan,inf,-inf,0", "-d", "--format", "json"])
    assert result.exit_code == 0

    def reject(constant):
        raise ValueError(constant)

    data = json.loads(result.stdout, parse_constant=reject)
    assert data[0] == {"x": None, "sigmoid": None, "sigmoid'": None}
    assert data[1] == {"x": None, "sigmoid": 1.0, "sigmoid'": 0.0}
    assert data[2] == {"x": None, "sigmoid": 0.0, "sigmoid'": 0.0}
    assert data[3] == {"x": 0.0, "sigmoid": 0.5, "sigmoid'": 0.25}


def test_table_markdown():
    result = run(["table", "sigmoid", "--at=0", "--format", "markdown"])
    assert result.stdout.splitlines()[:3] == ["| x | sigmoid(x) |", "|---:|---:|", "| 0 | 0.5 |"]


def test_table_repeated_spec_gets_unique_keys():
    data = json.loads(run(["table", "sigmoid", "sigmoid", "--at=0", "--format", "json"]).stdout)
    assert list(data[0]) == ["x", "sigmoid", "sigmoid#2"]


def test_table_format_is_case_insensitive():
    assert run(["table", "sigmoid", "--format", "JSON", "--at=0"]).exit_code == 0


def test_table_narrow_terminal_keeps_every_column():
    result = run(["table", "sigmoid", "tanh", "-d"], env={"COLUMNS": "40"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 40
    assert "\u2026" not in result.stdout  # folded, not truncated with an ellipsis


# --- list and info -------------------------------------------------------------------------------


def test_list_shows_every_function():
    result = run(["list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for spec in registry.SPECS:
        assert spec.name in result.stdout


def test_list_json_records():
    data = json.loads(run(["list", "--format", "json"]).stdout)
    assert [r["name"] for r in data] == registry.names()
    sigmoid = data[registry.names().index("sigmoid")]
    assert sigmoid["aliases"] == ["logistic", "expit"]
    assert sigmoid["family"] == "sigmoid-like"
    assert sigmoid["formula"].startswith("\u03c3(x)")


def test_list_csv_and_markdown():
    rows = list(csv.reader(io.StringIO(run(["list", "--format", "csv"]).stdout)))
    assert rows[0] == ["name", "aliases", "family", "parameters", "formula"]
    assert len(rows) == len(registry.SPECS) + 1
    md = run(["list", "--format", "markdown"]).stdout
    assert md.startswith("| name | aliases | family | parameters | formula |")


def test_list_family_filter_and_prefix():
    data = json.loads(run(["list", "--family", "sigmoid-like", "--format", "json"]).stdout)
    assert {r["family"] for r in data} == {"sigmoid-like"}
    assert run(["list", "--family", "sigmoid", "--format", "json"]).stdout == run(
        ["list", "--family", "sigmoid-like", "--format", "json"]
    ).stdout


def test_list_unknown_family():
    line = one_error_line(run(["list", "--family", "sigmod-like"]))
    assert "Did you mean 'sigmoid-like'?" in line


def test_info_text_sections():
    result = run(["info", "sigmoid"])
    assert result.exit_code == 0
    for needle in ("Sigmoid", "f(x)", "\u03c3\u2032(x)", "Properties", "range over \u211d", "(0, 1)", "Framework equivalents", "torch.sigmoid", "Reference"):
        assert needle in result.stdout


def test_info_parameters_per_flavour_and_kinks():
    need("leaky_relu")
    result = run(["info", "leaky_relu"], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    text = result.stdout
    assert "Parameters" in text and "keras2" in text and "0.3" in text and "0.2" in text
    assert "Kinks and jumps" in text
    # JAX takes the right-hand slope at 0, the others the left one
    data = json.loads(run(["info", "leaky_relu", "--format", "json"]).stdout)
    kink = data["kinks"][0]
    assert kink["by_flavor"]["jax"]["side"] == "right" and kink["by_flavor"]["jax"]["d1"] == 1.0
    assert kink["by_flavor"]["torch"]["side"] == "left" and kink["by_flavor"]["torch"]["d1"] == 0.01


def test_info_json_and_markdown():
    data = json.loads(run(["info", "sigmoid", "--format", "json"]).stdout)
    assert data["name"] == "sigmoid"
    assert data["properties"]["monotonic"] == "increasing"
    assert data["frameworks"]["jax"]["api"] == "jax.nn.sigmoid"
    md = run(["info", "sigmoid", "--format", "markdown"]).stdout
    assert md.startswith("# Sigmoid")


def test_info_shows_the_formula_of_the_chosen_parameters():
    """gelu:approximate=tanh is the tanh form, not the erf form; parameter names never break."""
    data = json.loads(run(["info", "gelu:approximate=tanh", "--format", "json"]).stdout)
    assert "tanh" in data["formula"] and "erf" not in data["formula"]
    assert "\\tanh" in data["formula_mathtext"] and "\\tanh" in data["derivative_formula_mathtext"]
    text = run(["info", "gelu:approximate=tanh"], env={"COLUMNS": "80"}).stdout
    assert "\u2502 approximate \u2502" in text


@pytest.mark.parametrize(("spec", "span"), [("sinc", "-0.2172 .. 1"), ("gaussian", "2.32e-16 .. 1"), ("gelu", "-0.17 .. 6")])
def test_terminal_summary_range_is_exact_at_any_width(spec: str, span: str):
    """The range of f in the summary comes from the function (refined extrema), not from the
    chart's samples, which depend on the terminal width (sinc's maximum 1 at x = 0 was 0.9998)."""
    for columns in ("60", "80", "133"):
        result = run([spec], env={"COLUMNS": columns})
        assert result.exit_code == 0 and f"f on [-6, 6]: {span}" in result.stdout, (columns, result.stdout[-200:])


def test_info_window_option():
    data = json.loads(run(["info", "sigmoid", "--range", "-1", "1", "--format", "json"]).stdout)
    assert data["window"] == [-1.0, 1.0]
    assert data["properties"]["window_max"] == pytest.approx(float(actplot.get("sigmoid")(1.0)))


@pytest.mark.parametrize("spec", registry.names())
def test_every_function_works_in_every_command(spec):
    for args in (["info", spec], ["table", spec, "-dd"], [spec, "-dd"], ["list", "--format", "json"]):
        result = run(args)
        assert result.exit_code == 0, (args, result.stderr)
        assert result.stderr == ""


def test_quiet_silences_notes_not_errors():
    result = run(["-q", "sigmod"])
    assert result.exit_code == 2 and "Error" in result.stderr


def test_no_color_flag():
    from actplot.cli import state

    result = run(["--no-color", "sigmoid"], env={"FORCE_COLOR": "1", "NO_COLOR": "", "TERM": "xterm"})
    assert result.exit_code == 0
    assert state.state().no_color is True
    assert not has_colour(result.stdout)


def test_force_color_gives_colours_unless_no_color():
    coloured = run(["sigmoid"], env={"FORCE_COLOR": "1", "NO_COLOR": "", "TERM": "xterm"})
    assert has_colour(coloured.stdout)
    plain = run(["sigmoid"], env={"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm"})
    assert not has_colour(plain.stdout)


# --- findings of a new-user walk-through ---------------------------------------------------------


def test_help_examples_keep_brackets():
    assert "jq '.[].name'" in run(["list", "--help"]).stdout


def test_ambiguous_family_prefix_says_so():
    line = one_error_line(run(["list", "--family", "s"]))
    assert line == "Error: --family 's' could be sigmoid-like or shrinkage; type more of the name"


@pytest.mark.parametrize("columns", ["40", "80"])
def test_wide_tables_split_instead_of_breaking_numbers(columns):
    """Every number appears whole on one line; columns that do not fit go to a further table."""
    result = run(["table", "sigmoid", "tanh", "-dd", "--at=0,1"], env={"COLUMNS": columns})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(len(line) <= int(columns) for line in lines)
    for value in ("0.7310586", "0.1966119", "-0.09085775", "0.7615942", "0.4199743", "-0.6397"):
        assert sum(value in line for line in lines) == 1, value
    headers = [line for line in lines if "(x)" in line]
    assert len(headers) == (2 if columns == "80" else 3)  # each further table repeats the x column
    assert all(line.split("┃")[1].strip() == "x" for line in headers)


def test_diff_peak_at_zero_is_reported_as_zero():
    result = run(["compare", "sigmoid", "tanh", "-d", "--diff"])
    assert "largest |tanh′ - sigmoid′| = 0.75 at x = 0 (on [-6, 6])" in result.stdout


def test_gallery_check_advice_fits_the_problem(tmp_path):
    out = tmp_path / "g"
    assert run(["-q", "gallery", "-o", str(out), "--only", "relu", "-f", "png", "--no-index"]).exit_code == 0
    (out / "relu.png").write_bytes(b"stale")
    result = run(["gallery", "-o", str(out), "--only", "relu", "-f", "png", "--no-index", "--check"])
    assert result.exit_code == 1
    assert "run 'actplot gallery --force', then commit the result" in result.stderr
    assert "extra" not in result.stderr  # (extra files are looked for in whole-gallery runs only)


def test_output_folder_that_is_a_file_is_named(tmp_path):
    (tmp_path / "relu.png").write_bytes(b"x")
    line = one_error_line(run(["sigmoid", "-o", str(tmp_path / "relu.png" / "x.png")]), code=1)
    assert line == f"Error: cannot write {tmp_path / 'relu.png' / 'x.png'}: Not a directory ({tmp_path / 'relu.png'} is not a folder)"
    assert (tmp_path / "relu.png").read_bytes() == b"x"
