"""The matplotlib renderer of a :class:`actplot.views.plan.FigurePlan` (imported only to draw files).

:func:`draw` assembles a figure from a plan, in this order: the axes (:mod:`.axes`), each panel's
series (:mod:`.curves`), the y limits, then each panel's curves, markers (:mod:`.markers`), frame,
title and legend, the insets (:mod:`.insets`), the figure title (:mod:`.titles`) and the key under
the figure; after the layout, the y labels are fitted, the callouts (:mod:`.callouts`) and legends
(:mod:`.legends`) placed where they hide nothing, and centred axes' tick labels cleared. The rules
live in those modules; this one only decides the order, which the layout needs: a legend can be
checked against the data only once everything is drawn and laid out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from actplot.activation import Activation
from actplot.errors import ActplotError
from actplot.views import axes, callouts, curves, figure_options, insets, legends, markers, render, styles
from actplot.views import plan as planning
from actplot.views.drawn_panel import DrawnPanel
from actplot.views.titles import keep_inside, title_for, typeset_title


def _line_width(options: figure_options.FigureOptions) -> float:
    """Curve width in points: the user's ``--line-width``, else 1.7."""
    return float(options.line_width) if options.line_width is not None else 1.7


def draw(
    fig_plan: planning.FigurePlan,
    acts: Sequence[Activation],
    *,
    x_range: tuple[float, float],
    points: int,
    options: figure_options.FigureOptions,
    figure: Figure | None = None,
    ax: Any = None,
) -> Figure:
    """Draw ``fig_plan`` on a new Figure, on ``figure`` (cleared), or into the user's ``ax``
    (a one-panel plan only; the user's figure keeps its own size, layout and title)."""
    th = styles.theme(options.theme)
    font = float(options.font_size) if options.font_size is not None else 9.5
    lw = _line_width(options)
    fallbacks: dict[str, str] = {}
    title = typeset_title(options.title) if options.title is not None else None
    if title is not None and options.title_fallback is not None:
        fallbacks[title] = options.title_fallback
    labels = [render._escape_dollars(s) for s in options.labels] if options.labels else [
        render._escape_dollars(a.spec_string) for a in acts]
    rc: Any = styles._rc(th, font_size=font, line_width=lw)
    with matplotlib.rc_context(rc):
        if ax is not None:
            if len(fig_plan.panels) != 1:
                raise ActplotError(
                    f"ax= takes a figure of one panel; this one has {len(fig_plan.panels)} "
                    "(leave out ax=, or plot one derivative order without --diff)"
                )
            fig = ax.figure
            axes_list = [ax]
        else:
            fig = render._new_figure(options, th, figure)
            axes_list = axes.make_axes(fig, fig_plan)
        targets = [DrawnPanel(a, p) for a, p in zip(axes_list, fig_plan.panels)]
        for target in targets:
            curves.add_series(target, fig_plan, acts, labels, x_range, points, th, fallbacks, font, lw)
        render._check_finite_values([v for t in targets for v in t.values], acts, fig_plan.orders, x_range)
        axes.set_limits(targets, options)
        titles: list[Any] = []
        jumps = any(not m.diamond for t in targets for m in t.markers)
        for target in targets:
            in_user_axes = ax is not None and jumps  # the user's axes: the jump key joins its legend
            _finish(target, fig_plan, options, th, x_range, font, fallbacks, labels,
                    markers.jump_key(th) if in_user_axes else ())
        for target in targets:
            if target.panel.inset:
                insets.add_inset(target, acts, x_range, points, th, font, lw)
        axes.x_labels(targets, fig_plan, th)
        if ax is None:
            on_axes = len(targets) == 1 and fig_plan.title_act is not None  # one function, one panel
            if title is not None:
                titles.append(targets[0].ax.set_title(title, color=th.foreground) if on_axes
                              else fig.suptitle(title, color=th.foreground))
            elif fig_plan.title_act is not None:
                act = acts[fig_plan.title_act]
                head = labels[0] if options.labels is not None else title_for(act, fallbacks)
                titles.append(targets[0].ax.set_title(head, color=th.foreground) if on_axes
                              else fig.suptitle(head, color=th.foreground))
            if fig_plan.key or jumps:
                handles = [legends.key_handle(e, th, lw) for e in fig_plan.key] + (markers.jump_key(th) if jumps else [])
                legends.figure_key(fig, handles, font, th)
            render._layout_with_fallbacks(fig, fallbacks, titles)
            axes.fit_ylabels(fig, targets)
            callouts.place_callouts(fig, targets)
            legends.place_legends(fig, targets, relayout=True, titles=titles)
            axes.fit_ylabels(fig, targets)
            callouts.place_callouts(fig, targets, avoid_legends=True)
            keep_inside(fig, titles)
            if options.centered_axes:
                for target in targets:
                    axes.clear_tick_labels(target.ax, th, options.grid)
            render.finish_at_dpi(fig, options)
        else:  # the user's axes: a title on it, their figure's layout is theirs to run
            if title is not None or fig_plan.title_act is not None:
                head = title if title is not None else (
                    labels[0] if options.labels is not None else title_for(acts[fig_plan.title_act or 0], fallbacks))
                ax.set_title(head, color=th.foreground)
            legends.place_legends(fig, targets, relayout=False)
    return fig


def _finish(target: DrawnPanel, fig_plan: planning.FigurePlan, options: figure_options.FigureOptions, th: styles.Theme,
            xr: tuple[float, float], font: float, fallbacks: dict[str, str], labels: list[str],
            extra_handles: Sequence[Any] = ()) -> None:
    """One panel once its limits are known: its curves and markers drawn, its frame, its title and
    its legend (``extra_handles``: the jump key, in the user's own axes)."""
    ax, panel, limits = target.ax, target.panel, target.limits
    for draw_step in target.draws:
        draw_step(limits)
    markers.draw_markers(ax, target.markers, xr, limits, th)
    axes.frame_panel(target, xr, options, th)
    if panel.title:
        ax.set_title(panel.title, color=th.foreground, loc="left", fontsize=font)
    legends.add_panel_legend(ax, panel, fig_plan.legend_beside, th, font, fallbacks, extra_handles)
