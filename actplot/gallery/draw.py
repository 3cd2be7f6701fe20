"""Drawing one gallery item onto a matplotlib Figure, with the same views as ``actplot plot``.

A function's figure shows f, f′ and f″ (f″ only where it is not identically zero on the window),
one curve per flavor group where frameworks disagree (:mod:`actplot.gallery.flavors`). A family
sheet shows f (or f′) of every member as small multiples, each panel on its own y scale: one
outlier (soft_exponential to 40) would otherwise flatten the others, and seven rectifiers would
tangle on one line for x > 0.

matplotlib is imported only inside the functions that draw (through :mod:`actplot.views.render`),
so planning and the command's start-up stay light.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from actplot import registry
from actplot.activation import Activation
from actplot.gallery.flavors import flavor_groups
from actplot.gallery.plan import FAMILY_DERIVATIVE, Item, Settings

if TYPE_CHECKING:
    from matplotlib.figure import Figure

X_RANGE: tuple[float, float] = (-6.0, 6.0)
"""The window of a function that declares none (see :func:`actplot.views.plan.default_window`)."""
POINTS = 801
FUNCTION_SIZE: tuple[float, float] = (7.0, 4.6)
FLAVOR_SIZE: tuple[float, float] = (7.0, 5.6)
"""Figures with flavor groups are taller: their legend lists one labelled group per line."""
FAMILY_SIZE: tuple[float, float] = (9.0, 5.2)
FAMILY_ROW_INCHES = 1.75
"""Height of one row of a family sheet's small multiples (plus room for the title)."""


def item_size(item: Item) -> tuple[float, float]:
    """Figure size in inches: family sheets are wider and grow a row of panels at a time,
    figures with flavor groups are taller."""
    if item.is_family_sheet:
        from actplot.views.plan import grid_columns

        rows = math.ceil(len(item.names) / grid_columns(len(item.names)))
        return (FAMILY_SIZE[0], round(0.7 + FAMILY_ROW_INCHES * rows, 2))
    return FLAVOR_SIZE if len(flavor_groups(registry.lookup(item.key))) > 1 else FUNCTION_SIZE


def draw_item(item: Item, settings: Settings, figure: Figure | None = None) -> Figure:
    """The Figure for ``item`` (drawn on ``figure``, cleared, when given)."""
    if item.is_family_sheet:
        return _draw_family_sheet(item, settings, figure)
    return _draw_function(item, settings, figure)


def _draw_family_sheet(item: Item, settings: Settings, figure: Figure | None) -> Figure:
    from actplot.views import figure_options, render
    from actplot.views.plan import default_window

    acts = [registry.get(name) for name in item.names]
    order = 1 if item.kind == FAMILY_DERIVATIVE else 0
    options = figure_options.FigureOptions(
        theme=settings.theme,
        size=item_size(item),
        dpi=settings.dpi,
        title=f"{item.key} family" + (": f′(x)" if order else ": f(x)"),
        labels=tuple(item.names),
        layout="grid",
        sharey=False,
    )
    return render.plot_figure(acts, x_range=default_window(acts, X_RANGE), points=POINTS, orders=(order,),
                              options=options, figure=figure)


def _draw_function(item: Item, settings: Settings, figure: Figure | None) -> Figure:
    from actplot.views import figure_options, render
    from actplot.views.plan import default_window

    spec = registry.lookup(item.key)
    groups = flavor_groups(spec)
    acts = [g.act for g in groups]
    window = default_window(acts, X_RANGE)
    orders = (0, 1, 2) if second_derivative_helps(acts) else (0, 1)
    if len(groups) == 1:
        options = figure_options.FigureOptions(theme=settings.theme, size=FUNCTION_SIZE, dpi=settings.dpi)
        return render.plot_figure(acts, x_range=window, points=POINTS, orders=orders, options=options, figure=figure)
    head = _dollar_safe(spec.title)
    plain = f"{head}:   {_dollar_safe(spec.formula_text)}   (flavours differ)"
    options = figure_options.FigureOptions(
        theme=settings.theme,
        size=FLAVOR_SIZE,
        dpi=settings.dpi,
        title=f"{head}:   ${spec.formula}$   (flavours differ)" if spec.formula else plain,
        title_fallback=plain,
        labels=tuple(g.label for g in groups),
    )
    return render.plot_figure(acts, x_range=window, points=POINTS, orders=orders, options=options, figure=figure)


def second_derivative_helps(acts: Sequence[Activation]) -> bool:
    """True if f″ is not identically zero on the gallery window for some of ``acts``
    (a panel of zeros for relu or hard_tanh would say nothing)."""
    x = np.linspace(X_RANGE[0], X_RANGE[1], 241)
    for act in acts:
        with np.errstate(all="ignore"):
            d2 = np.asarray(act.derivative(x, order=2), dtype=np.float64)
        finite = d2[np.isfinite(d2)]
        if finite.size and float(np.max(np.abs(finite))) > 1e-12:
            return True
    return False


def _dollar_safe(text: str) -> str:
    """A literal ``$`` in a mathtext title would open math mode."""
    return text.replace("$", r"\$")
