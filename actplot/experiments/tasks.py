"""Classification tasks: five generated 2-D problems, scikit-learn's digits, and the user's CSV file.

Generated tasks are drawn from a NumPy generator seeded by the data seed, so every function and
every network seed sees the same points (which makes per-seed comparisons paired). Features are
standardised with the training split's mean and standard deviation.

* ``spirals``      two interleaved spirals (a linear model stays near 50 %);
* ``moons``        two interleaving half circles;
* ``circles``      a disc inside a ring;
* ``xor``          the four quadrants, opposite quadrants sharing a class;
* ``checkerboard`` a 4 × 4 board of alternating classes;
* ``digits``       the 8 × 8 handwritten digits shipped with scikit-learn (1,797 images, 10
  classes; optional extra ``actplot[digits]``);
* ``FILE.csv``     numeric feature columns followed by a label column (any text or number),
  an optional header row; 75 % of the rows train, 25 % test.
"""

from __future__ import annotations

import csv
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from actplot.errors import ActplotError

GENERATED = ("spirals", "moons", "circles", "xor", "checkerboard")
TASKS = (*GENERATED, "digits")
TRAIN_POINTS = 600
TEST_POINTS = 300
CSV_TEST_SHARE = 0.25


@dataclass(frozen=True)
class Dataset:
    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    n_classes: int

    @property
    def n_features(self) -> int:
        return int(self.x_train.shape[1])


def check_task(task: str) -> str:
    """A task name (case-insensitive) or a CSV path that exists; else a one-line error."""
    key = task.strip().lower()
    if key in TASKS:
        return key
    if task.lower().endswith(".csv") or Path(task).exists():
        path = Path(task)
        if not path.is_file():
            raise ActplotError(f"--task {task}: no such file (tasks: {', '.join(TASKS)}, or a CSV file)")
        return str(path)
    raise ActplotError(f"--task must be one of {', '.join(TASKS)} or a CSV file; got {task!r}")


def file_digest(path: str) -> str:
    """SHA-256 of a CSV task's bytes: part of a run's configuration, so an edited file is a new run."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise ActplotError(f"cannot read {path}: {exc.strerror or exc}") from None


def load(task: str, data_seed: int, dtype: np.dtype | type = np.float32) -> Dataset:
    """The task's train/test split as ``dtype`` features and integer labels."""
    rng = np.random.default_rng(np.random.SeedSequence([data_seed, 0x7A5C]))
    if task in GENERATED:
        x, y = _GENERATORS[task](rng, TRAIN_POINTS + TEST_POINTS)
        return _split(task, x, y, TRAIN_POINTS, dtype)
    if task == "digits":
        x, y = _digits()
        order = rng.permutation(len(y))
        n_train = round(len(y) * (1 - CSV_TEST_SHARE))
        return _split(task, x[order], y[order], n_train, dtype)
    x, y = read_csv(task)
    order = rng.permutation(len(y))
    n_train = min(len(y) - 1, max(1, round(len(y) * (1 - CSV_TEST_SHARE))))
    return _split(Path(task).name, x[order], y[order], n_train, dtype)


def _split(name: str, x: np.ndarray, y: np.ndarray, n_train: int, dtype: np.dtype | type) -> Dataset:
    x_train, x_test = x[:n_train], x[n_train:]
    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0)
    std[std == 0] = 1.0  # a constant feature stays constant (0) instead of becoming nan
    scale = lambda a: ((a - mean) / std).astype(dtype)  # noqa: E731
    y = y.astype(np.int64)
    return Dataset(name, scale(x_train), y[:n_train], scale(x_test), y[n_train:], int(y.max()) + 1)


def _spirals(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    y = np.arange(n) % 2
    t = rng.uniform(0.25, 1.0, n) * 3 * math.pi  # 1.5 turns
    angle = t + math.pi * y
    r = t / (3 * math.pi)
    x = np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)
    return x + rng.normal(0, 0.03, x.shape), y


def _moons(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    y = np.arange(n) % 2
    t = rng.uniform(0, math.pi, n)
    x = np.where(y[:, None] == 0, np.stack([np.cos(t), np.sin(t)], 1), np.stack([1 - np.cos(t), 0.5 - np.sin(t)], 1))
    return x + rng.normal(0, 0.15, x.shape), y


def _circles(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    y = np.arange(n) % 2
    t = rng.uniform(0, 2 * math.pi, n)
    r = np.where(y == 0, 1.0, 0.5)
    x = np.stack([r * np.cos(t), r * np.sin(t)], 1)
    return x + rng.normal(0, 0.08, x.shape), y


def _xor(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    x = rng.uniform(-1, 1, (n, 2))
    return x, ((x[:, 0] > 0) != (x[:, 1] > 0)).astype(np.int64)


def _checkerboard(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    x = rng.uniform(-2, 2, (n, 2))
    return x, (np.floor(x[:, 0]) + np.floor(x[:, 1])).astype(np.int64) % 2


_GENERATORS = {"spirals": _spirals, "moons": _moons, "circles": _circles, "xor": _xor, "checkerboard": _checkerboard}


def _digits() -> tuple[np.ndarray, np.ndarray]:
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        raise ActplotError(
            "the digits task needs scikit-learn; install it with: pip install 'actplot[digits]'"
        ) from None
    data = load_digits()
    return np.asarray(data.data, dtype=np.float64) / 16.0, np.asarray(data.target, dtype=np.int64)


def read_csv(path: str) -> tuple[np.ndarray, np.ndarray]:
    """Features (float64) and class indices from a CSV file: numeric feature columns, then a label
    column. A first row whose features are not all numbers is a header. Labels are sorted
    (numerically when they are all numbers) and numbered from 0.

    Raises a one-line :class:`ActplotError` naming the file, line and column for: an unreadable or
    empty file, rows of different lengths, a non-numeric or non-finite feature, a single column,
    fewer than 4 rows, fewer than 2 classes, or more classes than half the rows (a label column that
    is really a measurement).
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = [(i, row) for i, row in enumerate(csv.reader(handle), start=1) if any(c.strip() for c in row)]
    except UnicodeDecodeError:
        raise ActplotError(f"{path} is not a UTF-8 text file; expected CSV rows of numbers and a label") from None
    except (OSError, csv.Error) as exc:
        raise ActplotError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if not rows:
        raise ActplotError(f"{path} is empty; expected rows of numeric features followed by a label column")
    if rows and not _numeric(rows[0][1][:-1]):
        rows = rows[1:]  # header
    if not rows:
        raise ActplotError(f"{path} has a header but no data rows")
    width = len(rows[0][1])
    if width < 2:
        other = next((name for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "'|'")) if sep in rows[0][1][0]), None)
        hint = f" (its rows look separated by {other}; save it with commas)" if other else ""
        raise ActplotError(f"{path} has one column{hint}; expected feature columns followed by a label column")
    features = []
    labels = []
    for line, row in rows:
        if len(row) != width:
            raise ActplotError(f"{path} line {line} has {len(row)} columns, expected {width} like the first row (ragged file)")
        values = []
        for col, cell in enumerate(row[:-1], start=1):
            try:
                v = float(cell.strip())
            except ValueError:
                raise ActplotError(f"{path} line {line} column {col}: {cell.strip()!r} is not a number") from None
            if not math.isfinite(v):
                raise ActplotError(f"{path} line {line} column {col}: {cell.strip()!r} is not a finite number")
            values.append(v)
        label = row[-1].strip()
        if not label:
            raise ActplotError(f"{path} line {line}: the label (last column) is empty")
        features.append(values)
        labels.append(label)
    if len(rows) < 4:
        raise ActplotError(f"{path} has {len(rows)} data rows; at least 4 are needed for a train/test split")
    classes = sorted(set(labels), key=_label_key)
    if len(classes) < 2:
        raise ActplotError(f"{path} has a single class ({classes[0]!r}) in its last column; a classifier needs 2 or more")
    if len(classes) > len(rows) / 2:
        raise ActplotError(
            f"{path}: the label (last column) has {len(classes)} different values in {len(rows)} rows; a class label "
            "repeats across rows — is the last column really the label (and not a measurement)?"
        )
    index = {c: i for i, c in enumerate(classes)}
    return np.asarray(features, dtype=np.float64), np.asarray([index[c] for c in labels], dtype=np.int64)


def _numeric(cells: list[str]) -> bool:
    try:
        for c in cells:
            float(c.strip())
    except ValueError:
        return False
    return True


def _label_key(label: str) -> tuple[int, float, str]:
    try:
        return (0, float(label), label)
    except ValueError:
        return (1, 0.0, label)
