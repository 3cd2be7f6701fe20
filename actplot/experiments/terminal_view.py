"""Terminal charts and summaries of experiment records (braille charts from :mod:`actplot.views.terminal`).

Each chart shows the median over seeds per function (the files from :mod:`.figures` add the
min–max band). Quantities spanning many orders of magnitude (second moment, gradient norm,
loss) are drawn as log10.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from actplot.experiments import stats
from actplot.experiments.learnable import LEARNED_METRICS
from actplot.experiments.records import Record, curve, functions, per_seed, without_nonfinite_layers
from actplot.text import format_value
from actplot.views import terminal
from actplot.views.braille import ASCII, UNICODE
from actplot.views.styled_lines import Line

SIGNAL_PANELS = (
    ("act_second_moment", "log10 E[a²] per layer", True),
    ("act_mean", "mean activation per layer", False),
    ("act_var", "log10 activation variance per layer", True),
    ("grad_norm", "log10 back-propagated gradient norm per layer", True),
    ("dead_fraction", "fraction of dead units per layer", False),
)
TRAIN_PANELS = (
    ("train_loss", "log10 training loss per epoch", True),
    ("test_accuracy", "test accuracy per epoch", False),
    ("dead_fraction", "fraction of dead hidden units per epoch", False),
    ("grad_norm_layer1", "log10 weight-gradient norm of the first hidden layer per epoch", True),
)


def _series(shown: Sequence[Record], names: Sequence[str], metric: str,
            log: bool) -> tuple[list[terminal.Series], tuple[float, float]]:
    """One chart's series from records already cut at each run's first non-finite layer."""
    series = []
    lo, hi = math.inf, -math.inf
    for i, name in enumerate(names):
        c = curve(shown, name, metric)
        if not c.steps.size:
            continue
        with np.errstate(all="ignore"):
            y = np.log10(c.median) if log else c.median
        ok = np.isfinite(y)
        pieces = tuple((c.steps[m], y[m]) for m in _runs(ok))
        series.append(terminal.Series(name, pieces, (), style=i))
        lo, hi = min(lo, float(c.steps[0])), max(hi, float(c.steps[-1]))
    if not math.isfinite(lo):
        lo, hi = 0.0, 1.0
    if lo == hi:
        hi = lo + 1
    return series, (lo, hi)


def _runs(ok: np.ndarray) -> list[slice]:
    """Slices of consecutive True values (finite stretches of a curve)."""
    out = []
    start = None
    for i, flag in enumerate(ok):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append(slice(start, i))
            start = None
    if start is not None:
        out.append(slice(start, len(ok)))
    return out


def chart_lines(records: Sequence[Record], panels: Sequence[tuple[str, str, bool]], *, width: int,
                ascii_only: bool = False, x_label: str = "layer") -> list[Line]:
    charset = ASCII if ascii_only else UNICODE
    lines: list[Line] = []
    legend: list[terminal.Series] = []
    shown, names = without_nonfinite_layers(records), functions(records)
    for metric, title, log in panels:
        series, x_range = _series(shown, names, metric, log)
        if not series:
            continue
        legend = series
        lines.extend(terminal.render([terminal.Panel(tuple(series), title=f"{title} ({x_label} →)", height=8, whole_x=True)],
                                     width=width, x_range=x_range, charset=charset))
        lines.append([("", None)])
    if legend:
        lines.extend(terminal.render_legend([terminal.Series(s.label, (), (), s.style) for s in legend], width=width,
                                            charset=charset))
    return lines


def _fmt(value: float) -> str:
    return format_value(value, 3)


def signal_summary(records: Sequence[Record], depth: int, inits: dict[str, str] | None = None) -> list[str]:
    """One line per function: the last layer's moments, dead units and first/last gradient ratio
    (and the init used, when ``inits`` maps labels to init names)."""
    lines = [f"at layer {depth} (mean over seeds):  function: mean, variance, E[a²], dead units; "
             "gradient norm layer 1 / layer {depth}".replace("{depth}", str(depth))]
    shown = without_nonfinite_layers(records)
    for name in functions(records):
        def m(metric: str, step: int, name: str = name) -> float:
            values = list(per_seed(shown, name, metric, step).values())
            return float(np.mean(values)) if values else math.nan

        first = per_seed(records, name, "grad_norm", 1)
        last = per_seed(records, name, "grad_norm", depth)
        with np.errstate(all="ignore"):
            ratio = float(np.median([first[s] / last[s] for s in first if s in last])) if first else math.nan
        bad = per_seed(records, name, "nonfinite_layer", 0)
        note = f"  non-finite values (overflow or nan) from layer {int(min(bad.values()))} in {len(bad)} seed(s)" if bad else ""
        init = f" ({inits[name]} init)" if inits and name in inits else ""
        lines.append(
            f"  {name}{init}: {_fmt(m('act_mean', depth))}, {_fmt(m('act_var', depth))}, {_fmt(m('act_second_moment', depth))}, "
            f"{_fmt(m('dead_fraction', depth))}; {_fmt(ratio)}{note}"
        )
    return lines


def train_summary(records: Sequence[Record], epochs: int) -> list[str]:
    """One line per function: final test accuracy with its 95 % interval, divergences, dead units,
    time per epoch (when measured)."""
    lines = ["final test accuracy, mean [95 % t interval] over seeds; dead hidden units at the end; time per epoch"]
    for name in functions(records):
        acc = per_seed(records, name, "final_test_accuracy", 0)
        raw = stats.mean_interval(list(acc.values()))
        # an accuracy lies in [0, 1]: the t interval is clipped there for display
        interval = stats.Interval(raw.mean, max(0.0, raw.low), min(1.0, raw.high), raw.n)
        diverged = per_seed(records, name, "diverged_epoch", 0)
        dead = list(per_seed(records, name, "dead_fraction", epochs).values())
        secs = list(per_seed(records, name, "epoch_seconds", 0).values())
        parts = [f"  {name}: {interval.text(3)}"]
        if dead:
            parts.append(f"dead {_fmt(float(np.mean(dead)))}")
        learned = _learned_parameters(records, name)
        if learned:
            parts.append(learned)
        if secs:
            parts.append(f"{1000 * float(np.median(secs)):.1f} ms/epoch")
        if diverged:
            epochs_text = ", ".join(str(int(v)) for v in sorted(diverged.values()))
            parts.append(f"diverged in {len(diverged)} of {len(acc)} seeds (at epoch {epochs_text})")
        lines.append("; ".join(parts))
    return lines


def _learned_parameters(records: Sequence[Record], name: str) -> str:
    """``learned prelu_slope per layer 0.31, 0.27``: each hidden layer's learned parameter after
    the last epoch of each seed, mean over seeds; ``""`` for a function that learns none."""
    final: dict[tuple[str, int], dict[int, tuple[int, float]]] = {}  # (metric, layer) → seed → (epoch, value)
    for r in records:
        metric, _, layer = r.metric.rpartition("_layer")
        if r.function == name and metric in LEARNED_METRICS and layer.isdigit():
            seeds = final.setdefault((metric, int(layer)), {})
            if r.step >= seeds.get(r.seed, (0, 0.0))[0]:
                seeds[r.seed] = (r.step, r.value)
    parts = []
    for metric in LEARNED_METRICS:
        layers = sorted(key for key in final if key[0] == metric)
        if layers:
            values = ", ".join(_fmt(float(np.mean([v for _, v in final[key].values()]))) for key in layers)
            parts.append(f"learned {metric} per layer {values}")
    return "; ".join(parts)


def speed_summary(records: Sequence[Record]) -> list[str]:
    """Per function: ns per element and the ratio to relu (median over repeats) for f, f′, f+f′."""
    lines = ["time per element, median over repeats: f, f′, f+f′ in ns (ratio to relu in the same run)"]
    for name in functions(records):
        cells = []
        for kind in ("f", "df", "f_df"):
            ns = float(np.median(list(per_seed(records, name, f"{kind}_ns").values())))
            ratio = float(np.median(list(per_seed(records, name, f"{kind}_ratio").values())))
            cells.append(f"{ns:.2f} ({ratio:.2f}×)")
        lines.append(f"  {name}: " + ", ".join(cells))
    return lines
