"""Terminal charts: panels of sampled curves laid out as braille (or ASCII) charts, with the legend.

:func:`render` stacks :class:`Panel` charts on aligned y axes, then the legend and, when a chart
shows a jump, the key of its markers; :func:`render_panel` lays out one chart: title, the canvas
rows with the y tick labels and zero lines, the x axis and its labels. The result is a list of
styled lines (:mod:`actplot.views.styled_lines`); nothing here prints.

Curves come from :func:`actplot.sampling.sample_curve`: every piece is drawn as a connected line,
pieces are never joined (so a jump is never drawn as a vertical segment) and the end points at a
jump are drawn as ● (value attained) and ○ (the other one-sided limit) — ``*`` and ``o`` in ASCII.
Each series has a colour *and* a dot pattern (solid, dashed, dotted, dash-dot), so curves stay
distinguishable without colour.

Rule: layout only. Dots and characters are :mod:`actplot.views.braille`, tick values and axis
rows :mod:`actplot.views.terminal_axes`, numbers and word wrapping :mod:`actplot.text`; which
panels and curves a plot shows is the plan's (:mod:`actplot.views.terminal_view`). NumPy only,
never matplotlib.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from actplot.text import wrap_words
from actplot.views.braille import PATTERNS, UNICODE, Canvas, Charset, decimate
from actplot.views.styled_lines import Line, merge
from actplot.views.terminal_axes import AXIS_STYLE, DotScale, padded_limits, tick_rows, x_axis, y_tick_labels, zero_cell

PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C8C8C", "#F5C710")
"""The figures' colours in the same slot order (Okabe–Ito: blue, vermillion, green, pink, orange,
sky blue, grey for black, amber); rich downsamples them. Slot i of a plan has colour i % 8."""

LEGEND_SAMPLE = 8
"""Characters of a legend sample: 16 braille dots, more than the longest pattern's period."""


# --- what a chart shows --------------------------------------------------------------------------


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


# --- limits --------------------------------------------------------------------------------------


def data_limits(panel: Panel, x_range: tuple[float, float]) -> tuple[float, float] | None:
    """The padded y range of the panel's finite data (its ``ylim`` ignored); None if it has none."""
    lo, hi, found = _y_limits(Panel(panel.series, height=panel.height), x_range)
    return (lo, hi) if found else None


def _y_limits(panel: Panel, x_range: tuple[float, float]) -> tuple[float, float, bool]:
    """y limits from the finite data inside ``x_range`` (:func:`~actplot.views.terminal_axes.padded_limits`),
    or the panel's; the flag says data was found."""
    if panel.ylim is not None:
        return panel.ylim[0], panel.ylim[1], True
    values = [np.asarray(y)[np.isfinite(y) & (x >= x_range[0]) & (x <= x_range[1])] for s in panel.series for x, y in s.pieces]
    values.append(np.array([m[1] for s in panel.series for m in s.markers if math.isfinite(m[1])], float))
    data = np.concatenate(values) if values else np.empty(0)
    return padded_limits(data)


def _shared_label_width(panels: Sequence[Panel], x_range: tuple[float, float], charset: Charset) -> int:
    """The widest y tick label of all panels, so stacked charts share one y axis column (ticks
    chosen for ``charset``, as each panel draws them: below 4 rows ASCII can tick finer)."""
    width = 1
    for panel in panels:
        y0, y1, _ = _y_limits(panel, x_range)
        _, labels = y_tick_labels(y0, y1, panel.height, charset)
        width = max(width, *(len(label) for label in labels))
    return width


# --- charts --------------------------------------------------------------------------------------


def render_panel(
    panel: Panel, *, width: int, x_range: tuple[float, float], charset: Charset = UNICODE, label_width: int | None = None,
    markers_drawn: set[str] | None = None, x_labels: bool = True,
) -> list[Line]:
    """One chart: optional title line, ``panel.height`` canvas rows, the x axis and its labels.
    The jump-marker glyphs it draws are added to ``markers_drawn`` (for the key)."""
    x0, x1 = x_range
    y0, y1, has_data = _y_limits(panel, x_range)
    yticks, ylabels = y_tick_labels(y0, y1, panel.height, charset)
    lw = label_width if label_width is not None else max(len(s) for s in ylabels)
    cols = max(8, width - lw - 2)
    rows = max(2, panel.height)
    canvas = Canvas(cols, rows, charset)
    canvas.styles = [s.style for s in panel.series]
    colours = [s.colour_style for s in panel.series]
    scale = DotScale(x0, x1, y0, y1, canvas.w, canvas.h)
    with np.errstate(all="ignore"):
        _draw_curves(canvas, panel.series, scale)
        _place_markers(canvas, panel.series, scale)
    if markers_drawn is not None:
        markers_drawn.update(glyph for glyph, _ in canvas.overlay.values())

    zero_row, zero_col = zero_cell(scale, charset)
    labels_by_row = tick_rows(yticks, ylabels, scale, rows, charset)
    lines: list[Line] = []
    if panel.title:
        lines.extend([(part, "bold")] for part in wrap_words(panel.title, width, "  "))
    for row in range(rows):
        label = labels_by_row.get(row, "")
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
        lines.append(merge(line))

    axis, tick_labels = x_axis(scale, cols, lw, charset, whole_x=panel.whole_x)
    lines.append([(axis, AXIS_STYLE)])
    if x_labels:
        lines.append([(tick_labels, None)])
    if not has_data:
        lines.append([("(no finite values on this interval)", AXIS_STYLE)])
    return lines


def _draw_curves(canvas: Canvas, series: Sequence[Series], scale: DotScale) -> None:
    """Every piece of every series as connected segments in the series' dot pattern; a piece of
    one sample is a dot, non-finite samples break the line."""
    for index, s in enumerate(series):
        pattern = PATTERNS[s.style % len(PATTERNS)]
        for xs, ys in s.pieces:
            px, py = decimate(np.asarray(scale.to_dx(xs), float), np.asarray(scale.to_dy(ys), float))
            ok = np.isfinite(px) & np.isfinite(py)
            counter = 0
            if len(px) == 1 and ok[0]:
                canvas.line(px[0], py[0], px[0], py[0], index, pattern, 0)
            for i in range(len(px) - 1):
                if ok[i] and ok[i + 1]:
                    counter = canvas.line(px[i], py[i], px[i + 1], py[i + 1], index, pattern, counter)


def _place_markers(canvas: Canvas, series: Sequence[Series], scale: DotScale) -> None:
    """The jump end markers inside the limits, over the curves: ● where the value is taken, ○
    where it is not, ◉ where a filled and an open marker of two curves share a cell."""
    cs = canvas.cs
    for index, s in enumerate(series):
        for mx, my, closed in s.markers:
            if not (math.isfinite(mx) and math.isfinite(my) and scale.y0 <= my <= scale.y1 and scale.x0 <= mx <= scale.x1):
                continue
            col = round(float(scale.to_dx(mx))) // cs.dots_x
            row = round(float(scale.to_dy(my))) // cs.dots_y
            if 0 <= row < canvas.rows and 0 <= col < canvas.cols:
                glyph = cs.closed_marker if closed else cs.open_marker
                earlier = canvas.overlay.get((row, col))
                if earlier is not None and earlier[1] != index and earlier[0] != glyph:
                    # an open and a filled marker of two curves in one cell: show both (◉)
                    # instead of letting the later one hide the earlier
                    canvas.overlay[(row, col)] = (cs.both_markers, earlier[1])
                elif earlier is None or earlier[0] != cs.both_markers:
                    canvas.overlay[(row, col)] = (glyph, index)


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
    label_width = _shared_label_width(panels, x_range, charset)
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


# --- legend --------------------------------------------------------------------------------------


def legend_sample(style: int, charset: Charset = UNICODE, length: int = LEGEND_SAMPLE) -> str:
    """What a series looks like, for the legend: a short horizontal line in its pattern (in ASCII,
    its glyph where the pattern is on)."""
    canvas = Canvas(length, 1, charset)
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
