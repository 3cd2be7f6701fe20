"""The axes of a terminal chart: y limits, round tick values, where ticks fall, the x axis rows.

:class:`DotScale` maps data coordinates to canvas dots; :func:`nice_ticks` picks round tick
values (steps 1, 2, 2.5, 5 × 10^k); :func:`y_ticks` makes sure at least two of them land on
distinct rows; :func:`tick_rows` places the y labels and :func:`x_axis` draws the x axis line
with its labels. Labels are written by :func:`actplot.text.format_tick` (the one home of number
formatting).

Rule: numbers and positions only — no dots (:mod:`actplot.views.braille`), no series or panels
(:mod:`actplot.views.terminal`). NumPy only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from actplot.text import format_tick
from actplot.views.braille import UNICODE, Charset

AXIS_STYLE = "dim"
"""The rich style of axis lines, ticks, zero lines and the "no finite values" note."""


@dataclass(frozen=True)
class DotScale:
    """Data coordinates to canvas dots: x0 → dot column 0, x1 → the last; y1 → dot row 0 (the
    top), y0 → the last."""

    x0: float
    x1: float
    y0: float
    y1: float
    width_dots: int
    height_dots: int

    def to_dx(self, x: np.ndarray | float) -> np.ndarray | float:
        return (np.asarray(x, float) - self.x0) / (self.x1 - self.x0) * (self.width_dots - 1)

    def to_dy(self, y: np.ndarray | float) -> np.ndarray | float:
        return (self.y1 - np.asarray(y, float)) / (self.y1 - self.y0) * (self.height_dots - 1)


def nice_ticks(lo: float, hi: float, target: int) -> tuple[list[float], float]:
    """About ``target`` round tick values (steps 1, 2, 2.5, 5 × 10^k) inside [lo, hi], and the step."""
    span = hi - lo
    if not (math.isfinite(span) and span > 0):
        return [lo], 1.0
    raw = span / max(target, 1)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = 10.0 * magnitude
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if span / (m * magnitude) <= target:
            step = m * magnitude
            break
    first = math.ceil(lo / step - 1e-9)
    ticks: list[float] = []
    k = first
    while k * step <= hi + step * 1e-9 and len(ticks) < 1000:
        value = k * step
        ticks.append(0.0 if abs(value) < step * 1e-9 else value)
        k += 1
    return ticks, step


def padded_limits(values: np.ndarray) -> tuple[float, float, bool]:
    """y limits around finite data, padded 4 % of its span (a constant gets ±10 % of its value, or
    ±1 at zero); (-1, 1) without data. The flag says data was found."""
    if values.size == 0:
        return -1.0, 1.0, False
    lo, hi = float(values.min()), float(values.max())
    if not lo < hi:
        pad = 1.0 if lo == 0 else abs(lo) * 0.1
        return lo - pad, hi + pad, True
    pad = (hi - lo) * 0.04
    return lo - pad, hi + pad, True


def y_ticks(y0: float, y1: float, height: int, charset: Charset = UNICODE) -> tuple[list[float], float]:
    """Round y tick values for a chart of ``height`` rows: about one per three rows, and at least
    two on distinct rows (a chart with a single labelled row has no scale)."""
    target = max(3, height // 3)
    rows = max(2, height)
    ticks, step = nice_ticks(y0, y1, target)
    for extra in range(1, 6):
        if len({_row_of(v, y0, y1, rows, charset) for v in ticks if 0 <= _row_of(v, y0, y1, rows, charset) < rows}) >= 2:
            break
        ticks, step = nice_ticks(y0, y1, target + 2 * extra)
    return ticks, step


def y_tick_labels(y0: float, y1: float, height: int, charset: Charset = UNICODE) -> tuple[list[float], list[str]]:
    """The y tick values of :func:`y_ticks` and their labels."""
    ticks, step = y_ticks(y0, y1, height, charset)
    return ticks, [format_tick(v, step) for v in ticks]


def _row_of(value: float, y0: float, y1: float, rows: int, charset: Charset) -> int:
    dots = rows * charset.dots_y
    return round((y1 - value) / (y1 - y0) * (dots - 1)) // charset.dots_y


def tick_rows(yticks: Sequence[float], ylabels: Sequence[str], scale: DotScale, rows: int, charset: Charset) -> dict[int, str]:
    """The label of each canvas row that has a y tick (the first tick wins a shared row)."""
    by_row: dict[int, str] = {}
    for value, text in zip(yticks, ylabels):
        row = round(float(scale.to_dy(value))) // charset.dots_y
        if 0 <= row < rows and row not in by_row:
            by_row[row] = text
    return by_row


def zero_cell(scale: DotScale, charset: Charset) -> tuple[int | None, int | None]:
    """The canvas row of y = 0 and the column of x = 0, each None when 0 is outside the limits."""
    zero_row = round(float(scale.to_dy(0.0))) // charset.dots_y if scale.y0 <= 0 <= scale.y1 else None
    zero_col = round(float(scale.to_dx(0.0))) // charset.dots_x if scale.x0 <= 0 <= scale.x1 else None
    return zero_row, zero_col


def x_axis(scale: DotScale, cols: int, label_width: int, charset: Charset, *, whole_x: bool = False) -> tuple[str, str]:
    """The x axis line (corner, rule and tick marks, indented past the y labels) and the line of
    its tick labels, each label centred under its tick, never overlapping the one before, the
    last one ending at the chart's edge. ``whole_x``: ticks at whole numbers only (x counts
    layers or epochs: no tick at layer 2.5)."""
    x0, x1 = scale.x0, scale.x1
    xticks, xstep = nice_ticks(x0, x1, max(2, cols // 10))
    if whole_x:
        xticks = [t for t in xticks if float(t).is_integer()] if xstep >= 1 else [
            float(v) for v in range(math.ceil(x0), math.floor(x1) + 1)]
        xstep = max(xstep, 1.0)
    axis = [charset.hline] * cols
    label_line = [" "] * (label_width + 2 + cols)
    last_end = -1
    for value in xticks:
        col = round(float(scale.to_dx(value))) // charset.dots_x
        if not 0 <= col < cols:
            continue
        axis[col] = charset.xtick
        text = format_tick(value, xstep)
        start = label_width + 2 + col - len(text) // 2
        start = max(start, 0)
        start = min(start, label_width + 2 + cols - len(text))  # the last label ends at the chart's edge: no wrap
        if start > last_end + 1:
            label_line[start : start + len(text)] = list(text)
            last_end = start + len(text) - 1
    return " " * (label_width + 1) + charset.corner + "".join(axis), "".join(label_line).rstrip()
