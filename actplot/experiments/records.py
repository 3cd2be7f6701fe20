"""Tidy records: one row per measurement, ``experiment, function, seed, step, metric, value``.

``step`` is the layer (1 = first hidden layer) for ``signal``, the epoch (1 = after the first
epoch) for ``train``, and 0 for run-level figures (final accuracy, parameter counts, timings).
``seed`` is the index of the seed (0 … seeds−1) spawned from the root seed, so two functions
with the same ``seed`` started from the same random draws (paired comparisons).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

FIELDS = ("experiment", "function", "seed", "step", "metric", "value")

METRICS: dict[str, str] = {
    # signal
    "act_mean": "signal: mean of the layer's activations over batch and units",
    "act_var": "signal: variance of the layer's activations over batch and units",
    "act_second_moment": "signal: mean of the squared activations, E[a²]",
    "dead_fraction": "signal: fraction of the layer's units whose output is exactly 0 for every input of "
    "the batch; train: the same over all hidden units and the whole training set, after each epoch",
    "grad_norm": "signal: Frobenius norm of the back-propagated gradient δ_l = g_l ⊙ f′(z_l) at the layer's "
    "pre-activations, starting from a random upstream gradient",
    "nonfinite_layer": "signal: first layer whose activations are not all finite (overflow), if any",
    # train
    "train_loss": "train: mean cross-entropy over the epoch's mini-batches",
    "train_accuracy": "train: accuracy over the epoch's mini-batches",
    "test_loss": "train: cross-entropy on the held-out test split after the epoch",
    "test_accuracy": "train: accuracy on the held-out test split after the epoch",
    "grad_norm_layer{k}": "train: mean norm of layer k's weight gradient over the epoch (k = depth+1 is the read-out)",
    "prelu_slope_layer{k}": "train, prelu only: the learned slope a of hidden layer k after the epoch (one per layer, "
    "shared by its units, starting at the SPEC's alpha, trained by the same optimiser; ∂f/∂a = min(0, x))",
    "final_test_accuracy": "train: test accuracy after the last epoch (a diverged run counts as chance level), step 0",
    "diverged_epoch": "train: the epoch at which the loss stopped being finite (training stops there), step 0",
    "parameters": "train: number of trainable parameters, step 0",
    "epoch_seconds": "train with --timing: wall-clock seconds per epoch (not reproducible), step 0",
    # speed
    "f_ns, df_ns, f_df_ns": "speed: nanoseconds per element of f, f′ and f+f′ together; seed = repeat",
    "f_ratio, df_ratio, f_df_ratio": "speed: the time per element divided by relu's in the same repeat",
}


@dataclass(frozen=True, slots=True)
class Record:
    """One measurement."""

    experiment: str
    function: str
    seed: int
    step: int
    metric: str
    value: float

    def as_dict(self) -> dict[str, object]:
        return {
            "experiment": self.experiment,
            "function": self.function,
            "seed": self.seed,
            "step": self.step,
            "metric": self.metric,
            "value": self.value if math.isfinite(self.value) else None,
        }


def metrics_help() -> str:
    """The metric names and their meaning, for ``--help``."""
    return "\n".join(f"  {name}: {text}" for name, text in METRICS.items())


def records_to_csv(records: Iterable[Record]) -> str:
    """CSV with a header; numbers with every digit (``repr``), nan and ±inf as ``nan``/``inf``/``-inf``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    for r in records:
        writer.writerow([r.experiment, r.function, r.seed, r.step, r.metric, repr(float(r.value))])
    return buffer.getvalue()


def records_to_json(records: Iterable[Record]) -> str:
    """Strict JSON: a list of row objects; nan and ±inf become null."""
    return json.dumps([r.as_dict() for r in records], indent=1, allow_nan=False, ensure_ascii=False)


def records_from_rows(rows: Sequence[Sequence[object]]) -> list[Record]:
    """Rows of (experiment, function, seed, step, metric, value) back into records (the run store)."""
    out = []
    for e, f, s, st, m, v in rows:
        value = math.nan if v is None else float(v)  # type: ignore[arg-type]
        out.append(Record(str(e), str(f), int(s), int(st), str(m), value))  # type: ignore[call-overload]
    return out


def records_to_rows(records: Iterable[Record]) -> list[list[object]]:
    return [[r.experiment, r.function, r.seed, r.step, r.metric, r.value if math.isfinite(r.value) else None]
            for r in records]


def select(records: Iterable[Record], *, metric: str | None = None, function: str | None = None,
           step: int | None = None, experiment: str | None = None) -> list[Record]:
    """The records matching every given field."""
    return [
        r for r in records
        if (metric is None or r.metric == metric)
        and (function is None or r.function == function)
        and (step is None or r.step == step)
        and (experiment is None or r.experiment == experiment)
    ]


def functions(records: Iterable[Record]) -> list[str]:
    """Function labels in order of first appearance."""
    seen: dict[str, None] = {}
    for r in records:
        seen.setdefault(r.function, None)
    return list(seen)


def per_seed(records: Iterable[Record], function: str, metric: str, step: int = 0) -> dict[int, float]:
    """seed → value of ``metric`` at ``step`` for one function."""
    return {r.seed: r.value for r in records if r.function == function and r.metric == metric and r.step == step}


@dataclass(frozen=True)
class Curve:
    """A metric against step for one function: the median over seeds and the band (min, max)."""

    steps: np.ndarray
    median: np.ndarray
    low: np.ndarray
    high: np.ndarray


def curve(records: Iterable[Record], function: str, metric: str) -> Curve:
    """Median and min–max band over seeds at each step ≥ 1 (seeds missing a step — a diverged run —
    do not count there)."""
    import numpy as np

    table: dict[int, list[float]] = {}
    for r in records:
        if r.function == function and r.metric == metric and r.step >= 1:
            table.setdefault(r.step, []).append(r.value)
    steps = np.array(sorted(table), dtype=float)
    stats = []
    for s in sorted(table):
        v = np.asarray(table[s], dtype=float)
        v = v[np.isfinite(v)]
        stats.append((np.median(v), v.min(), v.max()) if v.size else (np.nan, np.nan, np.nan))
    arr = np.asarray(stats, dtype=float).reshape(-1, 3)
    return Curve(steps, arr[:, 0], arr[:, 1], arr[:, 2])


def nonfinite_layers(records: Iterable[Record]) -> dict[tuple[str, int], int]:
    """(function, seed) → the first layer whose values stopped being finite (signal runs)."""
    return {(r.function, r.seed): int(r.value) for r in records if r.metric == "nonfinite_layer" and math.isfinite(r.value)}


def without_nonfinite_layers(records: Sequence[Record], cut: dict[tuple[str, int], int] | None = None) -> list[Record]:
    """The records without the layers at and after a run's first non-finite layer: a layer whose
    activations overflowed has no dead units, mean or variance to show (not a fake 0). ``cut`` is
    :func:`nonfinite_layers` of the records, for a caller that has it already."""
    cut = nonfinite_layers(records) if cut is None else cut
    return [r for r in records if not ((r.function, r.seed) in cut and r.step >= cut[(r.function, r.seed)])]
