"""Figures of experiment records: every function is in the key (also when all its runs diverged),
the key sits outside the panels, epochs and layers are whole numbers, and layers after an overflow
are left blank instead of drawn as zeros."""

from __future__ import annotations

import numpy as np

from actplot.experiments import figures
from actplot.experiments.records import Record

FUNCS = ("relu", "tanh", "elu")


def _train_records(diverged: dict[str, int], epochs: int = 6, seeds: int = 2, layers: int = 3) -> list[Record]:
    out: list[Record] = []
    for f in FUNCS:
        for seed in range(seeds):
            stop = diverged.get(f, epochs + 1)
            for epoch in range(1, min(stop, epochs + 1)):
                out += [Record("train", f, seed, epoch, "train_loss", 1.0 / epoch),
                        Record("train", f, seed, epoch, "test_accuracy", 0.5 + 0.05 * epoch),
                        Record("train", f, seed, epoch, "dead_fraction", 0.0)]
                out += [Record("train", f, seed, epoch, f"grad_norm_layer{k}", 0.1 * k) for k in range(1, layers + 1)]
            if f in diverged:
                out.append(Record("train", f, seed, 0, "diverged_epoch", float(stop)))
    return out


def _legend_texts(fig) -> list[str]:
    return [t.get_text() for legend in fig.legends for t in legend.get_texts()]


def test_diverged_functions_stay_in_the_key_with_their_epoch():
    fig = figures.draw("train", _train_records({"relu": 1, "elu": 4}), "t")
    texts = _legend_texts(fig)
    assert any(t.startswith("relu: 2 of 2 runs diverged (first at epoch 1)") for t in texts), texts
    assert any(t.startswith("elu: 2 of 2 runs diverged (first at epoch 4)") for t in texts), texts
    assert "tanh" in texts


def test_key_below_the_panels_and_whole_number_ticks():
    fig = figures.draw("train", _train_records({}), "t")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    renderer = fig.canvas.get_renderer()
    key = fig.legends[0].get_window_extent(renderer)
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        assert not key.overlaps(ax.get_window_extent(renderer)), "the key covers a panel"
        ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        assert ticks and all(float(t).is_integer() for t in ticks), ticks


def test_layers_after_an_overflow_are_blank_not_zero():
    records = []
    for layer in range(1, 11):
        value = 1.0 if layer < 4 else float("nan")
        records += [Record("signal", "exponential", 0, layer, m, value) for m in ("act_second_moment", "act_mean", "act_var", "grad_norm")]
        records.append(Record("signal", "exponential", 0, layer, "dead_fraction", 0.0))  # what an overflowed layer reports
    records.append(Record("signal", "exponential", 0, 0, "nonfinite_layer", 4.0))
    fig = figures.draw("signal", records, "s")
    dead_panel = next(ax for ax in fig.axes if ax.get_title().startswith("dead units"))
    curves = [np.asarray(line.get_xdata(), dtype=float) for line in dead_panel.get_lines()]
    xs = np.concatenate([x for x in curves if len(set(x)) > 1])  # not the vertical mark at layer 4
    assert xs.max() < 4  # no fake zeros at the overflowed layers
    assert any(len(set(x)) == 1 and x[0] == 4 for x in curves)  # the first non-finite layer is marked
    assert dead_panel.get_xlim()[1] == 10  # the axis still spans the whole network
    assert any("non-finite from layer 4" in t for t in _legend_texts(fig))


def test_terminal_charts_tick_epochs_at_whole_numbers():
    from actplot.experiments.terminal_view import TRAIN_PANELS, chart_lines

    lines = chart_lines(_train_records({}, epochs=3), TRAIN_PANELS, width=80, x_label="epoch")
    text = "\n".join("".join(piece for piece, _ in line) for line in lines)
    labels = [line for line in text.splitlines() if line.strip() and line.strip()[0].isdigit() and "┤" not in line]
    assert labels and all("." not in label for label in labels), labels
