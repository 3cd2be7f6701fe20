"""``actplot claims``: every claim of the issue gets a row with an interval and a verdict, the
report is written with its figures, and Ctrl-C mid-sweep exits 130 leaving only whole files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from actplot.experiments import stats
from actplot.experiments.claims import run_claims
from actplot.experiments.report import claims_table_lines, write_report
from actplot.experiments.runner import Store

EXPECTED = [
    ("Gradients vanish with depth", "sigmoid"),
    ("Gradients vanish with depth", "tanh"),
    ("ReLU with He init keeps E[a²] constant", "relu"),
    ("ReLU with LeCun init halves", "relu"),
    ("SELU keeps the mean near 0", "selu"),
    ("SELU keeps the variance near 1", "selu"),
    ("ELU's mean output is closer to 0", "elu vs relu"),
    ("Narrow deep ReLU networks are often born dead", "relu"),
    ("leaky-ReLU networks are born dead less often than ReLU", "leaky_relu vs relu"),
    ("Sigmoid's non-zero-centred output slows training", "sigmoid vs tanh"),
    ("ReLU trains faster than sigmoid", "relu vs sigmoid"),
    ("ReLU trains faster than tanh", "relu vs tanh"),
    ("ELU is not always better than ReLU", "elu vs relu"),
    ("ReLU does not saturate for positive inputs", "relu"),
    ("ReLU units die at high learning rates", "relu"),
    ("leaky_relu units do not die", "relu vs leaky_relu"),
    ("prelu units do not die", "relu vs prelu"),
    ("elu units do not die", "relu vs elu"),
    ("ReLU is cheaper to compute than sigmoid", "relu vs sigmoid"),
    ("Maxout (2 pieces) doubles the parameters", "maxout vs relu"),
]


@pytest.mark.slow
def test_every_claim_has_a_row_a_verdict_and_a_report(tmp_path: Path) -> None:
    result = run_claims(workers=2, store=Store(tmp_path / "store"), seeds=3)
    for text, functions in EXPECTED:
        assert any(text in row.claim and row.functions == functions for row in result.rows), text
    assert all(row.verdict in (stats.SUPPORTED, stats.CONTRADICTED, stats.INCONCLUSIVE) for row in result.rows)
    by_claim = {row.claim: row for row in result.rows}
    # the known results hold even with 3 seeds
    assert by_claim["SELU keeps the variance near 1 through many layers"].verdict == stats.SUPPORTED
    assert by_claim["Maxout (2 pieces) doubles the parameters of a layer"].interval.mean == 2.0
    assert by_claim["Maxout (2 pieces) doubles the parameters of a layer"].verdict == stats.SUPPORTED
    # a verdict never rests on a zero-width interval drawn from a finite sample
    born = next(row for row in result.rows if row.claim.startswith("Narrow deep ReLU"))
    assert born.interval.high > born.interval.low
    table = "\n".join(claims_table_lines(result))
    assert stats.RULE.split(":")[0] in table
    written = write_report(result, tmp_path / "evidence")
    report = (tmp_path / "evidence" / "README.md").read_text()
    assert "| # | claim |" in report and "How to read a verdict" in report
    pngs = [p for p in written if p.suffix == ".png"]
    assert len(pngs) >= 6 and all(p.read_bytes()[:4] == b"\x89PNG" for p in pngs)
    for p in pngs:
        assert f"]({p.name})" in report


@pytest.mark.slow
def test_ctrl_c_exits_130_and_leaves_only_whole_runs(tmp_path: Path) -> None:
    store = tmp_path / "store"
    env = {**os.environ, "NO_COLOR": "1", "ACTPLOT_STORE": str(store)}
    args = [sys.executable, "-m", "actplot", "experiment", "train", "relu", "tanh", "--task", "moons", "--depth", "1",
            "--width", "8", "--epochs", "300", "--seeds", "40", "-j", "2", "--format", "csv"]
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(store.rglob("*.json"))) < 2:
        time.sleep(0.1)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130, err.decode()
    assert out == b""  # no partial records on stdout
    assert "Interrupted." in err.decode() and "rerun the same command to resume" in err.decode()
    files = [f for f in store.rglob("*") if f.is_file()]
    assert files and all(f.suffix == ".json" for f in files)  # no temporary file left behind
    for f in files:
        json.loads(f.read_text())


# --- intervals that do not overstate what a finite sample shows ----------------------------------


def test_proportion_interval_is_wilson_and_never_zero_width():
    from actplot.experiments import stats

    none = stats.proportion_interval([False] * 20)
    assert none.mean == 0.0 and none.low == 0.0 and abs(none.high - 0.16113) < 1e-4  # 0 of 20 is not "never"
    all_ = stats.proportion_interval([True] * 20)
    assert all_.high == 1.0 and abs(all_.low - (1 - 0.16113)) < 1e-4
    half = stats.proportion_interval([True, False] * 10)
    assert abs(half.low - 0.29929) < 1e-4 and abs(half.high - 0.70071) < 1e-4


def test_interval_text_shows_enough_digits_and_no_fake_interval():
    from actplot.experiments import stats

    assert stats.Interval(11.974, 11.962, 11.987, 6).text(3) == "11.97 [11.96, 11.99]"
    assert stats.Interval(0.5, 0.5, 0.5, 1).text(3) == "0.5 (1 run: no interval)"
    assert stats.exact_value(2.0).text(3) == "2 (exact)"
    one_seed = stats.Interval(0.9, 0.9, 0.9, 1)
    assert stats.verdict_greater(one_seed) == stats.INCONCLUSIVE  # one seed decides nothing
    assert stats.verdict_within(stats.exact_value(2.0), 2.0, 2.0) == stats.SUPPORTED
