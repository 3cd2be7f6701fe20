"""Titles and formulas set in mathtext: the figure title, a function's formula title and the
formula after a legend label.

Rule: every formula is set with the same spacing (:func:`math_spacing`: a thin space between a
factor and an operator, ``x\\,\\tanh``; full-size fractions, ``\\dfrac``), and every mathtext text
records its plain twin in ``fallbacks`` (used where mathtext cannot be laid out). After the layout,
:func:`keep_inside` shrinks a title that reaches past the figure's edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure

from actplot.activation import Activation
from actplot.views import render

_OPERATORS = ("tanh", "max", "min", "log", "ln", "exp", "sin", "cos", "arctan", "mathrm{erf}", "mathrm{sign}")


def math_spacing(formula: str) -> str:
    """``x \\tanh`` → ``x\\,\\tanh`` (mathtext sets no space after a factor), ``\\frac`` → ``\\dfrac``
    (a title's fractions at full size, not shrunk to subscript height)."""
    import re

    ops = "|".join(re.escape(o) for o in _OPERATORS)
    spaced = re.sub(r"(?<=[A-Za-z0-9)}])\s*\\(" + ops + r")(?![A-Za-z])", r"\\,\\\1", formula)
    return re.sub(r"\\frac(?=\{)", r"\\dfrac", spaced)


def typeset_title(text: str) -> str:
    """A title given as text (``--title``, the gallery's flavour sheets) set by the rule of the
    formula titles: :func:`math_spacing` inside each ``$...$`` (``\\$`` is a literal dollar)."""
    import re

    parts = re.split(r"(?<!\\)\$", text)
    if len(parts) < 3:
        return text
    pairs = len(parts) - 1 - (len(parts) - 1) % 2  # an unpaired last dollar stays text
    return "$".join(math_spacing(p) if i % 2 and i <= pairs else p for i, p in enumerate(parts))


def with_values(act: Activation) -> tuple[str, str]:
    """``$formula$   ($c = 2.5$)`` and its plain twin (the terminal's form of the same text)."""
    formula = math_spacing(act.formula)
    math_text = f"${formula}$" + (f"   (${act.formula_values}$)" if act.formula_values else "")
    return math_text, render._escape_dollars(act.formula_text_with_values)


def title_for(act: Activation, fallbacks: dict[str, str]) -> str:
    """``Title [params]:   $formula$   ($values$)``; the plain text is its fallback."""
    suffix = act.label[len(act.name):].lstrip(":")  # the parameters and flavour of the SPEC
    head = render._escape_dollars(act.spec.title + (f"  [{suffix}]" if suffix else ""))
    math_text, plain_formula = with_values(act)
    plain = head + (f":   {plain_formula}" if act.formula_text else "")
    if not act.formula:
        return plain
    text = f"{head}:   {math_text}"
    fallbacks[text] = plain
    return text


def legend_formula(act: Activation, label: str, fallbacks: dict[str, str]) -> str:
    """``label:  $formula$   ($values$)`` for a legend entry; the bare label is its fallback."""
    if not act.formula:
        return label
    text = f"{label}:  {with_values(act)[0]}"
    fallbacks[text] = label
    return text


def keep_inside(fig: Figure, titles: Sequence[Any]) -> None:
    """A title centred over its axes (not the figure) may still reach past an edge after the
    layout: shrink it until it fits (not below the smallest fitted size)."""
    renderer = render.renderer_of(fig)
    for title in titles:
        for _ in range(8):
            box = title.get_window_extent(renderer)
            if box.x0 >= 0 and box.x1 <= fig.bbox.width:
                break
            size = title.get_fontsize()
            if size <= render.MIN_FIT_POINTS:
                break
            centre = 0.5 * (box.x0 + box.x1)
            room = 2 * min(centre, fig.bbox.width - centre)
            title.set_fontsize(max(render.MIN_FIT_POINTS, size * min(0.95, room / max(box.width, 1e-9))))
