"""What the terminal says besides its charts: the key (jump markers, SPEC labels), the --diff
notes (their streams and -q), heights that fit the terminal, and lines that wrap only at spaces."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence

import pytest

import actplot
from actplot import registry
from actplot.text import wrap_words
from actplot.views import plan
from actplot.views import terminal_view as views
from tests.helpers import run

MINUS = "\u2212"


def out(args: Sequence[str], **env: str) -> str:
    result = run(list(args), env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- jump markers in the key -------------------------------------------------------------------


def test_jump_markers_are_in_the_key_once_with_the_files_words() -> None:
    text = out(["compare", "relu", "threshold", "--diff", "-d"], LINES="60")
    key = f"\u25cf {plan.JUMP_TAKEN}   \u25cb {plan.JUMP_NOT_TAKEN}"
    assert text.count(key) == 1
    assert plan.JUMP_BOTH not in text  # no cell shows a filled and an open marker together here


def test_overlapping_markers_get_their_own_key_entry() -> None:
    text = out(["compare", "hard_tanh@torch", "hard_tanh@jax", "-d"], LINES="50")
    assert "\u25c9" in text.split("\u2514")[0] + text.split("\u2514")[1]  # drawn in a chart
    assert text.count(f"\u25c9 {plan.JUMP_BOTH}") == 1


def test_no_jump_no_marker_key() -> None:
    text = out(["compare", "sigmoid", "tanh", "-d"])
    assert plan.JUMP_TAKEN not in text and plan.JUMP_NOT_TAKEN not in text


def test_ascii_key_names_the_ascii_markers() -> None:
    text = out(["--ascii", "compare", "relu", "threshold", "--diff"], LINES="50")
    assert f"* {plan.JUMP_TAKEN}   o {plan.JUMP_NOT_TAKEN}" in text


# --- labels are SPECs ----------------------------------------------------------------------------


def _non_default(spec: object) -> str | None:
    """A SPEC of ``spec`` with one parameter changed from its default, or None if it has none to
    change simply (a choice or a positive scalar)."""
    for p in spec.params:  # type: ignore[attr-defined]
        if p.choices:
            default = spec.defaults(None).get(p.name)  # type: ignore[attr-defined]
            other = next((c for c in p.choices if c != default), None)
            if other is not None:
                return f"{spec.name}:{p.name}={other}"  # type: ignore[attr-defined]
        elif not p.vector and p.low < 0.2 < p.high and isinstance(spec.defaults(None).get(p.name), float):  # type: ignore[attr-defined]
            value = 0.2 if spec.defaults(None).get(p.name) != 0.2 else 0.3  # type: ignore[attr-defined]
            return f"{spec.name}:{p.name}={value}"  # type: ignore[attr-defined]
    return None


SPECS = [s for s in (_non_default(registry.lookup(n)) for n in registry.names()) if s is not None]


@pytest.mark.parametrize("text", SPECS)
def test_every_label_is_a_spec_that_gives_the_function_back(text: str) -> None:
    act = actplot.get(text)
    assert "(" not in act.label.split("@")[0].split(":")[0] or act.label.startswith(act.name)
    assert actplot.get(act.label) == act
    for flavor in list(act.spec.frameworks)[:1]:
        flavoured = actplot.get(text, flavor=flavor)
        assert actplot.get(flavoured.label) == flavoured


def test_terminal_key_and_notes_use_the_spec_label() -> None:
    text = out(["compare", "gelu", "gelu:approximate=tanh", "--diff"], COLUMNS="120")
    assert "gelu(approximate" not in text
    assert " gelu:approximate=tanh   " in text  # the key
    assert f"largest |gelu:approximate=tanh {MINUS} gelu| = 0.000473" in text


def test_figure_legend_uses_the_spec_label() -> None:
    pytest.importorskip("matplotlib")
    from actplot.views import figure_options, render

    acts = [actplot.get("leaky_relu"), actplot.get("leaky_relu:negative_slope=0.2")]
    fig = render.plot_figure(acts, x_range=(-3.0, 3.0), points=101, options=figure_options.FigureOptions())
    texts = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("leaky_relu:negative_slope=0.2") for t in texts), texts
    assert not any("(negative_slope" in t for t in texts)


# --- notes: streams, -q, ASCII -------------------------------------------------------------------


def test_quiet_silences_the_gap_notes_on_stderr() -> None:
    args = ["compare", "sigmoid", "tanh", "--diff", "-o", "-", "--format", "svg"]
    loud, quiet = run(args), run(["-q", *args])
    assert loud.exit_code == quiet.exit_code == 0
    assert "largest |" in loud.stderr
    assert quiet.stderr == "" and quiet.stdout_bytes == loud.stdout_bytes


def test_gap_notes_fold_to_ascii_on_an_ascii_stream(tmp_path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "80", "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "actplot", "compare", "sigmoid", "tanh", "--diff", "-o", "-",
                           "--format", "svg"], capture_output=True, env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.decode("ascii") == "largest |tanh - sigmoid| = 1.09 at x = -1.663 (on [-6, 6])\n"


# --- heights follow the terminal -------------------------------------------------------------------


@pytest.mark.parametrize("lines", [32, 40, 60])
def test_four_panel_compare_fits_the_terminal(lines: int) -> None:
    text = out(["compare", "sigmoid", "tanh", "--diff", "-d"], LINES=str(lines))
    assert len(text.splitlines()) <= lines - views.PROMPT_ROWS
    assert len(text.splitlines()) >= lines - views.PROMPT_ROWS - 4  # and uses the room it has


@pytest.mark.parametrize("lines", [14, 24, 40, 60])
def test_single_plot_fits_the_terminal_when_it_can(lines: int) -> None:
    text = out(["relu6", "-dd"], LINES=str(lines))
    fixed = len(out(["relu6", "-dd"], LINES="1").splitlines()) - views.MIN_PRIMARY_ROWS
    if fixed + views.MIN_PRIMARY_ROWS + views.PROMPT_ROWS <= lines:
        assert len(text.splitlines()) <= lines - views.PROMPT_ROWS
    else:
        assert len(text.splitlines()) == fixed + views.MIN_PRIMARY_ROWS  # the minimum, scrolling


def test_below_the_minimum_the_charts_keep_their_minimum_heights_in_a_compact_stack() -> None:
    text = out(["compare", "sigmoid", "tanh", "--diff", "-d"], LINES="10")
    charts = text.split("\u2514")[:-1]
    assert len(charts) == 4
    assert text.count("\n\n") == 0  # compact: no blank line between the charts
    rows = [sum(1 for line in block.splitlines() if "\u2524" in line or line.rstrip().endswith("\u2502")
                or "\u2502" in line) for block in charts]
    assert rows[0] >= views.MIN_PRIMARY_ROWS and min(rows[1:]) >= views.MIN_OTHER_ROWS


# --- wrapping: at spaces only, no trailing spaces -------------------------------------------------


@pytest.mark.parametrize("columns", [40, 60, 80])
def test_legend_and_notes_wrap_at_spaces_only(columns: int) -> None:
    text = out(["compare", "hard_sigmoid@keras2", "hard_sigmoid@torch", "hard_tanh@torch", "--diff", "-d"],
               COLUMNS=str(columns), LINES="80")
    for line in text.splitlines():
        assert len(line) <= columns and line == line.rstrip()
    flat = " ".join(text.split())
    assert "x_min = \u22121" in flat and "x_max = 1" in flat  # never split around the '='
    assert f"for x in ({MINUS}3, {MINUS}2.5) \u222a (2.5, 3)" in flat


def test_wrap_words_keeps_numbers_and_assignments_whole() -> None:
    assert wrap_words("f(x) = a (negative_slope = 0.01, b = 2)", 18) == [
        "f(x) = a", "(negative_slope = 0.01,", "b = 2)"]


# --- list and info: words whole, nothing cropped, no trailing spaces ---------------------------------


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_list_never_breaks_a_parameter_inside_a_number(columns: int) -> None:
    text = out(["list"], COLUMNS=str(columns))
    lines = text.splitlines()
    assert all(len(line) <= columns and line == line.rstrip() for line in lines)
    cells = " ".join(" ".join(line.replace("\u2502", " ").split()) for line in lines)
    assert "negative_slope=0.01" in cells and "intercepts=-1.25;0;0" in cells


@pytest.mark.parametrize("columns", [50, 60, 80, 100, 160])
@pytest.mark.parametrize("command", [["list"], ["info", "relu"], ["info", "maxout"]])
def test_list_and_info_fit_the_width_without_trailing_spaces(columns: int, command: list[str]) -> None:
    lines = out(command, COLUMNS=str(columns)).splitlines()
    assert all(len(line) <= columns for line in lines), "nothing runs past the terminal (or is cropped)"
    assert all(line == line.rstrip() for line in lines)
    if command == ["list"]:
        assert lines[0].endswith("\u2513") and any(line.endswith("\u2518") for line in lines), "right border drawn"


def test_info_keeps_identifiers_whole_where_the_width_allows() -> None:
    text = out(["info", "relu"], COLUMNS="100")
    assert "negative\n" not in text and "_slope =" not in text.replace("negative_slope =", "")
