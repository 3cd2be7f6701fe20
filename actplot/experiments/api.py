"""The Python API: the same records the ``actplot experiment`` commands print.

>>> from actplot.experiments import signal_records, SignalConfig
>>> rows = signal_records(["relu", "selu"], SignalConfig(depth=10, width=64, batch=128), seeds=2)
>>> sorted({r.metric for r in rows})
['act_mean', 'act_second_moment', 'act_var', 'dead_fraction', 'grad_norm']
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from actplot.errors import ActplotError
from actplot.experiments import tasks
from actplot.experiments.network import hidden_activation
from actplot.experiments.records import Record
from actplot.experiments.runner import Job, Store, run_jobs
from actplot.experiments.signal import SignalConfig
from actplot.experiments.train import LEARNED_MAXOUT, TrainConfig

MAX_SEEDS = 1000


def make_jobs(specs: Sequence[str], config: SignalConfig | TrainConfig, seeds: int) -> list[Job]:
    """One job per (function, seed index), functions in the given order; each SPEC is checked here
    (unknown name, vector-valued or random function: a one-line error before anything runs)."""
    if not specs:
        raise ActplotError("give at least one activation SPEC, e.g. relu tanh")
    if not 1 <= seeds <= MAX_SEEDS:
        raise ActplotError(f"--seeds must be between 1 and {MAX_SEEDS}, got {seeds}")
    canonical = []
    for spec in specs:
        if spec == LEARNED_MAXOUT and isinstance(config, TrainConfig):
            canonical.append(spec)
            continue
        canonical.append(hidden_activation(spec).spec_string)
    return [Job(spec, seed, config) for spec in canonical for seed in range(seeds)]


def _store(store: Store | str | Path | None) -> Store | None:
    if store is None or isinstance(store, Store):
        return store
    return Store(store)


def signal_records(
    specs: Sequence[str],
    config: SignalConfig | None = None,
    *,
    seeds: int = 5,
    workers: int | None = 1,
    dask: str | Any | None = None,
    store: Store | str | Path | None = None,
) -> list[Record]:
    """Per-layer records of random deep networks at initialisation (see :mod:`.signal`)."""
    jobs = make_jobs(specs, config or SignalConfig(), seeds)
    return run_jobs(jobs, workers=workers, dask=dask, store=_store(store))


def train_config_for(config: TrainConfig) -> TrainConfig:
    """The configuration with the task checked and, for a CSV file, its content digest filled in."""
    task = tasks.check_task(config.task)
    digest = tasks.file_digest(task) if task not in tasks.TASKS else ""
    if task == "digits":
        tasks.load("digits", config.root_seed)  # fail early with the install hint when scikit-learn is missing
    elif digest:
        tasks.read_csv(task)  # fail early, in this process, on a malformed file
    from dataclasses import replace

    return replace(config, task=task, task_digest=digest)


def train_records(
    specs: Sequence[str],
    config: TrainConfig | None = None,
    *,
    seeds: int = 5,
    workers: int | None = 1,
    dask: str | Any | None = None,
    store: Store | str | Path | None = None,
) -> list[Record]:
    """Per-epoch and per-run training records (see :mod:`.train`)."""
    jobs = make_jobs(specs, train_config_for(config or TrainConfig()), seeds)
    return run_jobs(jobs, workers=workers, dask=dask, store=_store(store))
