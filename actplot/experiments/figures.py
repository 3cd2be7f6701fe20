"""Figures of experiment records (matplotlib, imported only here and only when a file is drawn).

Each panel shows the median over seeds per function with a shaded min–max band; quantities
spanning orders of magnitude use a log y axis. Figures are ``matplotlib.figure.Figure`` objects
(never pyplot), turned into bytes by :func:`actplot.views.export.figure_bytes` and written atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.experiments.records import Record, curve, functions, nonfinite_layers, per_seed, without_nonfinite_layers

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
DASHES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)))
"""Function i is drawn in colour i mod 8 and dash (i // 8) mod 5: 40 functions before a repeat."""
SIGNAL_PANELS = (
    ("act_second_moment", "E[a²]", True),
    ("act_mean", "mean activation", False),
    ("act_var", "activation variance", True),
    ("grad_norm", "back-propagated gradient norm", True),
    ("dead_fraction", "dead units (fraction)", False),
)
TRAIN_PANELS = (
    ("train_loss", "training loss", True),
    ("test_accuracy", "test accuracy", False),
    ("dead_fraction", "dead hidden units (fraction)", False),
    ("grad_norm_layers", "weight-gradient norm per layer", True),
)
LAYER_STYLES = ((0, "first hidden layer", "-"), (-2, "last hidden layer", "--"), (-1, "read-out", ":"))
"""The gradient-norm panel of a training figure: which layers (positions in the list 1..K of
layers, K the read-out) and their line styles."""


def _new_figure(size: tuple[float, float]) -> Figure:
    from actplot import _mpl_startup

    _mpl_startup.prepare_command_process()
    from matplotlib.figure import Figure

    return Figure(figsize=size, dpi=100, layout="constrained")


def _style(i: int) -> dict[str, Any]:
    return {"color": COLORS[i % len(COLORS)], "linestyle": DASHES[(i // len(COLORS)) % len(DASHES)]}


def _diverged(records: Sequence[Record], name: str) -> tuple[int, int, int]:
    """(runs that diverged, runs, earliest divergence epoch) of one function."""
    epochs = per_seed(records, name, "diverged_epoch")
    runs = len({r.seed for r in records if r.function == name})
    return len(epochs), runs, int(min(epochs.values())) if epochs else 0


def curves_figure(records: Sequence[Record], panels: Sequence[tuple[str, str, bool]], *, title: str,
                  x_label: str) -> Figure:
    """A grid of median curves with min–max bands, one colour (and dash) per function; a shared
    legend below the grid, so it never covers a curve. Runs that diverged (train) are named in
    the legend and marked ✕ at their epoch; layers after a signal overflow are left blank and the
    first non-finite layer is marked."""
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    cut = nonfinite_layers(records)
    shown = without_nonfinite_layers(records, cut)
    last_step = max((r.step for r in records), default=1)
    columns = 3 if len(panels) > 4 else 2
    rows = -(-len(panels) // columns)
    fig = _new_figure((4.6 * columns, 3.4 * rows + 0.9))
    axes = np.atleast_1d(fig.subplots(rows, columns)).ravel()
    names = functions(records)
    divergence = {name: _diverged(records, name) for name in names}
    handles: list[Any] = []
    for i, name in enumerate(names):
        count, runs, epoch = divergence[name]
        label = name if not count else f"{name}: {count} of {runs} runs diverged (first at epoch {epoch})"
        overflowed = [layer for (fn, _seed), layer in cut.items() if fn == name]
        if overflowed:
            label = f"{name}: non-finite from layer {min(overflowed)} in {len(overflowed)} of {runs} runs"
        handles.append(Line2D([], [], lw=1.6, label=label, **_style(i)))
    for ax, (metric, label, log) in zip(axes, panels):
        positive: list[float] = []
        plotted = False
        if metric == "grad_norm_layers":
            plotted = _layer_gradients(ax, shown, names, positive)
        else:
            for i, name in enumerate(names):
                c = curve(shown, name, metric)
                if not c.steps.size:
                    continue
                median, low, high = c.median, c.low, c.high
                if log:
                    with np.errstate(all="ignore"):
                        keep = np.isfinite(median) & (median > 0)
                    median = np.where(keep, median, np.nan)
                    low = np.where(keep & (low > 0), low, np.nan)
                    high = np.where(keep & (high > 0), high, np.nan)
                ax.plot(c.steps, median, lw=1.6, **_style(i))
                ax.fill_between(c.steps, low, high, color=_style(i)["color"], alpha=0.18, lw=0)
                plotted = plotted or bool(np.isfinite(median).any())
                positive.extend(float(v) for v in median[np.isfinite(median) & (median > 0)])
        if log and positive and max(positive) / min(positive) > 20:  # a log axis only when it spans decades
            ax.set_yscale("log")
        if metric == "dead_fraction":
            ax.set_ylim(-0.02, max(0.1, ax.get_ylim()[1]))
        for i, name in enumerate(names):
            count, _runs, epoch = divergence[name]
            if count:  # where training stopped being finite
                ax.plot([epoch], [1.0], marker="x", ms=8, mew=2, color=_style(i)["color"], clip_on=False,
                        transform=ax.get_xaxis_transform())
        for layer in sorted(set(cut.values())):
            ax.axvline(layer, color="#888888", lw=0.8, ls=":")
        if cut and metric == panels[0][0]:
            ax.text(min(cut.values()), 0.98, " non-finite from here (see the key)", transform=ax.get_xaxis_transform(),
                    ha="left", va="top", fontsize=8, color="#555555")
        if not plotted:
            ax.text(0.5, 0.5, "no finite values (overflow, underflow or divergence)", transform=ax.transAxes,
                    ha="center", va="center", fontsize=9, color="#666666")
        ax.set_xlim(1, max(2, last_step))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(label, fontsize=10)
        ax.set_xlabel(x_label)
        ax.grid(True, alpha=0.3)
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 3), fontsize=8, frameon=False)
    fig.suptitle(title, fontsize=11)
    return fig


def _layer_gradients(ax: Any, records: Sequence[Record], names: Sequence[str], positive: list[float]) -> bool:
    """Weight-gradient norms of the first hidden layer, the last hidden layer and the read-out:
    colour = function, line style = layer (a key in the panel says which)."""
    from matplotlib.lines import Line2D

    layers = sorted({int(r.metric.removeprefix("grad_norm_layer")) for r in records
                     if r.metric.startswith("grad_norm_layer") and r.metric.removeprefix("grad_norm_layer").isdigit()})
    if not layers:
        return False
    plotted = False
    chosen: dict[int, tuple[str, Any]] = {}
    for index, text, dash in LAYER_STYLES:  # with one hidden layer, "first" and "last hidden" coincide
        if -len(layers) <= index < len(layers):
            chosen.setdefault(layers[index], (text, dash))
    for i, name in enumerate(names):
        for layer, (_text, dash) in chosen.items():
            c = curve(records, name, f"grad_norm_layer{layer}")
            if not c.steps.size:
                continue
            with np.errstate(all="ignore"):
                median = np.where(np.isfinite(c.median) & (c.median > 0), c.median, np.nan)
            ax.plot(c.steps, median, lw=1.3, color=_style(i)["color"], linestyle=dash)
            plotted = plotted or bool(np.isfinite(median).any())
            positive.extend(float(v) for v in median[np.isfinite(median)])
    key = [Line2D([], [], color="#444444", lw=1.3, linestyle=dash, label=f"{text} ({layer})")
           for layer, (text, dash) in chosen.items()]
    ax.legend(handles=key, fontsize=7, loc="lower left", framealpha=0.8)
    return plotted


def speed_figure(records: Sequence[Record], *, title: str) -> Figure:
    """Grouped bars: time per element of f, f′ and f+f′ as a ratio to relu (median over repeats)."""
    fig = _new_figure((9, 4.5))
    ax = fig.subplots()
    names = functions(records)
    kinds = (("f", "f"), ("df", "f′"), ("f_df", "f+f′"))
    width = 0.8 / len(kinds)
    x = np.arange(len(names))
    for k, (kind, label) in enumerate(kinds):
        values = [float(np.median(list(per_seed(records, n, f"{kind}_ratio").values()))) for n in names]
        ax.bar(x + (k - 1) * width, values, width, label=label, color=COLORS[k])
    ax.axhline(1.0, color="#444444", lw=0.8)
    ax.set_xticks(x, names, rotation=20)
    ax.set_ylabel("time per element ÷ relu's")
    ax.legend(fontsize=8)
    ax.grid(True, axis="y", alpha=0.3)
    ax.set_title(title, fontsize=11)
    return fig


def figure_data(fig: Figure, fmt: str, salt: str) -> bytes:
    from actplot.views import export

    return export.figure_bytes(fig, fmt, salt=salt)


def write_figure(fig: Figure, path: str | Path, fmt: str, *, salt: str) -> None:
    """The figure as ``fmt`` bytes, written atomically (nothing half-written on any failure)."""
    from actplot import _files

    _files.write_atomic(Path(path), figure_data(fig, fmt, salt))


def image_format(path: str) -> str | None:
    """png, svg or pdf from the file name's extension, else None."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in ("png", "svg", "pdf") else None


def draw(kind: str, records: Sequence[Record], title: str) -> Any:
    if kind == "signal":
        return curves_figure(records, SIGNAL_PANELS, title=title, x_label="layer")
    if kind == "train":
        return curves_figure(records, TRAIN_PANELS, title=title, x_label="epoch")
    return speed_figure(records, title=title)
