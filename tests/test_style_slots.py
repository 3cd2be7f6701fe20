"""The one encoding: style slots that never repeat where the docs say they don't.

Checked over every pair of slots, in the distinguishing attribute of each medium: in colour the
(colour, line style) pair, in grayscale files and colourless terminals the line style alone (and
the grey level where line styles repeat), in the terminal the legend sample a reader compares.
"""

from __future__ import annotations

import itertools

import pytest
from typer.testing import CliRunner

from actplot.cli import app
from actplot.views import braille, line_styles, plan, styles, terminal

FIRST_BY_LINE_STYLE = plan.DASH_COUNT
"""N of the key docs: the first N functions differ by line style alone."""

TEN = ["sigmoid", "tanh", "relu", "gelu", "elu", "selu", "softplus", "silu", "mish", "hard_tanh"]


def _grey_level(colour: str) -> int:
    value = int(colour.lstrip("#"), 16)
    r, g, b = value >> 16, (value >> 8) & 0xFF, value & 0xFF
    assert r == g == b, f"{colour} is not a grey"
    return r


def test_ten_line_styles_everywhere() -> None:
    assert FIRST_BY_LINE_STYLE >= 10
    assert len(line_styles.DASHES) == len(braille.PATTERNS) == len(plan.LINE_STYLE_NAMES) == plan.DASH_COUNT
    assert len(braille.ASCII_GLYPHS) >= plan.DASH_COUNT


SLOT_PAIRS = list(itertools.combinations(range(plan.DISTINCT_STYLES), 2))
FIRST_PAIRS = list(itertools.combinations(range(FIRST_BY_LINE_STYLE), 2))


@pytest.mark.parametrize("theme", styles.THEMES)
def test_colour_and_line_style_pairs_never_repeat_within_the_distinct_count(theme: str) -> None:
    th = styles.theme(theme)
    alike = [(i, j) for i, j in SLOT_PAIRS
             if (plan.colour_index(i), plan.dash_index(i)) == (plan.colour_index(j), plan.dash_index(j))
             or _drawn(th, i) == _drawn(th, j)]
    assert alike == []


def _drawn(th: styles.Theme, slot: int) -> tuple[str, str]:
    style = line_styles.style_for(th, slot, slot, 1.0)
    return style.colour, str(style.dash)


def test_styles_repeat_from_the_stated_count_on() -> None:
    n = plan.DISTINCT_STYLES
    assert (plan.colour_index(n), plan.dash_index(n)) == (plan.colour_index(0), plan.dash_index(0))


@pytest.mark.parametrize(("i", "j"), FIRST_PAIRS)
def test_first_functions_differ_by_line_style_alone(i: int, j: int) -> None:
    assert line_styles.DASHES[plan.dash_index(i)] != line_styles.DASHES[plan.dash_index(j)]
    assert braille.PATTERNS[plan.dash_index(i)] != braille.PATTERNS[plan.dash_index(j)]
    # what a reader compares in the terminal's key: the drawn samples, with and without braille
    assert terminal.legend_sample(i) != terminal.legend_sample(j)
    assert terminal.legend_sample(i, braille.ASCII) != terminal.legend_sample(j, braille.ASCII)


def test_grayscale_slots_with_one_line_style_differ_clearly_in_grey() -> None:
    greys = styles.theme("grayscale").colors
    same_style = [(i, j) for i, j in SLOT_PAIRS if plan.dash_index(i) == plan.dash_index(j)]
    assert len(same_style) == 60  # 10 line styles, 4 slots each below the distinct count
    faint = [(i, j) for i, j in same_style
             if abs(_grey_level(greys[plan.colour_index(i)]) - _grey_level(greys[plan.colour_index(j)])) < 0x28]
    assert faint == [], "grey levels of slots sharing a line style are at least 16 % of white apart"


def test_grayscale_greys_are_dark_enough_to_see_on_white() -> None:
    assert max(_grey_level(c) for c in styles.theme("grayscale").colors) <= 0xA0


def test_the_reviewed_ten_function_figure_has_ten_line_styles() -> None:
    import actplot

    fig_plan = plan.build([actplot.get(n) for n in TEN], orders=(0,))
    th = styles.theme("grayscale")
    drawn = [line_styles.style_for(th, s.colour_slot, s.dash_slot, 1.0) for s in fig_plan.panels[0].series]
    assert len({str(s.dash) for s in drawn}) == 10  # gelu and mish, sigmoid and selu no longer alike


def _key_samples(out: str, names: list[str]) -> list[str]:
    samples = []
    for name in names:
        line = next(line for line in out.splitlines() if f" {name}   " in line or line.endswith(f" {name}"))
        samples.append(line.split(" ", 1)[0])
    return samples


@pytest.mark.parametrize("count", [5, 10])
@pytest.mark.parametrize("ascii_", [False, True])
def test_colourless_terminal_key_tells_every_function_apart(count: int, ascii_: bool) -> None:
    names = TEN[:count]
    args = ["--ascii"] if ascii_ else []
    result = CliRunner().invoke(app, [*args, "--no-color", "compare", *names],
                                env={"COLUMNS": "120", "LINES": "60", "NO_COLOR": "1", "TERM": "dumb"})
    assert result.exit_code == 0, result.stderr
    samples = _key_samples(result.stdout, names)
    assert len(set(samples)) == count, samples


def test_the_tool_says_from_which_count_on_styles_repeat() -> None:
    from actplot import registry

    assert plan.style_repeat_note(plan.DISTINCT_STYLES) is None
    names = registry.names()[: plan.DISTINCT_STYLES + 1]
    result = CliRunner().invoke(app, ["compare", *names, "--range", "-1", "1", "--points", "50"],
                                env={"COLUMNS": "80", "LINES": "40", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    assert f"function {plan.DISTINCT_STYLES + 1} on repeats" in result.stderr


def test_every_file_dash_pattern_shows_a_whole_period_in_a_legend_handle() -> None:
    rc = styles._rc(styles.theme("light"))
    handle_in_line_widths = rc["legend.handlelength"] * rc["legend.fontsize"] / rc["lines.linewidth"]
    for dash in line_styles.DASHES[1:]:
        assert sum(dash[1]) <= handle_in_line_widths, dash  # else a long dash reads as solid in the key
