"""Figures of experiment records (matplotlib, imported only here and only when a file is drawn).

Each panel shows the median over seeds per function with a shaded min–max band; quantities
spanning orders of magnitude use a log y axis. Figures are ``matplotlib.figure.Figure`` objects
(never pyplot), turned into bytes by :func:`actplot.views.render.figure_bytes` and written atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.experiments.records import Record, curve, functions, per_seed

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
SIGNAL_PANELS = (
    ("act_second_moment", "E[a²]", True),
    ("act_mean", "mean activation", False),
    ("grad_norm", "back-propagated gradient norm", True),
    ("dead_fraction", "dead units (fraction)", False),
)
TRAIN_PANELS = (
    ("train_loss", "training loss", True),
    ("test_accuracy", "test accuracy", False),
    ("dead_fraction", "dead hidden units (fraction)", False),
    ("grad_norm_layer1", "gradient norm, first layer", True),
)


def _new_figure(size: tuple[float, float]) -> Figure:
    from actplot import _mpl_startup

    _mpl_startup.prepare_command_process()
    from matplotlib.figure import Figure

    return Figure(figsize=size, dpi=100, layout="constrained")


def curves_figure(records: Sequence[Record], panels: Sequence[tuple[str, str, bool]], *, title: str,
                  x_label: str) -> Figure:
    """A 2 × 2 grid of median curves with min–max bands, one colour per function."""
    fig = _new_figure((10, 7))
    axes = fig.subplots(2, 2)
    names = functions(records)
    for ax, (metric, label, log) in zip(axes.flat, panels):
        plotted = False
        positive: list[float] = []
        for i, name in enumerate(names):
            c = curve(records, name, metric)
            if not c.steps.size:
                continue
            color = COLORS[i % len(COLORS)]
            median, low, high = c.median, c.low, c.high
            if log:
                with np.errstate(all="ignore"):
                    keep = np.isfinite(median) & (median > 0)
                median = np.where(keep, median, np.nan)
                low = np.where(keep & (low > 0), low, np.nan)
                high = np.where(keep & (high > 0), high, np.nan)
            ax.plot(c.steps, median, color=color, lw=1.6, label=name)
            ax.fill_between(c.steps, low, high, color=color, alpha=0.18, lw=0)
            plotted = plotted or bool(np.isfinite(median).any())
            positive.extend(float(v) for v in median[np.isfinite(median) & (median > 0)])
        if log and positive and max(positive) / min(positive) > 20:  # a log axis only when it spans decades
            ax.set_yscale("log")
        if metric == "dead_fraction":
            ax.set_ylim(-0.02, max(0.1, ax.get_ylim()[1]))
        if not plotted:
            ax.text(0.5, 0.5, "no finite values (overflow or underflow)", transform=ax.transAxes,
                    ha="center", va="center", fontsize=9, color="#666666")
        ax.set_title(label, fontsize=10)
        ax.set_xlabel(x_label)
        ax.grid(True, alpha=0.3)
    axes.flat[0].legend(fontsize=8, loc="best")
    fig.suptitle(title, fontsize=11)
    return fig


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
    from actplot.views import render

    return render.figure_bytes(fig, fmt, salt=salt)


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
