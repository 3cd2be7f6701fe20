"""The layers under the terminal charts, each on its own: braille dots, axes, styled lines and the
number formatters the charts print through (the whole charts are in test_cli_units/test_views)."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from actplot.text import format_interval, format_tick, format_value
from actplot.views import braille, styled_lines, terminal_axes

# --- braille: the pixel layer ---------------------------------------------------------------------


_BITS = {(0, 0): 0x01, (0, 1): 0x02, (0, 2): 0x04, (0, 3): 0x40, (1, 0): 0x08, (1, 1): 0x10, (1, 2): 0x20, (1, 3): 0x80}
"""The braille bit of each (dot column, dot row) inside a cell (Unicode's braille block)."""


def _dots(px: np.ndarray, py: np.ndarray, cols: int = 60, rows: int = 12) -> set[tuple[int, int]]:
    """The (dot column, dot row) set of one solid piece drawn sample to sample, as the chart does."""
    canvas = braille.Canvas(cols, rows, braille.UNICODE)
    counter = 0
    for i in range(len(px) - 1):
        counter = canvas.line(px[i], py[i], px[i + 1], py[i + 1], 0, braille.PATTERNS[0], counter)
    return {(2 * col + dx, 4 * row + dy) for row in range(rows) for col in range(cols) for (dx, dy), bit in _BITS.items()
            if canvas.bits[row][col] & bit}


def _walk(seed: int, n: int, spread: float) -> tuple[np.ndarray, np.ndarray]:
    """``n`` samples over 120 dot columns of a random walk around the middle of 48 dot rows."""
    rng = np.random.default_rng(seed)
    return np.linspace(0, 119, n), 24 + spread * rng.standard_normal(n).cumsum() / math.sqrt(n)


@pytest.mark.parametrize("seed", range(3))
def test_decimate_keeps_exactly_the_dots_of_every_sample_inside_the_canvas(seed: int) -> None:
    px, py = _walk(seed, 20_000, 20)
    py = np.clip(py, 0, 47)
    py[np.random.default_rng(seed).integers(0, py.size, 40)] = 47 * np.random.default_rng(seed + 100).random(40)  # spikes
    kept_x, kept_y = braille.decimate(px, py)
    assert kept_x.size < py.size / 10, "far fewer samples"
    assert _dots(kept_x, kept_y) == _dots(px, py)


@pytest.mark.parametrize("seed", range(3))
def test_decimate_differs_at_most_on_the_edge_rows_where_a_curve_leaves_the_canvas(seed: int) -> None:
    """Where a curve crosses the top or bottom, the clipped segments end at ±0.5 dot from the
    edge, and rounding there can keep or drop one edge dot: nothing else may differ."""
    px, py = _walk(seed, 20_000, 40)
    assert py.min() < 0 or py.max() > 47, "the walk leaves the canvas"
    kept_x, kept_y = braille.decimate(px, py)
    assert {dy for _, dy in _dots(kept_x, kept_y) ^ _dots(px, py)} <= {0, 47}


def test_decimate_leaves_short_or_non_finite_pieces_alone() -> None:
    px = np.linspace(0, 10, braille.DECIMATE_ABOVE)
    assert braille.decimate(px, px)[0] is px
    long_x = np.linspace(0, 10, 2 * braille.DECIMATE_ABOVE)
    long_y = long_x.copy()
    long_y[3] = math.nan
    assert braille.decimate(long_x, long_y)[1] is long_y


def test_clip_segment() -> None:
    assert braille.clip_segment(1, 1, 5, 5, 10, 10) == (1, 1, 5, 5)
    assert braille.clip_segment(-5, 20, -1, 30, 10, 10) is None
    x0, y0, x1, y1 = braille.clip_segment(-10.5, 2, 20, 2, 10, 10)  # type: ignore[misc]
    assert (x0, y0, x1, y1) == (-0.5, 2, 9.5, 2)


def test_patterns_are_on_off_runs() -> None:
    dashed = [braille.in_pattern((4, 2), step) for step in range(12)]
    assert dashed == [True] * 4 + [False] * 2 + [True] * 4 + [False] * 2


def test_a_cell_shows_its_dots_or_the_glyph_of_its_series() -> None:
    canvas = braille.Canvas(2, 1, braille.UNICODE)
    canvas.dot(0, 0, 0)
    canvas.dot(1, 3, 0)
    assert canvas.char(0, 0) == chr(0x2800 + 0x01 + 0x80) and canvas.char(0, 1) is None
    ascii_canvas = braille.Canvas(2, 1, braille.ASCII)
    ascii_canvas.styles = [3]
    ascii_canvas.dot(1, 0, 0)
    assert ascii_canvas.char(0, 1) == braille.ASCII_GLYPHS[3]


# --- axes ----------------------------------------------------------------------------------------


def test_dot_scale_maps_the_limits_to_the_canvas_edges() -> None:
    scale = terminal_axes.DotScale(-2.0, 2.0, -1.0, 3.0, 81, 41)
    assert (scale.to_dx(-2.0), scale.to_dx(2.0), scale.to_dx(0.0)) == (0, 80, 40)
    assert (scale.to_dy(3.0), scale.to_dy(-1.0)) == (0, 40)


@pytest.mark.parametrize(
    ("values", "expected"),
    [([0.0, 10.0], (-0.4, 10.4, True)), ([3.0, 3.0], (2.7, 3.3, True)), ([0.0], (-1.0, 1.0, True)), ([], (-1.0, 1.0, False))],
)
def test_padded_limits(values: list[float], expected: tuple[float, float, bool]) -> None:
    lo, hi, found = terminal_axes.padded_limits(np.array(values, float))
    assert (lo, hi, found) == pytest.approx(expected)


def test_y_ticks_label_at_least_two_rows() -> None:
    for height in (2, 3, 4, 8):
        ticks, labels = terminal_axes.y_tick_labels(0.0, 1.0, height)
        scale = terminal_axes.DotScale(0.0, 1.0, 0.0, 1.0, 10, 4 * height)
        assert len(terminal_axes.tick_rows(ticks, labels, scale, height, braille.UNICODE)) >= 2, height


def test_whole_x_axis_ticks_whole_numbers_only() -> None:
    scale = terminal_axes.DotScale(1.0, 6.0, 0.0, 1.0, 400, 8)
    axis, labels = terminal_axes.x_axis(scale, 200, 3, braille.UNICODE, whole_x=True)
    assert labels.split() == ["1", "2", "3", "4", "5", "6"]
    assert axis.startswith("    \u2514") and axis.count(braille.UNICODE.xtick) == 6
    _, fractional = terminal_axes.x_axis(scale, 200, 3, braille.UNICODE)
    assert "1.50" in fractional.split()


# --- numbers and styled lines --------------------------------------------------------------------


def test_tick_labels_share_their_decimals() -> None:
    assert [format_tick(v, 0.25) for v in (0.25, 0.5, 0)] == ["0.25", "0.50", "0"]
    assert [format_tick(v, 2.5) for v in (-5.0, 2.5)] == ["-5.0", "2.5"]
    assert format_tick(2e6, 1e6) == "2e+06"


@pytest.mark.parametrize("seed", range(4))
def test_neighbouring_ticks_never_share_a_label(seed: int) -> None:
    """Ranges of every size at every offset (1 to 1.000001, a million plus ten, 10⁻⁸ wide, down to
    10⁻¹⁰ of their offset): each label reads back as its tick, to a hundredth of the step."""
    rng = np.random.default_rng(seed)
    for _ in range(500):
        lo = float(rng.choice([-1, 1]) * 10.0 ** rng.uniform(-9, 12)) * float(rng.integers(0, 2))
        hi = lo + float(10.0 ** rng.uniform(-8, 10)) * max(1.0, abs(lo)) ** float(rng.integers(0, 2)) * 1e-3
        if not hi - lo > 1e-10 * abs(lo):  # wider than float rounding of the ticks themselves
            continue
        ticks, step = terminal_axes.nice_ticks(lo, hi, int(rng.integers(2, 12)))
        labels = [format_tick(v, step) for v in ticks]
        assert len(set(labels)) == len(labels), (lo, hi, labels)
        assert all(abs(float(label) - v) <= step / 100 for label, v in zip(labels, ticks)), (lo, hi, labels)


def test_key_values_never_show_a_negative_zero() -> None:
    assert [format_value(v) for v in (-0.0, 0.0, -1e-300, 2 / 3)] == ["0", "0", "-1e-300", "0.6667"]
    assert format_value(2 / 3, 3) == "0.667"


@pytest.mark.parametrize(
    ("lo", "hi", "expected"),
    [(-6.0, 6.0, "[-6, 6]"), (1.0, 1.000001, "[1, 1.000001]"), (1.0, 1.0 + 1e-11, "[1, 1.00000000001]"), (0.0, 0.0, "[0, 0]")],
)
def test_interval_shows_enough_digits_to_tell_its_ends_apart(lo: float, hi: float, expected: str) -> None:
    assert format_interval(lo, hi) == expected


def test_styled_lines_merge_and_plain_text() -> None:
    line: styled_lines.Line = [("a", "dim"), ("b", "dim"), (" ", None), ("c", None), ("  ", None)]
    assert styled_lines.merge(line) == [("ab", "dim"), (" c  ", None)]
    assert styled_lines.to_plain([line, [("", None)]]) == "ab c\n\n"


def test_stacked_ascii_charts_keep_one_y_axis_column_when_ascii_ticks_finer() -> None:
    """Three rows: ASCII (one dot a row) ticks 7.9125 … where braille would tick 7.913: the shared
    label column is measured with the ticks actually drawn."""
    from actplot.views import terminal

    x = np.linspace(0, 1, 50)
    flat = terminal.Series("a", ((x, np.linspace(7.9123, 7.9148, 50)),))
    lines = terminal.render([terminal.Panel((flat,), ylim=(7.9122, 7.9149), height=3),
                             terminal.Panel((flat,), ylim=(7.9122, 7.9149), height=6)],
                            width=40, x_range=(0.0, 1.0), charset=braille.ASCII)
    rows = [styled_lines.to_plain([line]).rstrip("\n") for line in lines]
    axis = [re.match(r"^ *[-0-9.]* ([|+])", row) for row in rows]
    columns = {m.start(1) for m in axis if m}
    assert sum(m is not None for m in axis) >= 2 * (3 + 1), "every canvas row and both x axes found"
    assert len(columns) == 1, columns


def test_the_terminal_chart_modules_never_import_matplotlib() -> None:
    """Every module a terminal chart is drawn with (plot/compare and the experiment charts),
    imported and used in a fresh interpreter: matplotlib stays unloaded."""
    import subprocess
    import sys

    probe = (
        "import sys, numpy as np\n"
        "from actplot.views import braille, styled_lines, terminal, terminal_axes, terminal_view\n"
        "from actplot.experiments import terminal_view as experiment_charts\n"
        "x = np.linspace(-1, 1, 50)\n"
        "lines = terminal.render([terminal.Panel((terminal.Series('f', ((x, x),)),))], width=40,"
        " x_range=(-1.0, 1.0), charset=braille.ASCII, legend=[terminal.Series('f', ())])\n"
        "styled_lines.to_rich(lines)\n"
        "print('matplotlib' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
