"""Speed of the core: time per element of f, f′ and f+f′ (``value_and_derivative``), as a ratio to
relu timed in the same run.

Each repeat times every function (relu included) on the same array, in an order rotated from
repeat to repeat so that a slow spell of a shared machine does not fall on one function; the
best of ``inner`` calls counts. Ratios within a repeat are what to compare; absolute times
depend on the machine and its load, and are not reproducible.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from actplot.errors import ActplotError
from actplot.experiments.network import hidden_activation
from actplot.experiments.records import Record

EXPERIMENT = "speed"
REFERENCE = "relu"
KINDS = ("f", "df", "f_df")


@dataclass(frozen=True)
class SpeedConfig:
    elements: int = 1 << 18
    repeats: int = 5
    inner: int = 3
    dtype: str = "float32"
    root_seed: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.elements <= 100_000_000:
            raise ActplotError(f"--elements must be between 1 and 100000000, got {self.elements}")
        if not 1 <= self.repeats <= 1000:
            raise ActplotError(f"--repeats must be between 1 and 1000, got {self.repeats}")
        if self.dtype not in ("float32", "float64"):
            raise ActplotError(f"--dtype must be float32 or float64; got {self.dtype!r}")


def speed_records(specs: Sequence[str], config: SpeedConfig | None = None) -> list[Record]:
    """``{f,df,f_df}_ns`` (nanoseconds per element) and ``{f,df,f_df}_ratio`` (÷ relu's in the same
    repeat) for each function, per repeat (the ``seed`` column)."""
    config = config or SpeedConfig()
    acts = {s: hidden_activation(s) for s in specs}
    ref = hidden_activation(REFERENCE)
    names = [REFERENCE, *[s for s in specs if acts[s].label != ref.label]]
    timed = {REFERENCE: ref, **{s: acts[s] for s in specs}}
    rng = np.random.default_rng(config.root_seed)
    x = (rng.standard_normal(config.elements) * 3).astype(config.dtype)
    out: list[Record] = []
    with np.errstate(all="ignore"):
        for act in timed.values():  # warm-up: caches, first-call costs
            act.value_and_derivative(x[:1024])
        for repeat in range(config.repeats):
            k = repeat % len(names)
            order = names[k:] + names[:k]
            ns: dict[str, dict[str, float]] = {}
            for name in order:
                act = timed[name]
                calls = {"f": lambda a=act: a(x), "df": lambda a=act: a.derivative(x),
                         "f_df": lambda a=act: a.value_and_derivative(x)}
                ns[name] = {kind: _best(call, config.inner) / config.elements * 1e9 for kind, call in calls.items()}
            for name in names:
                label = timed[name].label
                for kind in KINDS:
                    out.append(Record(EXPERIMENT, label, repeat, 0, f"{kind}_ns", ns[name][kind]))
                    out.append(Record(EXPERIMENT, label, repeat, 0, f"{kind}_ratio", ns[name][kind] / ns[REFERENCE][kind]))
    return out


def _best(call: object, inner: int) -> float:
    best = float("inf")
    for _ in range(inner):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best
