"""Reproducibility and the runner: same numbers whatever -j, the store resumes an interrupted
sweep, Dask gives identical results, tidy records, divergence, statistics."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

from actplot.experiments import SignalConfig, TrainConfig, signal_records, stats, train_records
from actplot.experiments import runner as runner_module
from actplot.experiments.api import make_jobs
from actplot.experiments.records import FIELDS, Record, per_seed, records_to_csv, records_to_json
from actplot.experiments.runner import Store, run_jobs
from actplot.experiments.seeds import run_seed

SMALL_SIGNAL = SignalConfig(depth=6, width=16, batch=32)
SMALL_TRAIN = TrainConfig(task="moons", depth=2, width=8, epochs=4)


def test_run_seeds_are_the_spawned_children() -> None:
    children = np.random.SeedSequence(7).spawn(5)
    for i, child in enumerate(children):
        assert run_seed(7, i).generate_state(4).tolist() == child.generate_state(4).tolist()


def test_same_numbers_whatever_the_number_of_workers() -> None:
    serial = train_records(["relu", "tanh", "prelu"], SMALL_TRAIN, seeds=3, workers=1)
    parallel = train_records(["relu", "tanh", "prelu"], SMALL_TRAIN, seeds=3, workers=2)
    assert serial == parallel
    assert signal_records(["elu"], SMALL_SIGNAL, seeds=3, workers=1) == signal_records(["elu"], SMALL_SIGNAL, seeds=3, workers=2)


def test_seeds_differ_and_functions_share_them() -> None:
    recs = signal_records(["relu", "relu@jax"], SMALL_SIGNAL, seeds=2)
    a = per_seed(recs, "relu", "act_var", 6)
    b = per_seed(recs, "relu@jax", "act_var", 6)
    assert a[0] != a[1]
    assert a == b  # relu's convention at 0 is the same in both flavours, so the runs coincide


def test_float64_is_available_and_differs_slightly_from_float32() -> None:
    r32 = per_seed(signal_records(["tanh"], SMALL_SIGNAL, seeds=1), "tanh", "act_var", 6)[0]
    r64 = per_seed(signal_records(["tanh"], SignalConfig(depth=6, width=16, batch=32, dtype="float64"), seeds=1),
                   "tanh", "act_var", 6)[0]
    assert r32 != r64
    assert math.isclose(r32, r64, rel_tol=1e-4)


def test_store_resumes_an_interrupted_sweep(tmp_path, monkeypatch) -> None:
    jobs = make_jobs(["relu", "tanh"], SMALL_TRAIN, 3)
    store = Store(tmp_path / "store")
    done: list[object] = []

    def stop_after_two(job: object) -> None:
        done.append(job)
        if len(done) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_jobs(jobs, workers=1, store=store, on_result=stop_after_two)
    stored = sorted(p for p in (tmp_path / "store").rglob("*") if p.is_file())
    assert len(stored) == 2
    assert all(json.loads(p.read_text())["records"] for p in stored)  # whole files only

    calls: list[object] = []
    real = runner_module.run_job

    def counting(job):
        calls.append(job)
        return real(job)

    monkeypatch.setattr(runner_module, "run_job", counting)
    resumed = run_jobs(jobs, workers=1, store=store)
    assert len(calls) == len(jobs) - 2
    monkeypatch.setattr(runner_module, "run_job", real)
    assert resumed == run_jobs(jobs, workers=1)


def test_store_key_depends_on_the_configuration() -> None:
    a, b = make_jobs(["relu"], SMALL_TRAIN, 1)[0], make_jobs(["relu"], TrainConfig(task="moons", depth=2, width=8, epochs=5), 1)[0]
    assert a.key() != b.key()
    assert a.key() == make_jobs(["relu"], SMALL_TRAIN, 1)[0].key()


def test_dask_local_cluster_gives_identical_results() -> None:
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = signal_records(["relu", "selu"], SMALL_SIGNAL, seeds=2, dask=client)
        by_address = train_records(["tanh"], SMALL_TRAIN, seeds=2, dask=cluster.scheduler_address)
    assert remote == signal_records(["relu", "selu"], SMALL_SIGNAL, seeds=2)
    assert by_address == train_records(["tanh"], SMALL_TRAIN, seeds=2)


def test_divergence_is_reported_with_its_epoch_without_warnings() -> None:
    recs = train_records(["elu"], TrainConfig(task="spirals", depth=2, width=16, epochs=10, lr=1e4), seeds=1)
    diverged = per_seed(recs, "elu", "diverged_epoch")
    assert diverged and 1 <= diverged[0] <= 10
    assert per_seed(recs, "elu", "final_test_accuracy")[0] == 0.5  # chance level on two classes
    curve = [r for r in recs if r.metric == "train_loss"]
    assert all(math.isfinite(r.value) for r in curve)  # no nan curves: training stopped there


def test_training_learns_and_records_the_issue_metrics() -> None:
    recs = train_records(["relu"], TrainConfig(task="moons", depth=2, width=16, epochs=30, lr=0.1), seeds=1)
    metrics = {r.metric for r in recs}
    assert {"train_loss", "test_accuracy", "dead_fraction", "grad_norm_layer1", "grad_norm_layer3",
            "final_test_accuracy", "parameters"} <= metrics
    assert per_seed(recs, "relu", "final_test_accuracy")[0] > 0.8
    assert per_seed(recs, "relu", "parameters")[0] == (2 * 16 + 16) + (16 * 16 + 16) + (16 * 2 + 2)


def test_records_as_csv_and_strict_json() -> None:
    recs = [Record("signal", "relu", 0, 1, "act_mean", 0.5), Record("signal", "relu", 0, 2, "act_mean", math.nan)]
    rows = list(csv.reader(io.StringIO(records_to_csv(recs))))
    assert tuple(rows[0]) == FIELDS
    assert rows[1] == ["signal", "relu", "0", "1", "act_mean", "0.5"] and rows[2][-1] == "nan"
    data = json.loads(records_to_json(recs))
    assert data[1]["value"] is None and data[0] == dict(zip(FIELDS, ["signal", "relu", 0, 1, "act_mean", 0.5]))


def test_t_quantiles_match_scipy() -> None:
    import scipy.stats as scipy_stats  # a core dependency: a missing scipy is a failure, not a skip
    for df in (1, 2, 4, 5, 9, 19, 29, 30, 31, 50, 200):
        assert math.isclose(stats.t_quantile_975(df), float(scipy_stats.t.ppf(0.975, df)), rel_tol=2e-3)


def test_verdicts() -> None:
    assert stats.verdict_greater(stats.paired_interval([2, 3, 4, 3], [1, 1, 1, 1])) == stats.SUPPORTED
    assert stats.verdict_greater(stats.paired_interval([1, 1, 1, 1], [2, 3, 4, 3])) == stats.CONTRADICTED
    assert stats.verdict_greater(stats.paired_interval([1, 2, 1, 2], [2, 1, 2, 1])) == stats.INCONCLUSIVE
    assert stats.verdict_within(stats.mean_interval([0.98, 1.0, 1.02]), 0.9, 1.1) == stats.SUPPORTED
    assert stats.verdict_within(stats.mean_interval([0.5, 0.52, 0.48]), 0.9, 1.1) == stats.CONTRADICTED
    interval = stats.mean_interval([1.0, 2.0, 3.0])
    assert math.isclose(interval.high - interval.mean, 4.303 * 1.0 / math.sqrt(3), rel_tol=1e-9)
