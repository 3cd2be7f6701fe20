"""The terminal view of ``plot`` and ``compare``: what the output shows, around the charts.

The plan (:class:`actplot.views.plan.FigurePlan`) decides the panels, the curves and their style
slots, exactly as for files; this module samples the curves, turns the plan into chart panels for
:mod:`actplot.views.terminal` (which lays them out), and adds what only a terminal needs: the
header with the formula, chart heights that follow the terminal's height, the key values under a
single function's chart, and the ``--diff`` report.

Rule: decisions about content and sizes live here, drawing lives in :mod:`actplot.views.terminal`
and below. NumPy only; never matplotlib.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot import sampling
from actplot.text import format_interval, format_value, wrap_words
from actplot.views import plan as planning
from actplot.views import terminal
from actplot.views.braille import Charset
from actplot.views.styled_lines import Line

if TYPE_CHECKING:
    from actplot.activation import Activation

MIN_PRIMARY_ROWS, MAX_PRIMARY_ROWS = 6, 40
"""Rows of the f chart: at least 6 (24 braille dots: a shape and three y ticks to read), at most
40 (beyond, a terminal gains nothing)."""
MIN_OTHER_ROWS, MAX_OTHER_ROWS = 4, 24
"""Rows of a derivative or difference chart: at least 4 (16 dots, two y ticks)."""
DEFAULT_TERMINAL_ROWS = 25
"""Height assumed when the terminal cannot say (a pipe without LINES)."""
PROMPT_ROWS = 1
"""Rows left free under the output for the shell's next prompt."""


MAX_TERMINAL_ROWS = 10_000
"""A ``LINES`` beyond this is taken as this (the charts stop growing long before)."""


def terminal_rows() -> int | None:
    """The terminal's height in lines: ``LINES`` if it is a whole number, else the size of the
    terminal on stdout, else None (a pipe: :data:`DEFAULT_TERMINAL_ROWS` applies)."""
    import os
    import sys

    text = os.environ.get("LINES", "").strip()
    if text.isascii() and text.isdigit():
        return min(int(text[:6]), MAX_TERMINAL_ROWS) or None
    try:
        if sys.stdout is not None and sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).lines or None
    except (OSError, ValueError, AttributeError):
        return None
    return None


@dataclass(frozen=True)
class TerminalRequest:
    """What the terminal view needs of the shared plot/compare options."""

    x_range: tuple[float, float]
    points: int | None = None
    ylim: tuple[float, float] | None = None
    title: str | None = None
    layout: str = "overlay"
    sharey: bool = True


def chart_heights(fig_plan: planning.FigurePlan, terminal_rows: int, reserved: int) -> list[int]:
    """Rows per chart so that the whole output fits ``terminal_rows``: what is left after the
    ``reserved`` lines (header, chart titles, axes, legend, keys, notes and the prompt's line) is
    shared in the plan's height ratios, each chart within its limits. Below the minimum heights
    the output is taller than the terminal (it scrolls) rather than unreadable."""
    available = max(0, terminal_rows - reserved)
    ratios = [p.height_ratio for p in fig_plan.panels]
    total = sum(ratios) or 1.0
    lows = [MIN_PRIMARY_ROWS if panel.primary or len(fig_plan.panels) == 1 else MIN_OTHER_ROWS
            for panel in fig_plan.panels]
    highs = [MAX_PRIMARY_ROWS if panel.primary or len(fig_plan.panels) == 1 else MAX_OTHER_ROWS
             for panel in fig_plan.panels]
    heights = [min(max(int(available * ratio / total), low), high) for ratio, low, high in zip(ratios, lows, highs)]
    spare = available - sum(heights)  # rounding down leaves rows: give them out, largest share first
    order = sorted(range(len(heights)), key=lambda i: -ratios[i])
    while spare > 0 and any(heights[i] < highs[i] for i in order):
        for i in order:
            if spare > 0 and heights[i] < highs[i]:
                heights[i] += 1
                spare -= 1
    return heights


def terminal_lines(
    acts: Sequence[Activation],
    orders: tuple[int, ...],
    request: TerminalRequest,
    *,
    width: int,
    height: int | None,
    charset: Charset,
    diff: bool = False,
    gap_lines: Sequence[str] = (),
) -> list[Line]:
    """The whole terminal output of a plot or comparison, as styled lines."""
    acts = list(acts)
    lo, hi = request.x_range
    points = request.points or max(2, width * charset.dots_x)
    fig_plan = planning.build(acts, orders=orders, layout=request.layout, diff=diff, sharey=request.sharey)
    single = len(acts) == 1

    header: list[Line] = [[(request.title, "bold")]] if request.title else []
    if single:
        header.extend(_single_header(acts[0], orders, width))
    curves: dict[tuple[int, int], Any] = {}
    legend: list[terminal.Series] = []
    if single:
        legend = [terminal.Series(planning.ORDER_SYMBOLS[o], (), (), style=o) for o in orders]
    elif fig_plan.encoding == "function":
        legend = [terminal.Series(f"{act.label}   {act.formula_text_with_values}", (), (), style=i)
                  for i, act in enumerate(acts)]
    else:
        legend = [terminal.Series(k.label, (), (), style=k.dash_slot, colour=-1) for k in fig_plan.key]
    notes = [wrapped for text in gap_lines for wrapped in wrap(text, width)]

    charts: list[terminal.Panel] = []
    for panel in fig_plan.panels:
        series = []
        for s in panel.series:
            curve: Any
            if isinstance(s, planning.DifferencePlan):
                with np.errstate(all="ignore"):
                    curve = sampling.difference_curve(acts[0], acts[s.act], lo, hi, points=max(points, 2), order=s.order)
                label = s.label
            else:
                with np.errstate(all="ignore"):
                    curve = sampling.sample_curve(acts[s.act], lo, hi, points, s.order)
                curves[(s.act, s.order)] = curve
                label = acts[s.act].label + planning.PRIMES[s.order]
            colour = s.colour_slot if s.colour_slot != s.dash_slot else None
            series.append(terminal.Series.from_curve(curve, label, style=s.dash_slot, colour=colour))
        ylim = request.ylim if panel.user_ylim else None
        charts.append(terminal.Panel(tuple(series), title=_chart_title(panel, fig_plan, acts), ylim=ylim))
    if request.sharey and fig_plan.encoding == "function-colour-order-dash":
        charts = _share_y(charts, fig_plan, request.x_range)
    keys: list[Line] = [[(t, None)] for t in key_values(acts[0], orders, curves, (lo, hi), width)] if single else []

    def assemble(heights: Sequence[int], compact: bool) -> list[Line]:
        sized = [terminal.Panel(p.series, title=p.title, ylim=p.ylim, height=h) for p, h in zip(charts, heights)]
        out: list[Line] = list(header)
        out.extend(terminal.render(sized, width=width, x_range=(lo, hi), charset=charset, legend=legend,
                                   legend_one_per_line=not single, compact=compact))
        out.extend(keys)
        out.extend([(text, None)] for text in notes)
        return out

    # everything but the chart rows takes as many lines whatever the heights: measure it once;
    # a terminal too short for the charts at their minimum heights gets the compact stack
    rows = height or DEFAULT_TERMINAL_ROWS
    trial = [MIN_OTHER_ROWS] * len(charts)
    reserved = len(assemble(trial, False)) - sum(trial) + PROMPT_ROWS
    compact = len(charts) > 1 and reserved + sum(chart_heights(fig_plan, 0, 0)) > rows
    if compact:
        reserved = len(assemble(trial, True)) - sum(trial) + PROMPT_ROWS
    return assemble(chart_heights(fig_plan, rows, reserved), compact)


def wrap(text: str, width: int, indent: str = "  ") -> list[str]:
    """A note in lines of at most ``width`` characters (:func:`actplot.text.wrap_words`),
    continuation lines indented."""
    return wrap_words(text, max(width, 20), indent)


def _chart_title(panel: planning.PanelPlan, fig_plan: planning.FigurePlan, acts: Sequence[Activation]) -> str:
    """What a chart says above itself: nothing for a lone chart, the derivative it shows, the
    function of a grid panel (with its formula), or what a difference panel subtracts."""
    if panel.kind == "difference":
        order = panel.series[0].order
        return f"{panel.ylabel}   difference of {planning.ORDER_WORDS[order]} against {acts[0].label}"
    if fig_plan.encoding == "function-colour-order-dash":
        act = acts[panel.series[0].act]
        return f"{act.label}   {act.formula_text_with_values}"
    if len(fig_plan.panels) == 1:
        return ""
    return panel.ylabel


def _share_y(panels: list[terminal.Panel], fig_plan: planning.FigurePlan,
             x_range: tuple[float, float]) -> list[terminal.Panel]:
    """``--sharey`` in a grid: the function panels get one y range (the union of theirs)."""
    group = [i for i, p in enumerate(fig_plan.panels) if p.share_group is not None]
    if not group or any(panels[i].ylim is not None for i in group):
        return panels
    limits = [terminal.data_limits(panels[i], x_range) for i in group]
    found = [lim for lim in limits if lim is not None]
    if not found:
        return panels
    shared = (min(lim[0] for lim in found), max(lim[1] for lim in found))
    out = list(panels)
    for i in group:
        p = panels[i]
        out[i] = terminal.Panel(p.series, title=p.title, ylim=shared, height=p.height)
    return out


def _single_header(act: Activation, orders: tuple[int, ...], width: int) -> list[Line]:
    formulas = [act.formula_text_with_values] + ([act.derivative_formula_text] if len(orders) > 1 else [])
    indent = len(act.label) + 3
    plain: list[Line]
    if indent + max(len(f) for f in formulas) > width:
        plain = [[("  " + f, None)] for f in formulas]
        return [[(act.label, "bold")], *plain]
    plain = [[(" " * indent + f, None)] for f in formulas[1:]]
    return [[(act.label, "bold"), ("   " + formulas[0], None)], *plain]


def key_values(
    act: Activation, orders: tuple[int, ...], curves: dict[Any, Any], x_range: tuple[float, float], width: int
) -> list[str]:
    """f(0), f'(0), f''(0); the range of f on the interval; kinks and jumps inside it."""
    from actplot.notation import image_text
    from actplot.properties import window_image, window_range
    from actplot.shape import Image

    lo, hi = x_range
    items = []
    with np.errstate(all="ignore"):
        for o in orders:
            at_zero = float(act(0.0) if o == 0 else act.derivative(0.0, order=o))
            items.append(f"f{planning.PRIMES[o]}(0) = {format_value(at_zero)}")
    curve = curves.get((0, 0)) or sampling.sample_curve(act, lo, hi, 201, 0)
    finite = curve.finite_values()
    if finite.size:
        # exact, not the chart's width-dependent samples; with a jump inside, its image (one pass)
        with np.errstate(all="ignore"):
            if any(k.kind == "jump" and lo < k.x < hi for k in act.kinks):
                image = window_image(act, (lo, hi))
                low, high = image.low, image.high
            else:
                image = Image()
                low, high = window_range(act, (lo, hi))
        # a jump that leaves a gap reads "{0} ∪ (1, 6]", not "0 .. 6"
        span = image_text(image) if len(image.pieces) > 1 else f"{format_value(low)} .. {format_value(high)}"
        everywhere = finite.size == sum(p.y.size for p in curve.pieces) + len(curve.markers)
        items.append(f"f on {format_interval(lo, hi)}: {span}" + ("" if everywhere else " where finite"))
    inside = [k for k in act.kinks if lo <= k.x <= hi]
    for kink in inside[:4]:
        if kink.kind == "jump":
            items.append(f"jump at x = {format_value(kink.x)}: f({format_value(kink.x)}) = {format_value(float(act(kink.x)))}")
        elif kink.kind == "kink":
            rule = kink.side_for(act.effective_flavor)
            side = f"{rule} limit" if isinstance(rule, str) else "recorded value"
            slope = format_value(float(act.derivative(kink.x)))
            items.append(f"kink at x = {format_value(kink.x)}: f\u2032({format_value(kink.x)}) = {slope} "
                         f"({side}, {act.effective_flavor})")
    if len(inside) > 4:
        items.append(f"{len(inside) - 4} more kinks: actplot info {act.name}")
    return pack(items, width)


def pack(items: list[str], width: int, gap: str = "   ") -> list[str]:
    """Items joined by ``gap`` into lines no wider than ``width`` (an item longer than that alone)."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + len(gap) + len(item) <= width:
            lines[-1] += gap + item
        else:
            lines.append(item)
    return lines


def gap_lines(
    acts: Sequence[Activation], orders: tuple[int, ...], x_range: tuple[float, float], points: int | None = None
) -> list[str]:
    """The largest |g − f| (and |g′ − f′| with -d) of every other activation against the first, and
    the whole set of x where it is reached (:attr:`actplot.sampling.Difference.place`), in the
    notation of the figures (− signs; the output stream folds them where it is ASCII-only)."""
    from actplot import notation

    grid_points = max(points or 0, sampling.DIFFERENCE_POINTS)  # the grid the drawn difference panel uses
    first = acts[0]
    lines = []
    lo, hi = x_range
    window = _interval_text(lo, hi)
    for other in acts[1:]:
        for order in orders:
            mark = planning.PRIMES[order]
            with np.errstate(all="ignore"):
                d = sampling.difference(first, other, lo, hi, points=grid_points, order=order)
            what = f"|{other.label}{mark} {notation.MINUS} {first.label}{mark}|"
            if math.isnan(d.gap):
                lines.append(f"largest {what}: not finite anywhere on {window}")
            elif d.gap == 0:
                lines.append(f"largest {what} = 0: identical on {window}")
            else:
                lines.append(f"largest {what} = {notation.number(d.gap, 3)} {d.place} (on {window})")
    return lines


def _interval_text(lo: float, hi: float) -> str:
    """:func:`actplot.text.format_interval` with − signs."""
    return format_interval(lo, hi).replace("-", "\u2212")
