"""The figure plan: which panels, which curves, which styles — decided once, drawn twice.

A :class:`FigurePlan` is pure data built by :func:`build` from what the user asked (functions,
derivative orders, layout, ``--diff``, labels, ``--sharey``). The terminal renderer
(:mod:`actplot.views.terminal`, via :mod:`actplot.views.terminal_view`), the matplotlib renderer
(:mod:`actplot.views.figures`) and the gallery all draw from it, so a rule such as "the Δf′ panel
exists with ``--diff -d``" or "a function keeps one line style in every panel" is written here
and nowhere else. NumPy is not needed; nothing here draws.

The encoding (one rule, stated by every key):

* **several functions**: function *i* has style slot *i* — one colour *and* one dash pattern —
  in every panel (f, f′, f″, Δ); the panel's axis label says which derivative it shows;
* **one function**: the derivative order has the slot — f solid, f′ dashed, f″ dash-dotted —
  overlaid on one axes or stacked in panels of their own;
* **a grid of functions** (a panel per function): the function's colour, and the order's dash.

A slot maps to colour ``slot % 8`` and line style ``slot % 10`` (:func:`colour_index`,
:func:`dash_index`). The ten line styles (dash patterns, the same in files and in the terminal's
dot patterns) separate the first ten functions by line style alone — what grayscale print and a
terminal without colour keep. The (colour, line style) pairs repeat only after lcm(8, 10) = 40
functions (:data:`DISTINCT_STYLES`); in the grayscale theme the eight grey levels are ordered so
that two slots with the same line style (10 apart) always differ in grey as well.

Jump markers get a size per derivative order (f largest), so the ○/● of f and of f′ at the same
point nest instead of hiding each other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from actplot.activation import Activation

COLOUR_COUNT = 8
"""Colours per theme (Okabe–Ito based); the terminal uses the same eight."""
DASH_COUNT = 10
"""Line styles: solid, dashed, dash-dotted, dotted, dash with two dots, long dash, short
dash, sparse dots, long-short dash, dash with three dots (files: matplotlib dash patterns; the
terminal: the same patterns in braille dots)."""
LINE_STYLE_NAMES = ("solid", "dashed", "dash-dotted", "dotted", "dash with two dots", "long dash",
                    "short dash", "sparse dots", "long-short dash", "dash with three dots")
DISTINCT_STYLES = math.lcm(COLOUR_COUNT, DASH_COUNT)
"""Functions in one figure that all get different (colour, line style) pairs; from the next one
on, styles repeat (the command line says so)."""

JUMP_TAKEN = "value taken at a jump"
"""Key words of the filled marker ● at a jump (files and terminal say the same)."""
JUMP_NOT_TAKEN = "value not taken"
"""Key words of the open marker ○ (the other one-sided limit)."""
JUMP_BOTH = "taken by one curve, not by another"
"""Key words of the terminal's ◉: a filled and an open marker of two curves in one character cell."""

PRIMES = ("", "\u2032", "\u2033")
ORDER_SYMBOLS = ("f(x)", "f\u2032(x)", "f\u2033(x)")
DIFF_SYMBOLS = ("\u0394f(x)", "\u0394f\u2032(x)", "\u0394f\u2033(x)")
ORDER_WORDS = ("f", "f\u2032", "f\u2033")

MARKER_SIZES = (6.4, 4.8, 3.4)
"""Jump-marker diameter (points) for f, f′, f″: nested circles, never one hiding the other."""

MANY_FUNCTIONS = 6
"""Beyond this many functions the legend lists names only (formulas would crowd it)."""
LEGEND_BESIDE_FROM = 4
"""From this many functions the overlay legend goes beside the axes, not over the curves."""

Encoding = Literal["function", "order", "function-colour-order-dash"]


def style_repeat_note(count: int) -> str | None:
    """What to tell a user who compares ``count`` functions when some share a style, else None."""
    if count <= DISTINCT_STYLES:
        return None
    return (f"note: {count} functions, {DISTINCT_STYLES} distinct styles: function {DISTINCT_STYLES + 1} on "
            f"repeats the colour and line style of function 1 on (the key still names each)")


def colour_index(slot: int) -> int:
    """Index into a theme's eight colours for style slot ``slot``."""
    return slot % COLOUR_COUNT


def dash_index(slot: int) -> int:
    """Index into the ten line styles for style slot ``slot``."""
    return slot % DASH_COUNT


@dataclass(frozen=True, slots=True)
class SeriesPlan:
    """One curve: f^(order) of function ``act`` (an index into the plan's functions).

    ``colour_slot`` and ``dash_slot`` are equal except in a grid of functions (colour = function,
    dash = order). ``label`` is plain text; ``with_formula`` asks for the formula after it.
    """

    act: int
    order: int
    colour_slot: int
    dash_slot: int
    label: str
    with_formula: bool = False
    band: bool = False


@dataclass(frozen=True, slots=True)
class DifferencePlan:
    """f_act^(order) − f_0^(order), drawn broken at either function's breaks, largest gap marked.

    ``callout``: the largest gap is annotated next to its dot; otherwise it is stated in the label.
    """

    act: int
    order: int
    colour_slot: int
    dash_slot: int
    label: str
    callout: bool


@dataclass(frozen=True, slots=True)
class PanelPlan:
    """One axes (one terminal chart)."""

    kind: Literal["curves", "difference"]
    series: tuple[SeriesPlan | DifferencePlan, ...]
    ylabel: str = ""
    title: str = ""
    user_ylim: bool = False
    """``--ylim`` applies (panels showing f)."""
    robust: bool = False
    """Several curves: an outlier may run off the panel instead of flattening the others."""
    legend: bool = False
    share_group: int | None = None
    """Panels with the same group share their y limits (``--sharey`` in a grid)."""
    height_ratio: float = 1.0
    inset: bool = False
    """Curves that coincide at this scale: draw their difference in an inset."""

    @property
    def primary(self) -> bool:
        return self.height_ratio > 1.0


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """A line of the figure key that is not a curve of a panel (e.g. 'dashed: f′' in a grid)."""

    label: str
    colour_slot: int | None
    """None: the theme's foreground colour (the entry explains a dash, not a colour)."""
    dash_slot: int


@dataclass(frozen=True, slots=True)
class FigurePlan:
    """Everything a renderer needs to know besides the sampled data and the theme."""

    panels: tuple[PanelPlan, ...]
    columns: int
    """1: panels stacked over one x axis; more: a grid of functions, ``columns`` wide."""
    encoding: Encoding
    key: tuple[KeyEntry, ...] = ()
    title_act: int | None = None
    """Show this function's title and formula as the figure title (unless the user gave one)."""
    legend_beside: bool = False
    orders: tuple[int, ...] = (0,)
    diff: bool = False

    def grid_cells(self) -> list[tuple[int, int, int]]:
        """(row, first column, column span) of every panel on a grid of ``2 * columns`` half-cells:
        an incomplete last row is centred, so no cell is left empty."""
        n, cols = len(self.panels), self.columns
        rows = math.ceil(n / cols)
        cells = []
        for i in range(n):
            row, col = divmod(i, cols)
            in_row = cols if row < rows - 1 else n - cols * (rows - 1)
            offset = cols - in_row  # half-cells to shift an incomplete row by
            cells.append((row, 2 * col + offset, 2))
        return cells

    @property
    def rows(self) -> int:
        return math.ceil(len(self.panels) / self.columns)


WINDOW_MARGIN = 0.25
"""A kink at or beyond the default window's edge gets this fraction of the window's width beyond it."""
DECLARED_EDGE = 0.05
"""A declared window is widened only for a kink within this fraction of its width from the edge
(or outside): it was chosen to show the function's kinks, so one well inside stays as it is."""


def default_window(
    acts: Sequence[Activation], base: tuple[float, float], *, auto: bool = False
) -> tuple[float, float]:
    """The x window when the user gives none: the union of the functions' own windows.

    A function's own window is, with ``auto`` (``--range auto``), the one
    :func:`actplot.windows.auto_window` computes from its kinks, saturation, zeros, extrema and
    inflections; otherwise the window its spec declares, or ``base`` if it declares none. A kink
    or jump outside a declared window (moved there by a parameter: hardshrink:lambd=3), or
    within :data:`WINDOW_MARGIN` of ``base``'s edge, widens that window to take it in with
    :data:`WINDOW_MARGIN` of the width to spare (relu6 on the generic [−6, 6] would end exactly at
    its cap). Terminal, files, notebooks and the gallery all take their window from here.
    """
    if not acts:
        return base
    windows = []
    for act in acts:
        if auto:
            from actplot.windows import auto_window

            windows.append(auto_window([act]))
        elif act.spec.window is not None:
            windows.append(_take_in_kinks(act.spec.window, act, near=DECLARED_EDGE))
        else:
            windows.append(_take_in_kinks(base, act, near=WINDOW_MARGIN))
    return (min(w[0] for w in windows), max(w[1] for w in windows))


def _take_in_kinks(window: tuple[float, float], act: Activation, *, near: float) -> tuple[float, float]:
    """``window`` widened so that every kink and jump of ``act`` lies at least ``near`` of the width
    inside it; a widened side reaches :data:`WINDOW_MARGIN` of the width beyond the feature."""
    lo, hi = window
    margin = WINDOW_MARGIN * (hi - lo)
    edge = near * (hi - lo)
    xs = [k.x for k in act.kinks if k.kind in ("kink", "jump") and math.isfinite(k.x)]
    near_hi = [x for x in xs if x > hi - edge]
    near_lo = [x for x in xs if x < lo + edge]
    if near_hi:
        hi = max(hi, max(near_hi) + margin)
    if near_lo:
        lo = min(lo, min(near_lo) - margin)
    return (lo, hi)


def grid_columns(n: int) -> int:
    """Columns for ``n`` panels of a grid: about square, wider than tall."""
    return max(1, math.ceil(math.sqrt(n)))


def build(
    acts: Sequence[Activation],
    *,
    orders: Sequence[int] = (0,),
    layout: str = "overlay",
    diff: bool = False,
    labels: Sequence[str] | None = None,
    sharey: bool = True,
    coincide: bool = False,
) -> FigurePlan:
    """The plan for ``acts`` drawn with derivative ``orders``.

    * one function, ``overlay``: one panel, f/f′/f″ in slots 0/1/2, a legend when it has more than
      one curve (or a shaded band to explain), the formula as title;
    * one function, ``grid``: a panel per order, stacked, same slots;
    * several, ``overlay``: a panel per order (f taller), function *i* in slot *i* throughout,
      its legend once (in the f panel, formulas when at most :data:`MANY_FUNCTIONS`);
    * several, ``grid``: a panel per function (its label as title), ``sharey`` joining their
      y limits, dash per order with a key for it;
    * ``diff`` (several functions): a Δ panel per order — each function minus the first, in its
      slot, broken at jumps; the largest gap called out when there are two functions.
    * ``coincide`` (the caller measured it): the f curves are indistinguishable at the panel's
      scale; without ``diff`` the f panel gets a difference inset.
    """
    acts = list(acts)
    if not acts:
        raise ValueError("a figure plan needs at least one function")
    orders = tuple(dict.fromkeys(orders)) or (0,)
    names = list(labels) if labels is not None else [a.spec_string for a in acts]  # valid SPECs: what the CLI accepts back
    single = len(acts) == 1
    diff = diff and not single
    panels: list[PanelPlan] = []
    key: tuple[KeyEntry, ...] = ()

    if single:
        act = acts[0]
        band = act.spec.band is not None
        series = tuple(SeriesPlan(0, o, o, o, ORDER_SYMBOLS[o], band=(o == 0 and band)) for o in orders)
        if layout == "grid" and len(orders) > 1:
            for s in series:
                panels.append(PanelPlan("curves", (s,), ylabel=ORDER_SYMBOLS[s.order], user_ylim=s.order == 0,
                                        legend=s.band, height_ratio=1.6 if s.order == 0 else 1.0))
            return FigurePlan(tuple(panels), 1, "order", title_act=0, orders=orders)
        panels.append(PanelPlan("curves", series, ylabel="" if len(orders) > 1 else ORDER_SYMBOLS[0],
                                user_ylim=True, legend=len(orders) > 1 or band, height_ratio=1.6))
        return FigurePlan(tuple(panels), 1, "order", title_act=0, orders=orders)

    many = len(acts) > MANY_FUNCTIONS
    if layout == "grid":
        for i, act in enumerate(acts):
            series = tuple(SeriesPlan(i, o, i, o if len(orders) > 1 else 0, ORDER_WORDS[o],
                                      band=(o == 0 and act.spec.band is not None))
                           for o in orders)  # one order: solid (a dash would say "f′" where nothing differs)
            panels.append(PanelPlan("curves", series, title=names[i], user_ylim=True,
                                    share_group=0 if sharey else None))
        if diff:
            for o in orders:
                panels.append(_difference_panel(names, o, len(acts), title=f"{ORDER_WORDS[o]}: difference to {names[0]}",
                                                callout=False))
        if len(orders) > 1:
            key = tuple(KeyEntry(ORDER_WORDS[o], None, o) for o in orders)
        return FigurePlan(tuple(panels), grid_columns(len(panels)), "function-colour-order-dash", key=key,
                          orders=orders, diff=diff)

    for o in orders:
        series = tuple(
            SeriesPlan(i, o, i, i, names[i], with_formula=(o == 0 and labels is None and not many),
                       band=(o == 0 and act.spec.band is not None))
            for i, act in enumerate(acts)
        )
        panels.append(PanelPlan("curves", series, ylabel=ORDER_SYMBOLS[o], user_ylim=o == 0, robust=len(acts) >= 3,
                                legend=o == orders[0], height_ratio=1.6 if o == orders[0] else 1.0,
                                inset=coincide and not diff and o == orders[0]))
    if diff:
        for o in orders:
            panels.append(_difference_panel(names, o, len(acts), title=f"difference to {names[0]}" if o == orders[0] else "",
                                            callout=len(acts) == 2))
    return FigurePlan(tuple(panels), 1, "function", legend_beside=len(acts) >= LEGEND_BESIDE_FROM, orders=orders,
                      diff=diff)


def _difference_panel(names: Sequence[str], order: int, count: int, *, title: str, callout: bool) -> PanelPlan:
    series = tuple(
        DifferencePlan(i, order, i, i, f"{names[i]}{PRIMES[order]} \u2212 {names[0]}{PRIMES[order]}", callout)
        for i in range(1, count)
    )
    return PanelPlan("difference", series, ylabel=DIFF_SYMBOLS[order], title=title, legend=True)


def key_sentence(plan: FigurePlan) -> str:
    """The encoding in words (for docs, the gallery page and alt texts)."""
    if plan.encoding == "order":
        return "one colour and line style per derivative: solid f, dashed f\u2032, dash-dotted f\u2033"
    if plan.encoding == "function":
        return ("one colour and line style per function, the same in every panel; "
                "each panel's axis label names the derivative it shows")
    return "one colour per function (one panel each); line style per derivative: solid f, dashed f\u2032, dash-dotted f\u2033"
