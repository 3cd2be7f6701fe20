"""``actplot experiment signal|train|speed`` and ``actplot claims`` through the CLI, and the tasks
(CSV files with their errors, digits)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from actplot.cli import app
from actplot.errors import ActplotError
from actplot.experiments import tasks

ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "LINES": "40"}
SMALL = ["--depth", "4", "--width", "8", "--batch", "16", "--seeds", "2", "--no-store"]
TRAIN_SMALL = ["--task", "moons", "--depth", "1", "--width", "8", "--epochs", "3", "--seeds", "2", "--no-store"]


def run(args: list[str]):
    return CliRunner().invoke(app, args, env=ENV)


def _one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def test_signal_prints_charts_and_a_summary() -> None:
    result = run(["experiment", "signal", "relu", "selu", *SMALL])
    assert result.exit_code == 0, result.stderr
    assert "signal at initialisation" in result.stdout
    assert "relu (he init):" in result.stdout and "selu (lecun init):" in result.stdout
    assert any(0x2800 <= ord(c) < 0x2900 for c in result.stdout)  # braille chart


def test_signal_csv_records_have_the_tidy_columns_and_metrics() -> None:
    result = run(["experiment", "signal", "relu", *SMALL, "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["experiment", "function", "seed", "step", "metric", "value"]
    assert {r["metric"] for r in rows} >= {"act_mean", "act_var", "grad_norm", "dead_fraction"}
    assert {r["step"] for r in rows} == {"1", "2", "3", "4"}
    assert {r["seed"] for r in rows} == {"0", "1"}


def test_same_command_same_numbers_whatever_jobs() -> None:
    one = run(["experiment", "train", "relu", "tanh", *TRAIN_SMALL, "--format", "json", "-j", "1"])
    two = run(["experiment", "train", "relu", "tanh", *TRAIN_SMALL, "--format", "json", "-j", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    data = json.loads(one.stdout)
    assert {"train_loss", "test_accuracy", "dead_fraction"} <= {row["metric"] for row in data}


def test_train_summary_in_the_terminal() -> None:
    result = run(["experiment", "train", "relu", *TRAIN_SMALL])
    assert result.exit_code == 0, result.stderr
    assert "final test accuracy" in result.stdout and "ms/epoch" in result.stdout


def test_train_writes_a_png_figure(tmp_path: Path) -> None:
    out = tmp_path / "train.png"
    result = run(["experiment", "train", "relu", "elu", *TRAIN_SMALL, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["train.png"]


def test_records_to_a_file_by_extension(tmp_path: Path) -> None:
    out = tmp_path / "signal.json"
    assert run(["experiment", "signal", "tanh", *SMALL, "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text())[0]["experiment"] == "signal"


def test_speed_reports_ratios_to_relu() -> None:
    result = run(["experiment", "speed", "sigmoid", "--elements", "4096", "--repeats", "2", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    relu = [float(r["value"]) for r in rows if r["function"] == "relu" and r["metric"] == "f_ratio"]
    assert relu == [1.0, 1.0]
    assert {r["function"] for r in rows} == {"relu", "sigmoid"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["experiment", "signal", "softmax", *SMALL], "vector-valued"),
        (["experiment", "train", "rrelu", *TRAIN_SMALL], "random"),
        (["experiment", "signal", "relu", "--init", "orthogonal", *SMALL], "--init"),
        (["experiment", "train", "relu", "--task", "spiral", "--no-store"], "--task"),
        (["experiment", "train", "relu", "--optimizer", "rmsprop", "--no-store"], "--optimizer"),
        (["experiment", "train", "relu", "--lr", "nan", "--no-store"], "--lr"),
        (["experiment", "signal", "relu", "--dtype", "float16", *SMALL], "--dtype"),
        (["experiment", "signal", "relu", "-o", "out.txt", *SMALL], ".png"),
        (["experiment", "signal", *SMALL], "at least one activation"),
        (["experiment", "signal", "rellu", *SMALL], "unknown activation"),
        (["experiment", "train", "relu", "--task", "missing.csv", "--no-store"], "no such file"),
        (["experiment", "signal", "relu", "-o", "t2.csv", "-f", "json", *SMALL], "says csv but --format says json"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run(args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert message in _one_error_line(result)


def _csv(tmp_path: Path, text: str) -> str:
    path = tmp_path / "data.csv"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("x,y,label\n", "no data rows"),
        ("1,2,a\n3,4\n5,6,b\n7,8,a\n", "line 2 has 2 columns, expected 3"),
        ("1,2,a\n3,oops,b\n5,6,b\n7,8,a\n", "line 2 column 2: 'oops' is not a number"),
        ("1,2,a\n3,nan,b\n5,6,b\n7,8,a\n", "not a finite number"),
        ("1,2,a\n3,4,a\n5,6,a\n7,8,a\n", "single class"),
        ("1,a\n2,b\n", "at least 4"),
        ("a\nb\nc\nd\n", "one column"),
        ("1;2;a\n3;4;b\n5;6;a\n7;8;b\n", "look separated by semicolons; save it with commas"),
        ("1\t2\ta\n3\t4\tb\n5\t6\ta\n7\t8\tb\n", "separated by tabs"),
        ("1,2,0.31\n3,4,0.72\n5,6,0.05\n7,8,0.93\n9,1,0.5\n", "has 5 different values in 5 rows"),
    ],
)
def test_malformed_csv_tasks_fail_clearly(tmp_path: Path, text: str, message: str) -> None:
    path = _csv(tmp_path, text)
    with pytest.raises(ActplotError, match=message.replace("(", r"\(")):
        tasks.read_csv(path)
    result = run(["experiment", "train", "relu", "--task", path, "--no-store"])
    assert result.exit_code == 2
    assert message in _one_error_line(result)


def test_csv_task_with_header_and_text_labels_trains(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((200, 3))
    labels = np.where(x[:, 0] + x[:, 1] > 0, "yes", "no")
    lines = ["a,b,c,answer"] + [f"{r[0]},{r[1]},{r[2]},{lab}" for r, lab in zip(x, labels)]
    path = _csv(tmp_path, "\n".join(lines) + "\n")
    features, classes = tasks.read_csv(path)
    assert features.shape == (200, 3) and set(classes.tolist()) == {0, 1}
    result = run(["experiment", "train", "relu", "--task", path, "--depth", "1", "--width", "8", "--epochs", "40", "--lr", "0.1",
                  "--seeds", "1", "--no-store", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    final = [float(r["value"]) for r in csv.DictReader(io.StringIO(result.stdout)) if r["metric"] == "final_test_accuracy"]
    assert final[0] > 0.85


def test_digits_task_loads_the_real_data_set() -> None:
    pytest.importorskip("sklearn", reason="the digits extra is not installed")
    data = tasks.load("digits", 0)
    assert data.n_classes == 10 and data.n_features == 64
    assert len(data.y_train) + len(data.y_test) == 1797


def test_digits_without_scikit_learn_gives_the_install_hint(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    result = run(["experiment", "train", "relu", "--task", "digits", "--no-store"])
    assert result.exit_code == 2
    assert "pip install 'actplot[digits]'" in _one_error_line(result)


def test_experiment_help_documents_the_metrics() -> None:
    own = {  # each command documents the columns and its own metrics (and not the others')
        "signal": ("act_mean", "act_var", "grad_norm", "dead_fraction"),
        "train": ("train_loss", "test_accuracy", "dead_fraction", "grad_norm_layer1..K"),
        "speed": ("f_ns", "f_df_ratio"),
    }
    for command, names in own.items():
        result = run(["experiment", command, "--help"])
        assert result.exit_code == 0
        text = " ".join(result.stdout.split())
        for name in ("experiment, function, seed, step, metric, value", *names):
            assert name in text, (command, name)
        prose = [line for line in result.stdout.splitlines() if not line.lstrip().startswith(("actplot", "#"))]
        assert not any(line.endswith(" \\") for line in prose), command  # prose is wrapped, not printed as code


@pytest.mark.slow
def test_help_does_not_import_matplotlib_or_the_experiments() -> None:
    import subprocess

    code = ("import sys; from actplot.cli import app; from typer.testing import CliRunner; "
            "CliRunner().invoke(app, ['experiment', '--help']); "
            "print(sorted(m for m in ('matplotlib', 'scipy', 'actplot.experiments.network') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_figure_of_an_overflowing_network_is_still_drawn(tmp_path: Path) -> None:
    out = tmp_path / "overflow.svg"
    result = run(["experiment", "signal", "exponential", "--depth", "30", "--width", "8", "--batch", "8", "--seeds", "1",
                  "--no-store", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_text().startswith("<?xml")
    assert "non-finite values (overflow or nan) from layer" in result.stdout


def test_the_python_api_returns_the_records_the_cli_prints() -> None:
    from actplot.experiments import SignalConfig, TrainConfig, records_to_csv, signal_records, train_records

    cli = run(["experiment", "signal", "relu", "tanh", *SMALL, "--format", "csv"])
    api = signal_records(["relu", "tanh"], SignalConfig(depth=4, width=8, batch=16), seeds=2)
    assert cli.stdout == records_to_csv(api)
    cli = run(["experiment", "train", "elu", *TRAIN_SMALL, "--format", "csv"])
    api = train_records(["elu"], TrainConfig(task="moons", depth=1, width=8, epochs=3), seeds=2)
    assert cli.stdout == records_to_csv(api)
