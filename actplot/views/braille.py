"""The pixel layer of the terminal charts: dots on a grid of character cells.

A character cell holds 2 × 4 braille dots (U+2800 + one bit per dot), or one ASCII glyph when
the output cannot carry Unicode. :class:`Canvas` sets dots, draws clipped line segments in a
series' dot pattern (Bresenham), and turns a cell into its character; :func:`decimate` thins
millions of samples to the few that set the same dots. :class:`Charset` names every character a
chart uses, so one drawing code serves braille and ASCII.

Rule: this module knows dots, cells and characters only — no axes, numbers, colours or data
records (those are :mod:`actplot.views.terminal_axes` and :mod:`actplot.views.terminal`).
NumPy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BRAILLE_BASE = 0x2800
_DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""Braille dot bits by [dot row][dot column] inside one character cell (2 wide, 4 high)."""

PATTERNS: tuple[tuple[int, ...], ...] = (
    (1,), (4, 2), (4, 1, 1, 1), (1, 1), (6, 1, 1, 1, 1, 1),
    (9, 3), (2, 2), (1, 3), (5, 2, 2, 2), (4, 1, 1, 1, 1, 1, 1, 1),
)
"""Dot patterns along a line as alternating on/off run lengths, in the figures' line-style order
(:data:`actplot.views.plan.LINE_STYLE_NAMES`): solid, dashed, dash-dotted, dotted, dash with two
dots, long dash, short dash, sparse dots, long-short dash, dash with three dots. Slot i has
pattern i % 10; every period fits a legend sample (:data:`actplot.views.terminal.LEGEND_SAMPLE`),
so the ten samples differ."""

ASCII_GLYPHS: tuple[str, ...] = ("#", "x", "+", "%", "=", "~", "&", "$", "^", "!")
"""ASCII charts: one glyph per line style (``o``, ``*`` and ``@`` are the jump markers)."""

DECIMATE_ABOVE = 4096
"""Samples of one piece beyond which :func:`decimate` thins them (below, drawing all is cheap)."""


@dataclass(frozen=True)
class Charset:
    """The characters of a chart: dots per cell, axis lines and ticks, zero lines, jump markers."""

    ascii: bool = False
    dots_x: int = 2
    dots_y: int = 4
    vline: str = "\u2502"
    ytick: str = "\u2524"
    corner: str = "\u2514"
    hline: str = "\u2500"
    xtick: str = "\u252c"
    zero_h: str = "\u2508"
    zero_v: str = "\u250a"
    zero_cross: str = "\u253c"
    open_marker: str = "\u25cb"
    closed_marker: str = "\u25cf"
    both_markers: str = "\u25c9"
    """An open and a filled marker of two curves in one cell (a dot inside a ring)."""


UNICODE = Charset()
ASCII = Charset(
    ascii=True,
    dots_x=1,
    dots_y=1,
    vline="|",
    ytick="+",
    corner="+",
    hline="-",
    xtick="+",
    zero_h=".",
    zero_v=":",
    zero_cross="+",
    open_marker="o",
    closed_marker="*",
    both_markers="@",
)


def in_pattern(pattern: tuple[int, ...], step: int) -> bool:
    """Whether dot number ``step`` along a line is on in ``pattern`` (on/off run lengths)."""
    period = sum(pattern)
    position = step % period
    on = True
    for run in pattern:
        if position < run:
            return on
        position -= run
        on = not on
    return on


def clip_segment(x0: float, y0: float, x1: float, y1: float, w: float, h: float) -> tuple[float, float, float, float] | None:
    """Liang–Barsky clipping of a segment to the dot area [-0.5, w-0.5] × [-0.5, h-0.5]; None if
    it misses the area. A curve far outside the chart costs no dots to walk."""
    t0, t1 = 0.0, 1.0
    dx, dy = x1 - x0, y1 - y0
    for p, q in ((-dx, x0 + 0.5), (dx, w - 0.5 - x0), (-dy, y0 + 0.5), (dy, h - 0.5 - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy


class Canvas:
    """Dots on a grid of character cells; each cell remembers the last series that drew in it.

    ``overlay`` holds glyphs placed over whole cells (jump markers) with the series that placed
    them; ``styles`` is the dot-pattern slot of each series index, which picks its ASCII glyph.
    """

    def __init__(self, cols: int, rows: int, charset: Charset) -> None:
        self.cols, self.rows, self.cs = cols, rows, charset
        self.w, self.h = cols * charset.dots_x, rows * charset.dots_y
        self.bits = [[0] * cols for _ in range(rows)]
        self.owner: list[list[int | None]] = [[None] * cols for _ in range(rows)]
        self.overlay: dict[tuple[int, int], tuple[str, int]] = {}
        self.styles: list[int] = []

    def dot(self, dx: int, dy: int, style: int) -> None:
        """Set the dot at dot column ``dx``, dot row ``dy`` (outside the canvas: nothing)."""
        if 0 <= dx < self.w and 0 <= dy < self.h:
            col, row = dx // self.cs.dots_x, dy // self.cs.dots_y
            if self.cs.ascii:
                self.bits[row][col] = 1
            else:
                self.bits[row][col] |= _DOT_BITS[dy % 4][dx % 2]
            self.owner[row][col] = style

    def line(self, x0: float, y0: float, x1: float, y1: float, style: int, pattern: tuple[int, ...], counter: int) -> int:
        """A segment in dot coordinates, clipped, dotted in ``pattern`` from dot number ``counter``
        on; returns the counter after it, so consecutive segments continue one pattern (the
        shared end point is drawn once)."""
        clipped = clip_segment(x0, y0, x1, y1, self.w, self.h)
        if clipped is None:
            return counter
        ax, ay, bx, by = (round(v) for v in clipped)
        dx, dy = abs(bx - ax), -abs(by - ay)
        sx, sy = (1 if ax < bx else -1), (1 if ay < by else -1)
        err = dx + dy
        first = True
        while True:
            if not first or counter == 0:
                if in_pattern(pattern, counter):
                    self.dot(ax, ay, style)
                counter += 1
            first = False
            if ax == bx and ay == by:
                break
            e2 = 2 * err
            if e2 >= dy:
                err += dy
                ax += sx
            if e2 <= dx:
                err += dx
                ay += sy
        return counter

    def char(self, row: int, col: int) -> str | None:
        """The character of a cell: its braille dots, or (ASCII) the glyph of the series that drew
        last in it; None for an empty cell."""
        value = self.bits[row][col]
        if not value:
            return None
        if self.cs.ascii:
            owner = self.owner[row][col] or 0
            style = self.styles[owner] if owner < len(self.styles) else owner
            return ASCII_GLYPHS[style % len(ASCII_GLYPHS)]
        return chr(BRAILLE_BASE + value)


def decimate(px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Far more samples than dot columns: keep, per dot column, the first, lowest, highest and
    last sample (in order), which draws the same dots as every sample would, in O(columns).

    Inside the canvas the dots are exactly the same. Where the curve leaves it, the clipped ends
    lie half a dot beyond the top or bottom row, and the rounding of those ends can keep or drop
    one dot of that edge row (the tests pin both)."""
    if px.size <= DECIMATE_ABOVE or not (np.all(np.isfinite(px)) and np.all(np.isfinite(py))):
        return px, py
    col = np.round(px).astype(np.int64)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(col)) + 1))
    if starts.size * 4 >= px.size:
        return px, py
    ends = np.concatenate((starts[1:], [px.size])) - 1
    keep = [starts, ends]
    # position of the min and max of py inside each run: lexsort by (run, value)
    run = np.repeat(np.arange(starts.size), np.diff(np.concatenate((starts, [px.size]))))
    by_value = np.lexsort((py, run))
    first_in_run = np.concatenate(([0], np.flatnonzero(np.diff(run[by_value])) + 1))
    last_in_run = np.concatenate((first_in_run[1:], [px.size])) - 1
    keep += [by_value[first_in_run], by_value[last_in_run]]
    index = np.unique(np.concatenate(keep))
    return px[index], py[index]
