"""Terminal plots: braille (or ASCII) line charts built as plain data, uniplot style.

Pure functions: :func:`render` turns panels of sampled curves into a list of lines, each a list
of ``(text, style)`` segments (``style`` is a rich style string or None). :func:`to_plain` joins
them into a string (what tests compare at a fixed width); :func:`to_rich` makes a ``rich.text.Text``
for coloured output. Nothing here prints, and nothing imports matplotlib.

Curves come from :func:`actplot.sampling.sample_curve`: every piece is drawn as a connected line,
pieces are never joined (so a jump is never drawn as a vertical segment) and the end points at a
jump are drawn as ● (value attained) and ○ (the other one-sided limit) — ``*`` and ``o`` in ASCII.
Each series has a colour *and* a dot pattern (solid, dashed, dotted, dash-dot), so curves stay
distinguishable without colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

BRAILLE_BASE = 0x2800
# braille dot bits by [dot row][dot column] inside one character cell (2 wide, 4 high)
_DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))

PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C8C8C", "#F5C710")
"""The figures' colours in the same slot order (Okabe–Ito: blue, vermillion, green, pink, orange,
sky blue, grey for black, amber); rich downsamples them. Slot i of a plan has colour i % 8."""

PATTERNS: tuple[tuple[int, ...], ...] = (
    (1,), (4, 2), (4, 1, 1, 1), (1, 1), (6, 1, 1, 1, 1, 1),
    (9, 3), (2, 2), (1, 3), (5, 2, 2, 2), (4, 1, 1, 1, 1, 1, 1, 1),
)
"""Dot patterns along a line as alternating on/off run lengths, in the figures' line-style order
(:data:`actplot.views.plan.LINE_STYLE_NAMES`): solid, dashed, dash-dotted, dotted, dash with two
dots, long dash, short dash, sparse dots, long-short dash, dash with three dots. Slot i has
pattern i % 10; every period fits a legend sample (:data:`LEGEND_SAMPLE`), so the ten samples differ."""

ASCII_GLYPHS: tuple[str, ...] = ("#", "x", "+", "%", "=", "~", "&", "$", "^", "!")
"""ASCII charts: one glyph per line style (``o``, ``*`` and ``@`` are the jump markers)."""
LEGEND_SAMPLE = 8
"""Characters of a legend sample: 16 braille dots, more than the longest pattern's period."""
AXIS_STYLE = "dim"
Segment = tuple[str, "str | None"]
Line = list[Segment]


@dataclass(frozen=True)
class Series:
    """One curve: continuous pieces (x, y arrays), jump end markers (x, y, closed) and a style slot.

    ``style`` picks the dot pattern (and the colour, unless ``colour`` is given: a grid panel keeps
    the function's colour while the pattern tells the derivative; -1 is the plain text colour).
    """

    label: str
    pieces: tuple[tuple[np.ndarray, np.ndarray], ...]
    markers: tuple[tuple[float, float, bool], ...] = ()
    style: int = 0
    colour: int | None = None

    @classmethod
    def from_curve(cls, curve: object, label: str, style: int = 0, colour: int | None = None) -> Series:
        """From an :class:`actplot.sampling.Curve` (or a difference curve)."""
        pieces = tuple((np.asarray(p.x, float), np.asarray(p.y, float)) for p in curve.pieces)  # type: ignore[attr-defined]
        markers = tuple((float(m.x), float(m.y), bool(m.closed)) for m in curve.markers)  # type: ignore[attr-defined]
        return cls(label, pieces, markers, style, colour)

    @property
    def colour_style(self) -> str | None:
        """The rich style of this series' dots and legend sample."""
        slot = self.style if self.colour is None else self.colour
        return None if slot < 0 else PALETTE[slot % len(PALETTE)]


@dataclass(frozen=True)
class Panel:
    """One chart: its series share the axes."""

    series: tuple[Series, ...]
    title: str = ""
    ylim: tuple[float, float] | None = None
    height: int = 15
    whole_x: bool = False
    """x counts something (layers, epochs): tick only at whole numbers."""


@dataclass(frozen=True)
class Charset:
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


# --- numbers -------------------------------------------------------------------------------------


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


def format_tick(value: float, step: float) -> str:
    """A tick label with just enough decimals for the step."""
    if value == 0:
        return "0"
    biggest = max(abs(value), step)
    if biggest >= 1e6 or step < 1e-4:
        return f"{value:.3g}"
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    if abs(step / 10.0**-decimals - round(step / 10.0**-decimals)) > 1e-6:
        decimals += 1  # e.g. steps of 2.5 or 0.25
    return f"{value:.{decimals}f}"


def format_value(value: float, digits: int = 4) -> str:
    """A key value for humans: 4 significant digits, ``nan``/``inf`` spelt out, -0 shown as 0."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"
    return f"{value:.{digits}g}"


# --- drawing -------------------------------------------------------------------------------------


def _in_pattern(pattern: tuple[int, ...], step: int) -> bool:
    period = sum(pattern)
    position = step % period
    on = True
    for run in pattern:
        if position < run:
            return on
        position -= run
        on = not on
    return on


def _clip(x0: float, y0: float, x1: float, y1: float, w: float, h: float) -> tuple[float, float, float, float] | None:
    """Liang–Barsky clipping of a segment to [-0.5, w-0.5] × [-0.5, h-0.5]."""
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


class _Canvas:
    """Dots on a grid of character cells; each cell remembers the last series that drew in it."""

    def __init__(self, cols: int, rows: int, charset: Charset) -> None:
        self.cols, self.rows, self.cs = cols, rows, charset
        self.w, self.h = cols * charset.dots_x, rows * charset.dots_y
        self.bits = [[0] * cols for _ in range(rows)]
        self.owner: list[list[int | None]] = [[None] * cols for _ in range(rows)]
        self.overlay: dict[tuple[int, int], tuple[str, int]] = {}
        self.styles: list[int] = []  # dot pattern slot of each owner (series index), for ASCII glyphs

    def dot(self, dx: int, dy: int, style: int) -> None:
        if 0 <= dx < self.w and 0 <= dy < self.h:
            col, row = dx // self.cs.dots_x, dy // self.cs.dots_y
            if self.cs.ascii:
                self.bits[row][col] = 1
            else:
                self.bits[row][col] |= _DOT_BITS[dy % 4][dx % 2]
            self.owner[row][col] = style

    def line(self, x0: float, y0: float, x1: float, y1: float, style: int, pattern: tuple[int, ...], counter: int) -> int:
        clipped = _clip(x0, y0, x1, y1, self.w, self.h)
        if clipped is None:
            return counter
        ax, ay, bx, by = (round(v) for v in clipped)
        dx, dy = abs(bx - ax), -abs(by - ay)
        sx, sy = (1 if ax < bx else -1), (1 if ay < by else -1)
        err = dx + dy
        first = True
        while True:
            if not first or counter == 0:
                if _in_pattern(pattern, counter):
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
        value = self.bits[row][col]
        if not value:
            return None
        if self.cs.ascii:
            owner = self.owner[row][col] or 0
            style = self.styles[owner] if owner < len(self.styles) else owner
            return ASCII_GLYPHS[style % len(ASCII_GLYPHS)]
        return chr(BRAILLE_BASE + value)


def _decimate(px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Far more samples than dot columns: keep, per dot column, the first, lowest, highest and
    last sample (in order), which draws the same dots as every sample would, in O(columns)."""
    if px.size <= 4096 or not (np.all(np.isfinite(px)) and np.all(np.isfinite(py))):
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


def data_limits(panel: Panel, x_range: tuple[float, float]) -> tuple[float, float] | None:
    """The padded y range of the panel's finite data (its ``ylim`` ignored); None if it has none."""
    lo, hi, found = _y_limits(Panel(panel.series, height=panel.height), x_range)
    return (lo, hi) if found else None


def _y_limits(panel: Panel, x_range: tuple[float, float]) -> tuple[float, float, bool]:
    """y limits from the finite data (padded 4 %), or the panel's; the flag says data was found."""
    if panel.ylim is not None:
        return panel.ylim[0], panel.ylim[1], True
    values = [np.asarray(y)[np.isfinite(y) & (x >= x_range[0]) & (x <= x_range[1])] for s in panel.series for x, y in s.pieces]
    values.append(np.array([m[1] for s in panel.series for m in s.markers if math.isfinite(m[1])], float))
    data = np.concatenate(values) if values else np.empty(0)
    if data.size == 0:
        return -1.0, 1.0, False
    lo, hi = float(data.min()), float(data.max())
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


def _row_of(value: float, y0: float, y1: float, rows: int, charset: Charset) -> int:
    dots = rows * charset.dots_y
    return round((y1 - value) / (y1 - y0) * (dots - 1)) // charset.dots_y


def _tick_rows(yticks: Sequence[float], ylabels: Sequence[str], to_dy: Any, rows: int, charset: Charset) -> dict[int, str]:
    tick_rows: dict[int, str] = {}
    for value, text in zip(yticks, ylabels):
        row = round(float(to_dy(value))) // charset.dots_y
        if 0 <= row < rows and row not in tick_rows:
            tick_rows[row] = text
    return tick_rows


def render_panel(
    panel: Panel, *, width: int, x_range: tuple[float, float], charset: Charset = UNICODE, label_width: int | None = None,
    markers_drawn: set[str] | None = None, x_labels: bool = True,
) -> list[Line]:
    """One chart: optional title line, ``panel.height`` canvas rows, the x axis and its labels.
    The jump-marker glyphs it draws are added to ``markers_drawn`` (for the key)."""
    x0, x1 = x_range
    y0, y1, has_data = _y_limits(panel, x_range)
    yticks, ystep = y_ticks(y0, y1, panel.height, charset)
    ylabels = [format_tick(v, ystep) for v in yticks]
    lw = label_width if label_width is not None else max(len(s) for s in ylabels)
    cols = max(8, width - lw - 2)
    rows = max(2, panel.height)
    canvas = _Canvas(cols, rows, charset)
    canvas.styles = [s.style for s in panel.series]
    colours = [s.colour_style for s in panel.series]

    def to_dx(x: np.ndarray | float) -> np.ndarray | float:
        return (np.asarray(x, float) - x0) / (x1 - x0) * (canvas.w - 1)

    def to_dy(y: np.ndarray | float) -> np.ndarray | float:
        return (y1 - np.asarray(y, float)) / (y1 - y0) * (canvas.h - 1)

    with np.errstate(all="ignore"):
        for index, series in enumerate(panel.series):
            pattern = PATTERNS[series.style % len(PATTERNS)]
            for xs, ys in series.pieces:
                px, py = _decimate(np.asarray(to_dx(xs), float), np.asarray(to_dy(ys), float))
                ok = np.isfinite(px) & np.isfinite(py)
                counter = 0
                if len(px) == 1 and ok[0]:
                    canvas.line(px[0], py[0], px[0], py[0], index, pattern, 0)
                for i in range(len(px) - 1):
                    if ok[i] and ok[i + 1]:
                        counter = canvas.line(px[i], py[i], px[i + 1], py[i + 1], index, pattern, counter)
        for index, series in enumerate(panel.series):
            for mx, my, closed in series.markers:
                if not (math.isfinite(mx) and math.isfinite(my) and y0 <= my <= y1 and x0 <= mx <= x1):
                    continue
                col = round(float(to_dx(mx))) // charset.dots_x
                row = round(float(to_dy(my))) // charset.dots_y
                if 0 <= row < rows and 0 <= col < cols:
                    glyph = charset.closed_marker if closed else charset.open_marker
                    earlier = canvas.overlay.get((row, col))
                    if earlier is not None and earlier[1] != index and earlier[0] != glyph:
                        # an open and a filled marker of two curves in one cell: show both (◉)
                        # instead of letting the later one hide the earlier
                        glyph, index_shown = charset.both_markers, earlier[1]
                        canvas.overlay[(row, col)] = (glyph, index_shown)
                    elif earlier is None or earlier[0] != charset.both_markers:
                        canvas.overlay[(row, col)] = (glyph, index)

    zero_row = round(float(to_dy(0.0))) // charset.dots_y if y0 <= 0 <= y1 else None
    zero_col = round(float(to_dx(0.0))) // charset.dots_x if x0 <= 0 <= x1 else None
    tick_rows = _tick_rows(yticks, ylabels, to_dy, rows, charset)

    if markers_drawn is not None:
        markers_drawn.update(glyph for glyph, _ in canvas.overlay.values())
    lines: list[Line] = []
    if panel.title:
        lines.extend([(part, "bold")] for part in wrap_words(panel.title, width, "  "))
    for row in range(rows):
        label = tick_rows.get(row, "")
        line: Line = [(label.rjust(lw) + " ", None), (charset.ytick if label else charset.vline, AXIS_STYLE)]
        for col in range(cols):
            if (row, col) in canvas.overlay:
                glyph, owner_index = canvas.overlay[(row, col)]
                line.append((glyph, colours[owner_index]))
                continue
            ch = canvas.char(row, col)
            if ch is not None:
                owner = canvas.owner[row][col] or 0
                line.append((ch, colours[owner] if owner < len(colours) else None))
            elif row == zero_row and col == zero_col:
                line.append((charset.zero_cross, AXIS_STYLE))
            elif row == zero_row:
                line.append((charset.zero_h, AXIS_STYLE))
            elif col == zero_col:
                line.append((charset.zero_v, AXIS_STYLE))
            else:
                line.append((" ", None))
        lines.append(_merge(line))

    xticks, xstep = nice_ticks(x0, x1, max(2, cols // 10))
    if panel.whole_x:  # no tick at layer 2.5
        xticks = [t for t in xticks if float(t).is_integer()] if xstep >= 1 else [
            float(v) for v in range(math.ceil(x0), math.floor(x1) + 1)]
        xstep = max(xstep, 1.0)
    axis = [charset.hline] * cols
    label_line = [" "] * (lw + 2 + cols)
    last_end = -1
    for value in xticks:
        col = round(float(to_dx(value))) // charset.dots_x
        if not 0 <= col < cols:
            continue
        axis[col] = charset.xtick
        text = format_tick(value, xstep)
        start = lw + 2 + col - len(text) // 2
        start = max(start, 0)
        start = min(start, lw + 2 + cols - len(text))  # the last label ends at the chart's edge: no wrap
        if start > last_end + 1:
            label_line[start : start + len(text)] = list(text)
            last_end = start + len(text) - 1
    lines.append([(" " * (lw + 1) + charset.corner + "".join(axis), AXIS_STYLE)])
    if x_labels:
        lines.append([("".join(label_line).rstrip(), None)])
    if not has_data:
        lines.append([("(no finite values on this interval)", AXIS_STYLE)])
    return lines


def legend_sample(style: int, charset: Charset = UNICODE, length: int = LEGEND_SAMPLE) -> str:
    """What a series looks like, for the legend: a short horizontal line in its pattern (in ASCII,
    its glyph where the pattern is on)."""
    canvas = _Canvas(length, 1, charset)
    canvas.styles = [style]
    y = 0 if charset.ascii else 1
    canvas.line(0, y, canvas.w - 1, y, 0, PATTERNS[style % len(PATTERNS)], 0)
    return "".join(canvas.char(0, c) or " " for c in range(length))


def render_legend(series: Sequence[Series], *, width: int, charset: Charset = UNICODE, one_per_line: bool = False) -> list[Line]:
    """Legend entries ``<sample> label``, packed into lines of at most ``width`` characters; an
    entry wider than that is broken at spaces, its continuation indented under its label."""

    lines: list[Line] = []
    current: Line = []
    used = 0
    for s in series:
        sample = legend_sample(s.style, charset)
        entry_width = len(sample) + 1 + len(s.label)
        if current and (one_per_line or used + 3 + entry_width > width):
            lines.append(current)
            current, used = [], 0
        if current:
            current.append(("   ", None))
            used += 3
        if used + entry_width > width:  # alone on its line and still too wide
            indent = " " * (len(sample) + 1)
            parts = wrap_words(s.label, max(width - len(indent), 12))
            lines.append([*current, (sample, s.colour_style), (" " + parts[0], None)])
            lines.extend([[(indent + part, None)] for part in parts[1:]])
            current, used = [], 0
            continue
        current.extend([(sample, s.colour_style), (" " + s.label, None)])
        used += entry_width
    if current:
        lines.append(current)
    return lines


_KEEP_TOGETHER = " = "
_JOINED = "\u00a0=\u00a0"


def wrap_words(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` characters (a word longer than that alone on its
    line), broken only at spaces: never inside a number, a SPEC or a word, and never around the
    ``=`` of ``x_max = 1``. Continuation lines start with ``indent``; no line ends in a space."""
    import textwrap

    joined = text.replace(_KEEP_TOGETHER, _JOINED)  # textwrap breaks at ASCII whitespace only
    parts = textwrap.wrap(joined, width=max(width, 1), subsequent_indent=indent, break_long_words=False,
                          break_on_hyphens=False)
    return [part.replace(_JOINED, _KEEP_TOGETHER).rstrip() for part in parts] or [""]


def render(
    panels: Sequence[Panel],
    *,
    width: int,
    x_range: tuple[float, float],
    charset: Charset = UNICODE,
    legend: Sequence[Series] | None = None,
    legend_one_per_line: bool = False,
    compact: bool = False,
) -> list[Line]:
    """Panels stacked vertically (aligned y axes), then the legend, then — when a chart shows a
    jump — what its markers mean (:func:`marker_key`). ``compact`` (a short terminal): no blank
    line between the charts, and the x tick labels only under the last (the charts share x)."""
    lines: list[Line] = []
    label_width = _shared_label_width(panels, x_range)
    drawn: set[str] = set()
    for i, panel in enumerate(panels):
        if i and not compact:
            lines.append([("", None)])
        lines.extend(render_panel(panel, width=width, x_range=x_range, charset=charset, label_width=label_width,
                                  markers_drawn=drawn, x_labels=not compact or i == len(panels) - 1))
    if legend:
        lines.extend(render_legend(legend, width=width, charset=charset, one_per_line=legend_one_per_line))
    lines.extend(marker_key(drawn, charset, width))
    return lines


def marker_key(drawn: set[str], charset: Charset, width: int) -> list[Line]:
    """The key of the jump markers the charts drew, once: ``● value taken at a jump   ○ value not
    taken`` (the files' legend words), and ``◉`` when a filled and an open marker of two curves
    share a character cell."""
    from actplot.views import plan

    if not drawn:
        return []
    entries = [(charset.closed_marker, plan.JUMP_TAKEN), (charset.open_marker, plan.JUMP_NOT_TAKEN)]
    if charset.both_markers in drawn:
        entries.append((charset.both_markers, plan.JUMP_BOTH))
    lines: list[Line] = []
    current: Line = []
    used = 0
    for glyph, words in entries:
        entry_width = len(glyph) + 1 + len(words)
        if current and used + 3 + entry_width > width:
            lines.append(current)
            current, used = [], 0
        if current:
            current.append(("   ", None))
            used += 3
        current.extend([(glyph, None), (" " + words, None)])
        used += entry_width
    lines.append(current)
    return lines


def _shared_label_width(panels: Sequence[Panel], x_range: tuple[float, float]) -> int:
    width = 1
    for panel in panels:
        y0, y1, _ = _y_limits(panel, x_range)
        ticks, step = y_ticks(y0, y1, panel.height)
        width = max(width, *(len(format_tick(v, step)) for v in ticks))
    return width


def _merge(line: Line) -> Line:
    merged: Line = []
    for text, style in line:
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + text, style)
        else:
            merged.append((text, style))
    return merged


def to_plain(lines: Sequence[Line]) -> str:
    """The chart as plain text (trailing spaces removed), one ``\\n``-terminated line per row."""
    return "".join("".join(text for text, _ in line).rstrip() + "\n" for line in lines)


def to_rich(lines: Sequence[Line]) -> object:
    """The chart as a ``rich.text.Text`` with colours (rich drops them for NO_COLOR / pipes)."""
    from rich.text import Text

    text = Text(no_wrap=True, overflow="crop", end="")
    for line in lines:
        stripped = list(line)
        while stripped and not stripped[-1][0].strip():
            stripped.pop()
        for chunk, style in stripped:
            text.append(chunk, style=style)
        text.append("\n")
    return text
