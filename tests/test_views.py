"""The terminal view of plot/compare: drawn from the same plan as files, fitted to the terminal."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from typer.testing import CliRunner

import actplot
from actplot.cli import app
from actplot.views import braille, plan, styled_lines, styles, terminal
from actplot.views import terminal_view as views

ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "LINES": "40"}


def run(args: Sequence[str], **env: str):
    result = CliRunner().invoke(app, list(args), env={**ENV, **env})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def canvas_rows(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.rstrip().endswith(("\u2502", "\u2524")) or "\u2524" in line
               or ("\u2502" in line and "\u2514" not in line))


@pytest.mark.parametrize("columns", range(60, 101, 3))
@pytest.mark.parametrize("x_range", [("-1", "1"), ("-3", "3"), ("-0.5", "0.25")])
def test_no_tick_label_wraps_onto_its_own_line(columns: int, x_range: tuple[str, str]) -> None:
    out = run(["relu", "--range", *x_range], COLUMNS=str(columns))
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= columns
    axis = next(i for i, line in enumerate(lines) if "\u2514" in line)
    labels = lines[axis + 1]
    assert labels.strip(), "the tick labels sit on the line under the axis"
    assert not lines[axis + 2].strip().replace(".", "").replace("-", "").isdigit(), "no label on a line of its own"
    last = labels.split()[-1]
    assert float(last) == pytest.approx(float(x_range[1])) or float(last) < float(x_range[1])


def test_chart_height_follows_the_terminal_within_limits() -> None:
    short = canvas_rows(run(["sigmoid"], LINES="25"))
    tall = canvas_rows(run(["sigmoid"], LINES="50"))
    huge = canvas_rows(run(["sigmoid"], LINES="400"))
    tiny = canvas_rows(run(["sigmoid"], LINES="5"))
    assert short < tall <= huge
    assert huge <= views.MAX_PRIMARY_ROWS + 2 and tiny >= views.MIN_PRIMARY_ROWS


def test_terminal_uses_the_files_colours_and_dashes_slot_for_slot() -> None:
    assert terminal.PALETTE[:6] == styles.theme("light").colors[:6]
    assert len(braille.PATTERNS) == plan.DASH_COUNT and len(terminal.PALETTE) == plan.COLOUR_COUNT
    assert len(set(braille.PATTERNS)) == plan.DASH_COUNT


def _panels(lines: list[styled_lines.Line]) -> dict[str, set[str]]:
    """Colour styles of the dots under each chart title (a bold segment)."""
    found: dict[str, set[str]] = {}
    current = None
    for line in lines:
        if len(line) == 1 and line[0][1] == "bold":
            current = line[0][0]
            found[current] = set()
        elif current is not None and any(axis in text for text, _ in line[:2] for axis in ("\u2502", "\u2524")):
            found[current] |= {style for text, style in line if style and style.startswith("#")}
    return found


def test_a_function_keeps_its_colour_in_every_terminal_panel() -> None:
    acts = [actplot.get("relu"), actplot.get("elu")]
    lines = views.terminal_lines(acts, (0, 1), views.TerminalRequest((-3.0, 3.0)), width=80, height=40,
                                 charset=braille.UNICODE, diff=True)
    panels = _panels(lines)
    f_panel, d_panel = panels["f(x)"], panels["f\u2032(x)"]
    assert f_panel == d_panel == {terminal.PALETTE[0], terminal.PALETTE[1]}
    differences = [v for k, v in panels.items() if k.startswith("\u0394")]
    assert len(differences) == 2 and all(v == {terminal.PALETTE[1]} for v in differences), "Δf and Δf′, in elu's colour"


def test_terminal_difference_panel_breaks_jumps_with_markers_and_has_a_scale() -> None:
    out = run(["compare", "relu", "binary_step", "--diff", "--range", "-2", "2"])
    diff_part = out[out.index("\u0394f(x)"):]
    assert "\u25cb" in diff_part and "\u25cf" in diff_part
    out = run(["compare", "gelu", "gelu:approximate=tanh", "--diff", "-d"])
    for title in ("\u0394f(x)", "\u0394f\u2032(x)"):
        part = out[out.index(title):].splitlines()
        axis = next(i for i, line in enumerate(part) if "\u2514" in line)
        ticks = [line for line in part[1:axis] if "\u2524" in line]
        assert len(ticks) >= 2, f"{title} needs a scale"


def test_default_window_shows_relu6_cap_in_the_terminal() -> None:
    assert "f on [-3, 9]: 0 .. 6" in run(["relu6"])  # its declared window
    assert "f on [-6, 6]" in run(["relu6", "--range", "-6", "6"])


def test_grid_sharey_in_the_terminal() -> None:
    def y_labels(out: str) -> list[tuple[str, ...]]:
        charts, current = [], []
        for line in out.splitlines():
            if "\u2524" in line:
                current.append(line.split("\u2524")[0].strip())
            elif "\u2514" in line and current:
                charts.append(tuple(current))
                current = []
        return charts

    shared = y_labels(run(["compare", "sigmoid", "relu", "--layout", "grid"]))
    assert len(shared) == 2 and shared[0] == shared[1]
    separate = y_labels(run(["compare", "sigmoid", "relu", "--layout", "grid", "--no-sharey"]))
    assert separate[0] != separate[1]


def test_terminal_never_imports_matplotlib() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom actplot.cli import main\nsys.argv = ['actplot', 'compare', 'relu', 'elu', '--diff', '-d']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nassert 'matplotlib' not in sys.modules, 'matplotlib imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env={"COLUMNS": "80", "PATH": ""})


def test_markers_of_two_curves_in_one_cell_show_both() -> None:
    import numpy as np

    x = np.linspace(-1, 0, 20)
    first = terminal.Series("f", ((x, np.zeros(20)),), ((0.0, 0.0, True),), style=0)
    second = terminal.Series("g", ((x, np.zeros(20)),), ((0.0, 0.0, False),), style=1)
    text = styled_lines.to_plain(terminal.render_panel(terminal.Panel((first, second), ylim=(-1, 1), height=6),
                                                   width=40, x_range=(-1.0, 1.0)))
    assert braille.UNICODE.both_markers in text
    assert braille.UNICODE.closed_marker not in text and braille.UNICODE.open_marker not in text


@pytest.mark.parametrize("lines, expected", [("40", 40), ("0", None), ("abc", None), ("99999999999", 10_000)])
def test_terminal_rows_reads_lines(lines: str, expected: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINES", lines)
    if expected is None:
        monkeypatch.setattr("sys.stdout", __import__("io").StringIO())  # not a terminal
    assert views.terminal_rows() == expected
